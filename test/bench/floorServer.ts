/**
 * The floor of `npm run bench`'s edit and start-up figures: the least a language server that
 * understands manifests can do. Built on the same libraries as Tech Policy's server
 * (vscode-languageserver with incremental sync, jsonc-parser, saxes) and bundled the same way, it
 * parses every change (JSON into a tree, XML through saxes, anything else into lines) and
 * publishes one diagnostic. Its message names the document's version, so the bench knows which
 * edit it answers.
 */
import { findNodeAtLocation, parseTree } from 'jsonc-parser';
import { SaxesParser } from 'saxes';
import { createConnection, ProposedFeatures, TextDocuments, TextDocumentSyncKind } from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';

const connection = createConnection(ProposedFeatures.all);
const documents = new TextDocuments(TextDocument);

connection.onInitialize(() => ({ capabilities: { textDocumentSync: TextDocumentSyncKind.Incremental } }));
connection.onInitialized(() => connection.console.log('floor server ready'));

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
