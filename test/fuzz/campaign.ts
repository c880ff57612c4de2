/**
 * The fuzz campaign (`npm run fuzz`): the same generated inputs through the core in process,
 * through the CLI (one workspace per batch) and through one language server, counting what
 * must stay at zero: crashes, hangs, output that is not JSON, server deaths and handler errors.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { performance } from 'perf_hooks';
import { hoverPackageJson, hoverScaffolding } from '../../server/src/core/features/hover';
import { FolderModel } from '../../server/src/core/folder';
import { scanPackageJson } from '../../server/src/core/scan/packageJson';
import { REPO_ROOT, memoryHost, uriOf } from '../support/fixtures';
import { startServer } from '../support/lspClient';
import { cpuMs, rssMiB } from '../support/proc';
import { type FuzzInput, generate, random } from './inputs';

export interface CampaignResult {
  inputs: number;
  seed: number;
  /** The hosts this campaign ran (`--targets`); the others' lines say "not run". */
  targets: Array<'core' | 'cli' | 'server'>;
  core: { crashes: number; hangs: number; slowest: number };
  cli: { runs: number; crashes: number; hangs: number; invalidOutputs: number };
  server: { deaths: number; hangs: number; handlerErrors: number; correctAfter: boolean; rssStartMiB: number; rssPeakMiB: number; rssEndMiB: number };
  failures: string[];
}

// unlisted-dependency on: every dependency is a finding, so a file's findings are as many as it can make
const POLICY = JSON.stringify({ approvers: [{ name: 'Dana Reyes' }], technologies: { express: { ring: 'adopt' } }, languages: ['javascript'], rules: { 'unlisted-dependency': 'warning' } });
/**
 * An input that costs more CPU time than this in the core, or a request that costs the server more
 * (`npm run fuzz`), is a hang. CPU time, not the wall clock: a busy machine stretches the wall clock
 * of every input alike (CI runs this beside everything else on 2 cores), while a super-linear input
 * costs CPU wherever it runs. A request that gets no answer at all within WALL_CEILING_MS is a hang too.
 */
const HANG_MS = 2000;
let hangMs = HANG_MS;
/** No answer in this long is a hang whatever the CPU says (a deadlock spends none); far beyond any load. */
const WALL_CEILING_MS = 120_000;

/** This process's main-thread CPU time so far, in milliseconds (the whole process's where there is no /proc). */
function ownCpuMs(): number {
  // the thread that runs JavaScript: V8's garbage-collection and compiler threads beside it are no hang (a 1.2 s request measured 2 s with them)
  const main = cpuMs(process.pid, 'main thread');
  if (main !== undefined) return main;
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
}


function note(result: CampaignResult, what: string, input: FuzzInput | undefined, detail: string): void {
  if (result.failures.length < 40) result.failures.push(`${what}: ${input ? `${input.family} ${input.rel} (${input.recipe})` : ''} ${detail.slice(0, 300)}`);
}

function runCore(inputs: FuzzInput[], result: CampaignResult): void {
  const rand = random(result.seed + 1);
  for (const input of inputs) {
    const t0 = ownCpuMs();
    try {
      const folder = new FolderModel('file:///ws', 'techpolicy.json', () => '2026-11-25');
      folder.setPolicyText(input.family === 'policy' ? input.text : POLICY, memoryHost({ 'file:///ws/a.json': input.text }));
      const uri = `file:///ws/${input.rel}`;
      if (input.family === 'exception') folder.setException(uri, input.text);
      const position = randomPosition(input.text, rand);
      // as the server does for one edit: parse once, check, hover over the same facts
      const kind = folder.kindOf(uri);
      if (kind === 'package.json') {
        const facts = scanPackageJson(input.text);
        folder.checkPackageJson(uri, facts);
        hoverPackageJson(folder, uri, facts, position);
      } else if (kind === 'scaffolding') {
        const facts = folder.scanScaffolding(uri, input.text);
        if (facts) {
          folder.checkScaffolding(uri, facts);
          hoverScaffolding(folder, uri, facts, position);
        }
      } else folder.checkText(uri, input.text);
      void folder.exceptions;
    } catch (e) {
      result.core.crashes++;
      note(result, 'core crash', input, (e as Error)?.stack ?? String(e));
    }
    const ms = ownCpuMs() - t0;
    result.core.slowest = Math.max(result.core.slowest, ms);
    if (ms > hangMs) {
      result.core.hangs++;
      note(result, 'core hang', input, `${ms.toFixed(0)} ms of CPU`);
    }
  }
}

