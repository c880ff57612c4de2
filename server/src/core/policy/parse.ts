/**
 * Parses one policy file's text (JSON with comments) into a layer: the valid parts, plus a
 * problem with an exact range for every part that is not. Never throws.
 *
 * Each top-level property has one small reader in sections/, listed in SECTIONS below; a new
 * property is a new reader there and a line here. The readers share a LayerContext (layer.ts):
 * the layer they fill and where their problems go.
 */
import { type ParseError, parseTree, printParseErrorCode } from 'jsonc-parser';
import { jsonTooDeep, nestingMessage } from '../limits';
import { LineIndex, withoutBom } from '../text';
import { LayerContext, type PolicyLayer, type SectionReader } from './layer';
import { readAllowedSigners, readApprovals, readApprovers } from './sections/approvals';
import { readExceptionsDirectory, readExpiryWarningDays } from './sections/exceptions';
import { readExtends } from './sections/extends';
import { readIgnore } from './sections/ignore';
import { readLanguages } from './sections/languages';
import { readPlatformWork } from './sections/platformWork';
import { readRules } from './sections/rules';
import { readSchema } from './sections/schema';
import { readServices } from './sections/services';
import { readTechnologies } from './sections/technologies';

/** The top-level properties and their readers, in the order the unknown-property message lists them. */
const SECTIONS = new Map<string, SectionReader>([
  ['$schema', readSchema],
  ['extends', readExtends],
  ['approvers', readApprovers],
  ['allowedSigners', readAllowedSigners],
  ['approvals', readApprovals],
  ['expiryWarningDays', readExpiryWarningDays],
  ['exceptionsDirectory', readExceptionsDirectory],
  ['rules', readRules],
  ['technologies', readTechnologies],
  ['languages', readLanguages],
  ['services', readServices],
  ['ignore', readIgnore],
  ['platformWork', readPlatformWork],
]);

export function parsePolicyLayer(uri: string, text: string): PolicyLayer {
  const cx = new LayerContext(uri, new LineIndex(text));
  if (text.trim() === '') {
    cx.problem({ offset: 0, length: 0 }, 'The policy file is empty: expected a JSON object.');
    return cx.layer;
  }
  const deep = jsonTooDeep(text);
  if (deep !== undefined) {
    cx.problem({ offset: deep, length: 1 }, `The policy file ${nestingMessage()}: the defaults apply.`);
    return cx.layer;
  }
  const errors: ParseError[] = [];
  const root = parseTree(withoutBom(text), errors, { allowTrailingComma: true, disallowComments: false });
  for (const e of errors) {
    cx.problem({ offset: e.offset, length: Math.max(e.length, 1) }, `Invalid JSON: ${describeParseError(e)}.`);
  }
  if (!root) return cx.layer;
  if (root.type !== 'object') {
    cx.problem(root, 'The policy must be a JSON object.');
    return cx.layer;
  }

  for (const prop of root.children ?? []) {
    const keyNode = prop.children?.[0];
    const value = prop.children?.[1];
    if (!keyNode || typeof keyNode.value !== 'string') continue;
    if (!value) continue; // half-typed property: the JSON error above already says so
    const read = SECTIONS.get(keyNode.value);
    if (read) read(value, cx);
    else cx.problem(keyNode, `Unknown property "${keyNode.value}". Known properties: ${[...SECTIONS.keys()].filter((k) => k !== '$schema').join(', ')}.`, 'warning');
  }
  return cx.layer;
}

function describeParseError(e: ParseError): string {
  const code = printParseErrorCode(e.error);
  return code.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();
}
