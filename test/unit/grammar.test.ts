import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import * as oniguruma from 'vscode-oniguruma';
import * as vsctm from 'vscode-textmate';
import { EXCEPTION_FIELDS } from '../../server/src/core/exceptions/parse';
import { RULE_IDS } from '../../server/src/core/model';
import { REPO_ROOT, fixturePath } from '../support/fixtures';

/**
 * The exception-document grammars in syntaxes/, tokenized the way VS Code does it: VS Code's own
 * Markdown and YAML grammars (vendored in test/fixtures/grammar/, see its README) with our grammars
 * injected as package.json contributes them.
 */

const MARKDOWN = 'text.html.markdown';
const FIELD = 'keyword.other.field.techpolicy';
const EXCEPTION_ID = 'constant.other.exception-id.techpolicy';
const RULE = 'support.constant.rule.techpolicy';
const status = (s: string): string => `constant.language.status.${s}.techpolicy`;

/** VS Code's grammars the Markdown grammar needs for front matter, by scope name. */
const VENDORED: Record<string, string> = {
  [MARKDOWN]: 'markdown.tmLanguage.json',
  'source.yaml': 'yaml.tmLanguage.json',
  'source.yaml.1.0': 'yaml-1.0.tmLanguage.json',
  'source.yaml.1.1': 'yaml-1.1.tmLanguage.json',
  'source.yaml.1.2': 'yaml-1.2.tmLanguage.json',
  'source.yaml.1.3': 'yaml-1.3.tmLanguage.json',
  'source.yaml.embedded': 'yaml-embedded.tmLanguage.json',
};

interface GrammarContribution {
  scopeName: string;
  path: string;
  language?: string;
  injectTo?: string[];
}

interface Token {
  line: number;
  start: number;
  end: number;
  text: string;
  scopes: string[];
}

const manifest = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8'));
const contributed: GrammarContribution[] = manifest.contributes?.grammars ?? [];
const syntaxFiles = fs.readdirSync(path.join(REPO_ROOT, 'syntaxes')).filter((f) => f.endsWith('.tmLanguage.json'));

let markdown: Promise<vsctm.IGrammar> | undefined;

/** The Markdown grammar with every grammar package.json injects into it, as VS Code loads them. */
function markdownGrammar(): Promise<vsctm.IGrammar> {
  markdown ??= (async () => {
    const wasm = fs.readFileSync(path.join(REPO_ROOT, 'node_modules', 'vscode-oniguruma', 'release', 'onig.wasm'));
    await oniguruma.loadWASM(wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength));
    const registry = new vsctm.Registry({
      onigLib: Promise.resolve({
        createOnigScanner: (patterns: string[]) => new oniguruma.OnigScanner(patterns),
        createOnigString: (s: string) => new oniguruma.OnigString(s),
      }),
      loadGrammar: async (scopeName: string) => {
        const ours = contributed.find((g) => g.scopeName === scopeName);
        const file = ours ? path.join(REPO_ROOT, ours.path) : VENDORED[scopeName] && fixturePath('grammar', VENDORED[scopeName]);
        // Languages embedded in fenced code blocks are not vendored: VS Code also answers null for a language it lacks.
        return file ? vsctm.parseRawGrammar(fs.readFileSync(file, 'utf8'), file) : null;
      },
      getInjections: (scopeName: string) => contributed.filter((g) => g.injectTo?.includes(scopeName)).map((g) => g.scopeName),
    });
    const grammar = await registry.loadGrammar(MARKDOWN);
    assert.ok(grammar, 'the Markdown grammar loads');
    return grammar;
  })();
  return markdown;
}

async function tokenize(text: string): Promise<Token[]> {
  const grammar = await markdownGrammar();
  const tokens: Token[] = [];
  let stack = vsctm.INITIAL;
  text.split(/\r?\n/).forEach((lineText, line) => {
    const result = grammar.tokenizeLine(lineText, stack);
    stack = result.ruleStack;
    for (const t of result.tokens) {
      tokens.push({ line, start: t.startIndex, end: t.endIndex, text: lineText.slice(t.startIndex, t.endIndex), scopes: t.scopes });
    }
  });
  return tokens;
}

