/**
 * `npm run bench`: figures, not assertions. Each figure is printed next to a floor measured in
 * the same run on the same machine (a bare server, a plain walk, a bare parse or check), with
 * the ratio between their medians, so the numbers mean something on any machine.
 *
 * - the hot path: scan + rules over a 1,000-dependency package.json; an edit → its diagnostics
 *   over stdio; memory after sustained editing and after closing;
 * - start-up: examples/shop, 2,000 package.json files, 500 signed exception documents;
 * - the CLI on a 100,000-file tree and on 100,000 empty folders;
 * - signed exceptions: one verification;
 * - the baseline: writing it for 2,000 package.json files; one edit with a 5,000-entry baseline;
 * - the report on a 10,000-commit history, beside `git log --numstat` over the same range;
 * - the organisation (test/bench/org.ts): 1,000 reports merged, 50 repositories scanned, a
 *   52-week history of 1,000 repositories rendered;
 * - hostile input that used to be super-linear: CRLF-heavy YAML, a TOML line of spaces, a
 *   100,000-character approved-by, `*-*-*-*-*-x` patterns against long names, 2,000 documents;
 *   and the small files that hung or killed the check (blank-line YAML, 8,000 aliased services,
 *   1.3 million empty documents, 130,000 dependencies, 20,000 diagnostics in one code action).
 */
import { spawnSync } from 'child_process';
import { generateKeyPairSync, type KeyObject, sign as cryptoSign, verify as cryptoVerify } from 'crypto';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { performance } from 'perf_hooks';
import { parseTOML } from 'toml-eslint-parser';
import { parseAllDocuments } from 'yaml';
import { BUILTIN_CATALOG, TechnologyIndex } from '../../server/src/core/catalog/technologies';
import { approvedDocument } from '../../server/src/core/exceptions/decide';
import { evaluateException } from '../../server/src/core/exceptions/evaluate';
import { parseExceptionDocument } from '../../server/src/core/exceptions/parse';
import { renderBaseline } from '../../server/src/core/baseline/baseline';
import { contentToSign, signedData, withSignature } from '../../server/src/core/exceptions/signature';
import { wireString } from '../../server/src/core/keys/wire';
import { FolderModel } from '../../server/src/core/folder';
import { codeActionsFor, MAX_CODE_ACTION_SUBJECTS } from '../../server/src/core/features/codeActions';
import { findingToDiagnostic } from '../../server/src/core/features/diagnostics';
import { loadPolicy } from '../../server/src/core/policy/load';
import { scanPackageJson } from '../../server/src/core/scan/packageJson';
import { scanScaffolding } from '../../server/src/core/scan/scaffolding';
import { memoryHost, uriOf } from '../support/fixtures';
import { startServer } from '../support/lspClient';
import { exceptionDocument } from '../support/ssh';
import { benchOrg } from './org';

const REPO = path.join(__dirname, '..', '..', '..');
const CLI = path.join(REPO, 'dist', 'cli.js');

function median(samples: number[]): number {
  const s = [...samples].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

function stats(samples: number[], unit = 'ms'): string {
  const s = [...samples].sort((a, b) => a - b);
  const q = (p: number) => s[Math.min(s.length - 1, Math.floor(p * s.length))];
  return `median ${q(0.5).toFixed(2)} ${unit}, p95 ${q(0.95).toFixed(2)} ${unit} (${s.length} runs)`;
}

/** One line: the figure, its floor, and how many times the floor it costs. */
function figure(what: string, samples: number[], floorWhat: string, floor: number[], unit = 'ms'): void {
  const ratio = median(floor) > 0 ? median(samples) / median(floor) : NaN;
  console.log(`${what}: ${stats(samples, unit)} | floor, ${floorWhat}: ${stats(floor, unit)} | ratio ${ratio.toFixed(2)}×`);
}

function times(runs: number, f: () => void): number[] {
  const out: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    f();
    out.push(performance.now() - t0);
  }
  return out;
}

function tempDir(prefix: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

function bigPackageJson(count: number, extra = ''): string {
  const catalogPackages = BUILTIN_CATALOG.technologies.flatMap((t) => t.packages).filter((p) => !p.includes('*'));
  const deps: string[] = [];
  for (let i = 0; i < count; i++) deps.push(i % 5 === 0 ? catalogPackages[i % catalogPackages.length] : `plain-library-${i}`);
  const unique = [...new Set(deps)];
  return `{\n  "name": "big",\n  "dependencies": {\n${unique.map((d) => `    ${JSON.stringify(d)}: "^1.0.0"`).join(',\n')}${extra}\n  }\n}\n`;
}

const POLICY = JSON.stringify({ approvers: [{ name: 'Dana Reyes' }], technologies: { express: { ring: 'adopt' }, react: { ring: 'adopt' }, postgres: { ring: 'adopt' } } });

/** Spawn → "server ready" (logged after every folder's diagnostics are published), `runs` times. */
async function startTimes(folder: string, runs: number): Promise<number[]> {
  const out: number[] = [];
  for (let run = 0; run < runs; run++) {
    const t0 = performance.now();
    const s = await startServer(folder);
    await s.waitFor('ready', () => s.log.some((l) => l.includes('server ready')), 120_000);
    out.push(performance.now() - t0);
    await s.stop();
  }
  return out;
}

function rssMiB(pid: number | undefined): number {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+)/.exec(status)![1]) / 1024;
}

