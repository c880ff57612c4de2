// Every test here runs the tech-policy command as a process (often several, often over a generated
// workspace): a second or more each on a busy 2-core machine; npm run test:cli gives each test 20 s
// (--timeout 20000), and the suites that need more say so.
// The formats GitHub reads (workflow-command annotations, the Markdown job summary, SARIF for code
// scanning) and the CLI's help, asserted as GitHub and a user would read them.
import * as assert from 'assert';
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { copyFixture, REPO_ROOT } from '../support/fixtures';

const CLI = path.join(REPO_ROOT, 'dist', 'cli.js');

function run(args: string[], cwd = REPO_ROOT, env: NodeJS.ProcessEnv = {}) {
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8', env: { PATH: process.env.PATH, HOME: process.env.HOME, ...env } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** A workflow command line, parsed back the way the runner reads it. */
function parseCommand(line: string): { level: string; props: Record<string, string>; message: string } | undefined {
  const m = /^::(\w+)(?: ([^:]*))?::(.*)$/.exec(line);
  if (!m) return undefined;
  const unescape = (s: string) => s.replace(/%0A/g, '\n').replace(/%0D/g, '\r').replace(/%3A/g, ':').replace(/%2C/g, ',').replace(/%25/g, '%');
  const props: Record<string, string> = {};
  for (const p of (m[2] ?? '').split(',').filter(Boolean)) {
    const eq = p.indexOf('=');
    props[p.slice(0, eq)] = unescape(p.slice(eq + 1));
  }
  return { level: m[1], props, message: unescape(m[3]) };
}

function repoWith(files: Record<string, string>): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'tp-formats-'));
  for (const [file, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
    fs.writeFileSync(path.join(root, file), text);
  }
  return root;
}

const POLICY = JSON.stringify({ approvers: [{ name: 'Dana Reyes', role: 'CTO' }], technologies: { express: 'adopt' } });