/** The token where `needle` starts, on the first line that contains `lineContaining` (and then `needle`). */
function tokenAt(text: string, tokens: Token[], lineContaining: string, needle: string): Token {
  const lines = text.split(/\r?\n/);
  const line = lines.findIndex((l) => l.includes(lineContaining) && l.includes(needle, l.indexOf(lineContaining)));
  assert.ok(line >= 0, `no line contains ${JSON.stringify(lineContaining)} then ${JSON.stringify(needle)}`);
  const column = lines[line].indexOf(needle, lines[line].indexOf(lineContaining));
  const token = tokens.find((t) => t.line === line && t.start <= column && column < t.end);
  assert.ok(token, `no token at ${line}:${column}`);
  return token;
}

/** Asserts that `needle` is exactly one token and that its innermost scope is `scope`. */
function assertToken(text: string, tokens: Token[], lineContaining: string, needle: string, scope: string): Token {
  const token = tokenAt(text, tokens, lineContaining, needle);
  assert.strictEqual(token.text, needle, `${JSON.stringify(needle)} is one token; scopes: ${token.scopes.join(' ')}`);
  assert.strictEqual(token.scopes[token.scopes.length - 1], scope, `${JSON.stringify(needle)} on "${lineContaining}": ${token.scopes.join(' ')}`);
  return token;
}

function assertNoTechPolicyScope(text: string, tokens: Token[], lineContaining: string, needle: string): void {
  const token = tokenAt(text, tokens, lineContaining, needle);
  const ours = token.scopes.filter((s) => s.endsWith('.techpolicy'));
  assert.deepStrictEqual(ours, [], `${JSON.stringify(needle)} on "${lineContaining}": ${token.scopes.join(' ')}`);
}

