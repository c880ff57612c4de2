/**
 * `npm run bench`: figures, not assertions.
 * - core: scan + rules over a 1,000-dependency package.json, in process;
 * - edit → diagnostics: the real server over stdio, a one-key edit in that package.json;
 * - server start: spawn → diagnostics for every package.json of a generated 2,000-package workspace;
 * - signed exceptions: verifying one document against the bare Ed25519 check of the same bytes,
 *   and server start with 500 signed documents against the same 500 unsigned.
 */
import { spawnSync } from 'child_process';
import { generateKeyPairSync, sign as cryptoSign, verify as cryptoVerify, type KeyObject } from 'crypto';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { performance } from 'perf_hooks';
import { BUILTIN_CATALOG } from '../../server/src/core/catalog/technologies';
import { FolderModel } from '../../server/src/core/folder';
import { scanPackageJson } from '../../server/src/core/scan/packageJson';
import { evaluateException } from '../../server/src/core/exceptions/evaluate';
import { parseExceptionDocument } from '../../server/src/core/exceptions/parse';
import { contentToSign, signedData, withSignature } from '../../server/src/core/exceptions/signature';
import { wireString } from '../../server/src/core/exceptions/sshKey';
import { approvedDocument } from '../../server/src/core/exceptions/decide';
import { loadPolicy } from '../../server/src/core/policy/load';
import { exceptionDocument } from '../support/ssh';
import { memoryHost, uriOf } from '../support/fixtures';
import { startServer } from '../support/lspClient';

function stats(samples: number[]): string {
  const s = [...samples].sort((a, b) => a - b);
  const q = (p: number) => s[Math.min(s.length - 1, Math.floor(p * s.length))];
  return `median ${q(0.5).toFixed(2)} ms, p95 ${q(0.95).toFixed(2)} ms, max ${s[s.length - 1].toFixed(2)} ms (${s.length} runs)`;
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
  const times: number[] = [];
  for (let run = 0; run < runs; run++) {
    const t0 = performance.now();
    const s = await startServer(folder);
    await s.waitFor('ready', () => s.log.some((l) => l.includes('server ready')), 60000);
    times.push(performance.now() - t0);
    await s.stop();
  }
  return times;
}

/** An Ed25519 key made in process, and SSHSIG signatures with it (the tests check the format against ssh-keygen). */
function benchKey(): { publicKey: string; sign(content: string): string } {
  const { publicKey, privateKey } = generateKeyPairSync('ed25519');
  const raw = Buffer.from(publicKey.export({ format: 'jwk' }).x!, 'base64url');
  const blob = Buffer.concat([wireString('ssh-ed25519'), wireString(raw)]);
  return {
    publicKey: `ssh-ed25519 ${blob.toString('base64')} bench@example.com`,
    sign(content) {
      const sig = cryptoSign(null, signedData(content, 'tech-policy-exception', 'sha512'), privateKey as KeyObject);
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
    return { approved, signed: withSignature(approved, key.sign(contentToSign(approved))) };
  });
  const verifyTimes: number[] = [];
  const bare: number[] = [];
  for (const { signed } of docs) {
    const t0 = performance.now();
    const ev = evaluateException(parseExceptionDocument('file:///ws/docs/policy-exceptions/EX.md', signed), policy, '2026-11-25');
    verifyTimes.push(performance.now() - t0);
    if (ev.state !== 'granted') throw new Error(`bench document not granted: ${ev.problems[0]?.message}`);
    const sig = /-----BEGIN SSH SIGNATURE-----\n([\s\S]+?)-----END/.exec(signed)![1].replace(/\n/g, '');
    const raw = Buffer.from(sig, 'base64');
    const t1 = performance.now();
    cryptoVerify(null, signedData(contentToSign(signed), 'tech-policy-exception', 'sha512'), (policy.approvers[0].keys[0].key.keyObject), raw.subarray(raw.length - 64));
    bare.push(performance.now() - t1);
  }
  const med = (a: number[]) => [...a].sort((x, y) => x - y)[Math.floor(a.length / 2)];
  console.log(`verify one signed exception (parse + evaluate + Ed25519): ${stats(verifyTimes)}; floor, the bare Ed25519 check of the same bytes: ${stats(bare)}; ratio ${(med(verifyTimes) / med(bare)).toFixed(1)}×`);

  const workspace = (signed: boolean) => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tp-bench-sig-'));
    fs.mkdirSync(path.join(dir, 'docs/policy-exceptions'), { recursive: true });
    fs.writeFileSync(path.join(dir, 'techpolicy.json'), policyText);
    fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name: 'app', dependencies: Object.fromEntries(docs.map((_, i) => [`tech${i}`, '1'])) }));
    docs.forEach((d, i) => fs.writeFileSync(path.join(dir, 'docs/policy-exceptions', `EX-${String(i + 1).padStart(4, '0')}-tech${i}.md`), signed ? d.signed : d.approved.replace('status: approved', 'status: requested')));
    return dir;
  };
  const signedWs = workspace(true);
  const unsignedWs = workspace(false);
  const withSig = await startTimes(signedWs, 3);
  const without = await startTimes(unsignedWs, 3);
  console.log(`server start, 500 signed exception documents: ${stats(withSig)}; floor, the same 500 as unsigned requests: ${stats(without)}; ratio ${(med(withSig) / med(without)).toFixed(2)}×`);
  fs.rmSync(signedWs, { recursive: true, force: true });
  fs.rmSync(unsignedWs, { recursive: true, force: true });
}