/** A random place in the text, found without splitting it into lines (a file of a million lines makes a million strings). */
function randomPosition(text: string, rand: () => number): { line: number; character: number } {
  const offset = Math.floor(rand() * (text.length + 1));
  let line = 0;
  let start = 0;
  for (let nl = text.indexOf('\n'); nl >= 0 && nl < offset; nl = text.indexOf('\n', nl + 1)) {
    line++;
    start = nl + 1;
  }
  return { line, character: offset - start };
}

/** Lays a batch out as a workspace: the first policy input is the policy, the rest are files. */
function writeWorkspace(root: string, batch: FuzzInput[]): void {
  const policy = batch.find((i) => i.family === 'policy');
  fs.writeFileSync(path.join(root, 'techpolicy.json'), policy?.text ?? POLICY);
  batch.forEach((input, i) => {
    if (input === policy) return;
    const rel = input.family === 'exception' ? `docs/policy-exceptions/EX-${String(1000 + i)}-fuzz.md` : input.family === 'policy' ? 'a.json' : `f${i}/${input.rel}`;
    const file = path.join(root, rel);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, input.text);
  });
}

function runCli(inputs: FuzzInput[], result: CampaignResult, batchSize: number): void {
  const cli = path.join(REPO_ROOT, 'dist', 'cli.js');
  for (let start = 0; start < inputs.length; start += batchSize) {
    const batch = inputs.slice(start, start + batchSize);
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'tp-fuzz-cli-'));
    try {
      writeWorkspace(root, batch);
      const r = spawnSync(process.execPath, [cli, 'check', root, '--format', 'json'], { encoding: 'utf8', timeout: 120_000, maxBuffer: 256 * 1024 * 1024 });
      result.cli.runs++;
      const first = batch[0];
      if (r.signal) {
        result.cli.hangs++;
        note(result, 'cli hang', first, `batch at ${start}: ${r.signal}`);
        continue;
      }
      if (![0, 1, 2].includes(r.status ?? -1) || /unexpected error/.test(r.stderr)) {
        result.cli.crashes++;
        note(result, 'cli crash', first, `batch at ${start}: exit ${r.status}: ${r.stderr}`);
      }
      try {
        const doc = JSON.parse(r.stdout);
        if (doc.version !== 1 || !Array.isArray(doc.findings) || !Array.isArray(doc.errors)) throw new Error('not the report shape');
      } catch (e) {
        result.cli.invalidOutputs++;
        note(result, 'cli invalid output', first, `batch at ${start}: ${(e as Error).message}: ${r.stdout.slice(0, 200)}`);
      }
      // the same workspace as GitHub annotations: every line a well-formed workflow command, but the last (the summary)
      const gh = spawnSync(process.execPath, [cli, 'check', root, '--format', 'github'], { encoding: 'utf8', timeout: 120_000, maxBuffer: 256 * 1024 * 1024 });
      result.cli.runs++;
      const lines = gh.stdout.replace(/\n$/, '').split('\n');
      const bad = lines.slice(0, -1).find((l) => !/^::(error|warning|notice)( [a-zA-Z]+=[^,:]*(,[a-zA-Z]+=[^,:]*)*)?::[^\r\n]*$/.test(l));
      if (![0, 1, 2].includes(gh.status ?? -1) || bad !== undefined || /^::/.test(lines[lines.length - 1] ?? '') && gh.status !== 2) {
        result.cli.invalidOutputs++;
        note(result, 'cli invalid output', first, `batch at ${start}: --format github exit ${gh.status}: ${JSON.stringify(bad ?? lines[lines.length - 1]).slice(0, 200)}`);
      }
      // and the report: one JSON document whatever the inputs
      const rep = spawnSync(process.execPath, [cli, 'report', root, '--format', 'json'], { encoding: 'utf8', timeout: 120_000, maxBuffer: 256 * 1024 * 1024 });
      result.cli.runs++;
      try {
        if (rep.status === 0 && JSON.parse(rep.stdout).version !== 1) throw new Error('not the report shape');
        if (![0, 2].includes(rep.status ?? -1) || /unexpected error/.test(rep.stderr)) throw new Error(`exit ${rep.status}: ${rep.stderr.slice(0, 200)}`);
      } catch (e) {
        result.cli.crashes++;
        note(result, 'cli crash', first, `batch at ${start}: report: ${(e as Error).message}`);
      }
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  }
}

