/**
 * `npm run bench`: figures, not assertions. Each figure is printed next to a floor measured in
 * the same run on the same machine, with the ratio between their medians, so the numbers mean
 * something on any machine; figures with a goal say it, and the last line names those over it.
 *
 * Floors that do the same kind of work, as whole processes where the figure is one:
 * - edits: the floor server (test/bench/floorServer.ts: vscode-languageserver + jsonc-parser,
 *   bundled as the real server is, parsing each change and publishing one diagnostic), edited in
 *   turn with Tech Policy's server, change by change (a request round trip is no floor for work
 *   that parses the document);
 * - start-up: the floor server's start on the same folder with FLOOR_WALK=1 (a plain walk, every
 *   package.json read and parsed: the least a start must do before it can publish their findings),
 *   with, for reference, the same server's start on a folder with only a policy and the floor
 *   server's start reading no file;
 * - the CLI: a plain readdir walk of the same tree in a node process of its own
 *   (test/bench/plainWalk.ts), run in turn with the check.
 *
 * - the hot path (goals from issue 20): an edit → its diagnostics for package.json files of 30,
 *   1,000 and 20,000 dependencies; memory after 1,000 edits; scan + rules in process;
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
 * - the MCP server (agents.ts): start and a check's round trip, beside a bare SDK server.
 * - the pull-request view (newSince.ts): check --new-since on the 2,000-package.json tree, beside a plain check.
 *
 * `node out/test/bench/bench.js SECTION` runs one section (hot, start, cli, ecosystems, baseline,
 * signatures, hostile, report, org, agents, new-since). Machines are noisy: read the medians, and run it twice.
 */
import { spawnSync } from 'child_process';
import { generateKeyPairSync, type KeyObject, sign as cryptoSign, verify as cryptoVerify } from 'crypto';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { performance } from 'perf_hooks';
import { parseTOML } from 'toml-eslint-parser';
import type { Diagnostic } from 'vscode-languageserver-types';
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
import { pomLanguage } from '../../server/src/core/scan/ecosystems/jvm';
import { memoryHost, uriOf } from '../support/fixtures';
import { type ServerUnderTest, startServer } from '../support/lspClient';
import { exceptionDocument } from '../support/ssh';
import { cpuMs, rssMiB } from '../support/proc';
import { benchOrg } from './org';
import { benchAgents } from './agents';
import { benchNewSince } from './newSince';

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

/** Figures with a goal (a ratio to their floor, or a limit): the closing line names those over it. */
const goals: Array<{ what: string; value: number; goal: number; unit: string }> = [];

/** One line: the figure, its floor, and how many times the floor it costs (and its goal, if it has one). */
function figure(what: string, samples: number[], floorWhat: string, floor: number[], options: { unit?: string; goal?: number } = {}): void {
  const unit = options.unit ?? 'ms';
  const ratio = median(floor) > 0 ? median(samples) / median(floor) : NaN;
  const goal = options.goal === undefined ? '' : ` (goal ≤ ${options.goal}×)`;
  console.log(`${what}: ${stats(samples, unit)} | floor, ${floorWhat}: ${stats(floor, unit)} | ratio ${ratio.toFixed(2)}×${goal}`);
  if (options.goal !== undefined) goals.push({ what, value: ratio, goal: options.goal, unit: '×' });
}

/** The closing line: which figures are over their goal. */
function goalsLine(): string {
  const over = goals.filter((g) => !(g.value <= g.goal));
  if (goals.length === 0) return 'no figure with a goal was measured';
  if (over.length === 0) return `over their goal: none (${goals.length === 1 ? 'the one figure with a goal is' : `all ${goals.length} figures with a goal are`} within it)`;
  return `over their goal: ${over.length} of ${goals.length}: ${over.map((g) => `${g.what} (${g.value.toFixed(2)}${g.unit}, goal ≤ ${g.goal}${g.unit})`).join('; ')}`;
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
  // every fifth a name of the catalog (each once, while they last), the rest names it does not know: `count` distinct names
  const unique: string[] = [];
  for (let i = 0; i < count; i++) unique.push(i % 5 === 0 && i / 5 < catalogPackages.length ? catalogPackages[i / 5] : `plain-library-${i}`);
  return `{\n  "name": "big",\n  "dependencies": {\n${unique.map((d) => `    ${JSON.stringify(d)}: "^1.0.0"`).join(',\n')}${extra}\n  }\n}\n`;
}

