/** `hold-technology`: a technology in ring `hold` (no new use) or `assess` (not yet for production). */
import type { Technology } from '../catalog/technologies';
import type { Finding } from '../model';
import type { Range } from 'vscode-languageserver-types';
import { type RuleContext, severityOf } from './context';
import { approvedAlternatives, joinNames } from './newTechnology';

export function checkHoldTechnology(uri: string, dep: { range: Range }, tech: Technology, ctx: RuleContext): Finding | undefined {
  if (tech.ring !== 'hold' && tech.ring !== 'assess') return undefined;
  const severity = severityOf(ctx, 'hold-technology');
  if (!severity) return undefined;
  const alternatives = approvedAlternatives(tech, ctx);
  const status =
    tech.ring === 'hold'
      ? `${tech.name} is on hold: no new use without a signed exception.`
      : `${tech.name} is being assessed: production use needs a signed exception.`;
  const advice = tech.note ? ` ${tech.note}` : alternatives.length ? ` Prefer ${joinNames(alternatives)}.` : '';
  return {
    uri,
    range: dep.range,
    rule: 'hold-technology',
    severity,
    subject: tech.id,
    subjectName: tech.name,
    kind: 'technology',
    category: tech.categoryLabel,
    message: status + advice,
  };
}