/** A plain breadth-first walk with readdir: what any tool that looks at every folder pays. */
function plainWalk(root: string): number {
  let n = 0;
  const queue = [root];
  for (let i = 0; i < queue.length; i++) {
    for (const e of fs.readdirSync(queue[i], { withFileTypes: true })) {
      n++;
      if (e.isDirectory() && e.name !== 'node_modules') queue.push(path.join(queue[i], e.name));
    }
  }
  return n;
}

function cliRuns(folder: string, runs: number): number[] {
  const out: number[] = [];
  for (let run = 0; run < runs; run++) {
    const t0 = performance.now();
    const r = spawnSync(process.execPath, [CLI, 'check', folder, '--format', 'json'], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
    out.push(performance.now() - t0);
    if (r.status !== 0 && r.status !== 1) throw new Error(`unexpected exit ${r.status}: ${r.stderr}`);
  }
  return out;
}

/**
 * Opens the 1,000-dependency package.json, then 60 edits that add and remove koa, each timed to its
 * diagnostics; the floor is a request the server answers without looking at anything (a hover on no file).
 */
async function editFigures(server: Awaited<ReturnType<typeof startServer>>, uri: string, text: string): Promise<{ edits: number[]; bare: number[] }> {
  server.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'json', version: 1, text } });
  const base = (await server.waitForDiagnostics(uri, 'first check', (d) => d.length > 0, 30000)).length;
  const edits: number[] = [];
  for (let v = 2; v < 62; v++) {
    const withKoa = v % 2 === 0;
    const next = withKoa ? bigPackageJson(1000, ',\n    "koa": "^2.15.0"') : text;
    const t0 = performance.now();
    server.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version: v }, contentChanges: [{ text: next }] });
    await server.waitForDiagnostics(uri, `version ${v}`, (d) => d.length === (withKoa ? base + 1 : base), 30000);
    edits.push(performance.now() - t0);
  }
  const bare: number[] = [];
  for (let i = 0; i < 60; i++) {
    const t0 = performance.now();
    await server.connection.sendRequest('textDocument/hover', { textDocument: { uri: 'file:///nowhere/x.txt' }, position: { line: 0, character: 0 } });
    bare.push(performance.now() - t0);
  }
  return { edits, bare };
}

async function benchHotPath(): Promise<void> {
  const root = tempDir('tp-bench-');
  fs.writeFileSync(path.join(root, 'techpolicy.json'), POLICY);
  const text = bigPackageJson(1000);
  fs.writeFileSync(path.join(root, 'package.json'), text);
  const depCount = scanPackageJson(text).dependencies.length;

  const folder = new FolderModel(uriOf(root));
  folder.setPolicyText(POLICY, memoryHost({}));
  const uri = uriOf(path.join(root, 'package.json'));
  const core = times(200, () => folder.checkPackageJson(uri, scanPackageJson(text))).slice(20);
  const parseOnly = times(200, () => JSON.parse(text)).slice(20);
  figure(`core: scan + rules, ${depCount}-dependency package.json`, core, 'JSON.parse of the same text', parseOnly);

  const server = await startServer(root);
  const { edits, bare } = await editFigures(server, uri, text);
  figure(`edit → diagnostics over stdio, ${depCount}-dependency package.json (full-text sync)`, edits, 'a request round trip to the same server', bare);

  // memory: a bare server, then 1,000 edits of a realistic package.json in a few files, then all closed
  const idle = await startServer(root);
  await idle.waitFor('ready', () => idle.log.some((l) => l.includes('server ready')), 30_000);
  const bareRss = rssMiB(idle.process.pid);
  await idle.stop();
  const docs = Array.from({ length: 5 }, (_, i) => uriOf(path.join(root, `app${i}`, 'package.json')));
  docs.forEach((d) => server.connection.sendNotification('textDocument/didOpen', { textDocument: { uri: d, languageId: 'json', version: 1, text: '{}' } }));
  for (let v = 2; v <= 1000; v++) {
    const d = docs[v % docs.length];
    server.connection.sendNotification('textDocument/didChange', { textDocument: { uri: d, version: v }, contentChanges: [{ text: bigPackageJson(200 + (v % 50), v % 2 ? ',\n    "koa": "2"' : '') }] });
  }
  await server.waitForDiagnostics(docs[1000 % docs.length], 'the last edit', (d) => d.length > 0, 60_000);
  const afterEdits = rssMiB(server.process.pid);
  docs.forEach((d) => server.connection.sendNotification('textDocument/didClose', { textDocument: { uri: d } }));
  server.connection.sendNotification('textDocument/didClose', { textDocument: { uri } });
  await new Promise((r) => setTimeout(r, 1500));
  const afterClose = rssMiB(server.process.pid);
  console.log(`server memory (RSS): ${afterEdits.toFixed(0)} MiB after 1,000 edits in 6 open package.json files, ${afterClose.toFixed(0)} MiB after closing them | floor, a bare server on the same folder: ${bareRss.toFixed(0)} MiB | ratio ${(afterEdits / bareRss).toFixed(2)}× (limit 150 MiB)`);
  await server.stop();
  fs.rmSync(root, { recursive: true, force: true });
}

