/**
 * The report's core: paths and commit types → kinds of work and weights, weeks, the verdict
 * against the target, the radar's layout, and the model built from a real fixture folder.
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { QUADRANTS, quadrantOf, RINGS } from '../../server/src/core/radar/quadrants';
import { renderHtml } from '../../server/src/core/report/html';
import { renderMarkdown } from '../../server/src/core/report/markdown';
import { exceptionsSentence, type RadarBlip } from '../../server/src/core/report/model';
import { layoutRadar } from '../../server/src/core/report/radarLayout';
import { classifyCommit, type Commit, commitTypeKind, isBot, mondayOf, pathClassifier, periodStart, summarizeWork } from '../../server/src/core/report/work';
import { pathToUri } from '../../server/src/node/files';
import { FolderState } from '../../server/src/node/folderState';
import { folderReport } from '../../server/src/node/report';
import { DEFAULT_SETTINGS } from '../../server/src/protocol';
import { fixturePath } from '../support/fixtures';

const classify = pathClassifier({ paths: [], productPaths: [] });

function commit(date: string, files: Array<[string, number, number?]>, subject = 'change', author = 'Sam Lee', email = 'sam@acme.example'): Commit {
  return { sha: `${date}${subject}`, author, email, date, subject, files: files.map(([p, added, deleted]) => ({ path: p, added, deleted: deleted ?? 0 })) };
}

suite('report: platform versus product work', () => {
  test('paths: CI, containers, deployment, manifests, lock files, tooling and scripts are platform; docs and tests other; the rest product', () => {
    const kinds = (paths: string[]) => paths.map((p) => `${p} ${classify(p).kind} ${classify(p).weight}`);
    assert.deepStrictEqual(
      kinds([
        '.github/workflows/ci.yml',
        'services/api/Dockerfile',
        'docker-compose.yml',
        'deploy/k8s/web.yaml',
        'infra/main.tf',
        'charts/web/values.yaml',
        'serverless.yml',
        'package.json',
        'package-lock.json',
        'apps/web/yarn.lock',
        'go.sum',
        'eslint.config.mjs',
        'tsconfig.json',
        'scripts/release.sh',
        'Makefile',
        'README.md',
        'docs/adr/0001.md',
        'test/fixtures/app/package.json',
        'src/orders/checkout.test.ts',
        'pkg/billing/invoice_test.go',
        'src/orders/checkout.ts',
        'app/models/order.rb',
        'dist/bundle.min.js',
      ]),
      [
        '.github/workflows/ci.yml platform 1',
        'services/api/Dockerfile platform 1',
        'docker-compose.yml platform 1',
        'deploy/k8s/web.yaml platform 1',
        'infra/main.tf platform 1',
        'charts/web/values.yaml platform 1',
        'serverless.yml platform 1',
        'package.json platform 1',
        'package-lock.json platform 0.1',
        'apps/web/yarn.lock platform 0.1',
        'go.sum platform 0.1',
        'eslint.config.mjs platform 1',
        'tsconfig.json platform 1',
        'scripts/release.sh platform 1',
        'Makefile platform 1',
        'README.md other 1',
        'docs/adr/0001.md other 1',
        'test/fixtures/app/package.json other 1',
        'src/orders/checkout.test.ts other 1',
        'pkg/billing/invoice_test.go other 1',
        'src/orders/checkout.ts product 1',
        'app/models/order.rb product 1',
        'dist/bundle.min.js product 0.1',
      ],
    );
  });

  test('the policy\'s paths and productPaths come first', () => {
    const own = pathClassifier({ paths: ['platform/**'], productPaths: ['scripts/billing/**'] });
    assert.strictEqual(own('platform/auth/token.ts').kind, 'platform');
    assert.strictEqual(own('scripts/billing/invoice.ts').kind, 'product');
    assert.strictEqual(own('scripts/release.sh').kind, 'platform');
  });

  test('Conventional Commit types refine the paths: ci, build and deps are platform, docs and test other', () => {
    assert.deepStrictEqual(
      ['ci: cache', 'build(deps): bump', 'chore(deps): bump react', 'chore(deps-dev): bump jest', 'docs: readme', 'test(api): cover', 'feat: checkout', 'fix!: totals', 'chore: tidy', 'Merge branch'].map(commitTypeKind),
      ['platform', 'platform', 'platform', 'platform', 'other', 'other', undefined, undefined, undefined, undefined],
    );
    const c = classifyCommit(commit('2026-11-03T10:00:00+01:00', [['src/app.ts', 10], ['package.json', 2]], 'chore(deps): bump'), classify);
    assert.deepStrictEqual(c.lines, { platform: 12, product: 0, other: 0 });
    const f = classifyCommit(commit('2026-11-03T10:00:00+01:00', [['src/app.ts', 10, 5], ['Dockerfile', 3], ['package-lock.json', 100, 100]], 'feat: x'), classify);
    assert.deepStrictEqual(f.lines, { platform: 23, product: 15, other: 0 });
  });

  test('bots are counted apart', () => {
    assert.ok(isBot('dependabot[bot]', '49699333+dependabot[bot]@users.noreply.github.com'));
    assert.ok(isBot('renovate[bot]', 'bot@renovateapp.com'));
    assert.ok(isBot('github-actions', 'github-actions@github.com'));
    assert.ok(!isBot('Dana Reyes', 'dana@acme.example'));
    assert.ok(!isBot('Robot Framework Fan', 'rob@acme.example'));
  });

  test('weeks from Monday, every week present, rolling four-week share, weeks above target, the verdict sentence', () => {
    assert.strictEqual(mondayOf(new Date('2026-11-08T23:00:00Z')), '2026-11-02');
    assert.strictEqual(mondayOf(new Date('2026-11-09T00:00:00Z')), '2026-11-09');
    const commits = [
      commit('2026-11-02T09:00:00Z', [['src/a.ts', 90]]),
      commit('2026-11-02T10:00:00Z', [['.github/workflows/ci.yml', 10]]),
      // week 2: nothing; week 3: all platform
      commit('2026-11-16T09:00:00Z', [['infra/main.tf', 200]], 'infra', 'Kim Ito', 'kim@acme.example'),
      commit('2026-11-17T09:00:00Z', [['infra/vpc.tf', 100]], 'infra', 'Kim Ito', 'kim@acme.example'),
      commit('2026-11-17T09:00:00Z', [['package.json', 4]], 'chore(deps): bump', 'dependabot[bot]', 'x[bot]@users.noreply.github.com'),
    ].map((c) => classifyCommit(c, classify));
    const w = summarizeWork(commits, '2026-11-02', '2026-11-22', 0.3);
    assert.deepStrictEqual(
      w.weeks.map((x) => [x.week, x.commits, x.lines.platform, x.lines.product, x.share, x.rolling, x.aboveTarget]),
      [
        ['2026-11-02', 2, 10, 90, 0.1, 0.1, false],
        ['2026-11-09', 0, 0, 0, undefined, 0.1, false],
        ['2026-11-16', 2, 300, 0, 1, 310 / 400, true],
      ],
    );
    assert.deepStrictEqual(w.totals.authorDays, { platform: 2, product: 1, other: 0 });
    assert.deepStrictEqual(w.bots, { commits: 1, authors: ['dependabot[bot]'] });
    assert.strictEqual(w.verdict, 'above');
    assert.strictEqual(w.sentence, 'Platform work was 78% of platform and product changes from 2026-11-02 to 2026-11-22, above the 30% target; most platform lines were in infra/, .github/workflows/.');
    assert.strictEqual(summarizeWork([], '2026-11-02', '2026-11-08', 0.3).verdict, 'no-data');
  });

  test('a week without work is never marked above target, whatever the weeks before it did', () => {
    const commits = [commit('2026-11-02T09:00:00Z', [['infra/main.tf', 50]]), commit('2026-11-02T10:00:00Z', [['src/a.ts', 10]])].map((c) => classifyCommit(c, classify));
    const w = summarizeWork(commits, '2026-11-02', '2026-11-15', 0.3);
    // the second week has no change: its rolling share is still the first week's, but nothing happened in it
    assert.deepStrictEqual(w.weeks.map((x) => [x.week, x.rolling, x.aboveTarget]), [['2026-11-02', 50 / 60, true], ['2026-11-09', 50 / 60, false]]);
  });

  test('outliers are named in the verdict, not counted: an initial import, a vendoring, a mass move, a change ten times the usual', () => {
    const files = (prefix: string, n: number, lines: number, deleted = 0): Array<[string, number, number?]> => Array.from({ length: n }, (_, i) => [`${prefix}${i}.ts`, lines, deleted]);
    const moveOut: Array<[string, number, number?]> = Array.from({ length: 6 }, (_, i) => [`old/m${i}.ts`, 0, 50]);
    const moveIn: Array<[string, number, number?]> = Array.from({ length: 6 }, (_, i) => [`src/m${i}.ts`, 50, 0]);
    const raw: Commit[] = [
      { ...commit('2026-11-02T09:00:00Z', [['package.json', 40], ['Dockerfile', 60], ['docker-compose.yml', 200]], 'initial import'), root: true },
      commit('2026-11-03T09:00:00Z', [['src/a.ts', 30]], 'feat: a'),
      commit('2026-11-04T09:00:00Z', [['third_party/lib/x.c', 5000]], 'vendor libx'),
      commit('2026-11-05T09:00:00Z', [...moveOut, ...moveIn], 'move old to src'),
      commit('2026-11-10T09:00:00Z', [['src/b.ts', 20]], 'feat: b'),
      commit('2026-11-11T09:00:00Z', [['.github/workflows/ci.yml', 10]], 'ci: cache'),
      commit('2026-11-12T09:00:00Z', [['src/c.ts', 25]], 'feat: c'),
      commit('2026-11-13T09:00:00Z', files('src/gen/f', 10, 150), 'feat: giant'),
    ];
    const w = summarizeWork(raw.map((c) => classifyCommit(c, classify)), '2026-11-02', '2026-11-15', 0.3);
    assert.deepStrictEqual(
      w.outliers.map((o) => [o.kind, o.day, o.lines]),
      [
        ['vendoring', '2026-11-04', 5000],
        ['very large change', '2026-11-13', 1500],
        ['mass move or rename', '2026-11-05', 600],
        ['initial import', '2026-11-02', 300],
      ],
    );
    // what is left: 30 + 20 + 25 product, 10 platform
    assert.deepStrictEqual(w.totals.lines, { platform: 10, product: 75, other: 0 });
    assert.deepStrictEqual(w.weeks.map((x) => [x.week, x.commits, x.outliers]), [['2026-11-02', 1, 3], ['2026-11-09', 3, 1]]);
    assert.strictEqual(w.verdict, 'below');
    assert.match(w.sentence, /below the 30% target; most platform lines were in \.github\/workflows\/\. Not counted, as not a week's work: the vendoring \S{7} on 2026-11-04 \(5,000 lines\), the very large change \S{7} on 2026-11-13 \(1,500 lines\), the mass move or rename \S{7} on 2026-11-05 \(600 lines\) and 1 more\.$/);
    // a small first commit is just a commit
    const small = summarizeWork([classifyCommit({ ...commit('2026-11-02T09:00:00Z', [['package.json', 20]]), root: true }, classify)], '2026-11-02', '2026-11-08', 0.3);
    assert.deepStrictEqual([small.outliers.length, small.totals.lines.platform], [0, 20]);
    // a first commit of many files is an import however few lines it has: it is what was there before
    const scaffold = summarizeWork([classifyCommit({ ...commit('2026-11-02T09:00:00Z', files('src/s', 12, 5)), root: true }, classify), classifyCommit(commit('2026-11-03T09:00:00Z', [['src/a.ts', 5]]), classify)], '2026-11-02', '2026-11-08', 0.3);
    assert.deepStrictEqual([scaffold.outliers.map((o) => [o.kind, o.lines]), scaffold.totals.lines.product], [[['initial import', 60]], 5]);
  });

  test('teams: each path counts for its owner; the same weeks, outliers and verdict per team', () => {
    const owner = (p: string) => (p.startsWith('infra/') ? '@acme/platform' : p.startsWith('src/') ? '@acme/web' : '');
    const raw = [
      commit('2026-11-02T09:00:00Z', [['src/a.ts', 90], ['infra/main.tf', 10]]),
      commit('2026-11-03T09:00:00Z', [['infra/vpc.tf', 100]], 'infra', 'Kim Ito', 'kim@acme.example'),
      commit('2026-11-04T09:00:00Z', [['README.md', 5], ['Makefile', 5]]),
    ];
    const w = summarizeWork(raw.map((c) => classifyCommit(c, classify, owner)), '2026-11-02', '2026-11-08', 0.3);
    assert.deepStrictEqual(
      w.teams!.map((t) => [t.team, t.totals.lines, t.totals.commits, t.verdict]),
      [
        ['@acme/platform', { platform: 110, product: 0, other: 0 }, 2, 'above'],
        ['@acme/web', { platform: 0, product: 90, other: 0 }, 1, 'below'],
        ['', { platform: 5, product: 0, other: 5 }, 1, 'above'],
      ],
    );
    assert.deepStrictEqual(w.teams![0].drivers, [{ path: 'infra/', lines: 110 }]);
    assert.strictEqual(summarizeWork(raw.map((c) => classifyCommit(c, classify)), '2026-11-02', '2026-11-08', 0.3).teams, undefined);
  });

  test('periods: 12w, 6m, 90d, 1y, a date', () => {
    assert.deepStrictEqual(['12w', '6m', '90d', '1y', '2026-01-15', '2027-01-01', 'soon'].map((p) => periodStart(p, '2026-12-02')), ['2026-09-09', '2026-06-02', '2026-09-03', '2025-12-02', '2026-01-15', undefined, undefined]);
  });
});

suite('report: the radar', () => {
  const blip = (id: string, quadrant: RadarBlip['quadrant'], ring: RadarBlip['ring']): RadarBlip => ({ id, name: id, category: '', quadrant, ring, files: [], findings: 0 });

  test('quadrants are grouped from the catalog\'s categories', () => {
    assert.deepStrictEqual(['web-framework', 'datastore', 'messaging', 'observability', 'test-runner', 'other', 'made-up'].map(quadrantOf), ['frameworks', 'data', 'data', 'infrastructure', 'tools', 'tools', 'tools']);
  });

  test('every technology placed once, inside its quadrant and its ring\'s band, even in a crowded cell', () => {
    const blips: RadarBlip[] = [];
    QUADRANTS.forEach((q, qi) => RINGS.forEach((ring, ri) => {
      for (let i = 0; i < (qi === 0 && ri === 0 ? 40 : qi + ri); i++) blips.push(blip(`${q.id}-${ring}-${i}`, q.id, ring));
    }));
    const layout = layoutRadar(blips);
    assert.strictEqual(layout.blips.length, blips.length);
    assert.strictEqual(new Set(layout.blips.map((p) => p.blip.id)).size, blips.length);
    assert.deepStrictEqual(layout.blips.map((p) => p.number), blips.map((_, i) => i + 1));
    for (const p of layout.blips) {
      const r = Math.hypot(p.x, p.y);
      const inner = p.ringIndex === 0 ? 0 : layout.radii[p.ringIndex - 1];
      assert.ok(r > inner && r < layout.radii[p.ringIndex], `${p.blip.id} at radius ${r} outside its band ${inner}..${layout.radii[p.ringIndex]}`);
      assert.strictEqual(QUADRANTS[p.quadrantIndex].id, p.blip.quadrant);
      // quadrant 0 is top-right (x > 0, y < 0), then clockwise
      const [sx, sy] = [[1, -1], [1, 1], [-1, 1], [-1, -1]][p.quadrantIndex];
      assert.ok(Math.sign(p.x) === sx && Math.sign(p.y) === sy, `${p.blip.id} outside its quadrant`);
      assert.strictEqual(RINGS[p.ringIndex], p.blip.ring);
    }
    // no two blips closer than a blip's diameter
    for (let i = 0; i < layout.blips.length; i++) {
      for (let j = i + 1; j < layout.blips.length; j++) {
        const [a, b] = [layout.blips[i], layout.blips[j]];
        assert.ok(Math.hypot(a.x - b.x, a.y - b.y) >= 2 * layout.blipRadius * 0.99, `${a.blip.id} overlaps ${b.blip.id}`);
      }
    }
  });
});

suite('report: the model of a real folder', () => {
  test('examples/shop: radar, unlisted, held, register, deployables; HTML and Markdown hold them, escaped', async () => {
    const root = fixturePath('..', '..', 'examples', 'shop');
    const state = new FolderState(pathToUri(root), 'shop', { ...DEFAULT_SETTINGS }, () => undefined);
    state.trusted = false;
    state.loadPolicy(() => undefined);
    await state.loadExceptions(() => undefined);
    await state.scan();
    const model = await folderReport(state, { since: '2026-09-01', until: '2026-12-02', today: '2026-12-02', trusted: false });
    assert.deepStrictEqual(model.radar.blips.map((b) => `${b.id} ${b.ring} ${b.quadrant} ${b.files.length}`), ['express adopt frameworks 2', 'jest adopt tools 1', 'moment hold tools 0', 'postgres adopt data 3', 'react adopt frameworks 1', 'vite adopt tools 1']);
    assert.deepStrictEqual(model.radar.unlisted.map((b) => `${b.id} ${b.findings} ${b.files.join(',')}`), ['fastify 1 server/package.json', 'graphql 1 server/package.json', 'redis 0 docker-compose.yml,server/package.json']);
    assert.deepStrictEqual(model.radar.held.map((b) => b.id), ['moment']);
    assert.deepStrictEqual(model.exceptions.entries.map((e) => `${e.id} ${e.state}`), ['EX-0002 requested', 'EX-0001 granted', 'EX-0003 not-granted']);
    assert.deepStrictEqual(model.services.known.map((s) => `${s.name} ${s.places.join(',')}`), ['web server', 'worker server']);
    assert.deepStrictEqual(model.services.found.map((s) => `${s.name} ${s.places.length} ${s.exception?.id} ${s.exception?.state}`), ['recommendations 3 EX-0003 not granted']);
    assert.deepStrictEqual(model.work, { unavailable: 'the workspace is not trusted, so git is not run. Trust the workspace to see the history.' });
    const html = renderHtml(model, { link: (f) => `files/${f}` });
    assert.strictEqual((html.match(/<g class="blip"/g) ?? []).length, 6);
    assert.match(html, /<g class="blip" data-id="moment" data-ring="hold" data-quadrant="tools" data-uses="0">/);
    assert.match(html, /<a href="files\/docs\/policy-exceptions\/EX-0002-graphql\.md"><code>docs\/policy-exceptions\/EX-0002-graphql\.md<\/code><\/a>/);
    assert.match(html, /Sam Lee &lt;sam@shop\.example&gt;/);
    assert.ok(!/<script/i.test(html), 'no script');
    assert.ok(!/(src|href)="https?:/.test(html), 'nothing loaded from outside');
    const md = renderMarkdown(model);
    assert.match(md, /\| 6 \| moment \| Tools \| hold \| 0 \|/);
    assert.match(md, /Sam Lee \\<sam@shop\.example\\>/);
    // a week above target says so in words (an arrow pointing down read as "falling")
    const work = summarizeWork([commit('2026-11-02T09:00:00Z', [['infra/main.tf', 50]]), commit('2026-11-02T10:00:00Z', [['src/a.ts', 10]])].map((c) => classifyCommit(c, classify)), '2026-11-02', '2026-11-08', 0.3);
    const withWork = { ...model, work };
    assert.match(renderMarkdown(withWork), /^\| 2026-11-02 \| 2 \| 50 \| 10 \| 0 \| 83 ?% \| 83 ?%, above target \|$/m);
    assert.match(renderHtml(withWork), /<td class="num">83 ?%<\/td><td class="num">83 ?% <span class="muted">above target<\/span><\/td>/);
    assert.ok(!/▼/.test(renderMarkdown(withWork)), 'no arrow in the table');
  });

  test('the summary counts in words: "1 use left", "2 uses left", "the oldest for 1 day"', async function () {
    // two FolderStates over a temporary folder with git off: well under a second, more on a busy machine
    this.timeout(10_000);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tp-report-summary-'));
    fs.writeFileSync(path.join(dir, 'techpolicy.json'), JSON.stringify({ technologies: { moment: { ring: 'hold' }, express: { ring: 'adopt' } } }));
    const summaryWith = async (apps: string[]) => {
      for (const app of apps) {
        fs.mkdirSync(path.join(dir, app), { recursive: true });
        fs.writeFileSync(path.join(dir, app, 'package.json'), JSON.stringify({ name: app, dependencies: { moment: '2' } }, null, 2));
      }
      const state = new FolderState(pathToUri(dir), 'w', { ...DEFAULT_SETTINGS }, () => undefined);
      state.trusted = false;
      state.loadPolicy(() => undefined);
      await state.scan();
      state.checkAll();
      return (await folderReport(state, { since: '2026-12-01', until: '2026-12-02', today: '2026-12-02', trusted: false })).summary[0];
    };
    assert.strictEqual(await summaryWith(['a']), '2 technologies in the policy, 0 more in use that it does not list, 1 on hold or being assessed (1 use left).');
    assert.strictEqual(await summaryWith(['b']), '2 technologies in the policy, 0 more in use that it does not list, 1 on hold or being assessed (2 uses left).');
    assert.strictEqual(exceptionsSentence(0, [1], 0), '0 exceptions granted, 1 awaiting a signature (the oldest for 1 day), 0 expiring within 90 days.');
    assert.strictEqual(exceptionsSentence(1, [3, 17], 2), '1 exception granted, 2 awaiting a signature (the oldest for 17 days), 2 expiring within 90 days.');
    fs.rmSync(dir, { recursive: true, force: true });
  });
});
