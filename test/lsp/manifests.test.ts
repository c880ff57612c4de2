// Every test here drives the real server over stdio (a process, a workspace scan, messages): about a
// second each, more on a busy 2-core machine; npm run test:lsp gives each test 20 s (--timeout 20000).
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { uriOf } from '../support/fixtures';
import { type ServerUnderTest, startServer } from '../support/lspClient';

/**
 * Every ecosystem family in the editor: a dependency typed into an unsaved manifest gets its
 * diagnostic at the name, and disappears when the line is deleted, before anything is saved.
 */
suite('language server: dependencies typed into the manifests of every ecosystem', () => {
  let root: string;
  let server: ServerUnderTest;

  suiteSetup(async () => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'tp-manifests-'));
    fs.writeFileSync(path.join(root, 'techpolicy.json'), JSON.stringify({ approvers: [{ name: 'Dana Reyes' }], technologies: { rails: 'adopt', postgres: 'adopt' } }));
    server = await startServer(root);
    await server.waitFor('start-up', () => server.log.some((l) => l.includes('server ready')));
  });
  suiteTeardown(async () => {
    await server.stop();
    fs.rmSync(root, { recursive: true, force: true });
  });

  const CASES: Array<{ file: string; before: string; line: string; name: string; subject: string }> = [
    { file: 'Gemfile', before: 'source "https://rubygems.org"\ngem "rails"\n', line: 'gem "sinatra", "~> 4.0"', name: 'sinatra', subject: 'sinatra' },
    { file: 'ml/requirements.txt', before: 'pandas==2.2.1\n', line: 'Flask>=3.0', name: 'Flask', subject: 'flask' },
    { file: 'api/pyproject.toml', before: '[project]\nname = "api"\ndependencies = [\n', line: '  "fastapi>=0.110",\n]', name: 'fastapi', subject: 'fastapi' },
    { file: 'worker/go.mod', before: 'module github.com/acme/worker\n\ngo 1.22\n\n', line: 'require github.com/labstack/echo/v4 v4.12.0', name: 'github.com/labstack/echo/v4', subject: 'echo' },
    { file: 'orders/pom.xml', before: '<project>\n  <dependencies>\n', line: '    <dependency><groupId>org.springframework.kafka</groupId><artifactId>spring-kafka</artifactId></dependency>\n  </dependencies>\n</project>', name: 'spring-kafka', subject: 'kafka' },
    { file: 'gateway/Cargo.toml', before: '[package]\nname = "gateway"\n\n[dependencies]\n', line: 'axum = "0.7"', name: 'axum', subject: 'axum' },
    { file: 'shop/composer.json', before: '{\n  "require": {\n', line: '    "laravel/framework": "^11.0"\n  }\n}', name: '"laravel/framework"', subject: 'laravel' },
    { file: 'web/Web.csproj', before: '<Project Sdk="Microsoft.NET.Sdk">\n  <ItemGroup>\n', line: '    <PackageReference Include="Hangfire.AspNetCore" Version="1.8.11" />\n  </ItemGroup>\n</Project>', name: 'Hangfire.AspNetCore', subject: 'hangfire' },
    { file: 'ios/Package.swift', before: 'let package = Package(\n  name: "App",\n  dependencies: [\n', line: '    .package(url: "https://github.com/vapor/vapor.git", from: "4.0.0"),\n  ]\n)', name: 'vapor', subject: 'vapor' },
    { file: 'feed/build.sbt', before: 'libraryDependencies ++= Seq(\n', line: '  "com.typesafe.akka" %% "akka-http" % "10.5.3"\n)', name: 'akka-http', subject: 'akkahttp' },
    { file: 'live/mix.exs', before: 'defmodule Live.MixProject do\n  defp deps do\n    [\n', line: '      {:oban, "~> 2.17"}\n    ]\n  end\nend', name: 'oban', subject: 'oban' },
  ];

  for (const c of CASES) {
    test(`${c.file}: "${c.name}" typed, flagged as ${c.subject}; deleted, gone`, async () => {
      const uri = uriOf(path.join(root, c.file));
      server.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'plaintext', version: 1, text: c.before } });
      const text = c.before + c.line + '\n';
      server.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version: 2 }, contentChanges: [{ text }] });
      // the text before the line may be half-typed (an unclosed array, element or object): with the line it is whole
      const list = await server.waitForDiagnostics(uri, c.subject, (l) => l.some((d) => d.code === 'new-technology'));
      assert.strictEqual(list.length, 1, JSON.stringify(list));
      const [d] = list;
      assert.deepStrictEqual([d.code, (d.data as { subject: string }).subject], ['new-technology', c.subject]);
      const line = text.split('\n')[d.range.start.line];
      assert.strictEqual(line.slice(d.range.start.character, d.range.end.character), c.name);
      server.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version: 3 }, contentChanges: [{ text: c.before }] });
      await server.waitForDiagnostics(uri, 'cleared', (l) => !l.some((x) => x.code === 'new-technology'));
      server.connection.sendNotification('textDocument/didClose', { textDocument: { uri } });
    });
  }

  test('hover on a gem names the technology and the rule, as on an npm dependency', async () => {
    const uri = uriOf(path.join(root, 'Gemfile'));
    const text = 'gem "rails"\ngem "sinatra"\n';
    server.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'ruby', version: 1, text } });
    const [sinatra] = await server.waitForDiagnostics(uri, 'sinatra', (list) => list.length === 1);
    const hover = (await server.connection.sendRequest('textDocument/hover', { textDocument: { uri }, position: { line: 1, character: 6 } })) as { contents: { value: string } } | null;
    assert.ok(hover, 'a hover');
    assert.match(hover.contents.value, /^\*\*Sinatra\*\* — web framework · not approved/);
    // the diagnostic above the hover names the approved stack; the hover does not say it again
    assert.match(String(sinatra.message), /^Sinatra: new web framework \(approved: Ruby on Rails\)\./);
    assert.doesNotMatch(hover.contents.value, /Ruby on Rails/);
    const approved = (await server.connection.sendRequest('textDocument/hover', { textDocument: { uri }, position: { line: 0, character: 6 } })) as { contents: { value: string } } | null;
    assert.match(approved!.contents.value, /Part of the approved stack: ring `adopt`/);
    server.connection.sendNotification('textDocument/didClose', { textDocument: { uri } });
  });
});
