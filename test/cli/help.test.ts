// The command line's documentation agrees with itself and with the README: every verb, every
// option and every value the help names is what the CLI accepts, and the README shows the same.
import * as assert from 'assert';
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { commandHelp, optionsOf, SWITCHES, USAGE, usageLines, WITH_VALUE } from '../../server/src/cli/options';
import { REPO_ROOT } from '../support/fixtures';

const CLI = path.join(REPO_ROOT, 'dist', 'cli.js');
const README = fs.readFileSync(path.join(REPO_ROOT, 'README.md'), 'utf8');

function run(args: string[], cwd = REPO_ROOT) {
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** The verbs the CLI runs, as it names them when none is given. */
function verbs(): string[] {
  const r = run([]);
  const m = /Name a command: ([a-z, -]+)\./.exec(r.stderr);
  assert.ok(m, r.stderr);
  return m[1].split(', ');
}

/** The lines of the README's command-line block, without their trailing comments. */
function readmeSynopsis(): string[] {
  const section = README.slice(README.indexOf('## Command line (CI)'));
  const block = [...section.matchAll(/```sh\n([\s\S]*?)```/g)].find((b) => b[1].startsWith('tech-policy check '));
  assert.ok(block, 'the README\'s "Command line (CI)" section has a sh block of the usage lines');
  const lines = block[1].split('\n').filter((l) => l.startsWith('tech-policy '));
  return lines.map((l) => l.replace(/\s+#.*$/, '').trim());
}

/** A README table's rows under a header that starts with `| first |`: the first two cells, unquoted. */
function readmeTable(first: string): Array<[string, string]> {
  const start = README.indexOf(`| ${first} |`);
  assert.ok(start >= 0, `the README has a table headed "${first}"`);
  const rows = README.slice(start).split('\n').slice(2);
  const out: Array<[string, string]> = [];
  for (const row of rows) {
    if (!row.startsWith('|')) break;
    const cells = row.split('|').map((c) => c.trim());
    out.push([cells[1].replace(/`/g, ''), cells[2].replace(/`/g, '')]);
  }
  return out;
}

suite('command line: help, README and the parser agree', () => {
  test('every verb has usage lines, its own help starting with the same lines, and the same lines in the README', () => {
    const all = verbs();
    assert.ok(all.includes('check') && all.includes('radar'), all.join(', '));
    const readme = readmeSynopsis();
    for (const verb of all) {
      const lines = usageLines(verb);
      assert.ok(lines.length > 0, `USAGE has no line for "${verb}"`);
      const help = commandHelp(verb);
      assert.ok(help, `"tech-policy help ${verb}" has no help`);
      const helpLines = help.split('\n').slice(0, lines.length).map((l) => l.replace(/^Usage:/, '').trim());
      assert.deepStrictEqual(helpLines, lines, `"help ${verb}" starts with other usage lines than the usage`);
      for (const line of lines) assert.ok(readme.includes(line), `the README's command-line block lacks:\n${line}\n(it has:\n${readme.join('\n')})`);
    }
    // and nothing in the README's block that the CLI does not have
    const usage = USAGE.split('\n').map((l) => l.trim()).filter((l) => l.startsWith('tech-policy '));
    assert.deepStrictEqual(readme, usage, 'the README shows the usage lines, in the same order');
    const listed = /one command's help: ([a-z, ]+)\./.exec(run(['help', 'help']).stdout);
    assert.deepStrictEqual(listed?.[1].split(', ').sort(), [...all].sort(), '"help help" names every verb');
  });

  test('every option the parser accepts is documented for some command, and every documented option parses', () => {
    const documented = new Set(verbs().flatMap((v) => [...optionsOf(v)]));
    for (const option of [...WITH_VALUE.filter((o) => o.startsWith('--')), ...SWITCHES]) assert.ok(documented.has(option), `${option} parses but no command's help names it`);
    for (const option of documented) assert.ok(WITH_VALUE.includes(option) || SWITCHES.includes(option), `a help names ${option}, which does not parse`);
  });

  test('an option a command does not take is an error that says so, not silently ignored', () => {
    const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'tp-help-'));
    const r = run(['init', folder, '--format', 'json']);
    assert.deepStrictEqual([r.code, r.stderr.split('\n')[0]], [2, 'tech-policy: "init" does not take --format; "tech-policy help init" lists what it takes.']);
    assert.ok(!fs.existsSync(path.join(folder, 'techpolicy.json')), 'nothing was written');
    assert.strictEqual(run(['report', folder, '--trusted-policy', 'main']).stderr.split('\n')[0], 'tech-policy: "report" does not take --trusted-policy; "tech-policy help report" lists what it takes.');
    // the short form counts as its long one
    assert.match(run(['check', folder, '-o', path.join(folder, 'out.txt')]).stderr, /^tech-policy: 0 findings/);
  });

  test('each --format list in the usage is exactly what the command accepts', () => {
    for (const verb of verbs()) {
      for (const line of usageLines(verb)) {
        const m = /--format ([a-z|]+)/.exec(line);
        if (!m) continue;
        const args = line.replace(/^tech-policy /, '').split(' ').filter((w) => /^[a-z]+$/.test(w));
        const r = run([...args, '--format', 'nope']);
        const listed = m[1].split('|');
        const said = /use ([a-z, ]+) or ([a-z]+)\./.exec(r.stderr);
        assert.ok(said, `${line}: ${r.stderr}`);
        assert.deepStrictEqual([...said[1].split(', '), said[2]], listed, line);
      }
    }
  });

  test('each --since the usage shows works, and the README says the same', function () {
    this.timeout(60_000); // one report per period, each a small process (about half a second)
    const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'tp-help-since-'));
    fs.writeFileSync(path.join(folder, 'techpolicy.json'), '{}');
    const m = /--since ([\w|]+)/.exec(usageLines('report')[0]);
    assert.ok(m);
    for (const period of m[1].split('|').filter((p) => p !== 'DATE').concat('2026-01-01')) {
      const r = run(['report', folder, '--since', period, '--format', 'json']);
      assert.strictEqual(r.code, 0, `--since ${period}: ${r.stderr}`);
    }
    assert.ok(README.includes(`--since ${m[1]}`), 'the README names the same periods');
  });

  test('the README\'s tables list the Action\'s inputs and the extension\'s settings, with their defaults', () => {
    const action = fs.readFileSync(path.join(REPO_ROOT, 'action.yml'), 'utf8');
    const inputs = [...action.split(/^outputs:/m)[0].matchAll(/^ {2}([a-z-]+):\n(?: {4}.*\n)*? {4}default: ?(.*)$/gm)].map((x) => [x[1], x[2].replace(/^'(.*)'$/, '$1')]);
    assert.deepStrictEqual(readmeTable('input'), inputs);
    const pkg = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as { contributes: { configuration: { properties: Record<string, { default: unknown }> } } };
    const settings = readmeTable('setting');
    assert.deepStrictEqual(settings.map(([name]) => name), Object.keys(pkg.contributes.configuration.properties), 'every setting, in the order VS Code lists them');
    for (const [name, shown] of settings) {
      const value = pkg.contributes.configuration.properties[name].default;
      // an empty default is described in words ("(git's user.signingKey)")
      if (value !== '') assert.strictEqual(shown, String(value), name);
    }
  });
});