suite('the exception-document grammars', () => {
  const sample = fs.readFileSync(fixturePath('grammar', 'EX-0007-fastify.md'), 'utf8');
  let tokens: Token[];

  suiteSetup(async () => {
    tokens = await tokenize(sample);
  });

  test('package.json contributes every grammar in syntaxes/, injected into Markdown', () => {
    assert.ok(syntaxFiles.length > 0, 'syntaxes/ has grammars');
    for (const file of syntaxFiles) {
      const grammar = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'syntaxes', file), 'utf8'));
      assert.ok(grammar.injectionSelector, `${file} is an injection grammar`);
      const entry = contributed.find((g) => g.path === `./syntaxes/${file}`);
      assert.deepStrictEqual(entry, { scopeName: grammar.scopeName, path: `./syntaxes/${file}`, injectTo: [MARKDOWN] }, `contributes.grammars entry for ${file}`);
    }
  });

  test('front-matter keys are fields, and YAML still colours the rest of the front matter', () => {
    const key = assertToken(sample, tokens, 'status:', 'status', FIELD);
    assert.ok(key.scopes.includes('meta.embedded.block.frontmatter'), key.scopes.join(' '));
    assert.ok(key.scopes.includes('entity.name.tag.yaml'), `still a YAML key: ${key.scopes.join(' ')}`);
    assertToken(sample, tokens, 'status:', ':', 'punctuation.separator.map.value.yaml');
    assert.ok(tokenAt(sample, tokens, 'status:', '# requested').scopes.includes('comment.line.number-sign.yaml'));
    assert.ok(tokenAt(sample, tokens, 'scope:', '"services').scopes.includes('string.quoted.double.yaml'));
    for (const field of EXCEPTION_FIELDS) assertToken(sample, tokens, `${field}:`, field, FIELD);
  });

  test('the status value is scoped by status', () => {
    const value = assertToken(sample, tokens, 'status:', 'approved', status('approved'));
    assert.ok(value.scopes.includes('string.unquoted.plain.out.yaml'), `still a YAML value: ${value.scopes.join(' ')}`);
    // the comment listing the statuses is not a status
    assertNoTechPolicyScope(sample, tokens, '# requested', 'approved');
  });

  test('EX-nnnn ids in the front matter and in the body', () => {
    assertToken(sample, tokens, 'id:', 'EX-0007', EXCEPTION_ID);
    assertToken(sample, tokens, 'which EX-0002', 'EX-0002', EXCEPTION_ID);
    const inCode = assertToken(sample, tokens, 'see also', 'EX-0001', EXCEPTION_ID);
    assert.ok(inCode.scopes.includes('markup.inline.raw.string.markdown'), `still inline code: ${inCode.scopes.join(' ')}`);
  });

  test('rule ids in the front matter and in the body, in prose and as inline code', () => {
    assertToken(sample, tokens, 'rule:', 'new-technology', RULE);
    assertToken(sample, tokens, 'see also', 'new-technology', RULE);
    const inCode = assertToken(sample, tokens, 'plugin; the', 'new-technology', RULE);
    assert.ok(inCode.scopes.includes('markup.inline.raw.string.markdown'), `still inline code: ${inCode.scopes.join(' ')}`);
    assertToken(sample, tokens, 'plugin; the', '`', 'punctuation.definition.raw.markdown');
  });

  test('every rule id the server knows, and every status with its MADR synonyms, in any case or quoted', async () => {
    const statuses: Array<[string, string]> = [
      ['requested', 'requested'], ['proposed', 'requested'], ['approved', 'approved'], ['Accepted', 'approved'],
      ['rejected', 'rejected'], ['withdrawn', 'withdrawn'], ['deprecated', 'withdrawn'], ['superseded', 'withdrawn'],
    ];
    for (const [value, expected] of statuses) {
      for (const written of [value, `"${value}"`, `'${value}'`]) {
        const doc = `---\nid: EX-0001\nstatus: ${written}   # a comment\n---\n`;
        assertToken(doc, await tokenize(doc), 'status:', value, status(expected));
      }
    }
    const rules = `---\nrule: x\n---\n${RULE_IDS.map((r) => `- ${r} here`).join('\n')}\n`;
    const ruleTokens = await tokenize(rules);
    for (const rule of RULE_IDS) assertToken(rules, ruleTokens, `- ${rule} here`, rule, RULE);
  });

  test('look-alikes, nested keys, comments and code are left alone', async () => {
    const doc = [
      '---',
      'id: EX-0003',
      'status: pending',
      'subject: x-new-technology',
      'nested:',
      '  status: approved',
      '  id: inner',
      '# rule: new-service EX-0009',
      '---',
      'status: approved in prose; XEX-0001, EX-0001a and new-technologies are not references.',
      '',
      '```json',
      '{ "rule": "new-service", "id": "EX-0004" }',
      '```',
      '',
      '<!-- EX-0005 in a comment -->',
      '',
    ].join('\n');
    const t = await tokenize(doc);
    assertNoTechPolicyScope(doc, t, 'status: pending', 'pending');
    assertNoTechPolicyScope(doc, t, 'subject:', 'x-new-technology');
    assertNoTechPolicyScope(doc, t, 'subject:', 'new-technology');
    assertNoTechPolicyScope(doc, t, '  status: approved', 'status');
    assertNoTechPolicyScope(doc, t, '  status: approved', 'approved');
    assertNoTechPolicyScope(doc, t, '  id: inner', 'id');
    assertNoTechPolicyScope(doc, t, '# rule:', 'new-service');
    assertNoTechPolicyScope(doc, t, '# rule:', 'EX-0009');
    assertNoTechPolicyScope(doc, t, 'status: approved in', 'status');
    assertNoTechPolicyScope(doc, t, 'status: approved in', 'approved');
    assertNoTechPolicyScope(doc, t, 'in prose', 'EX-0001');
    assertNoTechPolicyScope(doc, t, 'in prose', 'EX-0001a');
    assertNoTechPolicyScope(doc, t, 'in prose', 'new-technologies');
    assertNoTechPolicyScope(doc, t, '{ "rule"', 'new-service');
    assertNoTechPolicyScope(doc, t, '{ "rule"', 'EX-0004');
    assertNoTechPolicyScope(doc, t, '<!--', 'EX-0005');
    // the line with a known id is still highlighted: the negatives are not vacuous
    assertToken(doc, t, 'id: EX-0003', 'EX-0003', EXCEPTION_ID);
  });
});