const POLICY = JSON.stringify({ approvers: [{ name: 'Dana Reyes' }], technologies: { express: { ring: 'adopt' }, react: { ring: 'adopt' }, postgres: { ring: 'adopt' } } });

/** CPU time a process has used (user + system): how much work, whatever the machine's load (the bench runs on Linux). */
function processCpuMs(pid: number | undefined): number {
  return cpuMs(pid) ?? NaN;
}

function residentMiB(pid: number | undefined): number {
  return rssMiB(pid) ?? NaN;
}

/** The floor server (test/bench/floorServer.ts), bundled by `node esbuild.mjs --bench`. */
const FLOOR_SERVER = path.join(REPO, 'out', 'bench', 'floorServer.js');
/** The CLI's floor: a plain readdir walk of the tree as a process of its own (test/bench/plainWalk.ts). */
const PLAIN_WALK = path.join(__dirname, 'plainWalk.js');

function startFloorServer(folder: string, walk = false): Promise<ServerUnderTest> {
  if (!fs.existsSync(FLOOR_SERVER)) throw new Error(`${FLOOR_SERVER} is missing: run the bench with npm run bench (it bundles the floor server)`);
  return startServer(folder, { serverPath: FLOOR_SERVER, ...(walk ? { env: { ...process.env, FLOOR_WALK: '1' } } : {}) });
}

function cliRun(folder: string): void {
  const r = spawnSync(process.execPath, [CLI, 'check', folder, '--format', 'json'], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (r.status !== 0 && r.status !== 1) throw new Error(`unexpected exit ${r.status}: ${r.stderr}`);
}

function cliRuns(folder: string, runs: number): number[] {
  return times(runs, () => cliRun(folder));
}

/** Two commands timed in turn (A B A B …), so a machine whose speed drifts moves both alike. */
async function paired(runs: number, a: () => unknown, b: () => unknown): Promise<[number[], number[]]> {
  const as: number[] = [];
  const bs: number[] = [];
  for (let i = 0; i < runs; i++) {
    for (const [f, out] of (i % 2 ? [[b, bs], [a, as]] : [[a, as], [b, bs]]) as Array<[() => unknown, number[]]>) {
      const t0 = performance.now();
      await f();
      out.push(performance.now() - t0);
    }
  }
  return [as, bs];
}

/**
 * Edit → diagnostics, Tech Policy's server beside the floor server, both real processes over stdio
 * with the same document open: `rounds` full-text edits that switch between `text` and `changed`,
 * sent to the two servers in turn, each timed from the change sent to its diagnostics received
 * (ours: `accept` says they are the new version's; the floor names its version). The first two
 * edits of each are warm-up and not counted.
 */
async function pairedEdits(
  ours: ServerUnderTest,
  floor: ServerUnderTest,
  edit: { uri: string; languageId: string; text: string; changed: string; rounds: number; accept: (d: Diagnostic[], changed: boolean) => boolean },
): Promise<[number[], number[], string]> {
  const { uri, text, changed } = edit;
  for (const server of [ours, floor]) server.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: edit.languageId, version: 1, text } });
  // our first check may publish nothing: a request sent after the open is answered after it is handled
  await ours.connection.sendRequest('textDocument/hover', { textDocument: { uri }, position: { line: 0, character: 0 } });
  await floor.waitForDiagnostics(uri, 'version 1', (d) => String(d[0]?.message).startsWith('version 1:'), 60_000);
  // each server its own versions: even ones carry `changed`
  const versions = new Map([[ours, 1], [floor, 1]]);
  const change = (server: ServerUnderTest): number => {
    const v = versions.get(server)! + 1;
    versions.set(server, v);
    server.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version: v }, contentChanges: [{ text: v % 2 === 0 ? changed : text }] });
    return v;
  };
  const cpu0 = [processCpuMs(ours.process.pid), processCpuMs(floor.process.pid)];
  const [edits, floors] = await paired(
    edit.rounds + 2,
    async () => {
      const v = change(ours);
      await ours.waitForDiagnostics(uri, `version ${v}`, (d) => edit.accept(d, v % 2 === 0), 60_000);
    },
    async () => {
      const v = change(floor);
      await floor.waitForDiagnostics(uri, `version ${v}`, (d) => String(d[0]?.message).startsWith(`version ${v}:`), 60_000);
    },
  );
  const perEdit = (pid: number | undefined, before: number) => ((processCpuMs(pid) - before) / (edit.rounds + 2)).toFixed(2);
  const cpu = `process CPU per edit: ${perEdit(ours.process.pid, cpu0[0])} ms, the floor server's ${perEdit(floor.process.pid, cpu0[1])} ms`;
  return [edits.slice(2), floors.slice(2), cpu];
}