async function benchStart(): Promise<void> {
  const empty = tempDir('tp-bench-empty-');
  fs.writeFileSync(path.join(empty, 'techpolicy.json'), POLICY);
  const bare = await startTimes(empty, 5);
  figure('server start → all diagnostics published, examples/shop', await startTimes(path.join(REPO, 'examples', 'shop'), 5), 'a bare server on a folder with only a policy', bare);

  const big = tempDir('tp-bench-ws-');
  fs.writeFileSync(path.join(big, 'techpolicy.json'), POLICY);
  const packages = 2000;
  for (let i = 0; i < packages; i++) {
    const dir = path.join(big, 'packages', `pkg-${i}`, i % 3 === 0 ? 'node_modules/dep' : 'src');
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(big, 'packages', `pkg-${i}`, 'package.json'), JSON.stringify({ name: `pkg-${i}`, dependencies: { express: '4', lodash: '4', ...(i % 10 === 0 ? { fastify: '5' } : {}) } }));
    fs.writeFileSync(path.join(dir, 'index.js'), '');
  }
  figure(`server start → all diagnostics published, ${packages} package.json files`, await startTimes(big, 3), 'a bare server on a folder with only a policy', bare);
  fs.rmSync(big, { recursive: true, force: true });
  fs.rmSync(empty, { recursive: true, force: true });
}

function benchCli(): void {
  const tree = tempDir('tp-bench-tree-');
  fs.writeFileSync(path.join(tree, 'techpolicy.json'), POLICY);
  let files = 1;
  for (let app = 0; files < 100_000; app++) {
    const dir = path.join(tree, 'apps', `app-${app}`);
    fs.mkdirSync(path.join(dir, 'src', 'components'), { recursive: true });
    fs.mkdirSync(path.join(dir, 'node_modules', 'lib', 'dist'), { recursive: true });
    fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name: `app-${app}`, dependencies: { express: '4', lodash: '4', ...(app % 7 === 0 ? { koa: '2' } : {}) } }));
    files++;
    for (let i = 0; i < 150; i++, files++) fs.writeFileSync(path.join(dir, 'src', 'components', `c${i}.ts`), '');
    for (let i = 0; i < 100; i++, files++) fs.writeFileSync(path.join(dir, 'node_modules', 'lib', 'dist', `f${i}.js`), '');
  }
  const versionRuns = times(3, () => spawnSync(process.execPath, [CLI, '--version']));
  const walk = times(3, () => plainWalk(tree));
  const floor = versionRuns.map((v, i) => v + walk[i]);
  figure(`tech-policy check (process start to exit), ${files.toLocaleString('en')}-file tree`, cliRuns(tree, 3), 'tech-policy --version plus a plain readdir walk of the tree', floor);
  fs.rmSync(tree, { recursive: true, force: true });

  const empty = tempDir('tp-bench-folders-');
  fs.writeFileSync(path.join(empty, 'techpolicy.json'), POLICY);
  for (let i = 0; i < 100_000; i++) fs.mkdirSync(path.join(empty, `d${Math.floor(i / 1000)}`, `e${i}`), { recursive: true });
  const walk2 = times(3, () => plainWalk(empty));
  figure('tech-policy check, 100,000 empty folders', cliRuns(empty, 3), 'tech-policy --version plus a plain readdir walk', versionRuns.map((v, i) => v + walk2[i]));
  fs.rmSync(empty, { recursive: true, force: true });
}

