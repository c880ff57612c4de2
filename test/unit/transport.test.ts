// The stdio writer keeps the JSON of every diagnostic it sent, and publishing reuses the object of a
// diagnostic that did not change: a keystroke that adds one finding to a manifest with a hundred
// encodes one diagnostic, and what goes on the wire is what JSON.stringify writes. Work is counted
// (encodeWork), never timed.
import * as assert from 'assert';
import type { Diagnostic } from 'vscode-languageserver-types';
import { findingsToDiagnostics } from '../../server/src/core/features/diagnostics';
import { FolderModel } from '../../server/src/core/folder';
import { scanPackageJson } from '../../server/src/core/scan/packageJson';
import { reuseUnchanged } from '../../server/src/lsp/publish';
import { PassThrough } from 'stream';
import { StreamMessageReader } from 'vscode-languageserver/node';
import { encodeMessage, encodeWork, StdioWriter } from '../../server/src/lsp/transport';
import { memoryHost } from '../support/fixtures';

const POLICY = JSON.stringify({ approvers: [{ name: 'Dana Reyes' }], technologies: { express: { ring: 'adopt' }, lodash: { ring: 'hold' } } });
const folder = new FolderModel('file:///ws');
folder.setPolicyText(POLICY, memoryHost({}));

function manifest(names: string[]): string {
  return `{\n  "name": "app",\n  "dependencies": {\n${names.map((n) => `    ${JSON.stringify(n)}: "^1.0.0"`).join(',\n')}\n  }\n}\n`;
}

/** The diagnostics of a package.json with these dependencies, as the server makes them on a keystroke. */
function diagnosticsOf(names: string[]): Diagnostic[] {
  return findingsToDiagnostics(folder.checkPackageJson('file:///ws/package.json', scanPackageJson(manifest(names))));
}

const publication = (diagnostics: Diagnostic[]) => ({ jsonrpc: '2.0', method: 'textDocument/publishDiagnostics', params: { uri: 'file:///ws/package.json', diagnostics } });

const FRAMEWORKS = ['fastify', 'koa', 'hapi', 'nestjs', 'restify', 'sails', 'adonis', 'feathers', 'loopback', 'moleculer'].map((n) => (n === 'nestjs' ? '@nestjs/core' : n === 'adonis' ? '@adonisjs/core' : n === 'feathers' ? '@feathersjs/feathers' : n === 'loopback' ? '@loopback/core' : n));