/** Resident memory in whole MiB; 0 where /proc cannot say. */
function wholeMiB(pid: number | undefined): number {
  return Math.round(rssMiB(pid) ?? 0);
}

async function withTimeout<T>(p: Promise<T>, ms: number): Promise<T | 'timeout'> {
  let timer: NodeJS.Timeout | undefined;
  const t = new Promise<'timeout'>((resolve) => (timer = setTimeout(() => resolve('timeout'), ms)));
  try {
    return await Promise.race([p, t]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * A request to the server and what it cost: 'timeout' when the server spent more than hangMs of CPU
 * on it (everything it did between the request and its answer: the edit before it included), or
 * gave no answer within WALL_CEILING_MS; where the server's CPU time cannot be read, the wall clock.
 */
async function measured<T>(pid: number | undefined, request: () => Promise<T>): Promise<{ answer: T | 'timeout'; ms: number }> {
  const cpu0 = cpuMs(pid, 'main thread');
  const t0 = performance.now();
  const answer = await withTimeout(request(), cpu0 === undefined ? hangMs : WALL_CEILING_MS);
  const cpu1 = cpu0 === undefined ? undefined : cpuMs(pid, 'main thread');
  const ms = cpu0 !== undefined && cpu1 !== undefined ? cpu1 - cpu0 : performance.now() - t0;
  return { answer: answer === 'timeout' || ms > hangMs ? 'timeout' : answer, ms };
}

async function runServer(inputs: FuzzInput[], result: CampaignResult): Promise<void> {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'tp-fuzz-lsp-'));
  fs.writeFileSync(path.join(root, 'techpolicy.json'), POLICY);
  fs.mkdirSync(path.join(root, 'docs/policy-exceptions'), { recursive: true });
  const server = await startServer(root);
  let dead = false;
  server.process.on('exit', () => (dead = true));
  await server.waitFor('start-up', () => server.log.some((l) => l.includes('server ready')), 30_000);
  const rand = random(result.seed + 2);
  const versions = new Map<string, number>();
  result.server.rssStartMiB = wholeMiB(server.process.pid);
  let peak = result.server.rssStartMiB;
  try {
    for (const [i, input] of inputs.entries()) {
      if (dead) break;
      const rel = input.family === 'policy' ? 'techpolicy.json' : input.family === 'exception' ? `docs/policy-exceptions/EX-${String(1000 + (i % 20))}-fuzz.md` : `f${i % 50}/${input.rel}`;
      const uri = uriOf(path.join(root, rel));
      const version = (versions.get(uri) ?? 0) + 1;
      versions.set(uri, version);
      if (version === 1) server.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'plaintext', version, text: input.text } });
      else server.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges: [{ text: input.text }] });
      const position = randomPosition(input.text, rand);
      const pid = server.process.pid;
      const hover = await measured(pid, () => server.connection.sendRequest('textDocument/hover', { textDocument: { uri }, position }).catch((e) => `error ${e}`));
      if (hover.answer === 'timeout') {
        result.server.hangs++;
        note(result, 'server hang (hover)', input, `${hover.ms.toFixed(0)} ms`);
      }
      if (input.family === 'many-dependencies') {
        // a client that sends every diagnostic of the file (a whole-file range), four times over: one bounded answer
        const diags = await server.waitForDiagnostics(uri, 'the findings of the file', (d) => d.length > 0, 60_000).catch(() => server.diagnosticsFor(uri));
        const all = [...diags, ...diags, ...diags, ...diags];
        const actions = await measured(pid, () => server.connection.sendRequest('textDocument/codeAction', { textDocument: { uri }, range: { start: { line: 0, character: 0 }, end: { line: 1, character: 0 } }, context: { diagnostics: all } }).catch((e) => `error ${e}`));
        if (actions.answer === 'timeout') {
          result.server.hangs++;
          note(result, 'server hang (code action over every diagnostic)', input, `${all.length} diagnostics, ${actions.ms.toFixed(0)} ms`);
        }
      }
      if (i % 25 === 0) {
        const diags = server.diagnosticsFor(uri);
        const actions = await measured(pid, () => server.connection.sendRequest('textDocument/codeAction', { textDocument: { uri }, range: diags[0]?.range ?? { start: position, end: position }, context: { diagnostics: diags } }).catch((e) => `error ${e}`));
        if (actions.answer === 'timeout') {
          result.server.hangs++;
          note(result, 'server hang (code action)', input, `${actions.ms.toFixed(0)} ms`);
        }
      }
      if (i % 200 === 0) peak = Math.max(peak, wholeMiB(server.process.pid));
      // closing documents now and then must release what they held
      if (i % 97 === 96) {
        for (const [u] of versions) server.connection.sendNotification('textDocument/didClose', { textDocument: { uri: u } });
        versions.clear();
      }
    }
    for (const [u] of versions) server.connection.sendNotification('textDocument/didClose', { textDocument: { uri: u } });
    // still correct afterwards: a sane policy and a package.json with a new framework
    const policyUri = uriOf(path.join(root, 'techpolicy.json'));
    server.connection.sendNotification('textDocument/didOpen', { textDocument: { uri: policyUri, languageId: 'json', version: 1000, text: POLICY } });
    const sentinel = uriOf(path.join(root, 'sentinel/package.json'));
    server.connection.sendNotification('textDocument/didOpen', { textDocument: { uri: sentinel, languageId: 'json', version: 1, text: '{ "dependencies": { "fastify": "5" } }' } });
    try {
      await server.waitForDiagnostics(sentinel, 'the sentinel finding', (d) => d.some((x) => x.code === 'new-technology'), 15_000);
      result.server.correctAfter = true;
    } catch {
      note(result, 'server incorrect afterwards', undefined, 'no new-technology finding on the sentinel');
    }
    if (global.gc) global.gc();
    await new Promise((r) => setTimeout(r, 500));
    result.server.rssEndMiB = wholeMiB(server.process.pid);
    result.server.rssPeakMiB = Math.max(peak, result.server.rssEndMiB);
  } finally {
    result.server.deaths = dead ? 1 : 0;
    if (dead) note(result, 'server death', undefined, server.log.slice(-5).join('\n'));
    const errors = server.log.filter((l) => / failed: /.test(l));
    result.server.handlerErrors = errors.length;
    for (const e of errors.slice(0, 5)) note(result, 'server handler error', undefined, e);
    if (!dead) await server.stop();
    fs.rmSync(root, { recursive: true, force: true });
  }
}