/** An Ed25519 key made in process, and SSHSIG signatures with it (the tests check the format against ssh-keygen). */
function benchKey(): { publicKey: string; keyObject: KeyObject; sign(content: string): string } {
  const { publicKey, privateKey } = generateKeyPairSync('ed25519');
  const raw = Buffer.from(publicKey.export({ format: 'jwk' }).x!, 'base64url');
  const blob = Buffer.concat([wireString('ssh-ed25519'), wireString(raw)]);
  return {
    publicKey: `ssh-ed25519 ${blob.toString('base64')} bench@example.com`,
    keyObject: publicKey,
    sign(content) {
      const sig = cryptoSign(null, signedData(content, 'tech-policy-exception', 'sha512'), privateKey);
      const version = Buffer.alloc(4);
      version.writeUInt32BE(1);
      const all = Buffer.concat([Buffer.from('SSHSIG'), version, wireString(blob), wireString('tech-policy-exception'), wireString(''), wireString('sha512'), wireString(Buffer.concat([wireString('ssh-ed25519'), wireString(sig)]))]);
      return `-----BEGIN SSH SIGNATURE-----\n${all.toString('base64').replace(/(.{70})/g, '$1\n')}\n-----END SSH SIGNATURE-----\n`;
    },
  };
}

async function benchSignatures(): Promise<void> {
  const key = benchKey();
  const policyText = JSON.stringify({ approvers: [{ name: 'Dana Reyes', email: 'dana@acme.example', keys: [key.publicKey] }], technologies: { express: { ring: 'adopt' } } });
  const policy = loadPolicy('file:///ws/techpolicy.json', policyText, memoryHost({})).policy;
  const docs = Array.from({ length: 500 }, (_, i) => {
    const approved = approvedDocument(exceptionDocument({ id: `EX-${String(i + 1).padStart(4, '0')}`, subject: `tech${i}` }), { by: 'Dana Reyes <dana@acme.example>', on: '2026-11-24' });
    const signature = key.sign(contentToSign(approved));
    return { approved, signature, signed: withSignature(approved, signature) };
  });
  const verifyTimes: number[] = [];
  const bare: number[] = [];
  for (const { signed, signature } of docs) {
    const t0 = performance.now();
    const ev = evaluateException(parseExceptionDocument('file:///ws/docs/policy-exceptions/EX.md', signed), policy, '2026-11-25');
    verifyTimes.push(performance.now() - t0);
    if (ev.state !== 'granted') throw new Error(`bench document not granted: ${ev.problems[0]?.message}`);
    const raw = Buffer.from(signature.replace(/-----[A-Z ]+-----|\n/g, ''), 'base64');
    const message = signedData(contentToSign(signed), 'tech-policy-exception', 'sha512');
    const t1 = performance.now();
    cryptoVerify(null, message, key.keyObject, raw.subarray(raw.length - 64));
    bare.push(performance.now() - t1);
  }
  figure('verify one signed exception (parse + evaluate + Ed25519)', verifyTimes, 'the bare Ed25519 check of the same bytes', bare);

  const workspace = (signed: boolean) => {
    const dir = tempDir('tp-bench-sig-');
    fs.mkdirSync(path.join(dir, 'docs/policy-exceptions'), { recursive: true });
    fs.writeFileSync(path.join(dir, 'techpolicy.json'), policyText);
    fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name: 'app', dependencies: Object.fromEntries(docs.map((_, i) => [`tech${i}`, '1'])) }));
    docs.forEach((d, i) => fs.writeFileSync(path.join(dir, 'docs/policy-exceptions', `EX-${String(i + 1).padStart(4, '0')}-tech${i}.md`), signed ? d.signed : d.approved.replace('status: approved', 'status: requested')));
    return dir;
  };
  const signedWs = workspace(true);
  const unsignedWs = workspace(false);
  figure('server start, 500 signed exception documents', await startTimes(signedWs, 3), 'the same 500 as unsigned requests', await startTimes(unsignedWs, 3));
  fs.rmSync(signedWs, { recursive: true, force: true });
  fs.rmSync(unsignedWs, { recursive: true, force: true });
}

