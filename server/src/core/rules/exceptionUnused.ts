/** `exception-unused`: a granted exception that covers nothing in the workspace any more. */
import type { EvaluatedException } from '../exceptions/evaluate';
import type { Finding } from '../model';
import { type RuleContext, severityOf } from './context';
import { exceptionFinding } from './exceptionInvalid';

export function checkExceptionUnused(ex: EvaluatedException, ctx: RuleContext): Finding | undefined {
  const severity = severityOf(ctx, 'exception-unused');
  if (!severity || ex.state !== 'granted') return undefined;
  const r = ex.record;
  return exceptionFinding(
    ex,
    'exception-unused',
    severity,
    r.fields.subject?.value ?? r.firstLine,
    `${r.id ?? 'This exception'} is granted but covers nothing in the workspace any more${r.subject ? ` (no ${r.rule ?? ''} finding for "${r.subject}" in its scope)` : ''}: set status: withdrawn to keep the register true.`,
  );
}
