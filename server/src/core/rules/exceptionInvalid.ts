/** `exception-invalid`: a malformed exception document, or an approval that does not count. */
import type { Range } from 'vscode-languageserver-types';
import type { EvaluatedException } from '../exceptions/evaluate';
import type { ActiveSeverity, Finding, RuleId } from '../model';
import { basenameUri } from '../paths';
import { type RuleContext, severityOf } from './context';

export function checkExceptionInvalid(ex: EvaluatedException, ctx: RuleContext): Finding[] {
  const severity = severityOf(ctx, 'exception-invalid');
  if (!severity) return [];
  return ex.problems.map((p) => exceptionFinding(ex, 'exception-invalid', severity, p.range, p.message));
}

/** A finding in the exception document itself; its subject is the exception's id. */
export function exceptionFinding(ex: EvaluatedException, rule: RuleId, severity: ActiveSeverity, range: Range, message: string): Finding {
  const subject = ex.record.id ?? basenameUri(ex.record.uri);
  return { uri: ex.record.uri, range, rule, severity, subject, subjectName: subject, kind: 'exception', message };
}