function benchHostile(): void {
  const ctx = { imageCategory: () => undefined };
  const services = Array.from({ length: 2000 }, (_, i) => `  s${i}:\r\n    build: ./s${i}\r\n    environment:\r\n      - A=${i}\r\n`).join('');
  const crlfYaml = `services:\r\n${services}`;
  figure(`CRLF-heavy compose file (${(crlfYaml.length / 1024).toFixed(0)} KiB, 2,000 services)`, times(5, () => scanScaffolding('docker-compose.yml', unseen(crlfYaml), ctx)), 'the yaml parser alone on the same text (its duplicate-key check, quadratic, off as in the scanner)', times(5, () => parseAllDocuments(crlfYaml, { uniqueKeys: false })));

  const toml = `app = "x"\n${' '.repeat(200_000)}= "y"\nname${' '.repeat(100_000)}\n`;
  const countSpaces = () => {
    let n = 0;
    for (let i = 0; i < toml.length; i++) if (toml.charCodeAt(i) === 32) n++;
    return n;
  };
  figure('fly.toml with lines of 100,000 spaces', times(20, () => scanScaffolding('fly.toml', toml, ctx)), 'reading each character once', times(20, countSpaces));

  const brokenToml = `[project]\nname = "x"\ndependencies = ["Flask>=3", "redis"]\n[tool.poetry.dependencies]\nfastapi = "1"\n${'a'.repeat(4_000_000)}\n`;
  figure('a broken 4 MB pyproject.toml (the tables that parse still count)', times(5, () => scanScaffolding('pyproject.toml', brokenToml, ctx)), 'one TOML parse of the same text', times(5, () => {
    try {
      parseTOML(brokenToml);
    } catch {
      // the error is the point
    }
  }));

  const longApprover = `---\nid: EX-0001\nrule: new-technology\nsubject: x\nstatus: approved\napproved-by: Dana ${' x'.repeat(50_000)} <\napproved-on: 2026-11-01\n---\n`;
  const named = loadPolicy('file:///ws/techpolicy.json', JSON.stringify({ approvers: [{ name: 'Dana Reyes' }] }), memoryHost({})).policy;
  figure('an exception with a 100,000-character approved-by (parse + evaluate)', times(20, () => evaluateException(parseExceptionDocument('file:///ws/EX.md', longApprover), named, '2026-11-25')), 'parse alone', times(20, () => parseExceptionDocument('file:///ws/EX.md', longApprover)));

  const index = new TechnologyIndex({ technologies: { evil: { ring: 'hold', packages: ['*-*-*-*-*-*-*-x', '*a*a*a*a*a*a*a*a*b'] } } });
  const names = Array.from({ length: 200 }, (_, i) => `${'a-'.repeat(500)}${i}`);
  const plainIndex = new TechnologyIndex({ technologies: {} });
  figure('200 long package names against `*-*-*-*-*-*-*-x` patterns', times(5, () => names.forEach((n) => index.matchPackage(`${n}z${Math.random()}`))), 'the same names against the catalog alone', times(5, () => names.forEach((n) => plainIndex.matchPackage(`${n}z${Math.random()}`))));

  benchSmallFiles(ctx);

  const folder = new FolderModel('file:///ws', 'techpolicy.json', () => '2026-11-25');
  folder.setPolicyText(JSON.stringify({ approvers: [{ name: 'Dana Reyes' }] }), memoryHost({}));
  const texts = Array.from({ length: 2000 }, (_, i) => exceptionDocument({ id: `EX-${String(i + 1).padStart(4, '0')}`, subject: `t${i}` }));
  figure('2,000 exception documents read into a folder', times(3, () => texts.forEach((t, i) => folder.setException(`file:///ws/docs/policy-exceptions/EX-${i}.md`, t))), 'parsing the 2,000 documents alone', times(3, () => texts.forEach((t) => parseExceptionDocument('file:///ws/x.md', t))));
}

/**
 * The text with a comment line that differs on every call: the scanner keeps recent YAML parses by
 * text (a policy edit derives facts again without parsing again), and a figure must not time that.
 */
let fresh = 0;
function unseen(text: string): string {
  return `${text}\n# ${++fresh}\n`;
}

/** Counts a character by reading each one once: the floor of any linear pass over a text. */
function countChar(text: string, c: string): number {
  let n = 0;
  for (let i = text.indexOf(c); i >= 0; i = text.indexOf(c, i + 1)) n++;
  return n;
}

/** Small files that hung or killed the check (issue 18, items 8–12), each beside a linear floor. */
function benchSmallFiles(ctx: { imageCategory: () => undefined }): void {
  const blank = '\n'.repeat(65_536);
  figure('a YAML file of 64 KiB of blank lines (the content sniff; it was cubic: 8 KiB took over a minute)', times(20, () => scanScaffolding('k8s/blank.yaml', unseen(blank), ctx)), 'counting its lines', times(20, () => countChar(blank, '\n')));

  const aliased = `x-base: &base\n  image: redis:7\nservices:\n${Array.from({ length: 8000 }, (_, i) => `  s${i}: *base\n`).join('')}`;
  figure(`a compose file of 8,000 services that are aliases (${(aliased.length / 1024).toFixed(0)} KiB; it took 55 s)`, times(5, () => scanScaffolding('docker-compose.yml', unseen(aliased), ctx)), 'the yaml parser alone on the same text', times(5, () => parseAllDocuments(aliased, { uniqueKeys: false })));

  const emptyDocs = `apiVersion: v1\nkind: Namespace\nmetadata: {name: a}\n${'---\n'.repeat(1_300_000)}`;
  figure(`1.3 million empty YAML documents (${(emptyDocs.length / 1024 / 1024).toFixed(1)} MiB; it took 118 s and 2.6 GB)`, times(5, () => scanScaffolding('k8s/all.yaml', unseen(emptyDocs), ctx)), 'counting its lines', times(5, () => countChar(emptyDocs, '\n')));

  const deps = Object.fromEntries(Array.from({ length: 130_000 }, (_, i) => [`lib-${i}`, '1']));
  const bigText = JSON.stringify({ dependencies: deps });
  const unlisted = new FolderModel('file:///ws', 'techpolicy.json', () => '2026-11-25');
  unlisted.setPolicyText(JSON.stringify({ rules: { 'unlisted-dependency': 'warning' } }), memoryHost({}));
  figure(`a package.json of 130,000 dependencies with unlisted-dependency on (${(bigText.length / 1024 / 1024).toFixed(1)} MiB; it aborted the check)`, times(5, () => unlisted.checkPackageJson('file:///ws/package.json', scanPackageJson(bigText))), 'JSON.parse of the same text', times(5, () => JSON.parse(bigText)));

  const found = unlisted.checkPackageJson('file:///ws/package.json', scanPackageJson(bigText));
  const diagnostics = Array.from({ length: Math.ceil(20_000 / found.length) }, () => found).flat().map(findingToDiagnostic);
  const request = (list: typeof diagnostics) => codeActionsFor({ folder: unlisted, diagnostics: list, existingExceptionFiles: [], policyText: '{}', policyVersion: 1, today: '2026-11-25' });
  figure(`code actions for ${diagnostics.length.toLocaleString('en')} diagnostics in one request (20,000 took 19.7 s)`, times(5, () => request(diagnostics)), `the same request with the ${MAX_CODE_ACTION_SUBJECTS} it answers for`, times(5, () => request(diagnostics.slice(0, MAX_CODE_ACTION_SUBJECTS))));
}