/** A server on `root` and the floor server beside it, each ready. */
async function serversOn(root: string): Promise<[ServerUnderTest, ServerUnderTest]> {
  const ours = await startServer(root);
  await ours.waitFor('ready', () => ours.log.some((l) => l.includes('server ready')), 120_000);
  const floor = await startFloorServer(root);
  await floor.waitFor('floor ready', () => floor.log.some((l) => l.includes('floor server ready')), 30_000);
  return [ours, floor];
}

const FLOOR_EDIT = 'the floor server (vscode-languageserver + jsonc-parser: parse, publish one diagnostic)';

async function benchHotPath(): Promise<void> {
  const root = tempDir('tp-bench-');
  fs.writeFileSync(path.join(root, 'techpolicy.json'), POLICY);
  const uri = uriOf(path.join(root, 'package.json'));
  const koa = ',\n    "koa": "^2.15.0"';

  const thousand = bigPackageJson(1000);
  const folder = new FolderModel(uriOf(root));
  folder.setPolicyText(POLICY, memoryHost({}));
  const core = times(200, () => folder.checkPackageJson(uri, scanPackageJson(thousand))).slice(20);
  const parseOnly = times(200, () => JSON.parse(thousand)).slice(20);
  figure(`core: scan + rules, ${scanPackageJson(thousand).dependencies.length}-dependency package.json`, core, 'JSON.parse of the same text', parseOnly);

  const [ours, floor] = await serversOn(root);
  for (const [count, rounds] of [[30, 200], [1000, 150], [20_000, 40]]) {
    const text = bigPackageJson(count);
    const changed = bigPackageJson(count, koa);
    const depCount = scanPackageJson(text).dependencies.length;
    const base = folder.checkPackageJson(uri, scanPackageJson(text)).length;
    const [edits, floors, cpu] = await pairedEdits(ours, floor, { uri, languageId: 'json', text, changed, rounds, accept: (d, withKoa) => d.length === (withKoa ? base + 1 : base) });
    figure(`edit → diagnostics over stdio, package.json with ${depCount.toLocaleString('en')} dependencies (full-text sync)`, edits, FLOOR_EDIT, floors, { goal: 1.5 });
    console.log(`  (${base + 1} diagnostics at most; ${cpu})`);
    for (const server of [ours, floor]) server.connection.sendNotification('textDocument/didClose', { textDocument: { uri } });
  }
  await floor.stop();
  await ours.stop();

  // memory: a bare server, then a fresh one through 1,000 edits of a realistic package.json in a few files, then all closed
  const idle = await startServer(root);
  await idle.waitFor('ready', () => idle.log.some((l) => l.includes('server ready')), 30_000);
  const bareRss = residentMiB(idle.process.pid);
  await idle.stop();
  const mem = await startServer(root);
  await mem.waitFor('ready', () => mem.log.some((l) => l.includes('server ready')), 30_000);
  const docs = Array.from({ length: 5 }, (_, i) => uriOf(path.join(root, `app${i}`, 'package.json')));
  docs.forEach((d) => mem.connection.sendNotification('textDocument/didOpen', { textDocument: { uri: d, languageId: 'json', version: 1, text: '{}' } }));
  for (let v = 2; v <= 1000; v++) {
    const d = docs[v % docs.length];
    mem.connection.sendNotification('textDocument/didChange', { textDocument: { uri: d, version: v }, contentChanges: [{ text: bigPackageJson(200 + (v % 50), v % 2 ? koa : '') }] });
  }
  // a request is answered after every notification sent before it was handled (each edit is checked as it comes)
  await mem.connection.sendRequest('textDocument/hover', { textDocument: { uri: docs[0] }, position: { line: 0, character: 0 } });
  await mem.waitForDiagnostics(docs[1000 % docs.length], 'the last edit', (d) => d.length > 0, 60_000);
  const afterEdits = residentMiB(mem.process.pid);
  docs.forEach((d) => mem.connection.sendNotification('textDocument/didClose', { textDocument: { uri: d } }));
  // closing publishes again; a request answered after the closes marks them handled
  await mem.connection.sendRequest('textDocument/hover', { textDocument: { uri: docs[0] }, position: { line: 0, character: 0 } });
  const afterClose = residentMiB(mem.process.pid);
  console.log(`server memory (RSS): ${afterEdits.toFixed(0)} MiB after 1,000 edits in 5 open package.json files, ${afterClose.toFixed(0)} MiB after closing them | floor, a bare server on the same folder: ${bareRss.toFixed(0)} MiB | ratio ${(afterEdits / bareRss).toFixed(2)}× (limit 150 MiB)`);
  goals.push({ what: 'server memory after 1,000 edits', value: afterEdits, goal: 150, unit: ' MiB' });
  await mem.stop();
  fs.rmSync(root, { recursive: true, force: true });
}

