/**
 * The section `tech-policy agents` keeps in AGENTS.md (and .github/copilot-instructions.md):
 * the approved stack, the rule to ask the tools before adding a technology or a deployable, and
 * how exceptions work, between two markers; nothing outside them is ever touched. The begin
 * marker carries a hash of the section as written, so "the policy changed and the section was not
 * refreshed" is one string comparison when the file is checked (`agents-instructions-stale`): no
 * file is read and nothing is rendered on an edit of anything else.
 */
import { createHash } from 'crypto';
import type { TechnologyIndex } from '../catalog/technologies';
import type { Policy } from '../policy/types';
import { oneLine } from '../text';
import { joinNames } from '../rules/newTechnology';
import { locateSection } from '../scan/instructions';
import { categoryLines, restrictedLines, servicesText, stackSummary } from './stack';

/** The files the section is kept in: AGENTS.md at the root (created when missing); copilot-instructions.md only when it exists. */
export const AGENTS_FILE = 'AGENTS.md';
export const COPILOT_INSTRUCTIONS_FILE = '.github/copilot-instructions.md';

/** Repository text in the section: on one line, and unable to close an HTML comment (the markers are comments). */
function clean(text: string): string {
  return oneLine(text).replace(/<!--|-->/g, '');
}

/** The section's body (what lies between the markers), from the policy alone. */
export function renderInstructionsBody(policy: Policy, index: TechnologyIndex): string {
  const s = stackSummary(policy, index);
  const lines = [
    '## Engineering policy (Tech Policy)',
    '',
    'This repository follows the engineering policy in `techpolicy.json`: boring technology, one monolith, and exceptions in writing, signed by an approver. Coding agents follow it too:',
    '',
    '- **Ask before adding.** Before you add a dependency or a container image, a Dockerfile, a compose service, a new app or a language manifest, ask the Tech Policy tools `check_technology` or `check_deployable` (the MCP server `tech-policy mcp`; in VS Code, the extension\'s `techPolicy_checkTechnology` and `techPolicy_checkDeployable`). They say whether it is allowed here, what to use instead, and why. `current_findings` (or `tech-policy check`) lists what the policy reports now.',
  ];
  if (s.categories.length) {
    lines.push('- **Use the approved stack:**');
    for (const line of categoryLines(s)) lines.push(`  - ${clean(line)}`);
  } else lines.push('- **The approved stack** is empty: every framework or technology needs a signed exception.');
  if (s.restricted.length) {
    const list = restrictedLines(s).map(clean).join('; ');
    lines.push(`- **No new use without a signed exception:** ${list}${/[.!?]$/.test(list) ? '' : '.'}`);
  }
  lines.push(
    s.services.length
      ? `- **One monolith:** build new work into its deployables: ${clean(servicesText(s.services))}. A new deployable service, function or app needs a signed exception.`
      : '- **One monolith:** build new work into the monolith. A new deployable service, function or app needs a signed exception.',
  );
  if (s.languages) lines.push(`- **Languages:** ${s.languages.length ? clean(joinNames(s.languages)) : 'none listed'}. Another language needs a signed exception.`);
  const who = s.approvers.length ? clean(joinNames(s.approvers)) : 'an approver the policy names';
  lines.push(
    `- **Exceptions:** anything else needs an exception signed by ${who}. If the user wants to go ahead, draft a request with \`request_exception\` (\`techPolicy_requestException\` in VS Code; it writes a document in \`${clean(s.exceptionsDirectory)}/\` for a person to complete). Never approve or sign an exception, and never edit \`techpolicy.json\` to allow something.`,
  );
  return lines.join('\n');
}

/** Twelve hex digits of the body's SHA-256: what the begin marker records. */
export function instructionsHash(body: string): string {
  return createHash('sha256').update(body, 'utf8').digest('hex').slice(0, 12);
}

/** The whole section, markers included (LF line ends). */
export function renderInstructionsSection(body: string): string {
  return [`<!-- tech-policy:begin policy=${instructionsHash(body)} (written by "tech-policy agents"; it replaces everything between these markers) -->`, body, '<!-- tech-policy:end -->'].join('\n');
}

export type InstructionsUpdate = { text: string; change: 'created' | 'added' | 'refreshed' | 'unchanged' } | { error: string; line: number };

/**
 * The file's new text with the section written: replaced between its markers, or added at the
 * end; a missing file (undefined) becomes the section alone. Everything outside the markers is
 * kept byte for byte, and the file's line ends are used.
 */
export function updateInstructions(text: string | undefined, body: string): InstructionsUpdate {
  const section = renderInstructionsSection(body);
  if (text === undefined) return { text: section + '\n', change: 'created' };
  const eol = /\r\n/.test(text) ? '\r\n' : '\n';
  const withEol = section.split('\n').join(eol);
  const where = locateSection(text);
  if (where.found === 'broken') return { error: where.problem, line: where.line };
  if (!where.found) {
    if (text.trim() === '') return { text: withEol + eol, change: 'added' };
    // one blank line between what was there and the section
    const gap = /\r?\n\r?\n$/.test(text) ? '' : text.endsWith('\n') ? eol : eol + eol;
    return { text: text + gap + withEol + eol, change: 'added' };
  }
  // offsets of the begin marker's line start and the end marker's line end
  let offset = 0;
  let start = 0;
  let stop = text.length;
  for (let line = 0; line <= where.end; line++) {
    if (line === where.begin) start = offset;
    const next = text.indexOf('\n', offset);
    const lineEnd = next < 0 ? text.length : next > 0 && text[next - 1] === '\r' ? next - 1 : next;
    if (line === where.end) stop = lineEnd;
    offset = next < 0 ? text.length : next + 1;
  }
  const updated = text.slice(0, start) + withEol + text.slice(stop);
  return { text: updated, change: updated === text ? 'unchanged' : 'refreshed' };
}