/** A Gemfile of `lines` lines (gems in groups, comments), and a pom.xml of about `lines` lines. */
function bigGemfile(lines: number, extra = ''): string {
  const out = ['source "https://rubygems.org"', '', 'gem "rails", "~> 7.1.3"'];
  for (let i = 0; out.length < lines - 4; i++) out.push(i % 25 === 0 ? `group :g${i} do` : i % 25 === 24 ? 'end' : `  gem "acme-lib-${i}", "~> 1.${i}"`);
  out.push('end', extra, '');
  return out.join('\n');
}

function bigPom(lines: number, extra = ''): string {
  const deps: string[] = [];
  for (let i = 0; deps.length * 5 < lines - 10; i++) deps.push(`    <dependency>\n      <groupId>com.acme.lib${i}</groupId>\n      <artifactId>lib-${i}</artifactId>\n      <version>1.${i}</version>\n    </dependency>`);
  return `<project>\n  <modelVersion>4.0.0</modelVersion>\n  <dependencies>\n${deps.join('\n')}\n${extra}  </dependencies>\n</project>\n`;
}

/** A tidy go.mod: one sorted require block (github.com/…, go.*, google.golang.org/…, gorm.io/…, k8s.io/…). */
function bigGoMod(lines: number, extra = ''): string {
  const hosts = ['github.com/acme', 'go.acme.io', 'google.golang.org/acme', 'gorm.io/acme', 'k8s.io/acme'];
  const modules: string[] = [];
  for (let i = 0; modules.length < lines - 8; i++) modules.push(`\t${hosts[i % hosts.length]}/lib${i} v1.${i}.0${i % 7 === 0 ? ' // indirect' : ''}`);
  modules.sort();
  return `module github.com/acme/orders\n\ngo 1.22\n\nrequire (\n${modules.join('\n')}\n${extra})\n`;
}

/** A Cargo.toml whose dependencies are tables of their own (`[dependencies.x]`). */
function bigCargo(lines: number, extra = ''): string {
  const tables: string[] = [];
  for (let i = 0; tables.length * 3 < lines - 5; i++) tables.push(`[dependencies.lib-${i}]\nversion = "1.${i}"\n`);
  return `[package]\nname = "orders"\nversion = "0.1.0"\n\n${tables.join('\n')}\n${extra}`;
}