export async function campaign(options: { seed: number; count: number; batch?: number; targets?: Array<'core' | 'cli' | 'server'>; hangMs?: number }): Promise<CampaignResult> {
  hangMs = options.hangMs ?? HANG_MS;
  const inputs = generate(options.seed, options.count);
  const targets = options.targets ?? ['core', 'cli', 'server'];
  const result: CampaignResult = {
    inputs: inputs.length,
    seed: options.seed,
    targets,
    core: { crashes: 0, hangs: 0, slowest: 0 },
    cli: { runs: 0, crashes: 0, hangs: 0, invalidOutputs: 0 },
    server: { deaths: 0, hangs: 0, handlerErrors: 0, correctAfter: false, rssStartMiB: 0, rssPeakMiB: 0, rssEndMiB: 0 },
    failures: [],
  };
  if (targets.includes('core')) runCore(inputs, result);
  if (targets.includes('cli')) runCli(inputs, result, options.batch ?? 200);
  if (targets.includes('server')) await runServer(inputs, result);
  return result;
}

export function summary(r: CampaignResult): string {
  const line = (target: 'core' | 'cli' | 'server', text: string) => `${target}: ${r.targets.includes(target) ? text : 'not run (--targets)'}`;
  return [
    `fuzz: ${r.inputs} inputs (seed ${r.seed})`,
    line('core', `${r.core.crashes} crashes, ${r.core.hangs} hangs (slowest input ${r.core.slowest.toFixed(0)} ms of CPU)`),
    line('cli', `${r.cli.runs} runs, ${r.cli.crashes} crashes, ${r.cli.hangs} hangs, ${r.cli.invalidOutputs} invalid outputs`),
    line('server', `${r.server.deaths} deaths, ${r.server.hangs} hangs, ${r.server.handlerErrors} handler errors, correct afterwards: ${r.server.correctAfter}; memory ${r.server.rssStartMiB} → peak ${r.server.rssPeakMiB} → end ${r.server.rssEndMiB} MiB`),
  ].join('\n');
}

export function clean(r: CampaignResult): boolean {
  return r.core.crashes + r.core.hangs + r.cli.crashes + r.cli.hangs + r.cli.invalidOutputs + r.server.deaths + r.server.hangs + r.server.handlerErrors === 0 && (r.server.correctAfter || r.server.rssStartMiB === 0);
}
