/** `hold-technology`: a technology in ring `hold` (no new use) or `assess` (not yet for production). */
import type { Technology } from '../catalog/technologies';
import type { Finding } from '../model';
import type { Range } from 'vscode-languageserver-types';
import { type RuleContext, severityOf } from './context';
import { approvedAlternatives, shortList } from './newTechnology';

export function checkHoldTechnology(uri: string, dep: { range: Range }, tech: Technology, ctx: RuleContext): Finding | undefined {
  if (tech.ring !== 'hold' && tech.ring !== 'assess') return undefined;
  const severity = severityOf(ctx, 'hold-technology');
  if (!severity) return undefined;
  const alternatives = approvedAlternatives(tech, ctx);
  // "Moment: on hold. Use date-fns for new code. New use needs a signed exception."
  const state = tech.ring === 'hold' ? 'on hold' : 'being assessed';
  const advice = tech.note ? `. ${tech.note.trim().replace(/([^.!?])$/, '$1.')}` : alternatives.length ? ` (prefer ${shortList(alternatives)}).` : '.';
  const needs = tech.ring === 'hold' ? 'New use needs a signed exception.' : 'Production use needs a signed exception.';
  return {
    uri,
    range: dep.range,
    rule: 'hold-technology',
    severity,
    subject: tech.id,
    subjectName: tech.name,
    kind: 'technology',
    category: tech.categoryLabel,
    message: `${tech.name}: ${state}${advice} ${needs}`,
  };
}
