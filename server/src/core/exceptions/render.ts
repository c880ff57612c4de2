/** A new exception request: its id, its file name and its text. */
import { parse } from 'yaml';
import type { RuleId } from '../model';
import { EXCEPTION_ID } from './parse';
import { FIRST_QUESTION } from './question';
import { trimChars } from '../text';

export { FIRST_QUESTION, firstQuestionRange } from './question';

export interface RequestInput {
  id: string;
  rule: RuleId;
  subject: string;
  subjectName: string;
  /** Category label for technologies ("web framework"). */
  category?: string;
  /** What the approved stack uses for this category ("Express"), when known. */
  approvedAlternatives?: string[];
  requestedBy?: string;
  /** YYYY-MM-DD */
  requestedOn: string;
  scope?: string[];
  /** Where the finding was seen (workspace-relative), for the body. */
  seenIn?: string;
  /** Drafted by a coding agent (the request_exception tool): the document says so, for the person who completes it. */
  draftedByAgent?: boolean;
}

/** What a request drafted by a coding agent says under its title. */
export const AGENT_DRAFT_NOTE =
  '> Drafted by a coding agent (Tech Policy\'s request_exception tool) for a person to complete. The agent wrote no reasons: the questions below are yours to answer, and only an approver\'s signature grants the exception.';

const LARGEST_ID = 999_999_999;

/**
 * The next free id: one more than every id in use (ids and file names, `EX-0007-fastify.md`);
 * numbers of more than nine digits are not ids. Past the largest, the smallest unused number.
 */
export function nextExceptionId(existing: Iterable<string | undefined>): string {
  const used = new Set<number>();
  let max = 0;
  for (const id of existing) {
    const m = id ? (EXCEPTION_ID.exec(id) ?? /^EX-(\d{1,9})(?=-|\.md$)/i.exec(id)) : null;
    if (!m) continue;
    const n = Number(m[1]);
    used.add(n);
    if (n > max) max = n;
  }
  let next = max + 1;
  if (next > LARGEST_ID) for (next = 1; used.has(next); next++);
  return `EX-${String(next).padStart(4, '0')}`;
}

export function exceptionFileName(id: string, subject: string): string {
  const slug = subject
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-');
  const trimmed = trimChars(slug, '-');
  return `${id}-${trimmed || 'exception'}.md`;
}

export function addMonths(date: string, months: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  const day = d.getUTCDate();
  d.setUTCDate(1);
  d.setUTCMonth(d.getUTCMonth() + months);
  const last = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 0)).getUTCDate();
  d.setUTCDate(Math.min(day, last));
  return d.toISOString().slice(0, 10);
}

function title(input: RequestInput): string {
  switch (input.rule) {
    case 'new-technology':
      return `adopt ${input.subjectName}${input.category ? ` (${input.category})` : ''}`;
    case 'hold-technology':
      return `use ${input.subjectName}${input.category ? ` (${input.category})` : ''}, which is on hold`;
    case 'new-service':
      return `new service ${input.subjectName}`;
    case 'new-language':
      return `add the ${input.subjectName} language`;
    default:
      return `${input.rule} for ${input.subjectName}`;
  }
}

/** The value as written when YAML reads it back unchanged as that string; JSON-quoted otherwise. */
export function yamlString(value: string): string {
  if (value.includes(' #') || value.includes('\n')) return JSON.stringify(value);
  try {
    return parse(value) === value ? value : JSON.stringify(value);
  } catch {
    return JSON.stringify(value);
  }
}

/** The column the front matter's comments start at (past the longest usual value, `status: requested`). */
const COMMENT_COLUMN = 34;

/** `key: value` with its `# comment` at COMMENT_COLUMN, or two spaces after a longer value. */
function commented(line: string, comment: string): string {
  const head = line.trimEnd();
  return `${head.length < COMMENT_COLUMN - 1 ? head.padEnd(COMMENT_COLUMN) : `${head}  `}# ${comment}`;
}

export function renderExceptionRequest(input: RequestInput): string {
  const stack = input.approvedAlternatives?.length
    ? `The approved stack uses ${input.approvedAlternatives.join(', ')} for this. `
    : '';
  const scope = input.scope?.length ? `[${input.scope.map((s) => JSON.stringify(s)).join(', ')}]` : '';
  return [
    '---',
    `id: ${input.id}`,
    `rule: ${input.rule}`,
    `subject: ${yamlString(input.subject)}`,
    commented(`scope: ${scope}`, 'optional: glob patterns; empty means the whole repository'),
    commented('status: requested', 'requested | approved | rejected | withdrawn'),
    input.requestedBy ? `requested-by: ${yamlString(input.requestedBy)}` : commented('requested-by:', 'you: Name <email>'),
    `requested-on: ${input.requestedOn}`,
    commented('approved-by:', "filled by the approver: one of the policy's approvers"),
    'approved-on:',
    commented(`expires: ${addMonths(input.requestedOn, 6)}`, 'optional'),
    '---',
    `# Exception request: ${title(input)}`,
    '',
    input.seenIn ? `Raised by \`${input.rule}\` in \`${input.seenIn}\`.` : `Raised by \`${input.rule}\`.`,
    '',
    ...(input.draftedByAgent ? [AGENT_DRAFT_NOTE, ''] : []),
    '## The product capability this enables',
    '',
    FIRST_QUESTION,
    '',
    '## Why the approved stack cannot deliver it',
    '',
    `<!-- ${stack}Why is that not enough? -->`,
    '',
    '## Alternatives considered on the approved stack',
    '',
    '<!-- What did you try or rule out, and why? -->',
    '',
    '## Cost: who maintains it, what it adds to operations',
    '',
    '<!-- Owners, on-call, upgrades, security reviews, onboarding. -->',
    '',
    '## Scope and exit plan',
    '',
    '<!-- Where it is allowed (see `scope`), and how we would remove it. -->',
    '',
    '## Decision (for the approver)',
    '',
    '<!-- Approvers: add your decision here, then "Approve and sign" (the code lens above, or `tech-policy sign`). Both reasons above must be written first. -->',
    '',
  ].join('\n');
}
