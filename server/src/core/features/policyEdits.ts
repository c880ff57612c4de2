/** Edits to techpolicy.json: approve a technology (for those who own the policy). */
import { applyEdits, modify, parseTree, findNodeAtLocation } from 'jsonc-parser';
import type { TextEdit } from 'vscode-languageserver-types';
import { LineIndex } from '../text';

function detectIndent(text: string): { tabSize: number; insertSpaces: boolean } {
  const m = /^([ \t]+)"/m.exec(text);
  if (m && m[1].startsWith('\t')) return { tabSize: 1, insertSpaces: false };
  return { tabSize: m ? m[1].length : 2, insertSpaces: true };
}

/** Adds `technologies.<id> = { "ring": "adopt" }`; undefined when it is already there. */
export function approveTechnologyEdits(policyText: string, id: string): TextEdit[] | undefined {
  const root = parseTree(policyText);
  if (root && findNodeAtLocation(root, ['technologies', id])) {
    const ring = findNodeAtLocation(root, ['technologies', id, 'ring']);
    if (ring?.value === 'adopt') return undefined;
  }
  const edits = modify(policyText, ['technologies', id], { ring: 'adopt' }, {
    formattingOptions: { ...detectIndent(policyText), eol: policyText.includes('\r\n') ? '\r\n' : '\n' },
  });
  if (edits.length === 0) return undefined;
  const lines = new LineIndex(policyText);
  return edits.map((e) => ({ range: lines.range(e.offset, e.offset + e.length), newText: e.content }));
}

export function applyTextEdits(text: string, edits: TextEdit[]): string {
  const lines = new LineIndex(text);
  return applyEdits(
    text,
    edits.map((e) => {
      const offset = lines.offsetAt(e.range.start);
      return { offset, length: lines.offsetAt(e.range.end) - offset, content: e.newText };
    }),
  );
}