async function main(): Promise<void> {
  await benchSignatures();
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'tp-bench-'));
  fs.writeFileSync(path.join(root, 'techpolicy.json'), POLICY);
  const text = bigPackageJson(1000);
  fs.writeFileSync(path.join(root, 'package.json'), text);
  const depCount = scanPackageJson(text).dependencies.length;

  // 1. core, in process
  const folder = new FolderModel(uriOf(root));
  folder.setPolicyText(POLICY, memoryHost({}));
  const core: number[] = [];
  for (let i = 0; i < 200; i++) {
    const t0 = performance.now();
    folder.checkPackageJson(uriOf(path.join(root, 'package.json')), scanPackageJson(text));
    core.push(performance.now() - t0);
  }
  console.log(`core: scan + rules, ${depCount}-dependency package.json: ${stats(core.slice(20))}`);

  // 2. edit → diagnostics over stdio
  const server = await startServer(root);
  const uri = uriOf(path.join(root, 'package.json'));
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
  await server.stop();
  console.log(`edit → diagnostics over stdio, ${depCount}-dependency package.json (full-text sync): ${stats(edits)}`);

  // 3. server start on the example workspace, then on a generated big one
  const shop = path.join(__dirname, '..', '..', '..', 'examples', 'shop');
  console.log(`server start → all diagnostics published, examples/shop: ${stats(await startTimes(shop, 5))}`);

  const big = fs.mkdtempSync(path.join(os.tmpdir(), 'tp-bench-ws-'));
  fs.writeFileSync(path.join(big, 'techpolicy.json'), POLICY);
  const packages = 2000;
  for (let i = 0; i < packages; i++) {
    const dir = path.join(big, 'packages', `pkg-${i}`, i % 3 === 0 ? 'node_modules/dep' : 'src');
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(big, 'packages', `pkg-${i}`, 'package.json'), JSON.stringify({ name: `pkg-${i}`, dependencies: { express: '4', lodash: '4', ...(i % 10 === 0 ? { fastify: '5' } : {}) } }));
    fs.writeFileSync(path.join(dir, 'index.js'), '');
  }
  console.log(`server start → all diagnostics published, ${packages} package.json files: ${stats(await startTimes(big, 3))}`);
  fs.rmSync(root, { recursive: true, force: true });
  fs.rmSync(big, { recursive: true, force: true });

  // 4. the CLI on a 100,000-file tree (source files, node_modules, a few hundred package.json)
  const tree = fs.mkdtempSync(path.join(os.tmpdir(), 'tp-bench-tree-'));
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
  const cliRuns: number[] = [];
  for (let run = 0; run < 3; run++) {
    const t0 = performance.now();
    const r = spawnSync(process.execPath, [path.join(__dirname, '..', '..', '..', 'dist', 'cli.js'), 'check', tree, '--format', 'json'], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
    cliRuns.push(performance.now() - t0);
    if (r.status !== 1) throw new Error(`unexpected exit ${r.status}: ${r.stderr}`);
  }
  console.log(`tech-policy check (process start to exit), ${files.toLocaleString('en')}-file tree: ${stats(cliRuns)}`);
  fs.rmSync(tree, { recursive: true, force: true });
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