/** Spawn → "server ready" (logged after every folder's diagnostics are published), `runs` times. */
async function startOnce(folder: string): Promise<void> {
  const s = await startServer(folder);
  await s.waitFor('ready', () => s.log.some((l) => l.includes('server ready')), 120_000);
  await s.stop();
}

/** Spawn → the floor server's "ready": initialized, and with `walk` every package.json of the folder read, parsed and published. */
async function floorStartOnce(folder: string, walk = false): Promise<void> {
  const s = await startFloorServer(folder, walk);
  await s.waitFor('floor ready', () => s.log.some((l) => l.includes('floor server ready')), 30_000);
  await s.stop();
}

async function startTimes(folder: string, runs: number): Promise<number[]> {
  const out: number[] = [];
  for (let run = 0; run < runs; run++) {
    const t0 = performance.now();
    await startOnce(folder);
    out.push(performance.now() - t0);
  }
  return out;
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
  // the goal's floor is the floor server's start doing the least any start must do before it can
  // publish these files' findings: walking the folder, reading and parsing every package.json
  // (FLOOR_WALK=1; it publishes nothing for them, where Tech Policy publishes the 200 with
  // findings). Beside it, for reference: the same server's start with nothing to read (what 2,000
  // manifests add to a start) and the floor server's start reading no file (no walk: what loading
  // a bigger server costs shows there).
  const [ours, floorWalk, bareStart, floorStart] = [[], [], [], []] as number[][];
  const runs: Array<[() => Promise<void>, number[]]> = [
    [() => startOnce(big), ours],
    [() => floorStartOnce(big, true), floorWalk],
    [() => startOnce(empty), bareStart],
    [() => floorStartOnce(big), floorStart],
  ];
  for (let i = 0; i < 9; i++) {
    // in turn, each first in its round: a machine whose speed drifts moves all four alike
    for (let k = 0; k < runs.length; k++) {
      const [start, out] = runs[(i + k) % runs.length];
      const t0 = performance.now();
      await start();
      out.push(performance.now() - t0);
    }
  }
  figure(`server start → all diagnostics published, ${packages.toLocaleString('en')} package.json files`, ours, 'the floor server\'s start on the same folder, walking it, reading and parsing every package.json', floorWalk, { goal: 2 });
  figure(`  the same start`, ours, 'the same server\'s start on a folder with only a policy (for reference)', bareStart);
  figure(`  the same start`, ours, 'the floor server\'s start on the same folder reading no file (for reference)', floorStart);
  fs.rmSync(big, { recursive: true, force: true });
  fs.rmSync(empty, { recursive: true, force: true });
}

async function benchCli(): Promise<void> {
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
  const walk = (root: string) => () => {
    const r = spawnSync(process.execPath, [PLAIN_WALK, root]);
    if (r.status !== 0) throw new Error(`plain walk: ${r.stderr}`);
  };
  const floorWhat = 'a plain readdir walk of the same tree (node, a process of its own)';
  const [check, walked] = await paired(7, () => cliRun(tree), walk(tree));
  figure(`tech-policy check (process start to exit), ${files.toLocaleString('en')}-file tree`, check, floorWhat, walked, { goal: 2 });
  fs.rmSync(tree, { recursive: true, force: true });

  const empty = tempDir('tp-bench-folders-');
  fs.writeFileSync(path.join(empty, 'techpolicy.json'), POLICY);
  for (let i = 0; i < 100_000; i++) fs.mkdirSync(path.join(empty, `d${Math.floor(i / 1000)}`, `e${i}`), { recursive: true });
  const [checkEmpty, walkedEmpty] = await paired(7, () => cliRun(empty), walk(empty));
  figure('tech-policy check (process start to exit), 100,000 empty folders', checkEmpty, floorWhat, walkedEmpty, { goal: 2 });
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
  benchUnclosed(ctx);
}

