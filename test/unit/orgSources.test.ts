/**
 * The report files the organisation build reads (node/org.ts): what a folder of artifacts lists,
 * and the sentence each file that is not a report gives. Run in a child process with a time limit:
 * a FIFO that were opened would wait for a writer forever, and the test must fail, not hang.
 */
import * as assert from 'assert';
import { execFileSync, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

import { collectSources, resolveSources } from '../../server/src/node/org';

const ORG = path.join(__dirname, '..', '..', 'server', 'src', 'node', 'org.js');

/** A version 1 report that reads, carrying these documents. */
const report = (folder: string, documents: Array<{ file: string; text: string }>) => ({
  version: 1,
  folder,
  generatedOn: '2026-12-01',
  radar: { blips: [], unlisted: [], held: [] },
  exceptions: { entries: [], expiring30: [], expiring90: [], documents },
  services: { known: [], found: [] },
  languages: { found: [] },
  work: { unavailable: 'no git' },
  summary: [],
});

suite('organisation build: the report files it reads', function () {
  // one child process (node start-up) and a sparse file of 50 MiB
  this.timeout(30_000);

  test('a folder of reports: its JSON files and the JSON files of its folders, in name order; links and FIFOs beside them left out; a FIFO, a folder or a file over 50 MiB named like a report in a folder of artifacts: a sentence each, no hang', () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'tp-org-sources-'));
    const reports = path.join(root, 'reports');
    fs.mkdirSync(path.join(reports, 'artifacts', 'folder.json'), { recursive: true });
    fs.writeFileSync(path.join(reports, 'b.json'), '{}');
    fs.writeFileSync(path.join(reports, 'a.json'), 'not json');
    fs.writeFileSync(path.join(reports, 'notes.txt'), 'not a report');
    fs.symlinkSync(path.join(reports, 'b.json'), path.join(reports, 'link.json'));
    execFileSync('mkfifo', [path.join(reports, 'fifo.json')]);
    execFileSync('mkfifo', [path.join(reports, 'artifacts', 'fifo.json')]);
    // sparse: 50 MiB and one byte, no disk written
    const big = path.join(reports, 'artifacts', 'big.json');
    fs.writeFileSync(big, '');
    fs.truncateSync(big, 50 * 1024 * 1024 + 1);
    const script = `const o = require(${JSON.stringify(ORG)});
o.collectSources(o.resolveSources([${JSON.stringify(reports)}]), { scan: async () => [], outDir: ${JSON.stringify(root)} })
  .then((s) => process.stdout.write(JSON.stringify(s.map((x) => [path.relative(${JSON.stringify(root)}, x.source), x.problem ?? 'read']))));`;
    const r = spawnSync(process.execPath, ['-e', `const path = require('path'); ${script}`], { encoding: 'utf8', timeout: 20_000 });
    fs.rmSync(root, { recursive: true, force: true });
    assert.strictEqual(r.signal, null, 'no hang');
    assert.strictEqual(r.status, 0, r.stderr);
    const got = (JSON.parse(r.stdout) as Array<[string, string]>).map(([source, problem]) => [source, problem.replace(/^is not JSON: .*/, 'is not JSON')]);
    assert.deepStrictEqual(got, [
      ['reports/a.json', 'is not JSON'],
      ['reports/artifacts/big.json', 'is too large for a report (50 MiB)'],
      ['reports/artifacts/fifo.json', 'cannot be read: it is not a regular file'],
      ['reports/artifacts/folder.json', 'cannot be read: it is a folder, not a file'],
      ['reports/b.json', 'is a report of version null; this tech-policy reads version 1 (tech-policy report --format json)'],
    ]);
  });

  test("each report keeps its own documents' texts: copies of one text are one, a text of the same path and length that differs is its own", async () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'tp-org-texts-'));
    const a = '---\nid: EX-0001\n---\nwhy A';
    const b = '---\nid: EX-0001\n---\nwhy B';
    const files = { one: [a, b], two: [a, a], three: [b, a] };
    for (const [name, [x, y]] of Object.entries(files)) fs.writeFileSync(path.join(root, `${name}.json`), JSON.stringify(report(name, [{ file: 'docs/EX-0001.md', text: x }, { file: 'docs/EX-0002.md', text: y }])));
    const sources = await collectSources(resolveSources([root]), { scan: async () => [], outDir: root });
    fs.rmSync(root, { recursive: true, force: true });
    assert.deepStrictEqual(
      sources.map((s) => [s.name, s.problem ?? s.report?.exceptions.documents?.map((d) => d.text)]),
      [
        ['one', [a, b]],
        ['three', [b, a]],
        ['two', [a, a]],
      ],
    );
  });
});