/** Edit → diagnostics for manifests of other ecosystems: the same loop as for package.json. */
async function benchEcosystems(): Promise<void> {
  const root = tempDir('tp-bench-eco-');
  fs.writeFileSync(path.join(root, 'techpolicy.json'), JSON.stringify({ approvers: [{ name: 'Dana Reyes' }], technologies: { rails: 'adopt' } }));
  const cases = [
    { file: 'Gemfile', text: bigGemfile(300), changed: bigGemfile(300, 'gem "sinatra"'), lines: 300 },
    { file: 'pom.xml', text: bigPom(2000), changed: bigPom(2000, '    <dependency><groupId>org.springframework.kafka</groupId><artifactId>spring-kafka</artifactId></dependency>\n'), lines: 2000 },
    { file: 'go.mod', text: bigGoMod(1000), changed: bigGoMod(1000, '\tgo.mongodb.org/mongo-driver v1.16.0\n'), lines: 1000 },
    { file: 'Cargo.toml', text: bigCargo(1000), changed: bigCargo(1000, '[dependencies.redis]\nversion = "0.25"\n'), lines: 1000 },
  ];
  const folder = new FolderModel(uriOf(root));
  folder.setPolicyText(fs.readFileSync(path.join(root, 'techpolicy.json'), 'utf8'), memoryHost({}));
  const server = await startServer(root);
  await server.waitFor('ready', () => server.log.some((l) => l.includes('server ready')), 30_000);
  for (const c of cases) {
    const uri = uriOf(path.join(root, c.file));
    const lines = c.text.split('\n').length;
    const core = times(100, () => folder.checkText(uri, c.changed)).slice(10);
    const floor = times(100, () => c.changed.split('\n').length).slice(10);
    figure(`core: scan + rules, ${lines}-line ${c.file}`, core, 'splitting the same text into lines', floor);
    server.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'plaintext', version: 1, text: c.text } });
    // an empty first check publishes nothing: a request after the notification marks that it was handled
    await server.connection.sendRequest('textDocument/hover', { textDocument: { uri }, position: { line: 0, character: 0 } });
    const edits: number[] = [];
    for (let v = 2; v < 42; v++) {
      const changed = v % 2 === 0;
      const t0 = performance.now();
      server.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version: v }, contentChanges: [{ text: changed ? c.changed : c.text }] });
      await server.waitForDiagnostics(uri, `version ${v}`, (d) => d.length === (changed ? 1 : 0), 30_000);
      edits.push(performance.now() - t0);
    }
    const bare: number[] = [];
    for (let i = 0; i < 40; i++) {
      const t0 = performance.now();
      await server.connection.sendRequest('textDocument/hover', { textDocument: { uri: 'file:///nowhere/x.txt' }, position: { line: 0, character: 0 } });
      bare.push(performance.now() - t0);
    }
    figure(`edit → diagnostics over stdio, ${lines}-line ${c.file} (full-text sync)`, edits, 'a request round trip to the same server', bare);
  }
  await server.stop();
  fs.rmSync(root, { recursive: true, force: true });
}

