// Every test here runs the tech-policy command as a process (often several, often over a generated
// workspace): a second or more each on a busy 2-core machine; npm run test:cli gives each test 20 s
// (--timeout 20000), and the suites that need more say so.
// `tech-policy radar export` and `radar import`, run as a user runs them: the exported texts, the
// policy file after an import (comments kept, nothing overwritten), the report, the exit codes.
import * as assert from 'assert';
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { copyFixture, fixturePath, REPO_ROOT } from '../support/fixtures';

const CLI = path.join(REPO_ROOT, 'dist', 'cli.js');

function run(args: string[], cwd = REPO_ROOT, env: NodeJS.ProcessEnv = {}) {
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8', env: { PATH: process.env.PATH, HOME: process.env.HOME, ...env } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const FIXTURE = fixturePath('radar');
const EPOCH = { SOURCE_DATE_EPOCH: String(Date.UTC(2026, 10, 25) / 1000) };

/** Every file under a folder with its content: to prove an import writes nothing but the policy. */
function snapshot(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of fs.readdirSync(dir, { recursive: true }) as string[]) {
    const p = path.join(dir, name);
    if (fs.lstatSync(p).isFile()) out[name] = fs.readFileSync(p, 'utf8');
  }
  return out;
}

suite('command line: radar export', () => {
  test('--format byor: the BYOR sheet of the policy, by quadrant, ring and name, notes quoted', () => {
    const r = run(['radar', 'export', FIXTURE, '--format', 'byor']);
    assert.strictEqual(r.code, 0, r.stderr);
    assert.strictEqual(
      r.stdout,
      [
        'name,ring,quadrant,isNew,description',
        'Express,Adopt,Frameworks,FALSE,web framework',
        'React,Trial,Frameworks,FALSE,front-end framework',
        'Apache Kafka,Assess,Data and messaging,FALSE,"Only for ""events"", with a review\nby the platform team."',
        'moment,Hold,Tools,FALSE,Use date-fns for new code.',
        '',
      ].join('\n'),
    );
    assert.strictEqual(r.stderr, '');
  });

  test('--format zalando: a radar_visualization config with label, quadrant, ring and moved', () => {
    const r = run(['radar', 'export', FIXTURE, '--format', 'zalando']);
    assert.strictEqual(r.code, 0, r.stderr);
    const config = JSON.parse(r.stdout);
    assert.deepStrictEqual(config.quadrants, [{ name: 'Frameworks' }, { name: 'Data and messaging' }, { name: 'Infrastructure' }, { name: 'Tools' }]);
    assert.deepStrictEqual(config.rings.map((x: { name: string }) => x.name), ['ADOPT', 'TRIAL', 'ASSESS', 'HOLD']);
    assert.deepStrictEqual(config.entries, [
      { label: 'Express', quadrant: 0, ring: 0, moved: 0 },
      { label: 'React', quadrant: 0, ring: 1, moved: 0 },
      { label: 'Apache Kafka', quadrant: 1, ring: 2, moved: 0 },
      { label: 'moment', quadrant: 3, ring: 3, moved: 0 },
    ]);
  });

  test('--format backstage: a TechRadarLoaderResponse; dated SOURCE_DATE_EPOCH when set, else today', () => {
    const r = run(['radar', 'export', FIXTURE, '--format', 'backstage'], REPO_ROOT, EPOCH);
    assert.strictEqual(r.code, 0, r.stderr);
    const doc = JSON.parse(r.stdout);
    assert.deepStrictEqual(doc.quadrants.map((q: { id: string }) => q.id), ['frameworks', 'data', 'infrastructure', 'tools']);
    assert.deepStrictEqual(doc.rings.map((x: { id: string }) => x.id), ['adopt', 'trial', 'assess', 'hold']);
    assert.deepStrictEqual(doc.entries[2], {
      id: 'kafka',
      key: 'kafka',
      title: 'Apache Kafka',
      quadrant: 'data',
      description: 'Only for "events", with a review\nby the platform team.',
      timeline: [{ moved: 0, ringId: 'assess', date: '2026-11-25' }],
    });
    const today = JSON.parse(run(['radar', 'export', FIXTURE, '--format', 'backstage']).stdout);
    assert.match(today.entries[0].timeline[0].date, /^\d{4}-\d{2}-\d{2}$/);
  });

  test('--output FILE: the radar in the file, one line on stderr; the same text as stdout', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tp-radar-out-'));
    const file = path.join(dir, 'radar.csv');
    const r = run(['radar', 'export', FIXTURE, '--format', 'byor', '--output', file]);
    assert.strictEqual(r.code, 0, r.stderr);
    assert.strictEqual(r.stdout, '');
    assert.strictEqual(r.stderr, `Wrote ${file}: 4 technologies as a Thoughtworks BYOR CSV.\n`);
    assert.strictEqual(fs.readFileSync(file, 'utf8'), run(['radar', 'export', FIXTURE, '--format', 'byor']).stdout);
  });

  test('no --format, an unknown format, no policy, no such verb: exit 2 with one sentence', () => {
    const missing = run(['radar', 'export', FIXTURE]);
    assert.strictEqual(missing.code, 2);
    assert.match(missing.stderr, /^tech-policy: "radar export" needs --format: zalando, byor, backstage\.\n/);
    const unknown = run(['radar', 'export', FIXTURE, '--format', 'svg']);
    assert.strictEqual(unknown.code, 2);
    assert.match(unknown.stderr, /Unknown format "svg": use zalando, byor or backstage\./);
    const empty = fs.mkdtempSync(path.join(os.tmpdir(), 'tp-radar-empty-'));
    const none = run(['radar', 'export', empty, '--format', 'byor']);
    assert.strictEqual(none.code, 2);
    assert.strictEqual(none.stdout, '');
    assert.match(none.stderr, /^tech-policy: no techpolicy\.json in .*: there is no policy to export\. Run "tech-policy init" first\.\n$/);
    assert.strictEqual(run(['radar', 'draw']).code, 2);
    const help = run(['help', 'radar']);
    assert.strictEqual(help.code, 0);
    assert.match(help.stdout, /^Usage: tech-policy radar export \[folder\] --format zalando\|byor\|backstage \[--policy FILE\] \[--output FILE\]\n {7}tech-policy radar import FILE \[folder\] \[--policy FILE\] \[--force\]\n/);
    assert.match(run(['--help']).stdout, /tech-policy radar import FILE \[folder\] \[--policy FILE\] \[--force\]/);
  });
});

