/**
 * XML through `saxes` (the strict, streaming XML parser behind jsdom): a small element tree with
 * the source offsets of element texts and attribute values. After an error saxes goes on reading,
 * so a half-typed pom.xml or .csproj still yields the elements around the broken one; the first
 * error is reported where it is.
 */
import { SaxesParser } from 'saxes';
import type { ScanInput } from '../scanUtil';
import type { Problems } from './common';

export interface XmlElement {
  name: string;
  /** Offsets of the whole start tag, `<` to `>`. */
  tagStart: number;
  tagEnd: number;
  children: XmlElement[];
  /** The raw text of an element without children (offsets into the file), or undefined. */
  text?: { start: number; end: number };
  /** Its text as an XML reader sees it: character references and entities decoded, CDATA unwrapped, comments left out. */
  value?: string;
}

export function parseXml(input: ScanInput): { root: XmlElement | undefined; problems: Problems } {
  const source = input.text;
  const problems: Problems = [];
  const parser = new SaxesParser({ position: true });
  const stack: XmlElement[] = [];
  let root: XmlElement | undefined;
  parser.on('opentag', (tag) => {
    const tagEnd = Math.min(parser.position, source.length);
    const tagStart = Math.max(0, source.lastIndexOf('<', tagEnd - 1));
    const element: XmlElement = { name: tag.name, tagStart, tagEnd, children: [] };
    const parent = stack[stack.length - 1];
    if (parent) parent.children.push(element);
    else root ??= element;
    if (tag.isSelfClosing) return;
    stack.push(element);
  });
  parser.on('closetag', (tag) => {
    if (tag.isSelfClosing) return;
    const element = stack[stack.length - 1];
    if (!element || element.name !== tag.name) return;
    stack.pop();
    if (element.children.length === 0) {
      const closeStart = source.lastIndexOf('<', Math.min(parser.position, source.length) - 1);
      if (closeStart >= element.tagEnd) element.text = { start: element.tagEnd, end: closeStart };
    }
  });
  // the text as the ecosystem's reader sees it (`&#45;` is `-`, `<![CDATA[x]]>` is `x`, a comment is nothing)
  const addText = (text: string) => {
    const element = stack[stack.length - 1];
    if (element && element.children.length === 0) element.value = (element.value ?? '') + text;
  };
  parser.on('text', addText);
  parser.on('cdata', addText);
  parser.on('error', (error) => {
    if (problems.length === 0) {
      const at = Math.min(parser.position, source.length);
      problems.push({ range: input.lines.range(Math.max(0, at - 1), at), message: `XML syntax error: ${error.message.replace(/^\d+:\d+: /, '')}` });
    }
  });
  try {
    parser.write(source).close();
  } catch {
    // saxes reports through 'error'; a throw after it (an unusable document) leaves what was read
  }
  return { root, problems };
}

/**
 * Every element below `root` (and root), depth-first, with which of the `watched` element names
 * enclose it (a bit per name: linear however deep the document nests).
 */
export function* elements(root: XmlElement, watched: readonly string[] = []): Generator<{ element: XmlElement; inside(name: string): boolean }> {
  const stack: Array<{ element: XmlElement; mask: number }> = [{ element: root, mask: 0 }];
  while (stack.length) {
    const { element, mask } = stack.pop()!;
    yield { element, inside: (name) => (mask & (1 << watched.indexOf(name))) !== 0 && watched.includes(name) };
    const index = watched.indexOf(element.name);
    const childMask = index >= 0 && index < 31 ? mask | (1 << index) : mask;
    for (let i = element.children.length - 1; i >= 0; i--) stack.push({ element: element.children[i], mask: childMask });
  }
}

/**
 * A child element's text as an XML reader sees it (references decoded, CDATA unwrapped, comments
 * out), trimmed, with the offsets of where it is written; undefined when absent or empty.
 */
export function childText(source: string, element: XmlElement, name: string): { value: string; start: number; end: number } | undefined {
  const child = element.children.find((e) => e.name === name);
  const text = child?.text;
  if (!child || !text) return undefined;
  const raw = source.slice(text.start, text.end);
  const value = (child.value ?? raw).trim();
  if (value === '' || (child.value === undefined && value.includes('<'))) return undefined;
  // the value as written (inside CDATA, before a comment), else the whole trimmed text (it holds references)
  const at = raw.indexOf(value);
  if (at >= 0) return { value, start: text.start + at, end: text.start + at + value.length };
  const start = text.start + (raw.length - raw.trimStart().length);
  return { value, start, end: text.start + raw.trimEnd().length };
}

/** An attribute's value (as written, quotes excluded) and its offsets, read from the start tag. */
export function attribute(source: string, element: XmlElement, key: string): { value: string; start: number; end: number } | undefined {
  const tag = source.slice(element.tagStart, element.tagEnd);
  const lowerKey = key.toLowerCase();
  // the tag's attributes one by one: a name, `=`, a quoted value
  let i = 1 + element.name.length;
  while (i < tag.length) {
    while (i < tag.length && /\s/.test(tag[i])) i++;
    const nameStart = i;
    while (i < tag.length && !/[\s=/>]/.test(tag[i])) i++;
    const name = tag.slice(nameStart, i);
    while (i < tag.length && /\s/.test(tag[i])) i++;
    if (name === '' || tag[i] !== '=') return undefined;
    i++;
    while (i < tag.length && /\s/.test(tag[i])) i++;
    const quote = tag[i];
    if (quote !== '"' && quote !== "'") return undefined;
    const close = tag.indexOf(quote, i + 1);
    if (close < 0) return undefined;
    if (name.toLowerCase() === lowerKey) return { value: tag.slice(i + 1, close), start: element.tagStart + i + 1, end: element.tagStart + close };
    i = close + 1;
  }
  return undefined;
}
