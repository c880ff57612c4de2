/** Edits to techpolicy.json: approve a technology (for those who own the policy). */
import { applyEdits, modify, parseTree, findNodeAtLocation } from 'jsonc-parser';
import type { TextEdit } from 'vscode-languageserver-types';
import { LineIndex } from '../text';
import { jsonTooDeep } from '../limits';

/** The policy's tree, or undefined when it nests too deep to edit safely (its problem is reported already). */
function policyTree(policyText: string) {
  return jsonTooDeep(policyText) === undefined ? parseTree(policyText) : undefined;
}

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
  const root = policyTree(policyText);
  if (!root) return undefined;
  const existing = root && findNodeAtLocation(root, ['technologies', id]);
  if (existing) {
    const ring = findNodeAtLocation(existing, ['ring']);
    if (ring?.value === 'adopt' || existing.value === 'adopt') return undefined;
    const target = ring ?? existing;
    const lines = new LineIndex(policyText);
    return [{ range: lines.range(target.offset, target.offset + target.length), newText: '"adopt"' }];
  }
  return addProperty(policyText, 'technologies', id, '{ "ring": "adopt" }');
}

/** Adds `services.<name> = { "path": folder }` (`"."` for a process of the monolith; the name alone when there is no folder). */
export function approveServiceEdits(policyText: string, name: string, folder: string | undefined): TextEdit[] | undefined {
  const root = policyTree(policyText);
  if (!root) return undefined;
  if (root && findNodeAtLocation(root, ['services', name])) return undefined;
  return addProperty(policyText, 'services', name, folder !== undefined ? `{ "path": ${JSON.stringify(folder || '.')} }` : '{}');
}

/** Appends the language to `languages`. */
export function approveLanguageEdits(policyText: string, language: string): TextEdit[] | undefined {
  const root = policyTree(policyText);
  if (!root) return undefined;
  const list = root && findNodeAtLocation(root, ['languages']);
  if (!list || list.type !== 'array') return undefined; // no list: the rule is inactive anyway
  if (list.children?.some((c) => c.value === language)) return undefined;
  const lines = new LineIndex(policyText);
  const last = list.children?.[list.children.length - 1];
  const at = last ? last.offset + last.length : list.offset + 1;
  return [{ range: lines.range(at, at), newText: `${last ? ', ' : ''}${JSON.stringify(language)}` }];
}

/** Inserts `"key": value` into the object at `section`, creating the section when missing, on one line in the style of its siblings. */
function addProperty(policyText: string, section: string, key: string, value: string): TextEdit[] | undefined {
  if (jsonTooDeep(policyText) !== undefined) return undefined;
  const root = parseTree(policyText);
  const lines = new LineIndex(policyText);
  const entry = `${JSON.stringify(key)}: ${value}`;
  const object = root && findNodeAtLocation(root, [section]);
  if (object?.type === 'object') {
    const last = object.children?.[object.children.length - 1];
    if (!last) return [{ range: lines.range(object.offset, object.offset + object.length), newText: `{ ${entry} }` }];
    const lineStart = policyText.lastIndexOf('\n', last.offset) + 1;
    const indent = /^[ \t]*/.exec(policyText.slice(lineStart))![0];
    const eol = policyText.includes('\r\n') ? '\r\n' : '\n';
    const separator = indent.length === last.offset - lineStart ? `${eol}${indent}` : ' ';
    const end = last.offset + last.length;
    const trailingComma = /^\s*,/.exec(policyText.slice(end));
    if (trailingComma) {
      const after = end + trailingComma[0].length;
      return [{ range: lines.range(after, after), newText: `${separator}${entry},` }];
    }
    return [{ range: lines.range(end, end), newText: `,${separator}${entry}` }];
  }
  // a policy whose root is not an object, or whose section is something else, gets no edit: its problem is shown already
  if ((root && root.type !== 'object') || object) return undefined;
  let edits: ReturnType<typeof modify>;
  try {
    edits = modify(policyText, [section], JSON.parse(`{${entry}}`), {
      formattingOptions: { ...detectIndent(policyText), eol: policyText.includes('\r\n') ? '\r\n' : '\n' },
    });
  } catch {
    return undefined;
  }
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
