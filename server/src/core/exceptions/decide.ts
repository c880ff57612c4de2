/**
 * An approver's decision written into an exception document: the front-matter fields are set
 * in place (comments and alignment kept), any old signature block is dropped. Pure text in, text
 * out; signing the result is the host's job (ssh-keygen), verifying it the core's.
 */
import { signedContent } from './signature';
import { yamlString } from './render';

export interface Decision {
  /** "Dana Reyes <dana@acme.example>" */
  by: string;
  /** YYYY-MM-DD */
  on: string;
}

/** The document as approved by `decision`, without a signature (sign `contentToSign` of it next). */
export function approvedDocument(text: string, decision: Decision): string {
  return setFields(signedContentKeepingEol(text), [
    ['status', 'approved'],
    // the template's "# filled by the approver: …" is done with once it is filled: dropped, so the line stays one line
    ['approved-by', yamlString(decision.by), { dropComment: true }],
    ['approved-on', decision.on],
  ]);
}

/** The document as rejected: `status: rejected`, and who decided when, in the decision section. */
export function rejectedDocument(text: string, decision: Decision & { name: string }): string {
  const doc = setFields(signedContentKeepingEol(text), [['status', 'rejected']]);
  const eol = doc.includes('\r\n') ? '\r\n' : '\n';
  const body = doc.endsWith(eol) ? doc : doc + eol;
  return `${body}${eol}Rejected by ${decision.name} on ${decision.on}.${eol}`;
}

function signedContentKeepingEol(text: string): string {
  const content = signedContent(text);
  return text.includes('\r\n') ? content.replace(/\n/g, '\r\n') : content;
}

/** Sets `key: value` lines in the front matter, keeping a trailing `# comment` where it was (unless `dropComment`). */
export function setFields(text: string, fields: Array<[string, string, { dropComment?: boolean }?]>): string {
  const open = /^\uFEFF?---[ \t]*\r?\n/.exec(text);
  if (!open) return text;
  const rest = text.slice(open[0].length);
  const close = /^(?:---|\.\.\.)[ \t]*\r?$/m.exec(rest);
  if (!close) return text;
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const lines = rest.slice(0, close.index).split(/\r?\n/);
  if (lines[lines.length - 1] === '') lines.pop();
  for (const [key, value, options] of fields) {
    const i = lines.findIndex((l) => new RegExp(`^${key}[ \\t]*:`).test(l));
    if (i < 0 || options?.dropComment) {
      if (i < 0) lines.push(`${key}: ${value}`);
      else lines[i] = `${key}: ${value}`;
      continue;
    }
    lines[i] = withValue(lines[i], key, value);
  }
  return open[0] + lines.join(eol) + eol + rest.slice(close.index);
}

/** `key: old   # comment` → `key: new   # comment`, the comment at the same column when there is room. */
function withValue(line: string, key: string, value: string): string {
  const comment = /(\s)#.*$/.exec(line.slice(key.length + 1));
  if (!comment) return `${key}: ${value}`;
  const commentText = comment[0].trimStart();
  const column = key.length + 1 + comment.index + comment[1].length;
  const head = `${key}: ${value}`;
  return head.length < column ? head.padEnd(column) + commentText : `${head} ${commentText}`;
}
