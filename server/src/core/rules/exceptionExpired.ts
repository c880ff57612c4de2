/** `exception-expired`: the only exception covering a finding has passed its `expires` date. */
import type { EvaluatedException } from '../exceptions/evaluate';
import type { Finding } from '../model';
import { type RuleContext, severityOf } from './context';

export function checkExceptionExpired(original: Finding, ex: EvaluatedException, ctx: RuleContext): Finding | undefined {
  const severity = severityOf(ctx, 'exception-expired');
  if (!severity) return undefined;
  const id = ex.record.id ?? 'exception';
  return {
    ...original,
    rule: 'exception-expired',
    severity,
    message: `${id} expired on ${ex.record.expires}: ${original.subjectName}. Renew it with a new signed exception or remove the use.`,
    expired: { id, uri: ex.record.uri, expires: ex.record.expires ?? '', rule: original.rule },
  };
}
