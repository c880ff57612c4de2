/**
 * `agents-instructions-stale`: the Tech Policy section of AGENTS.md (or copilot-instructions.md)
 * was written for another policy. Its begin marker records the hash of the section as written;
 * the policy's own is computed once per policy load, so this is one comparison per file.
 */
import type { Finding } from '../model';
import type { InstructionsFact } from '../scan/types';
import { type RuleContext, severityOf } from './context';

export function checkAgentsInstructions(uri: string, fact: InstructionsFact, ctx: RuleContext): Finding | undefined {
  const severity = severityOf(ctx, 'agents-instructions-stale');
  if (!severity || !ctx.instructionsHash || fact.hash === ctx.instructionsHash()) return undefined;
  const file = uri.slice(uri.lastIndexOf('/') + 1);
  return {
    uri,
    range: fact.range,
    rule: 'agents-instructions-stale',
    severity,
    subject: file,
    subjectName: file,
    kind: 'instructions',
    section: fact.section,
    message: fact.hash
      ? `The Tech Policy section of ${file} is out of date: the policy changed since it was written. Run "tech-policy agents" to refresh it.`
      : `The Tech Policy section of ${file} was not written by "tech-policy agents" (its marker records no policy): run it to write the section.`,
  };
}