suite('command line: radar import', () => {
  const ZALANDO_POLICY = `{
  // The shop's approved stack. Comments and this layout must survive an import.
  "approvers": [{ "name": "Dana Reyes", "role": "CTO" }],
  "technologies": {
    "express": { "ring": "adopt" },
    "react": "trial", // being tried in the admin app
    "kafka": { "ring": "assess", "note": "Only for \\"events\\", with a review\\nby the platform team." },
    "moment": { "ring": "hold", "note": "Use date-fns for new code." },
    "postgres": { "ring": "adopt" },
    "internal-event-bus": { "ring": "trial", "name": "Internal Event Bus", "category": "data" },
    "redis": { "ring": "assess" }
  },
  "services": { "web": { "path": "." } }
}
`;

  test('a Zalando config: matched names, an unmatched one under its slug, the existing entry kept, bad entries skipped; a second import changes nothing', () => {
    const dir = copyFixture('radar');
    const before = snapshot(dir);
    const r = run(['radar', 'import', 'zalando.json'], dir);
    assert.strictEqual(r.code, 0, r.stderr);
    assert.strictEqual(r.stderr, '');
    assert.deepStrictEqual(r.stdout.trimEnd().split('\n'), [
      "note: The radar's links are not imported: a policy technology has no link setting.",
      'added: postgres, adopt ("PostgreSQL", entry 1)',
      'unmatched: "Internal Event Bus" (entry 3) is not in the catalog: added as internal-event-bus, trial, category data, the generic one of Data and messaging (quadrant "Data Management"); name a more specific category in the policy if one fits',
      'added: redis, assess ("Redis", entry 6)',
      'kept: react ("React", entry 2): the policy has it as trial, the radar says adopt; --force replaces it',
      'skipped: entry 4: "NGINX" has an unknown ring 7 (the radar\'s rings are 0 to 3)',
      'skipped: entry 5: it has no label',
      'skipped: entry 7: "postgresql" is postgres again (as entry 1)',
      'Imported zalando.json (Zalando tech-radar config) into techpolicy.json: 3 added (1 unmatched), 1 kept, 3 skipped.',
    ]);
    assert.strictEqual(fs.readFileSync(path.join(dir, 'techpolicy.json'), 'utf8'), ZALANDO_POLICY);
    // nothing but the policy was written
    assert.deepStrictEqual(snapshot(dir), { ...before, 'techpolicy.json': ZALANDO_POLICY });

    const again = run(['radar', 'import', 'zalando.json', '.'], dir);
    assert.strictEqual(again.code, 0, again.stderr);
    assert.strictEqual(fs.readFileSync(path.join(dir, 'techpolicy.json'), 'utf8'), ZALANDO_POLICY);
    const last = again.stdout.trimEnd().split('\n').pop();
    assert.strictEqual(last, 'Nothing to change in techpolicy.json from zalando.json (Zalando tech-radar config): 0 added (0 unmatched), 4 kept, 3 skipped.');
    assert.match(again.stdout, /^kept: postgres \("PostgreSQL", entry 1\): the policy has it as adopt already$/m);
    // the policy still checks clean
    assert.strictEqual(run(['check', dir]).code, 0);
  });

  test('a BYOR CSV: quoted notes and a multi-line note, a row without a name, an unknown ring; --force replaces the kept entry\'s ring', () => {
    const dir = copyFixture('radar');
    const r = run(['radar', 'import', 'byor.csv', dir], dir);
    assert.strictEqual(r.code, 0, r.stderr);
    assert.deepStrictEqual(r.stdout.trimEnd().split('\n'), [
      'added: vite, adopt ("Vite", row 1 at line 2)',
      'added: styledcomponents, trial ("Styled Components", row 2 at line 3)',
      'unmatched: "Acme Deploy Kit" (row 5 at line 6) is not in the catalog: added as acme-deploy-kit, trial, category infrastructure, the generic one of Infrastructure (quadrant "Platforms"); name a more specific category in the policy if one fits',
      'kept: express ("Express", row 3 at line 4): the policy has it as adopt, the radar says hold; --force replaces it',
      'skipped: row 4 at line 5: it has no name',
      'skipped: row 6 at line 8: "Jenkins" has an unknown ring "Sometimes" (use adopt, trial, assess or hold)',
      'Imported byor.csv (Thoughtworks BYOR CSV) into techpolicy.json: 3 added (1 unmatched), 1 kept, 2 skipped.',
    ]);
    const policy = fs.readFileSync(path.join(dir, 'techpolicy.json'), 'utf8');
    const original = fs.readFileSync(path.join(FIXTURE, 'techpolicy.json'), 'utf8');
    assert.strictEqual(
      policy,
      original.replace(
        '    "moment": { "ring": "hold", "note": "Use date-fns for new code." }\n',
        '    "moment": { "ring": "hold", "note": "Use date-fns for new code." },\n' +
          '    "vite": { "ring": "adopt" },\n' +
          '    "styledcomponents": { "ring": "trial", "note": "CSS-in-JS, for the design system" },\n' +
          '    "acme-deploy-kit": { "ring": "trial", "name": "Acme Deploy Kit", "category": "infrastructure", "note": "Our own\\ndeploy tool" }\n',
      ),
    );
    const again = run(['radar', 'import', 'byor.csv'], dir);
    assert.strictEqual(again.code, 0, again.stderr);
    assert.strictEqual(fs.readFileSync(path.join(dir, 'techpolicy.json'), 'utf8'), policy);
    assert.match(again.stdout, /^Nothing to change in techpolicy\.json from byor\.csv \(Thoughtworks BYOR CSV\): 0 added \(0 unmatched\), 4 kept, 2 skipped\.$/m);

    const forced = run(['radar', 'import', 'byor.csv', '--force'], dir);
    assert.strictEqual(forced.code, 0, forced.stderr);
    assert.match(forced.stdout, /^replaced: express, adopt → hold \("Express", row 3 at line 4, --force\)$/m);
    assert.match(forced.stdout, /: 0 added \(0 unmatched\), 1 replaced, 3 kept, 2 skipped\.$/m);
    assert.strictEqual(fs.readFileSync(path.join(dir, 'techpolicy.json'), 'utf8'), policy.replace('"express": { "ring": "adopt" }', '"express": { "ring": "hold", "note": "Use \\"Fastify\\" instead" }'));
  });

  test('our own export imports back into an empty policy with the same rings', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tp-radar-round-'));
    fs.writeFileSync(path.join(dir, 'techpolicy.json'), '{}\n');
    for (const format of ['backstage', 'zalando', 'byor']) {
      const out = path.join(os.tmpdir(), `tp-radar-${process.pid}.${format}`);
      assert.strictEqual(run(['radar', 'export', FIXTURE, '--format', format, '--output', out]).code, 0);
      fs.writeFileSync(path.join(dir, 'techpolicy.json'), '{}\n');
      const r = run(['radar', 'import', out, dir]);
      assert.strictEqual(r.code, 0, r.stderr);
      const policy = JSON.parse(fs.readFileSync(path.join(dir, 'techpolicy.json'), 'utf8'));
      assert.deepStrictEqual(Object.fromEntries(Object.entries(policy.technologies).map(([k, v]) => [k, (v as { ring: string }).ring])), { express: 'adopt', react: 'trial', kafka: 'assess', moment: 'hold' }, format);
      fs.rmSync(out);
    }
  });

  test('unusable input: exit 2, one sentence, the policy untouched', () => {
    const dir = copyFixture('radar');
    const policy = fs.readFileSync(path.join(dir, 'techpolicy.json'), 'utf8');
    fs.writeFileSync(path.join(dir, 'notes.txt'), 'just some notes\n');
    fs.writeFileSync(path.join(dir, 'broken.json'), '{ "entries": [ ');
    const cases: Array<[string[], RegExp]> = [
      [['radar', 'import', 'notes.txt'], /^tech-policy: notes\.txt: the radar is neither JSON \(a Zalando or Backstage radar\) nor a BYOR CSV/],
      [['radar', 'import', 'broken.json'], /^tech-policy: broken\.json: the radar is not valid JSON \(/],
      [['radar', 'import', 'missing.csv'], /^tech-policy: cannot read the radar missing\.csv: does not exist\.\n/],
      [['radar', 'import'], /^tech-policy: "radar import" needs the radar file/],
      [['radar', 'import', 'byor.csv', '--format', 'byor'], /tells the format from the file/],
    ];
    for (const [args, message] of cases) {
      const r = run(args, dir);
      assert.strictEqual(r.code, 2, `${args.join(' ')}: ${r.stdout}${r.stderr}`);
      assert.match(r.stderr, message);
      assert.strictEqual(r.stdout, '');
    }
    assert.strictEqual(fs.readFileSync(path.join(dir, 'techpolicy.json'), 'utf8'), policy);

    const empty = fs.mkdtempSync(path.join(os.tmpdir(), 'tp-radar-nopolicy-'));
    const none = run(['radar', 'import', path.join(FIXTURE, 'byor.csv'), empty]);
    assert.strictEqual(none.code, 2);
    assert.match(none.stderr, /^tech-policy: no techpolicy\.json in .*: a radar is imported into a policy\. Run "tech-policy init" first\.\n$/);
    assert.deepStrictEqual(fs.readdirSync(empty), []);

    fs.writeFileSync(path.join(empty, 'techpolicy.json'), '{ "technologies": { "express": "adopt", } ');
    const invalid = run(['radar', 'import', path.join(FIXTURE, 'byor.csv'), empty]);
    assert.strictEqual(invalid.code, 2);
    assert.match(invalid.stderr, /^tech-policy: cannot import into techpolicy\.json: the policy is not valid JSON; fix it first/);
  });

  test('a policy that is a symbolic link is refused; nothing is written through it', function () {
    const dir = copyFixture('radar');
    const real = path.join(dir, 'real-policy.json');
    fs.renameSync(path.join(dir, 'techpolicy.json'), real);
    try {
      fs.symlinkSync(real, path.join(dir, 'techpolicy.json'));
    } catch {
      this.skip();
    }
    const before = fs.readFileSync(real, 'utf8');
    const r = run(['radar', 'import', 'zalando.json'], dir);
    assert.strictEqual(r.code, 2);
    assert.match(r.stderr, /techpolicy\.json is a symbolic link; Tech Policy does not write through it \(nothing was written\)\.\n/);
    assert.strictEqual(fs.readFileSync(real, 'utf8'), before);
  });
});
