// The organisation build on verified state only: a grant it does not believe (signed by a key
// only the branch added) has the findings it covered counted again everywhere, and the
// repository's page shows the verified register; and one malformed report JSON never stops the
// build: every field mutated in turn, the other report still built.
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { contentToSign, withSignature } from '../../server/src/core/exceptions/signature';
import { renderOrgHtml } from '../../server/src/core/org/html';
import { buildOrgSite } from '../../server/src/core/org/model';
import { snapshotOf } from '../../server/src/core/org/trends';
import { renderHtml } from '../../server/src/core/report/html';
import { collectSources, resolveSources } from '../../server/src/node/org';
import { at, day, policy, run, SAM } from '../support/organisation';
import { commitAt, git } from '../support/gitRepo';
import { exceptionDocument, makeKey, sshSign } from '../support/ssh';

/** The page as a reader sees it: tags gone, entities read, spaces collapsed. */
function pageText(html: string): string {
  return html
    .replace(/<style[\s\S]*?<\/style>/g, ' ')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&#39;/g, "'")
    .replace(/&quot;/g, '"')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ');
}

suite('command line: tech-policy org believes only what it verified', function () {
  // ssh-keygen signatures, git and several CLI processes
  this.timeout(120_000);
  let root: string;

  suiteSetup(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'tp-org-forged-'));
    const keys = path.join(root, 'keys');
    fs.mkdirSync(keys);
    const dana = makeKey(keys, 'dana', 'ed25519', { comment: 'dana@acme.example' });
    const mallory = makeKey(keys, 'mallory', 'ed25519', { comment: 'dana@acme.example' });
    // the organisation's trusted policy: Dana with her real key
    fs.mkdirSync(path.join(root, 'trust'));
    fs.writeFileSync(path.join(root, 'trust', 'techpolicy.json'), policy(dana, { express: 'adopt' }));
    // the branch: its own policy names the attacker's key as Dana's, and EX-0001 is signed with it
    const repo = path.join(root, 'tr1');
    fs.mkdirSync(path.join(repo, 'docs', 'policy-exceptions'), { recursive: true });
    git(repo, ['init', '-q', '-b', 'main']);
    fs.writeFileSync(path.join(repo, 'techpolicy.json'), policy(mallory, { express: 'adopt' }));
    fs.writeFileSync(path.join(repo, 'package.json'), '{\n  "name": "tr1",\n  "dependencies": {\n    "express": "4",\n    "fastify": "4"\n  }\n}\n');
    const text = exceptionDocument({ id: 'EX-0001', subject: 'fastify', scope: '', status: 'approved', 'requested-on': day(-3), 'approved-by': 'Dana Reyes <dana@acme.example>', 'approved-on': day(-1), expires: '' });
    fs.writeFileSync(path.join(repo, 'docs', 'policy-exceptions', 'EX-0001-fastify.md'), withSignature(text, sshSign(mallory, contentToSign(text))));
    commitAt(repo, at(-1), SAM, 'feat: fastify', {});
    fs.mkdirSync(path.join(root, 'r'));
    const report = run(['report', 'tr1', '--format', 'json'], root);
    assert.strictEqual(report.code, 0, report.stderr);
    fs.writeFileSync(path.join(root, 'r', 'tr1.json'), report.stdout);
  });

  test('the report JSON says which findings each exception covers', () => {
    const report = JSON.parse(fs.readFileSync(path.join(root, 'r', 'tr1.json'), 'utf8'));
    // under its own (forged) policy the grant holds, so the report counts nothing, and says what the grant covered
    assert.deepStrictEqual(report.findings, { new: 0, known: 0 });
    assert.deepStrictEqual(
      report.exceptions.entries.map((e: Record<string, unknown>) => [e.id, e.label, e.covers]),
      [['EX-0001', 'granted', [{ file: 'package.json', line: 5, rule: 'new-technology', subject: 'fastify', severity: 'warning' }]]],
    );
  });

  test('--trusted-policy: a grant signed by a key it does not list counts its findings again on the index, the page and in the history', () => {
    const r = run(['org', 'r', '--output', 'site', '--trusted-policy', path.join('trust', 'techpolicy.json'), '--history', 'history.sqlite'], root);
    assert.strictEqual(r.code, 0, r.stderr);
    assert.match(r.stderr, /^tech-policy: tr1: 1 finding counted again: the report left it out as covered by an exception this build does not grant\.$/m);
    const model = JSON.parse(fs.readFileSync(path.join(root, 'site', 'org.json'), 'utf8'));
    assert.deepStrictEqual(model.repositories[0].findings, { new: 1, known: 0 });
    assert.deepStrictEqual(model.trends.points.map((p: { findingsNew: number }) => p.findingsNew), [1]);

    const index = pageText(fs.readFileSync(path.join(root, 'site', 'index.html'), 'utf8'));
    // the repositories table: tr1, its source, no web address, then its findings
    assert.match(index, /tr1 r\/tr1\.json no web address \w+ 1 \+0 known 0 0 /);
    assert.match(index, /Findings that count: 1 1 /);
    assert.match(index, /tr1 EX-0001 fastify new-technology not granted it is not signed with the approver's key The report said "granted"; not believed\./);

    // the repository's own page: the verified register, never the report's "granted … signed by"
    const page = pageText(fs.readFileSync(path.join(root, 'site', 'repositories', 'tr1.html'), 'utf8'));
    assert.ok(page.includes("1 finding counted again: the report left it out as covered by EX-0001, which this build does not grant."), page);
    assert.ok(page.includes('0 exceptions granted, 0 awaiting a signature, 0 expiring within 90 days.'), page);
    assert.match(page, /EX-0001 not granted it is not signed with the approver's key fastify new-technology Sam Lee <sam@acme\.example> not signed /);
    assert.ok(!page.includes('Dana Reyes'), 'no signer is named');
    assert.match(page, /In use, not in the policy technology category findings used in Fastify fastify web framework 1 package\.json/);
  });

  test("without a trusted policy the repository's own policy grants it, and nothing is counted again", () => {
    const r = run(['org', 'r', '--output', 'site-own'], root);
    assert.strictEqual(r.code, 0, r.stderr);
    const model = JSON.parse(fs.readFileSync(path.join(root, 'site-own', 'org.json'), 'utf8'));
    assert.deepStrictEqual([model.repositories[0].findings, model.exceptions.granted], [{ new: 0, known: 0 }, 1]);
    assert.ok(pageText(fs.readFileSync(path.join(root, 'site-own', 'repositories', 'tr1.html'), 'utf8')).includes('1 exception granted, 0 awaiting a signature'));
  });

  test('an older report that does not say what its exceptions cover: its findings are marked not verified', () => {
    const report = JSON.parse(fs.readFileSync(path.join(root, 'r', 'tr1.json'), 'utf8'));
    for (const e of report.exceptions.entries) delete e.covers;
    fs.mkdirSync(path.join(root, 'old'));
    fs.writeFileSync(path.join(root, 'old', 'tr1.json'), JSON.stringify(report));
    const r = run(['org', 'old', '--output', 'site-old', '--trusted-policy', path.join('trust', 'techpolicy.json')], root);
    assert.strictEqual(r.code, 0, r.stderr);
    const sentence =
      'Findings not verified: the report says 0 findings, counted with EX-0001 granted, which this build does not grant, and it does not say which findings that exception covers (a report by an older tech-policy): make the report again to count them.';
    assert.ok(r.stderr.includes(`tech-policy: tr1: ${sentence}\n`), r.stderr);
    const index = pageText(fs.readFileSync(path.join(root, 'site-old', 'index.html'), 'utf8'));
    assert.match(index, /no web address \w+ not verified \(the report says 0\) /);
    assert.ok(index.includes(sentence));
    assert.strictEqual(JSON.parse(fs.readFileSync(path.join(root, 'site-old', 'org.json'), 'utf8')).repositories[0].findingsNotVerified, true);
  });
});

