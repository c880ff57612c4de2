/**
 * The first question of a new exception request, and where it is: the editor leaves the cursor
 * there. Its own small module, so that the client can import it without the request renderer.
 */
import type { Range } from 'vscode-languageserver-types';

/** The first question a requester answers: its placeholder comment. */
export const FIRST_QUESTION = '<!-- What can users do with this that they cannot do today? -->';

/**
 * Where the editor leaves the cursor in a request it has just written: the first question's
 * placeholder, selected, so that typing answers it. Undefined for any other text.
 */
export function firstQuestionRange(text: string): Range | undefined {
  if (!text.startsWith('---')) return undefined;
  const line = text.split(/\r?\n/).indexOf(FIRST_QUESTION);
  return line < 0 ? undefined : { start: { line, character: 0 }, end: { line, character: FIRST_QUESTION.length } };
}
