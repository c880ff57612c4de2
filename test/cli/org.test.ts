// tech-policy org over throwaway repositories with dated commits, CODEOWNERS, policies that
// disagree, a pending request, a signed grant, a typed (forged) approval and a forged report JSON
// claiming grants: org.json exactly, and the forged claims not believed. Then the history.
import * as assert from 'assert';
import { noteLines } from '../../server/src/cli/org';
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { mondayOf } from '../../server/src/core/report/work';
import { commitAt, git } from '../support/gitRepo';
import { at, type Built, day, KIM, organisation, policy, run, SAM } from '../support/organisation';
import { exceptionDocument } from '../support/ssh';

suite('command line: tech-policy org', function () {
  // git repositories, ssh-keygen signatures and three CLI processes that each report repositories in parallel
  this.timeout(120_000);
  let o: Built;

  suiteSetup(() => {
    o = organisation();
    fs.writeFileSync(path.join(o.root, 'org.json'), JSON.stringify({ teams: { payments: ['api', 'billing'] } }));
  });

  test('org.json: verified states (the forged claims not believed), rings and disagreements, hold uses, teams by week', () => {
    const out = path.join(o.root, 'site');
    const r = run(['org', 'clones', 'reports', '--output', out, '--since', '6w', '--config', 'org.json'], o.root);
    assert.strictEqual(r.code, 0, r.stderr);
    assert.match(r.stderr, /tech-policy: reports\/old\.json: is a report of version 2; this tech-policy reads version 1/);
    assert.match(r.stderr, /tech-policy: wrote the organisation page of 3 repositories \(1 could not be built\) to .*index\.html\.\n$/);
    const model = JSON.parse(fs.readFileSync(path.join(out, 'org.json'), 'utf8'));
    assert.strictEqual(model.version, 1);
    assert.deepStrictEqual(model.trust.mode, 'own');
    assert.deepStrictEqual(
      model.repositories.map((x: Record<string, unknown>) => [x.name, x.kind, x.page, x.url, x.findings, x.exceptions, x.problem]),
      [
        ['api', 'repository', 'repositories/api.html', undefined, { new: 4, known: 0 }, { awaiting: 0, granted: 1, notGranted: 1, notVerified: 0 }, undefined],
        ['billing', 'report', 'repositories/billing.html', undefined, { new: 4, known: 0 }, { awaiting: 0, granted: 1, notGranted: 1, notVerified: 1 }, undefined],
        ['old', 'report', undefined, undefined, undefined, { awaiting: 0, granted: 0, notGranted: 0, notVerified: 0 }, 'is a report of version 2; this tech-policy reads version 1 (tech-policy report --format json)'],
        ['web', 'repository', 'repositories/web.html', 'https://github.com/acme/web', { new: 2, known: 0 }, { awaiting: 1, granted: 0, notGranted: 0, notVerified: 0 }, undefined],
      ],
    );
    const billing = model.repositories.find((x: { name: string }) => x.name === 'billing');
    assert.deepStrictEqual(billing.notes, [
      "1 exception not verified: the report lists it without the document's text.",
      'The report\'s own word on 1 exception differs from what this build verified (EX-0002: the report says "granted", verified "not granted"); the verified state is shown.',
    ]);
    const ex = (list: Array<Record<string, unknown>>) => list.map((x) => [x.repository, x.id, x.state, x.label, x.reason ?? null, x.claimed ?? null, x.waitingDays ?? null, x.expiresInDays ?? null]);
    assert.deepStrictEqual(ex(model.exceptions.awaiting), [['web', 'EX-0001', 'requested', 'awaiting signature', null, null, 20, null]]);
    assert.strictEqual(model.exceptions.awaiting[0].link, 'https://github.com/acme/web/blob/' + git(path.join(o.clones, 'web'), ['rev-parse', 'HEAD']).trim() + '/docs/policy-exceptions/EX-0001-fastify.md');
    assert.deepStrictEqual(ex(model.exceptions.expiring30), [
      ['api', 'EX-0001', 'granted', 'granted, expiring soon', null, null, null, 20],
      ['billing', 'EX-0001', 'granted', 'granted, expiring soon', null, null, null, 20],
    ]);
    assert.deepStrictEqual(ex(model.exceptions.notGranted), [
      ['api', 'EX-0002', 'not-granted', 'not granted', 'the approval is not signed', null, null, null],
      ['billing', 'EX-0002', 'not-granted', 'not granted', 'the approval is not signed', 'granted', null, null],
    ]);
    assert.deepStrictEqual(ex(model.exceptions.notVerified), [['billing', 'EX-0010', 'not-verified', 'not verified', "the report lists it without the document's text", 'granted', null, null]]);
    assert.strictEqual(model.exceptions.granted, 2);

    const tech = (id: string) => model.radar.technologies.find((t: { id: string }) => t.id === id);
    assert.deepStrictEqual(
      model.radar.technologies.map((t: Record<string, unknown>) => [t.id, t.ring, t.repositories, t.manifests, t.disagreement ?? null]),
      [
        ['express', 'hold', 3, 3, 'Express: hold in 2 repositories, adopt in 1.'],
        ['moment', 'hold', 1, 1, null],
      ],
    );
    assert.deepStrictEqual(tech('express').rings, [
      { ring: 'adopt', repositories: ['web'] },
      { ring: 'hold', repositories: ['api', 'billing'] },
    ]);
    assert.deepStrictEqual(
      model.radar.unlisted.map((t: Record<string, unknown>) => [t.id, t.repositories, t.manifests]),
      [
        ['fastify', 1, 1],
        ['redis', 2, 2],
      ],
    );
    assert.deepStrictEqual(
      model.hold.map((h: Record<string, unknown>) => [h.id, h.uses, (h.byRepository as Array<{ repository: string; files: string[] }>).map((u) => [u.repository, u.files])]),
      [
        ['express', 2, [['api', ['package.json']], ['billing', ['package.json']]]],
        ['moment', 1, [['web', ['package.json']]]],
      ],
    );
    const moment = model.hold.find((h: { id: string }) => h.id === 'moment');
    assert.deepStrictEqual([moment.retireBy, moment.retirement, moment.retirementState], [day(200), `1 use remains, 200 days before the retire-by date ${day(200)}.`, 'no-trend']);

    // teams: web's CODEOWNERS splits it; api and billing are payments by the configuration
    const weekA = mondayOf(new Date(at(-27)));
    const weekB = mondayOf(new Date(at(-13)));
    const weekly = (t: { weeks: Array<{ week: string; lines: Record<string, number>; share?: number; aboveTarget: boolean }> }) => t.weeks.filter((w) => w.lines.platform + w.lines.product > 0).map((w) => [w.week, w.lines.platform, w.lines.product, w.share, w.aboveTarget]);
    assert.deepStrictEqual(
      model.work.teams.map((t: Record<string, unknown>) => [t.team, t.repositories, t.verdict, t.share]),
      [
        ['@acme/platform', ['web'], 'above', 1],
        ['@acme/web', ['web'], 'below', 0],
        ['payments', ['api', 'billing'], 'above', 60 / 140],
      ],
    );
    const team = (name: string) => model.work.teams.find((t: { team: string }) => t.team === name);
    assert.deepStrictEqual(weekly(team('@acme/platform')), [[weekA, 50, 0, 1, true], [weekB, 200, 0, 1, true]]);
    assert.deepStrictEqual(weekly(team('@acme/web')), [[weekA, 0, 100, 0, false], [weekB, 0, 20, 0, false]]);
    assert.deepStrictEqual(weekly(team('payments')), [[weekA, 0, 80, 0, false], [weekB, 60, 0, 1, true]]);
    assert.deepStrictEqual(model.work.above, ['@acme/platform', 'payments']);
    assert.strictEqual(model.work.sentence, 'Above the 30% platform target: @acme/platform (100%, driven by web: infra/); payments (43%, driven by api: .github/workflows/, billing: .github/workflows/).');

    // deployables: the state this build verified, not the report's
    const dep = model.deployables.find((d: { repository: string }) => d.repository === 'billing');
    assert.deepStrictEqual(dep.found, [{ name: 'recommendations', places: ['services/recommendations/Dockerfile'], exception: { id: 'EX-0002', state: 'not granted' } }]);

    // the site: one page per repository, no script, nothing from outside
    const html = fs.readFileSync(path.join(out, 'index.html'), 'utf8');
    for (const id of ['awaiting', 'radar', 'hold', 'teams', 'deployables', 'trends', 'repositories', 'problems']) assert.ok(html.includes(`<section id="${id}">`), id);
    assert.ok(!/<script|(src)="https?:/i.test(html));
    assert.match(html, /The report said "granted"; not believed\./);
    assert.deepStrictEqual(fs.readdirSync(path.join(out, 'repositories')).sort(), ['api.html', 'billing.html', 'web.html']);
  });

  test('--trusted-policy FILE: its approvers judge every repository; a key it does not list grants nothing', () => {
    fs.writeFileSync(path.join(o.root, 'trusted.json'), policy(o.other, { express: 'adopt', moment: 'hold' }));
    const out = path.join(o.root, 'site-trusted');
    const r = run(['org', 'clones', path.join('reports', 'billing.json'), '--output', out, '--since', '6w', '--trusted-policy', 'trusted.json'], o.root);
    assert.strictEqual(r.code, 0, r.stderr);
    const model = JSON.parse(fs.readFileSync(path.join(out, 'org.json'), 'utf8'));
    assert.deepStrictEqual(model.trust, { mode: 'trusted', source: 'trusted.json', sentence: 'Every exception was verified by this build with the approvers and keys of trusted.json.' });
    assert.deepStrictEqual(
      model.exceptions.notGranted.map((x: Record<string, unknown>) => [x.repository, x.id, x.reason]),
      [
        ['api', 'EX-0001', "it is not signed with the approver's key"],
        ['api', 'EX-0002', 'the approval is not signed'],
        ['billing', 'EX-0001', "it is not signed with the approver's key"],
        ['billing', 'EX-0002', 'the approval is not signed'],
      ],
    );
    assert.strictEqual(model.exceptions.granted, 0);
    // the trusted policy's ring is the organisation's; the repositories that differ are named
    assert.strictEqual(model.radar.technologies.find((t: { id: string }) => t.id === 'express').disagreement, 'Express: adopt in the trusted policy; hold in 2 repositories, adopt in 1.');
    assert.deepStrictEqual(model.hold.map((h: { id: string; uses: number }) => [h.id, h.uses]), [['moment', 1]]);
  });

  test('bad input: nothing to build is exit 2; a broken configuration or trusted policy is exit 2 with one sentence', () => {
    const none = run(['org', path.join('reports', 'old.json'), '--output', path.join(o.root, 'site-none')], o.root);
    assert.strictEqual(none.code, 2);
    assert.match(none.stderr, /nothing could be built; no site was written\.\n$/);
    assert.ok(!fs.existsSync(path.join(o.root, 'site-none', 'index.html')));
    fs.writeFileSync(path.join(o.root, 'bad-config.json'), '{"teams": {"x": 3}}');
    const badConfig = run(['org', 'clones', '--output', path.join(o.root, 'site-x'), '--config', 'bad-config.json'], o.root);
    assert.strictEqual(badConfig.code, 2);
    assert.match(badConfig.stderr, /^tech-policy: --config: .*bad-config\.json: "teams\.x" must be a list of repositories or/);
    const noOutput = run(['org', 'clones'], o.root);
    assert.strictEqual(noOutput.code, 2);
    assert.match(noOutput.stderr, /--output DIR is required/);
    // a repository without git, one with a broken policy and one without a policy: each named, the rest built
    const odd = path.join(o.root, 'odd');
    for (const name of ['nogit', 'nogit2', 'broken', 'nopolicy']) fs.mkdirSync(path.join(odd, name), { recursive: true });
    fs.writeFileSync(path.join(odd, 'nogit', 'techpolicy.json'), '{}');
    fs.writeFileSync(path.join(odd, 'nogit2', 'techpolicy.json'), '{}');
    fs.writeFileSync(path.join(odd, 'broken', 'techpolicy.json'), '{ "technologies": { "express": "sideways" } }');
    git(path.join(odd, 'broken'), ['init', '-q', '-b', 'main']);
    git(path.join(odd, 'nopolicy'), ['init', '-q', '-b', 'main']);
    const mixed = run(['org', 'odd', '--output', path.join(o.root, 'site-odd')], o.root);
    assert.strictEqual(mixed.code, 0, mixed.stderr);
    assert.match(mixed.stderr, /^tech-policy: odd\/nopolicy: no techpolicy\.json in the folder: the report shows a policy at work\. Run "tech-policy init" first\.$/m);
    assert.match(mixed.stderr, /^tech-policy: broken: The policy has a problem \(line 1: Invalid ring "sideways": use one of adopt, trial, assess, hold\.\); its valid parts are used\.$/m);
    // the same note of two repositories is one line naming both, without their paths
    assert.match(mixed.stderr, /^tech-policy: nogit, nogit2: Platform versus product work: the folder is not inside a git repository: the platform-versus-product section needs its history\.$/m);
    assert.ok(!mixed.stderr.includes(odd), mixed.stderr);
    assert.match(mixed.stderr, /wrote the organisation page of 3 repositories \(1 could not be built\)/);
    const oddModel = JSON.parse(fs.readFileSync(path.join(o.root, 'site-odd', 'org.json'), 'utf8'));
    assert.deepStrictEqual(oddModel.problems.map((p: { source: string }) => p.source), ['odd/nopolicy']);
    const badRef = run(['org', 'clones', '--output', path.join(o.root, 'site-x'), '--trusted-policy', 'no-such-ref'], o.root);
    assert.strictEqual(badRef.code, 2);
    assert.match(badRef.stderr, /^tech-policy: --trusted-policy: /);
  });
});

suite('tech-policy org: what stderr says of the repositories', () => {
  test('one line per kind of note, naming the repositories (ten, then how many more); a repository\'s own folder said as "the folder", a longer name that starts the same left alone', () => {
    const names = Array.from({ length: 12 }, (_, i) => `r${String(i).padStart(2, '0')}`);
    const repositories = names.map((name) => ({ name, source: `clones/${name}`, notes: [`Platform versus product work: /repos/clones/${name} is not inside a git repository.`] }));
    repositories.push({ name: 'a', source: 'x/a', notes: ['Copied from /repos/x/ab, not from /repos/x/a: see /repos/x/a/README.'] });
    const items = repositories.map((r) => ({ kind: 'repository' as const, path: `/repos/${r.source}`, given: r.source }));
    assert.deepStrictEqual(noteLines(repositories, items), [
      'tech-policy: r00, r01, r02, r03, r04, r05, r06, r07, r08, r09 and 2 more: Platform versus product work: the folder is not inside a git repository.\n',
      'tech-policy: a: Copied from /repos/x/ab, not from the folder: see the folder/README.\n',
    ]);
  });
});

suite('command line: tech-policy org --history', function () {
  // three builds over changing repositories, each reporting them in parallel
  this.timeout(120_000);

  test('three builds on changing repositories: three snapshots and their trends; a re-run on the same commits adds none', () => {
    const o = organisation();
    const db = path.join(o.root, 'history.sqlite');
    const build = () => {
      const r = run(['org', 'clones', '--output', 'site', '--since', '6w', '--history', 'history.sqlite'], o.root);
      assert.strictEqual(r.code, 0, r.stderr);
      return { stderr: r.stderr, model: JSON.parse(fs.readFileSync(path.join(o.root, 'site', 'org.json'), 'utf8')) };
    };
    const first = build();
    assert.match(first.stderr, /A snapshot was added to history\.sqlite \(1 in all\)\.\n$/);
    assert.deepStrictEqual(first.model.trends.changes, ['The first build in this history: trends appear from the second build on.']);
    // web drops Moment; then api asks for Kafka
    const web = path.join(o.clones, 'web');
    fs.writeFileSync(path.join(web, 'package.json'), JSON.stringify({ name: 'web', dependencies: { express: '4', fastify: '4' } }));
    commitAt(web, at(-1), SAM, 'refactor: date-fns instead of moment', { 'src/dates.ts': 5 });
    build();
    const api = path.join(o.clones, 'api');
    fs.writeFileSync(path.join(api, 'docs', 'policy-exceptions', 'EX-0003-kafka.md'), exceptionDocument({ id: 'EX-0003', subject: 'kafka', scope: '', 'requested-on': day(-2), expires: '' }));
    commitAt(api, at(0), KIM, 'docs: request kafka', {});
    const third = build();
    const points = third.model.trends.points.map((p: Record<string, unknown>) => [p.repositories, p.findingsNew, p.awaiting, p.oldestWaiting, p.granted, p.holdUses]);
    assert.deepStrictEqual(points, [
      [2, 6, 1, 20, 1, { express: 1, moment: 1 }],
      [2, 5, 1, 20, 1, { express: 1, moment: 0 }],
      [2, 5, 2, 20, 1, { express: 1, moment: 0 }],
    ]);
    assert.deepStrictEqual(third.model.trends.changes.slice(0, 3), ['Findings that count: 5, unchanged.', 'Known findings (baseline): 0, unchanged.', 'Requests awaiting a signature: 2, up from 1 (worse).']);
    const moment = third.model.hold.find((h: { id: string }) => h.id === 'moment');
    assert.deepStrictEqual(moment.trend.map((t: { uses: number }) => t.uses), [1, 0, 0]);
    assert.strictEqual(moment.retirement, `Retired: no uses left (retire by ${day(200)}).`);
    const again = build();
    assert.match(again.stderr, /history\.sqlite already has a snapshot of these commits: none added \(3 in all\)\.\n$/);
    // the file is SQLite as the docs say: the sqlite3 shell (when installed) reads it
    const shell = spawnSync('sqlite3', [db, 'SELECT COUNT(*) FROM snapshots; SELECT technology, SUM(uses) FROM hold_uses GROUP BY technology ORDER BY technology;'], { encoding: 'utf8' });
    if (shell.status === 0) assert.strictEqual(shell.stdout, '3\nexpress|3\nmoment|1\n');
  });
});