suite('tech-policy org: one malformed report never stops the build', function () {
  // a few hundred in-process builds of two reports each, and one CLI run
  this.timeout(120_000);
  let dir: string;
  let valid: Record<string, unknown>;

  suiteSetup(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tp-org-fuzz-'));
    // a report with every part filled: a clone with history, CODEOWNERS, a hold technology, a service, a request
    const repo = path.join(dir, 'shop');
    fs.cpSync(path.join(__dirname, '..', '..', '..', 'examples', 'shop'), repo, { recursive: true });
    git(repo, ['init', '-q', '-b', 'main']);
    commitAt(repo, at(-20), SAM, 'initial', { 'src/a.ts': 5 });
    commitAt(repo, at(-6), SAM, 'ci: pipeline', { '.github/workflows/ci.yml': 8 });
    const r = run(['report', 'shop', '--format', 'json', '--since', '4w'], dir);
    assert.strictEqual(r.code, 0, r.stderr);
    valid = JSON.parse(r.stdout);
  });

  /** Every path into the report: each field, each list and its first item (the others have the same shape). */
  function paths(v: unknown, at: Array<string | number> = []): Array<Array<string | number>> {
    const out: Array<Array<string | number>> = at.length ? [at] : [];
    if (Array.isArray(v)) {
      if (v.length) out.push(...paths(v[0], [...at, 0]));
    } else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) out.push(...paths(x, [...at, k]));
    return out;
  }

  function mutated(p: Array<string | number>, value: unknown): unknown {
    const copy = JSON.parse(JSON.stringify(valid));
    let o = copy;
    for (const k of p.slice(0, -1)) o = o[k];
    o[p[p.length - 1]] = value;
    return copy;
  }

  test('each field set to null, a number, text, {}, [] and "__proto__" (and "__proto__" as a key): no crash, the other report built', async () => {
    const all = paths(valid);
    // every part of the report is reached, down to the work's weeks and the exception register
    for (const p of ['radar.blips.0.files.0', 'exceptions.entries.0.covers', 'exceptions.documents.0.text', 'work.weeks.0.lines.platform', 'approval.approvers.0.keys.0.key', 'services.found', 'languages.found', 'summary.0']) {
      assert.ok(all.some((x) => x.join('.') === p), `no path ${p}`);
    }
    // PROTO: an object whose own key is "__proto__" (JSON.parse makes one; an object literal cannot)
    const values: unknown[] = [null, 1, 'x', {}, [], '__proto__', 'PROTO'];
    const out = path.join(dir, 'site');
    let rejected = 0;
    let cases = 0;
    for (const p of all)
      for (const value of values) {
        const reports = path.join(dir, 'reports');
        fs.rmSync(reports, { recursive: true, force: true });
        fs.mkdirSync(reports);
        // JSON text, so that "__proto__" arrives as JSON.parse makes it: an own key
        fs.writeFileSync(path.join(reports, 'a.json'), JSON.stringify(mutated(p, value)).replace('"PROTO"', '{"__proto__":{"polluted":true}}'));
        fs.writeFileSync(path.join(reports, 'b.json'), JSON.stringify({ ...valid, folder: 'other' }));
        cases++;
        const where = `${p.join('.')} = ${JSON.stringify(value)}`;
        let built: ReturnType<typeof buildOrgSite>;
        let sources: Awaited<ReturnType<typeof collectSources>>;
        try {
          // the CLI's path: sources read and checked, the model, the pages, the history's snapshot
          sources = await collectSources(resolveSources([reports]), { scan: async () => [], outDir: out });
          built = buildOrgSite({ sources, config: { teams: {} }, today: day(0), since: day(-28), until: day(0) });
          renderOrgHtml(built.model);
          JSON.stringify(built.model);
          snapshotOf(built.model, new Date().toISOString());
          for (const s of sources) {
            const page = built.page(s);
            if (page) renderHtml(page);
          }
        } catch (e) {
          assert.fail(`${where}: ${(e as Error).stack}`);
        }
        const other = built.model.repositories.find((x) => x.source.endsWith('b.json'))!;
        assert.ok(other && !other.problem, `${where}: the other report was not built`);
        const a = built.model.repositories.find((x) => x.source.endsWith('a.json'))!;
        if (a.problem) {
          rejected++;
          assert.match(a.problem, /^(could not be read: \S+ .+|is a report of version .+|is not a Tech Policy report .+)$/, where);
        }
        assert.strictEqual(({} as { polluted?: boolean }).polluted, undefined, `${where}: Object.prototype polluted`);
      }
    // most mutations are refused by name; some are harmless (an optional field left out, any text in a note)
    assert.ok(rejected > cases / 2, `${rejected} of ${cases} refused`);
  });

  test('the CLI: a malformed report is listed as could not be read with its field; the other is built, exit 0', () => {
    const reports = path.join(dir, 'cli-reports');
    fs.mkdirSync(reports);
    fs.writeFileSync(path.join(reports, 'a.json'), JSON.stringify(mutated(['exceptions', 'entries', 0, 'label'], {})));
    fs.writeFileSync(path.join(reports, 'b.json'), JSON.stringify({ ...valid, folder: 'other' }));
    const r = run(['org', 'cli-reports', '--output', 'cli-site'], dir);
    assert.strictEqual(r.code, 0, r.stderr);
    assert.match(r.stderr, /^tech-policy: cli-reports\/a\.json: could not be read: exceptions\.entries\[0\]\.label is an object, not text\.$/m);
    assert.match(r.stderr, /wrote the organisation page of 1 repository \(1 could not be built\)/);
    const index = pageText(fs.readFileSync(path.join(dir, 'cli-site', 'index.html'), 'utf8'));
    assert.ok(index.includes('1 repository built; 1 report could not be read (listed below).'), index);
    assert.ok(index.includes('Could not be read or built cli-reports/a.json : could not be read: exceptions.entries[0].label is an object, not text'), index);
    assert.ok(fs.existsSync(path.join(dir, 'cli-site', 'repositories', 'other.html')));
  });
});