async function benchBaseline(): Promise<void> {
  // 2,000 packages, each with moment on hold and every tenth with a second web framework
  const big = tempDir('tp-bench-baseline-');
  const policy = JSON.stringify({ approvers: [{ name: 'Dana Reyes' }], technologies: { express: 'adopt', moment: { ring: 'hold' } } });
  fs.writeFileSync(path.join(big, 'techpolicy.json'), policy);
  const packages = 2000;
  for (let i = 0; i < packages; i++) {
    fs.mkdirSync(path.join(big, 'packages', `pkg-${i}`), { recursive: true });
    fs.writeFileSync(path.join(big, 'packages', `pkg-${i}`, 'package.json'), JSON.stringify({ name: `pkg-${i}`, dependencies: { express: '4', moment: '2', ...(i % 10 === 0 ? { fastify: '5' } : {}) } }));
  }
  const writes = times(3, () => {
    fs.rmSync(path.join(big, 'techpolicy.baseline.json'), { force: true });
    const r = spawnSync(process.execPath, [CLI, 'baseline', big], { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`baseline: exit ${r.status}: ${r.stderr}`);
  });
  figure(`tech-policy baseline (process start to exit), ${packages.toLocaleString('en')} package.json files, ${(packages * 1.1).toLocaleString('en')} entries`, writes, 'tech-policy check of the same tree', cliRuns(big, 3));
  figure(`tech-policy check with that baseline (every finding known)`, cliRuns(big, 3), 'the same check without a baseline', (() => {
    fs.rmSync(path.join(big, 'techpolicy.baseline.json'), { force: true });
    return cliRuns(big, 3);
  })());
  fs.rmSync(big, { recursive: true, force: true });

  // one edit in a folder whose baseline holds 5,000 entries (none for the edited file)
  const root = tempDir('tp-bench-baseline-edit-');
  fs.writeFileSync(path.join(root, 'techpolicy.json'), POLICY);
  const entries = Array.from({ length: 5000 }, (_, i) => ({ file: `packages/pkg-${i}/package.json`, rule: 'new-technology' as const, subject: 'fastify', count: 1, since: '2026-01-01' }));
  const baselineText = renderBaseline(entries);
  const text = bigPackageJson(1000);
  const uri = uriOf(path.join(root, 'package.json'));
  const plain = new FolderModel(uriOf(root));
  plain.setPolicyText(POLICY, memoryHost({}));
  const withBaseline = new FolderModel(uriOf(root));
  withBaseline.setPolicyText(POLICY, memoryHost({}));
  withBaseline.setBaselineText(baselineText);
  const scanned = scanPackageJson(text);
  const depCount = scanned.dependencies.length;
  const floorCore = times(200, () => plain.checkPackageJson(uri, scanPackageJson(text))).slice(20);
  const core = times(200, () => withBaseline.checkPackageJson(uri, scanPackageJson(text))).slice(20);
  figure(`core: scan + rules + baseline lookup, ${depCount}-dependency package.json, 5,000-entry baseline`, core, 'the same without a baseline', floorCore);

  fs.writeFileSync(path.join(root, 'techpolicy.baseline.json'), baselineText);
  const server = await startServer(root);
  await server.waitFor('ready', () => server.log.some((l) => l.includes('server ready')), 60_000);
  const { edits, bare } = await editFigures(server, uri, text);
  figure(`edit → diagnostics over stdio, ${depCount}-dependency package.json, 5,000-entry baseline`, edits, 'a request round trip to the same server', bare);
  await server.stop();
  fs.rmSync(root, { recursive: true, force: true });
}

/** A repository of `count` dated commits of every kind, written by git fast-import in one go. */
function historyRepo(count: number): string {
  const repo = tempDir('tp-bench-history-');
  spawnSync('git', ['init', '-q', '-b', 'main'], { cwd: repo });
  fs.writeFileSync(path.join(repo, 'techpolicy.json'), POLICY);
  const paths = ['src/orders/checkout.ts', 'src/cart.ts', 'app/models/order.rb', '.github/workflows/ci.yml', 'infra/main.tf', 'package.json', 'package-lock.json', 'docs/runbook.md', 'test/cart.test.ts', 'services/api/Dockerfile'];
  const start = Date.parse('2026-06-01T09:00:00Z') / 1000;
  const step = Math.floor((Date.parse('2026-11-30T09:00:00Z') / 1000 - start) / count);
  const chunks: string[] = [];
  for (let i = 0; i < count; i++) {
    const author = i % 7 === 0 ? 'dependabot[bot] <bot@dependabot.com>' : `Dev ${i % 13} <dev${i % 13}@acme.example>`;
    const when = `${start + i * step} +0000`;
    const message = i % 5 === 0 ? 'ci: tune' : `change ${i}`;
    chunks.push(`commit refs/heads/main\nauthor ${author} ${when}\ncommitter ${author} ${when}\ndata ${Buffer.byteLength(message)}\n${message}\n`);
    for (let f = 0; f < 3; f++) {
      const p = paths[(i + f * 3) % paths.length];
      const body = `${p} revision ${i}\n`.repeat(1 + ((i + f) % 20));
      chunks.push(`M 644 inline ${p}\ndata ${Buffer.byteLength(body)}\n${body}\n`);
    }
  }
  const r = spawnSync('git', ['fast-import', '--quiet'], { cwd: repo, input: chunks.join(''), maxBuffer: 1 << 30 });
  if (r.status !== 0) throw new Error(`git fast-import: ${r.stderr}`);
  spawnSync('git', ['checkout', '-q', '-f', 'main'], { cwd: repo });
  fs.writeFileSync(path.join(repo, 'techpolicy.json'), POLICY);
  return repo;
}

function benchReport(): void {
  const count = 10_000;
  const repo = historyRepo(count);
  const logRuns = times(3, () => {
    const r = spawnSync('git', ['log', '--no-merges', '--numstat', '--since=2026-05-01T00:00:00Z', '--format=%H%x1f%aN%x1f%aE%x1f%aI%x1f%s', '--', '.'], { cwd: repo, maxBuffer: 1 << 30 });
    if (r.status !== 0) throw new Error(String(r.stderr));
  });
  const reportRuns = times(3, () => {
    const r = spawnSync(process.execPath, [CLI, 'report', repo, '--since', '2026-05-01', '--format', 'json'], { encoding: 'utf8', maxBuffer: 1 << 28 });
    if (r.status !== 0) throw new Error(`report: exit ${r.status}: ${r.stderr}`);
  });
  const html = times(3, () => {
    const r = spawnSync(process.execPath, [CLI, 'report', repo, '--since', '2026-05-01'], { encoding: 'utf8', maxBuffer: 1 << 28 });
    if (r.status !== 0) throw new Error(`report: exit ${r.status}: ${r.stderr}`);
  });
  figure(`tech-policy report --format json (process start to exit), ${count.toLocaleString('en')} commits in the period`, reportRuns, 'git log --numstat over the same range', logRuns);
  figure(`tech-policy report (HTML), the same history`, html, 'git log --numstat over the same range', logRuns);
  fs.rmSync(repo, { recursive: true, force: true });
}

async function main(): Promise<void> {
  const only = process.argv[2];
  if (!only || only === 'ecosystems') await benchEcosystems();
  if (!only || only === 'hot') await benchHotPath();
  if (!only || only === 'baseline') await benchBaseline();
  if (!only || only === 'start') await benchStart();
  if (!only || only === 'signatures') await benchSignatures();
  if (!only || only === 'hostile') benchHostile();
  if (!only || only === 'cli') benchCli();
  if (!only || only === 'report') benchReport();
  if (!only || only === 'org') await benchOrg(figure);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