suite('command line: the formats GitHub reads', () => {
  test('--format github: one annotation per finding at its file, line and columns, paths from the repository root', () => {
    const repo = repoWith({
      'services/shop/techpolicy.json': POLICY,
      'services/shop/package.json': '{\n  "dependencies": {\n    "express": "4",\n    "fastify": "5"\n  }\n}\n',
    });
    // run from the repository root, as a workflow does, on a folder inside it
    const r = run(['check', 'services/shop', '--format', 'github'], repo);
    assert.strictEqual(r.code, 1, r.stderr);
    const lines = r.stdout.trimEnd().split('\n');
    const fastify = lines.map(parseCommand).find((c) => c?.props.title === 'Tech Policy: new-technology');
    assert.ok(fastify, r.stdout);
    assert.strictEqual(fastify.level, 'warning');
    assert.deepStrictEqual({ file: fastify.props.file, line: fastify.props.line, col: fastify.props.col, endLine: fastify.props.endLine, endColumn: fastify.props.endColumn }, {
      file: 'services/shop/package.json',
      line: '4',
      col: '5',
      endLine: '4',
      endColumn: '14',
    });
    assert.match(fastify.message, /Fastify/);
    assert.match(lines[lines.length - 1], /^1 finding \(1 at error or warning level\)/);
  });

  test('--format github: a file name with a newline, a comma or "::" cannot forge a command or a property', () => {
    const evil = 'x,line=1::\n::error file=forged.json::forged';
    const repo = repoWith({ 'techpolicy.json': POLICY, [`${evil}/package.json`]: '{ "dependencies": { "koa": "2" } }' });
    const r = run(['check', '.', '--format', 'github'], repo);
    assert.strictEqual(r.code, 1, r.stderr);
    const lines = r.stdout.trimEnd().split('\n');
    assert.ok(!lines.some((l) => l.startsWith('::error file=forged.json')), r.stdout);
    const koa = lines.map(parseCommand).find((c) => c?.props.title === 'Tech Policy: new-technology');
    assert.ok(koa, r.stdout);
    assert.strictEqual(koa.props.file, `${evil}/package.json`);
    assert.strictEqual(koa.props.line, '1');
  });

  test('--format github: a broken policy is an error annotation on the policy file, exit 2', () => {
    const repo = repoWith({ 'techpolicy.json': '{ "technologies": { "express": { "ring": "sideways" } } }', 'package.json': '{}' });
    const r = run(['check', '.', '--format', 'github'], repo);
    assert.strictEqual(r.code, 2);
    const commands = r.stdout.split('\n').map(parseCommand).filter((c) => c !== undefined);
    assert.ok(commands.some((c) => c.level === 'error' && /policy file techpolicy\.json is invalid/.test(c.message)), r.stdout);
    assert.ok(commands.some((c) => c.level === 'error' && c.props.file === 'techpolicy.json' && c.props.line === '1'), r.stdout);
  });

  test('--format markdown: counts, findings grouped by rule, pending requests linked to the commit, escaped', () => {
    const root = copyFixture('unit/core');
    const sha = 'a'.repeat(40);
    const r = run(['check', root, '--format', 'markdown'], root, { GITHUB_SERVER_URL: 'https://github.com', GITHUB_REPOSITORY: 'acme/shop', GITHUB_SHA: sha });
    assert.strictEqual(r.code, 1, r.stderr);
    const md = r.stdout;
    assert.match(md, /^## Tech Policy: 14 findings\n/);
    assert.match(md, /\| `new-technology` \| \d+ \| \d+ \|/);
    assert.match(md, /### `new-technology`: A framework or technology the policy has not approved \(\d+\)/);
    assert.match(md, /\| \[`package\.json:5`\]\(https:\/\/github\.com\/acme\/shop\/blob\/a{40}\/package\.json#L5\) \| Fastify \| warning \| EX-0002 requested, not yet signed: Fastify/);
    assert.match(md, /### Exception requests awaiting a signature \(1\)/);
    // the rules in one order every run: those that fail the check first (errors, then warnings), then the most findings, then by name
    const rows = [...md.matchAll(/^\| `([a-z-]+)` \| (\d+) \| (\d+) \|$/gm)].map((m) => m[1]);
    const json = JSON.parse(run(['check', root, '--format', 'json'], root).stdout) as { findings: Array<{ rule: string; severity: string }> };
    const count = (rule: string, pick: (f: { severity: string }) => boolean) => json.findings.filter((f) => f.rule === rule && pick(f)).length;
    const key = (rule: string) => [count(rule, (f) => f.severity === 'error'), count(rule, (f) => f.severity === 'error' || f.severity === 'warning'), count(rule, () => true)];
    assert.deepStrictEqual(rows, [...rows].sort((a, b) => { const [x, y] = [key(a), key(b)]; return y[0] - x[0] || y[1] - x[1] || y[2] - x[2] || a.localeCompare(b); }));
    assert.ok(rows.length >= 3, md);
    assert.match(md, /\[`docs\/policy-exceptions\/EX-0002-fastify\.md`\]\(https:\/\/github\.com\/acme\/shop\/blob\/a{40}\/docs\/policy-exceptions\/EX-0002-fastify\.md\) EX-0002 \| fastify \| `new-technology`/);
    // without the runner's variables there is nothing to link to: the paths alone
    const plain = run(['check', root, '--format', 'markdown'], root).stdout;
    assert.ok(!plain.includes('https://github.com/acme'), plain);
    assert.match(plain, /\| `package\.json:5` \| Fastify \|/);
  });

  test('--format markdown: text from the repository cannot inject HTML, links or table cells', () => {
    const repo = repoWith({ 'techpolicy.json': POLICY, 'a|b<img src=x>[y](z)/package.json': '{ "dependencies": { "koa": "2" } }' });
    const md = run(['check', '.', '--format', 'markdown'], repo).stdout;
    const row = md.split('\n').find((l) => l.includes('Koa'));
    assert.ok(row, md);
    // the file name is a code span (nothing in it is HTML or a link), and the row keeps its four cells
    assert.ok(row.startsWith('| `a\\|b<img src=x>[y](z)/package.json:1` |'), row);
    assert.strictEqual(row.split(/(?<!\\)\|/).length - 2, 4, row);
    assert.ok(!md.replace(/`[^`]*`/g, '').includes('<img'), md);
  });

  test('sarif: one fingerprint per location (the same package in dependencies and devDependencies)', () => {
    const repo = repoWith({ 'techpolicy.json': POLICY, 'package.json': '{ "dependencies": { "koa": "2" }, "devDependencies": { "koa": "2" } }' });
    const sarif = JSON.parse(run(['check', '.', '--format', 'sarif'], repo).stdout);
    const results = sarif.runs[0].results as Array<{ ruleId: string; partialFingerprints: Record<string, string> }>;
    const koa = results.filter((x) => x.ruleId === 'new-technology');
    assert.strictEqual(koa.length, 2);
    assert.notStrictEqual(koa[0].partialFingerprints.techPolicySubject, koa[1].partialFingerprints.techPolicySubject);
  });

  test('sarif and markdown: "#", "?" and ")" in a path stay part of the name', () => {
    const repo = repoWith({ 'techpolicy.json': POLICY, 'app#1/package.json': '{ "dependencies": { "koa": "2" } }', 'a)_www.evil.com/package.json': '{ "dependencies": { "koa": "2" } }' });
    const sarif = JSON.parse(run(['check', '.', '--format', 'sarif'], repo).stdout);
    const uris = (sarif.runs[0].results as Array<{ locations: Array<{ physicalLocation: { artifactLocation: { uri: string } } }> }>).map((x) => x.locations[0].physicalLocation.artifactLocation.uri);
    assert.deepStrictEqual(uris.sort(), ['a)_www.evil.com/package.json', 'app%231/package.json'].sort());
    const md = run(['check', '.', '--format', 'markdown'], repo, { GITHUB_SERVER_URL: 'https://github.com', GITHUB_REPOSITORY: 'acme/shop', GITHUB_SHA: 'a'.repeat(40) }).stdout;
    assert.ok(md.includes(`(https://github.com/acme/shop/blob/${'a'.repeat(40)}/a%29_www.evil.com/package.json#L1)`), md);
  });

  test('sarif: no absolute path of this machine; paths relative to where the check ran', () => {
    const repo = repoWith({ 'app/techpolicy.json': POLICY, 'app/package.json': '{ "dependencies": { "koa": "2" } }' });
    const out = run(['check', 'app', '--format', 'sarif'], repo).stdout;
    assert.ok(!out.includes(repo), 'the SARIF holds the absolute path of the checkout');
    const sarif = JSON.parse(out);
    assert.strictEqual(sarif.runs[0].results[0].locations[0].physicalLocation.artifactLocation.uri, 'app/package.json');
    assert.strictEqual(sarif.runs[0].originalUriBaseIds['%SRCROOT%'].uri, undefined);
  });

  test('sarif: a broken policy is a failed invocation with the problem as a notification, and no results from it', () => {
    const repo = repoWith({ 'techpolicy.json': '{ "technologies": { "express": { "ring": "sideways" } }', 'package.json': '{ "dependencies": { "koa": "2", "express": "4" } }' });
    const r = run(['check', '.', '--format', 'sarif'], repo);
    assert.strictEqual(r.code, 2);
    const run0 = JSON.parse(r.stdout).runs[0];
    assert.strictEqual(run0.invocations[0].executionSuccessful, false);
    assert.deepStrictEqual(run0.results, []);
    const notes = run0.invocations[0].toolExecutionNotifications as Array<{ level: string; message: { text: string } }>;
    assert.ok(notes.some((n) => n.level === 'error' && /policy file techpolicy\.json is invalid/.test(n.message.text)), JSON.stringify(notes));
    assert.ok(notes.some((n) => n.level === 'error' && /^techpolicy\.json could not be checked: line 1/.test(n.message.text)), JSON.stringify(notes));
  });

  test('sarif: the policy\'s rationale is text in help.markdown and only a web page is a link (never javascript:)', () => {
    const root = repoWith({
      'techpolicy.json': JSON.stringify({
        technologies: { express: 'adopt' },
        rules: {
          'new-technology': { rationale: 'Read [this](javascript:alert(1)) <img src=x onerror=alert(2)> \u001b[31mnow', link: 'javascript:alert(document.domain)' },
          'new-service': { link: 'data:text/html,<script>alert(1)</script>' },
          'new-language': { link: 'https://wiki.acme.example/languages' },
        },
      }),
      'package.json': '{ "dependencies": { "koa": "2" } }',
    });
    const sarif = JSON.parse(run(['check', root, '--format', 'sarif'], root).stdout);
    const rules = new Map((sarif.runs[0].tool.driver.rules as Array<{ id: string; helpUri: string; help: { text: string; markdown: string } }>).map((r) => [r.id, r]));
    const tech = rules.get('new-technology')!;
    assert.strictEqual(tech.helpUri, 'https://github.com/tech-policy/tech-policy/blob/main/docs/rules/new-technology.md');
    assert.strictEqual(tech.help.markdown, 'Read \\[this\\](javascript:alert(1)) \\<img src=x onerror=alert(2)\\> \\\\u001b\\[31mnow\n\n[Rule documentation](https://github.com/tech-policy/tech-policy/blob/main/docs/rules/new-technology.md)');
    assert.strictEqual(tech.help.text, 'Read [this](javascript:alert(1)) <img src=x onerror=alert(2)> \\u001b[31mnow');
    assert.strictEqual(rules.get('new-service')!.helpUri, 'https://github.com/tech-policy/tech-policy/blob/main/docs/rules/new-service.md');
    assert.strictEqual(rules.get('new-language')!.helpUri, 'https://wiki.acme.example/languages');
    assert.ok(!JSON.stringify(sarif).includes('javascript:alert(document'), 'the javascript: link is nowhere');
  });

  test('--format github and text: an escape sequence from the repository reaches no terminal', () => {
    const root = repoWith({
      'techpolicy.json': JSON.stringify({ technologies: { express: 'adopt' }, rules: { 'unlisted-dependency': 'warning' } }),
      'package.json': JSON.stringify({ dependencies: { '\u001b]8;;https://evil.example\u0007left-pad\u001b[2J': '1', 'a\u202ebad': '1' } }),
    });
    for (const format of ['github', 'text']) {
      const r = run(['check', root, '--format', format], root);
      assert.strictEqual(r.code, 1, r.stderr);
      // eslint-disable-next-line no-control-regex -- the characters that must not reach a terminal
      assert.ok(!/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/.test(r.stdout), `${format}: ${JSON.stringify(r.stdout)}`);
      assert.ok(r.stdout.includes('\\u001b]8;;https'), `${format}: the escape is visible: ${r.stdout}`);
      assert.ok(r.stdout.includes('a\\u202ebad'), format);
    }
  });

  test('sarif: every rule\'s helpUri is the documentation of that rule, which ships in the package', () => {
    const repo = repoWith({ 'techpolicy.json': POLICY, 'package.json': '{}' });
    const sarif = JSON.parse(run(['check', '.', '--format', 'sarif'], repo).stdout);
    const files = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')).files as string[];
    assert.ok(files.includes('docs/rules/'), 'docs/rules ships in the package');
    for (const rule of sarif.runs[0].tool.driver.rules as Array<{ id: string; helpUri: string }>) {
      const m = /^https:\/\/github\.com\/tech-policy\/tech-policy\/blob\/main\/(docs\/rules\/[a-z-]+\.md)$/.exec(rule.helpUri);
      assert.ok(m, rule.helpUri);
      assert.ok(fs.existsSync(path.join(REPO_ROOT, m[1])), `${m[1]} does not exist`);
      assert.match(fs.readFileSync(path.join(REPO_ROOT, m[1]), 'utf8'), new RegExp(`^# \`${rule.id}\``));
    }
  });
});

suite('command line: one rule for paths in every format', () => {
  /** Every path a format names for a finding or a file not checked, as its reader reads it. */
  function pathsOf(format: string, args: string[], cwd: string): string[] {
    const out = run(['check', ...args, '--format', format], cwd).stdout;
    if (format === 'text') return out.split('\n').map((l) => /^(.+?)(?::\d+:\d+ |: could not be checked)/.exec(l)?.[1]).filter((p): p is string => !!p);
    if (format === 'json') {
      const json = JSON.parse(out) as { findings: Array<{ file: string }>; errors: Array<{ file: string }> };
      return [...json.findings, ...json.errors].map((f) => f.file);
    }
    if (format === 'sarif') {
      const run0 = JSON.parse(out).runs[0] as { results: Array<{ locations: Array<{ physicalLocation: { artifactLocation: { uri: string } } }> }>; invocations: Array<{ toolExecutionNotifications: Array<{ locations: Array<{ physicalLocation: { artifactLocation: { uri: string } } }> }> }> };
      return [...run0.results, ...run0.invocations[0].toolExecutionNotifications].map((x) => decodeURIComponent(x.locations[0].physicalLocation.artifactLocation.uri));
    }
    if (format === 'github') return out.split('\n').map(parseCommand).map((c) => c?.props.file).filter((p): p is string => !!p);
    return [...out.matchAll(/`([^`]+?\.(?:json|yml))(?::\d+)?`/g)].map((m) => m[1]);
  }

  test('relative to the working directory when the checked folder is inside it, else to the folder: the same in text, JSON, SARIF, github and Markdown', () => {
    const repo = repoWith({
      'examples/shop/techpolicy.json': POLICY,
      'examples/shop/package.json': '{ "dependencies": { "express": "4", "fastify": "5" } }',
      'examples/shop/docker-compose.yml': 'services:\n  web:\n    build: .\n  cache: [\n',
      'elsewhere/README.md': '',
    });
    const formats = ['text', 'json', 'sarif', 'github', 'markdown'];
    // from the repository root, as a workflow runs: the path from there, which the terminal can open
    for (const format of formats) {
      const paths = pathsOf(format, ['examples/shop'], repo);
      assert.deepStrictEqual([...new Set(paths)].sort(), ['examples/shop/docker-compose.yml', 'examples/shop/package.json'], `${format}: ${paths.join(', ')}`);
      for (const p of paths) assert.ok(fs.existsSync(path.join(repo, p)), `${format}: ${p} does not open from the working directory`);
    }
    // from inside the folder itself: the same rule gives the short paths
    for (const format of formats) assert.deepStrictEqual([...new Set(pathsOf(format, ['.'], path.join(repo, 'examples/shop')))].sort(), ['docker-compose.yml', 'package.json'], format);
    // from a folder the checked one is not inside: relative to the checked folder, never an absolute path of this machine
    for (const format of formats) assert.deepStrictEqual([...new Set(pathsOf(format, ['../examples/shop'], path.join(repo, 'elsewhere')))].sort(), ['docker-compose.yml', 'package.json'], format);
  });
});

suite('command line: help, output and counts', () => {
  test('"tech-policy help check" and "check --help" tell what check looks at: technologies, services, languages', () => {
    const a = run(['help', 'check']);
    const b = run(['check', '--help']);
    assert.strictEqual(a.code, 0);
    assert.strictEqual(a.stdout, b.stdout);
    assert.match(a.stdout, /^Usage: tech-policy check/);
    for (const word of ['services', 'languages', 'technologies', 'Dockerfiles', '--format FORMAT', 'github', 'markdown']) assert.ok(a.stdout.includes(word), word);
    assert.match(run(['help']).stdout, /^Usage:\n {2}tech-policy check/);
    const unknown = run(['help', 'nope']);
    assert.strictEqual(unknown.code, 2);
    assert.match(unknown.stderr, /unknown command "nope"/);
  });

  test('--output: the summary still goes to stderr; into a missing folder: one sentence, exit 2', () => {
    const root = copyFixture('unit/core');
    const out = path.join(root, 'report.json');
    const r = run(['check', root, '--format', 'json', '--output', out]);
    assert.strictEqual(r.code, 1);
    assert.strictEqual(r.stdout, '');
    assert.match(r.stderr, /^tech-policy: 14 findings \(14 at error or warning level\), .* Report written to .*report\.json\.\n$/);
    const missing = run(['check', root, '--output', path.join(root, 'no/such/folder/report.txt')]);
    assert.strictEqual(missing.code, 2);
    assert.strictEqual(missing.stderr.trimEnd().split('\n').length, 1, missing.stderr);
    assert.match(missing.stderr, /does not exist; the report was not written/);
  });

  test('"N files not checked" counts files, not problems', () => {
    const repo = repoWith({ 'techpolicy.json': '{ "technologies": { "express": "sideways", "koa": "upwards" } }' });
    const r = run(['check', '.', '--format', 'json'], repo);
    const errors = (JSON.parse(r.stdout) as { errors: Array<{ file: string; line?: number }> }).errors;
    const text = run(['check', '.'], repo).stdout;
    assert.ok(errors.filter((e) => e.file === 'techpolicy.json' && e.line === 1).length === 2, JSON.stringify(errors));
    assert.match(text, /, 1 file not checked\.\n$/);
  });
});
