/** Edits to techpolicy.json: approve a technology (for those who own the policy). */
import { applyEdits, modify, parseTree, findNodeAtLocation } from 'jsonc-parser';
import type { TextEdit } from 'vscode-languageserver-types';
import { LineIndex } from '../text';

function detectIndent(text: string): { tabSize: number; insertSpaces: boolean } {
  const m = /^([ \t]+)"/m.exec(text);
  if (m && m[1].startsWith('\t')) return { tabSize: 1, insertSpaces: false };
  return { tabSize: m ? m[1].length : 2, insertSpaces: true };
}

/**
 * Adds `"<id>": { "ring": "adopt" }` to `technologies`, on one line in the style of its siblings,
 * leaving every other byte of the file alone. Undefined when it is already approved.
 */
export function approveTechnologyEdits(policyText: string, id: string): TextEdit[] | undefined {
  const root = parseTree(policyText);
  const lines = new LineIndex(policyText);
  const entry = `${JSON.stringify(id)}: { "ring": "adopt" }`;
  const technologies = root && findNodeAtLocation(root, ['technologies']);
  if (technologies?.type === 'object') {
    const existing = findNodeAtLocation(technologies, [id]);
    if (existing) {
      const ring = findNodeAtLocation(existing, ['ring']);
      if (ring?.value === 'adopt' || existing.value === 'adopt') return undefined;
      const target = ring ?? existing;
      return [{ range: lines.range(target.offset, target.offset + target.length), newText: '"adopt"' }];
    }
    const last = technologies.children?.[technologies.children.length - 1];
    if (!last) {
      return [{ range: lines.range(technologies.offset, technologies.offset + technologies.length), newText: `{ ${entry} }` }];
    }
    const lineStart = policyText.lastIndexOf('\n', last.offset) + 1;
    const indent = /^[ \t]*/.exec(policyText.slice(lineStart))![0];
    const eol = policyText.includes('\r\n') ? '\r\n' : '\n';
    const sameLine = indent.length === last.offset - lineStart ? `${eol}${indent}` : ' ';
    const end = last.offset + last.length;
    const trailingComma = /^\s*,/.exec(policyText.slice(end));
    if (trailingComma) {
      const after = end + trailingComma[0].length;
      return [{ range: lines.range(after, after), newText: `${sameLine}${entry},` }];
    }
    return [{ range: lines.range(end, end), newText: `,${sameLine}${entry}` }];
  }
  const edits = modify(policyText, ['technologies'], { [id]: { ring: 'adopt' } }, {
    formattingOptions: { ...detectIndent(policyText), eol: policyText.includes('\r\n') ? '\r\n' : '\n' },
  });
  return edits.length ? edits.map((e) => ({ range: lines.range(e.offset, e.offset + e.length), newText: e.content })) : undefined;
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