suite('the stdio writer: diagnostics encoded once', () => {
  test('a publication is written as JSON.stringify writes it, whatever was reused', () => {
    const first = diagnosticsOf(['express', 'lodash', ...FRAMEWORKS]);
    assert.ok(first.length >= 10, `${first.length} diagnostics`);
    assert.strictEqual(encodeMessage(publication(first) as never).toString(), JSON.stringify(publication(first)));
    const next = diagnosticsOf(['express', 'lodash', 'moment', ...FRAMEWORKS]);
    reuseUnchanged(first, next);
    assert.strictEqual(encodeMessage(publication(next) as never).toString(), JSON.stringify(publication(next)));
    const withVersion = { jsonrpc: '2.0', method: 'textDocument/publishDiagnostics', params: { uri: 'file:///ws/a b.json', version: 7, diagnostics: next } };
    assert.strictEqual(encodeMessage(withVersion as never).toString(), JSON.stringify(withVersion));
    // what is not ASCII is written in UTF-8, as JSON.stringify's text would be
    const accents = { jsonrpc: '2.0', method: 'textDocument/publishDiagnostics', params: { uri: 'file:///ws/caf%C3%A9/package.json', diagnostics: [{ ...next[0], message: 'Café — “Koa”: 😀' }, next[1]] } };
    assert.ok(encodeMessage(accents as never).equals(Buffer.from(JSON.stringify(accents), 'utf8')));
    // anything else is JSON.stringify's own
    for (const other of [{ jsonrpc: '2.0', id: 1, result: { x: [1, '"'] } }, { jsonrpc: '2.0', method: 'textDocument/publishDiagnostics', params: { uri: 'file:///x', diagnostics: [], extra: 1 } }, { jsonrpc: '2.0', method: 'window/logMessage', params: { type: 3, message: 'é\n' } }]) {
      assert.strictEqual(encodeMessage(other as never).toString(), JSON.stringify(other));
    }
  });

  test('a keystroke that adds one finding encodes that one; one that removes a finding encodes none', () => {
    const a = diagnosticsOf(['express', 'lodash', ...FRAMEWORKS.slice(1)]);
    encodeMessage(publication(a) as never);
    // a dependency added at the end: every other finding is the same, at the same place
    const b = diagnosticsOf(['express', 'lodash', ...FRAMEWORKS.slice(1), FRAMEWORKS[0]]);
    assert.strictEqual(b.length, a.length + 1);
    reuseUnchanged(a, b);
    let work = encodeWork.diagnostics;
    encodeMessage(publication(b) as never);
    assert.strictEqual(encodeWork.diagnostics - work, 1, 'only the new finding is encoded');
    // and removed again
    const c = diagnosticsOf(['express', 'lodash', ...FRAMEWORKS.slice(1)]);
    reuseUnchanged(b, c);
    work = encodeWork.diagnostics;
    encodeMessage(publication(c) as never);
    assert.strictEqual(encodeWork.diagnostics - work, 0, 'nothing new to encode');
    // a line added above them all moves every finding: all are encoded again
    const moved = findingsToDiagnostics(folder.checkPackageJson('file:///ws/package.json', scanPackageJson(`\n${manifest(['express', 'lodash', ...FRAMEWORKS.slice(1)])}`)));
    reuseUnchanged(c, moved);
    work = encodeWork.diagnostics;
    encodeMessage(publication(moved) as never);
    assert.strictEqual(encodeWork.diagnostics - work, moved.length);
  });

  test('a diagnostic is reused only when nothing in it changed: place, message, severity, data', () => {
    const base: Diagnostic = { range: { start: { line: 1, character: 4 }, end: { line: 1, character: 9 } }, severity: 2, source: 'tech-policy', code: 'new-technology', message: 'Koa: new web framework', data: { rule: 'new-technology', subject: 'koa', kind: 'technology', file: 'file:///ws/package.json' } };
    const variants: Diagnostic[] = [
      { ...base, range: { start: { line: 2, character: 4 }, end: { line: 2, character: 9 } } },
      { ...base, message: 'Koa: new web framework.' },
      { ...base, severity: 1 },
      { ...base, data: { ...(base.data as object), request: { id: 'EX-0001', uri: 'file:///ws/EX-0001.md' } } },
      { ...base, data: { ...(base.data as object), baselined: true } },
      { ...base, codeDescription: { href: 'https://example.com' } },
    ];
    for (const v of variants) {
      const next = [v];
      reuseUnchanged([base], next);
      assert.notStrictEqual(next[0], base, JSON.stringify(v));
    }
    const same = [JSON.parse(JSON.stringify(base)) as Diagnostic];
    reuseUnchanged([base], same);
    assert.strictEqual(same[0], base);
  });

  test('removed and added findings around unchanged ones: each unchanged one is found in order', () => {
    const d = (line: number, subject: string): Diagnostic => ({ range: { start: { line, character: 0 }, end: { line, character: 1 } }, message: subject, data: { subject } });
    const previous = [d(1, 'a'), d(2, 'b'), d(3, 'c'), d(4, 'd'), d(5, 'e'), d(6, 'f')];
    const next = [d(1, 'a'), d(2, 'x'), d(4, 'd'), d(5, 'e'), d(5, 'y'), d(6, 'f')];
    reuseUnchanged(previous, next);
    assert.deepStrictEqual(next.map((x) => previous.indexOf(x)), [0, -1, 3, 4, -1, 5]);
  });

  test('the writer frames each message as the protocol says, and a reader reads them back in order', async () => {
    const pipe = new PassThrough();
    const writer = new StdioWriter(pipe);
    const reader = new StreamMessageReader(pipe);
    const read: unknown[] = [];
    reader.listen((m) => read.push(m));
    const messages = [
      publication(diagnosticsOf(['express', ...FRAMEWORKS])),
      { jsonrpc: '2.0', method: 'window/logMessage', params: { type: 3, message: 'Café — “ready” 😀' } },
      publication([{ ...diagnosticsOf(['koa'])[0], message: 'naïve' }]),
      { jsonrpc: '2.0', id: 3, result: null },
    ];
    for (const m of messages) await writer.write(m as never);
    const deadline = Date.now() + 5000;
    while (read.length < messages.length && Date.now() < deadline) await new Promise((r) => setImmediate(r));
    assert.deepStrictEqual(read, JSON.parse(JSON.stringify(messages)));
    reader.dispose();
  });

  test('the messages of one turn go out in one write, in order; each in a turn of its own in its own', async () => {
    const pipe = new PassThrough();
    const writes: number[] = [];
    const write = pipe.write.bind(pipe);
    pipe.write = ((chunk: Buffer, cb?: (error?: Error | null) => void) => {
      writes.push(chunk.length);
      return write(chunk, cb);
    }) as typeof pipe.write;
    const writer = new StdioWriter(pipe);
    const reader = new StreamMessageReader(pipe);
    const read: unknown[] = [];
    reader.listen((m) => read.push(m));
    // a start: two hundred files published in one go (not awaited in turn, as the server sends them)
    const burst = Array.from({ length: 200 }, (_, i) => publication(i % 2 ? diagnosticsOf(['koa']) : []));
    await Promise.all(burst.map((m) => writer.write(m as never)));
    assert.strictEqual(writes.length, 1, 'one write for the whole burst');
    const one = { jsonrpc: '2.0', method: 'window/logMessage', params: { type: 3, message: 'ready' } };
    await writer.write(one as never);
    await writer.write(publication([]) as never);
    assert.strictEqual(writes.length, 3, 'a message a turn: a write each');
    const deadline = Date.now() + 5000;
    while (read.length < burst.length + 2 && Date.now() < deadline) await new Promise((r) => setImmediate(r));
    assert.deepStrictEqual(read, JSON.parse(JSON.stringify([...burst, one, publication([])])));
    reader.dispose();
  });
});
