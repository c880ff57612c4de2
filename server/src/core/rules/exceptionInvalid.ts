/** `exception-invalid`: a malformed exception document, or an approval that does not count. */
import type { EvaluatedException } from '../exceptions/evaluate';
import type { Finding } from '../model';
import { basenameUri } from '../paths';
import { type RuleContext, severityOf } from './context';

export function checkExceptionInvalid(ex: EvaluatedException, ctx: RuleContext): Finding[] {
  const severity = severityOf(ctx, 'exception-invalid');
  if (!severity) return [];
  const subject = ex.record.id ?? basenameUri(ex.record.uri);
  return ex.problems.map((p) => ({
    uri: ex.record.uri,
    range: p.range,
    rule: 'exception-invalid' as const,
    severity,
    subject,
    subjectName: subject,
    kind: 'exception' as const,
    message: p.message,
  }));
}
