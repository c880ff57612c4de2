// One answer, many askers: for every finding of the fixtures, the check (CLI), the hover (language
// server), the MCP server and the VS Code tools' request (language server) give the same verdict:
// the same rule, the same subject and, for the tools, the check's own message.
import * as assert from 'assert';
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import type { Hover, MarkupContent } from 'vscode-languageserver-types';
import { manifestKind } from '../../server/src/core/scan/ecosystems';
import { fixturePath, REPO_ROOT, uriOf } from '../support/fixtures';
import { startServer } from '../support/lspClient';
import { startMcp } from '../support/mcpClient';

const CLI = path.join(REPO_ROOT, 'dist', 'cli.js');

interface JsonFinding {
  file: string;
  range: { start: { line: number; character: number }; end: { line: number; character: number } };
  rule: string;
  subject: string;
  message: string;
}

/** The rules whose findings an agent can ask about (the exception documents' and the baseline's own are not). */
const ASKABLE = new Set(['new-technology', 'hold-technology', 'new-service', 'new-language', 'unlisted-dependency', 'exception-expired']);

function textAt(root: string, f: JsonFinding): string {
  const lines = fs.readFileSync(path.join(root, f.file), 'utf8').split(/\r?\n/);
  const { start, end } = f.range;
  const text = start.line === end.line ? lines[start.line].slice(start.character, end.character) : lines[start.line].slice(start.character);
  return text.replace(/^["'`:]+|["'`,]+$/g, '').trim();
}

function isManifest(file: string): boolean {
  const base = path.posix.basename(file);
  return base === 'package.json' || manifestKind(path.posix.dirname(file), base) !== undefined;
}

/** What the hover's Markdown says: allowed by an exception, or the rule that flags it. */
function hoverVerdict(md: string): { verdict: string; rule?: string } | undefined {
  const plain = md.replace(/\\(.)/g, '$1');
  if (plain.startsWith('✓ Allowed by')) return { verdict: 'granted' };
  const rule = /\*\*Rule `([\w-]+)`\*\*(?! \(turned off)/.exec(plain)?.[1];
  return rule ? { verdict: 'needs-exception', rule } : undefined;
}

/** The VS Code tools' text names the tools as VS Code does; otherwise it is the MCP server's, word for word. */
function asMcpText(text: string): string {
  return text.replace(/techPolicy_requestException/g, 'request_exception').replace(/techPolicy_checkDeployable/g, 'check_deployable');
}

suite('parity: the check, the hover, the MCP server and the VS Code tools give one verdict for every finding', function () {
  // a language server and an MCP server per fixture folder, and a question per finding: a minute or two on a busy machine
  this.timeout(300_000);

  test('every askable finding of the fixtures', async () => {
    const layouts = fs.readdirSync(fixturePath('layouts')).map((name) => {
      const root = fs.mkdtempSync(path.join(os.tmpdir(), `tp-agents-parity-${name}-`));
      fs.cpSync(fixturePath('layouts', name, 'repo'), root, { recursive: true });
      spawnSync(process.execPath, [CLI, 'init', root]);
      if (fs.existsSync(fixturePath('layouts', name, 'change'))) fs.cpSync(fixturePath('layouts', name, 'change'), root, { recursive: true });
      return root;
    });
    // the shop with a Go service and every dependency listed: new-language, a Go module, unlisted-dependency
    const polyglot = fs.mkdtempSync(path.join(os.tmpdir(), 'tp-agents-parity-go-'));
    fs.cpSync(path.join(REPO_ROOT, 'examples', 'shop'), polyglot, { recursive: true });
    fs.mkdirSync(path.join(polyglot, 'services', 'search'));
    fs.writeFileSync(path.join(polyglot, 'services', 'search', 'go.mod'), 'module example.com/search\n\ngo 1.22\n\nrequire (\n\tgithub.com/gin-gonic/gin v1.10.0\n\tgithub.com/google/uuid v1.6.0\n)\n');
    fs.writeFileSync(path.join(polyglot, 'services', 'search', 'Dockerfile'), 'FROM golang:1.22\nCOPY . .\n');
    const policyFile = path.join(polyglot, 'techpolicy.json');
    fs.writeFileSync(policyFile, fs.readFileSync(policyFile, 'utf8').replace('"unlisted-dependency": { "severity": "off" }', '"unlisted-dependency": { "severity": "warning" }'));
    const roots = [polyglot, ...['unit/core', 'layouts-mixed', 'baseline-parity', 'e2e-services', 'e2e-ecosystems', 'manifests'].map((n) => fixturePath(...n.split('/'))), path.join(REPO_ROOT, 'examples', 'shop'), ...layouts];
    let asked = 0;
    const kinds = new Set<string>();
    for (const root of roots) {
      if (!fs.existsSync(path.join(root, 'techpolicy.json'))) continue;
      const report = JSON.parse(spawnSync(process.execPath, [CLI, 'check', '.', '--format', 'json'], { cwd: root, encoding: 'utf8' }).stdout) as { findings: JsonFinding[] };
      const findings = report.findings.filter((f) => ASKABLE.has(f.rule));
      if (findings.length === 0) continue;
      const server = await startServer(root);
      const mcp = await startMcp(root);
      try {
        await server.waitFor('start-up', () => server.log.some((l) => l.includes('server ready')), 60_000);
        for (const f of findings) {
          const where = `${path.basename(root)}/${f.file}:${f.range.start.line + 1} ${f.rule} ${f.subject}`;
          const uri = uriOf(path.join(root, f.file));
          const diagnostic = server.diagnosticsFor(uri).find((d) => d.code === f.rule && JSON.stringify(d.range) === JSON.stringify(f.range));
          assert.ok(diagnostic, `${where}: the server reports it too`);
          const data = diagnostic.data as { kind: string; folder?: string; expired?: { rule: string } };
          // the question an agent would ask about it
          let tool: string;
          let args: Record<string, unknown>;
          // a deployable by its folder (a Dockerfile's, an app's: the checker names it), else by its place and the name declared there
          if (data.kind === 'service') [tool, args] = ['check_deployable', /(^|\/)(Dockerfile[^/]*|[^/]*\.Dockerfile|package\.json)$/i.test(f.file) ? { path: data.folder || '.' } : { path: data.folder || '.', service: textAt(root, f) }];
          else if (data.kind === 'language') [tool, args] = ['check_deployable', { path: f.file }];
          else if (isManifest(f.file)) [tool, args] = ['check_technology', { package: textAt(root, f), path: f.file }];
          else [tool, args] = ['check_technology', { image: textAt(root, f), path: f.file }];
          let answer = await mcp.call(tool, args);
          let summary = answer.structured?.answers.find((a) => a.kind === data.kind || (data.kind === 'technology' && a.kind === 'library'));
          if (summary?.kind === 'library' && 'package' in args && f.rule !== 'unlisted-dependency') {
            // a name the range holds only in part (a Maven artifactId without its groupId): asked by the technology
            args = { technology: f.subject, path: f.file };
            answer = await mcp.call(tool, args);
            summary = answer.structured?.answers[0];
          }
          if (summary?.kind === 'library' && tool === 'check_technology' && !('package' in args)) {
            // a technology named outright (a Helm chart's dependency): asked by its name, else (an
            // Aspire AddPostgres) by the technology the check names
            args = { technology: textAt(root, f), path: f.file };
            answer = await mcp.call(tool, args);
            summary = answer.structured?.answers[0];
            if (summary?.kind === 'library') {
              args = { technology: f.subject, path: f.file };
              answer = await mcp.call(tool, args);
              summary = answer.structured?.answers[0];
            }
          }
          if (data.kind === 'service' && summary?.subject !== f.subject) {
            args = { path: data.folder || '.', service: f.subject };
            answer = await mcp.call(tool, args);
            summary = answer.structured?.answers.find((a) => a.kind === 'service');
          }
          assert.ok(summary, `${where}: ${tool} ${JSON.stringify(args)} answered ${answer.text}`);
          const finding = summary.finding as { rule: string; message: string } | undefined;
          // a declaration's own note (a name read from a variable) is about that file, not the question
          const message = finding && f.message.startsWith(`${finding.message} (`) ? f.message : finding?.message;
          assert.deepStrictEqual(
            [summary.verdict, summary.subject, finding?.rule, message],
            ['needs-exception', f.subject, f.rule, f.message],
            `${where}: MCP ${tool} ${JSON.stringify(args)}:\n${answer.text}`,
          );
          // the VS Code tools ask the language server: the same text
          const lsp = (await server.connection.sendRequest('techPolicy/agentTool', { tool, input: args, phase: 'invoke' })) as { text: string };
          assert.strictEqual(asMcpText(lsp.text), answer.text, `${where}: the VS Code tools' answer`);
          // the hover on the finding: the same rule (an expired exception's finding is judged by its own rule)
          const hover = (await server.connection.sendRequest('textDocument/hover', { textDocument: { uri }, position: f.range.start })) as Hover | null;
          if (f.rule !== 'unlisted-dependency') {
            const md = hover ? (hover.contents as MarkupContent).value : '';
            assert.deepStrictEqual(hoverVerdict(md), { verdict: 'needs-exception', rule: data.expired?.rule ?? f.rule }, `${where}: the hover\n${md}`);
          }
          asked++;
          kinds.add(`${data.kind}:${f.rule}`);
        }
      } finally {
        await mcp.close();
        await server.stop();
      }
    }
    assert.ok(asked >= 40, `only ${asked} findings asked about`);
    console.log(`      ${asked} findings asked about, by kind and rule: ${[...kinds].sort().join(', ')}`);
    for (const kind of ['technology:new-technology', 'technology:hold-technology', 'technology:exception-expired', 'technology:unlisted-dependency', 'service:new-service', 'language:new-language']) assert.ok(kinds.has(kind), `no ${kind} finding among ${[...kinds].join(', ')}`);
  });
});
