/** `exception-expiring`: a granted exception whose `expires` date is within the policy's `expiryWarningDays`. */
import type { EvaluatedException } from '../exceptions/evaluate';
import type { Finding } from '../model';
import { type RuleContext, severityOf } from './context';
import { exceptionFinding } from './exceptionInvalid';

export function checkExceptionExpiring(ex: EvaluatedException, ctx: RuleContext): Finding | undefined {
  const severity = severityOf(ctx, 'exception-expiring');
  if (!severity || ex.state !== 'granted' || ex.expiresInDays === undefined) return undefined;
  const r = ex.record;
  const days = ex.expiresInDays === 0 ? 'today' : `in ${ex.expiresInDays} day${ex.expiresInDays === 1 ? '' : 's'}`;
  return exceptionFinding(ex, 'exception-expiring', severity, r.fields.expires?.value ?? r.firstLine, `${r.id ?? 'This exception'} expires ${days} (${r.expires}): renew it with a new signed exception, or plan the removal.`);
}
