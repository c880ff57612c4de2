/**
 * The floor of `npm run bench`'s edit and start-up figures: the least a language server that
 * understands manifests can do. Built on the same libraries as Tech Policy's server
 * (vscode-languageserver with incremental sync, jsonc-parser, saxes) and bundled the same way, it
 * parses every change (JSON into a tree, XML through saxes, anything else into lines) and
 * publishes one diagnostic. Its message names the document's version, so the bench knows which
 * edit it answers.
 *
 * With FLOOR_WALK=1 in its environment it also does the least a start must do before it can
 * publish diagnostics for the files on disk: once initialized, a plain readdirSync walk of each
 * workspace folder (into every folder but node_modules, as test/bench/plainWalk.ts) and every
 * package.json read and parsed, then "floor server ready".
 */
import * as fs from 'fs';
import * as path from 'path';
import { findNodeAtLocation, parseTree } from 'jsonc-parser';
import { SaxesParser } from 'saxes';
import { createConnection, ProposedFeatures, TextDocuments, TextDocumentSyncKind } from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { URI } from 'vscode-uri';

const connection = createConnection(ProposedFeatures.all);
const documents = new TextDocuments(TextDocument);

let folders: string[] = [];
connection.onInitialize((params) => {
  folders = (params.workspaceFolders ?? (params.rootUri ? [{ uri: params.rootUri }] : [])).map((f) => URI.parse(f.uri).fsPath);
  return { capabilities: { textDocumentSync: TextDocumentSyncKind.Incremental } };
});
connection.onInitialized(() => {
  const items = process.env.FLOOR_WALK === '1' ? folders.reduce((n, folder) => n + walkAndParse(folder), 0) : 0;
  connection.console.log(`floor server ready (${items} items read)`);
});

/**
 * Every package.json under the folder (node_modules not entered) read and parsed. Nothing is
 * published for them: Tech Policy publishes only the files with findings, so a floor publishing one
 * diagnostic per file would do more than it (2,000 notifications cost more than the walk).
 */
function walkAndParse(root: string): number {
  let items = 0;
  const queue = [root];
  for (let i = 0; i < queue.length; i++) {
    for (const e of fs.readdirSync(queue[i], { withFileTypes: true })) {
      const file = path.join(queue[i], e.name);
      if (e.isDirectory() && e.name !== 'node_modules') queue.push(file);
      else if (e.isFile() && e.name === 'package.json') items += parse(file, fs.readFileSync(file, 'utf8')).count;
    }
  }
  return items;
}

/** What the document says, parsed: how many things it holds, and an offset range to point at. */
function parse(uri: string, text: string): { count: number; offset: number; length: number } {
  if (uri.endsWith('.json')) {
    const tree = parseTree(text);
    const key = tree && findNodeAtLocation(tree, ['dependencies'])?.parent?.children?.[0];
    return { count: tree?.children?.length ?? 0, offset: key?.offset ?? 0, length: key?.length ?? 0 };
  }
  if (uri.endsWith('.xml')) {
    let count = 0;
    const parser = new SaxesParser();
    parser.on('opentag', () => count++);
    parser.on('error', () => undefined);
    parser.write(text).close();
    return { count, offset: 0, length: 0 };
  }
  return { count: text.split('\n').length, offset: 0, length: 0 };
}

documents.onDidChangeContent(({ document }) => {
  const found = parse(document.uri, document.getText());
  const range = { start: document.positionAt(found.offset), end: document.positionAt(found.offset + found.length) };
  void connection.sendDiagnostics({
    uri: document.uri,
    version: document.version,
    diagnostics: [{ range, message: `version ${document.version}: ${found.count} items`, source: 'floor' }],
  });
});

documents.listen(connection);
connection.listen();