/** The red team's follow-up (issue 18): comment openers never closed, long wildcard chunks, nested TOML; each beside a linear floor. */
function benchUnclosed(ctx: { imageCategory: () => undefined }): void {
  const pom = `<project>${'<!--'.repeat(100_000)}`;
  const sbt = '/* '.repeat(100_000);
  const appHost = `var builder = DistributedApplication.CreateBuilder(args);\n${'/* '.repeat(100_000)}`;
  figure('a 400 KB pom.xml, a 300 KB build.sbt and AppHost.cs of comment openers never closed (90.9 s in the CLI before)', times(5, () => {
    pomLanguage(pom);
    scanScaffolding('build.sbt', sbt, ctx);
    scanScaffolding('AppHost/AppHost.cs', appHost, ctx);
  }), 'counting their "<" and "/"', times(5, () => countChar(pom, '<') + countChar(sbt, '/') + countChar(appHost, '/')));

  const wild = new TechnologyIndex({ technologies: { evil: { ring: 'hold', packages: [`*${'a'.repeat(250)}b0`, `*${'a'.repeat(125)}b${'a'.repeat(124)}*`] } } });
  const plainIndex = new TechnologyIndex({ technologies: {} });
  const long = Array.from({ length: 20_000 }, (_, i) => `${'a'.repeat(180)}${i}`);
  figure('20,000 package names of 200 characters against 256-character wildcard chunks (5.6 s for a check before)', times(3, () => long.forEach((n) => wild.matchPackage(`${n}${Math.random()}`))), 'the same names against the catalog alone', times(3, () => long.forEach((n) => plainIndex.matchPackage(`${n}${Math.random()}`))));

  const nested = `[project]\nname = "x"\n[tool.x]\na = ${'{b='.repeat(100_000)}1${'}'.repeat(100_000)}\n`;
  figure(`a pyproject.toml of 100,000 nested inline tables (${(nested.length / 1024).toFixed(0)} KiB; 2 s before, 17.7 s for a 2.8 MB Pipfile)`, times(5, () => scanScaffolding('pyproject.toml', nested, ctx)), 'counting its "{"', times(5, () => countChar(nested, '{')));
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
  const [ours, floor] = await serversOn(root);
  for (const c of cases) {
    const uri = uriOf(path.join(root, c.file));
    const lines = c.text.split('\n').length;
    const core = times(100, () => folder.checkText(uri, c.changed)).slice(10);
    const floorCore = times(100, () => c.changed.split('\n').length).slice(10);
    figure(`core: scan + rules, ${lines}-line ${c.file}`, core, 'splitting the same text into lines', floorCore);
    const [edits, floors] = await pairedEdits(ours, floor, { uri, languageId: 'plaintext', text: c.text, changed: c.changed, rounds: 40, accept: (d, changed) => d.length === (changed ? 1 : 0) });
    figure(`edit → diagnostics over stdio, ${lines}-line ${c.file} (full-text sync)`, edits, 'the floor server (parse: XML through saxes, a Gemfile into lines; publish one diagnostic)', floors);
  }
  await ours.stop();
  await floor.stop();
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
  const [ours, floor] = await serversOn(root);
  const base = withBaseline.checkPackageJson(uri, scanned).length;
  const [edits, floors] = await pairedEdits(ours, floor, { uri, languageId: 'json', text, changed: bigPackageJson(1000, ',\n    "koa": "^2.15.0"'), rounds: 60, accept: (d, withKoa) => d.length === (withKoa ? base + 1 : base) });
  figure(`edit → diagnostics over stdio, ${depCount}-dependency package.json, 5,000-entry baseline`, edits, FLOOR_EDIT, floors);
  await ours.stop();
  await floor.stop();
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
  if (!only || only === 'cli') await benchCli();
  if (!only || only === 'report') benchReport();
  if (!only || only === 'org') await benchOrg(figure);
  if (!only || only === 'agents') await benchAgents(figure);
  if (!only || only === 'new-since') await benchNewSince(figure);
  console.log(goalsLine());
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
