/** A small organisation for the organisation tests: two clones with dated history and a folder of CI reports, one forged. */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { contentToSign, withSignature } from '../../server/src/core/exceptions/signature';
import { REPO_ROOT } from './fixtures';
import { commitAt, git } from './gitRepo';
import { exceptionDocument, makeKey, sshSign, type TestKey } from './ssh';

export const CLI = path.join(REPO_ROOT, 'dist', 'cli.js');

export function run(args: string[], cwd: string) {
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const DAY = 86_400_000;
const now = new Date();
/** YYYY-MM-DD `n` days from today (UTC). */
export const day = (n: number) => new Date(now.getTime() + n * DAY).toISOString().slice(0, 10);
/** An ISO time at noon UTC `n` days from today. */
export const at = (n: number) => `${day(n)}T12:00:00+00:00`;

export const SAM = 'Sam Lee <sam@acme.example>';
export const KIM = 'Kim Ito <kim@acme.example>';

export interface Built {
  root: string;
  clones: string;
  reports: string;
  cto: TestKey;
  other: TestKey;
}

export function policy(cto: TestKey, technologies: Record<string, unknown>): string {
  return JSON.stringify({ approvers: [{ name: 'Dana Reyes', email: 'dana@acme.example', role: 'CTO', keys: [cto.publicKey] }], technologies, platformWork: { target: 0.3 } }, null, 2) + '\n';
}

function signed(key: TestKey, fields: Record<string, string>): string {
  const text = exceptionDocument(fields);
  return withSignature(text, sshSign(key, contentToSign(text)));
}

/** Two clones and a folder of CI reports: one of them forged, one of another version. */
export function organisation(): Built {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'tp-org-'));
  const keys = fs.mkdtempSync(path.join(os.tmpdir(), 'tp-org-keys-'));
  const cto = makeKey(keys, 'cto', 'ed25519', { comment: 'dana@acme.example' });
  const other = makeKey(keys, 'other', 'ed25519');
  const clones = path.join(root, 'clones');
  const reports = path.join(root, 'reports');
  fs.mkdirSync(reports, { recursive: true });

  // web: CODEOWNERS gives infra/ to the platform team; Express adopted, Moment on hold; a request waiting
  const web = path.join(clones, 'web');
  fs.mkdirSync(web, { recursive: true });
  git(web, ['init', '-q', '-b', 'main']);
  git(web, ['remote', 'add', 'origin', 'git@github.com:acme/web.git']);
  fs.writeFileSync(path.join(web, 'techpolicy.json'), policy(cto, { express: 'adopt', moment: { ring: 'hold', note: 'Use date-fns.', retireBy: day(200) } }));
  fs.writeFileSync(path.join(web, 'package.json'), JSON.stringify({ name: 'web', dependencies: { express: '4', moment: '2', fastify: '4' } }));
  fs.mkdirSync(path.join(web, '.github'), { recursive: true });
  fs.writeFileSync(path.join(web, '.github', 'CODEOWNERS'), '* @acme/web\n/infra/ @acme/platform\n');
  fs.mkdirSync(path.join(web, 'docs', 'policy-exceptions'), { recursive: true });
  fs.writeFileSync(path.join(web, 'docs', 'policy-exceptions', 'EX-0001-fastify.md'), exceptionDocument({ id: 'EX-0001', subject: 'fastify', scope: '', 'requested-on': day(-20), expires: '' }));
  // the first commit is before the period: not counted
  commitAt(web, at(-70), SAM, 'initial', { 'src/app.ts': 10 });
  commitAt(web, at(-27), SAM, 'feat: checkout', { 'src/checkout.ts': 100 });
  commitAt(web, at(-26), KIM, 'infra: network', { 'infra/main.tf': 50 });
  commitAt(web, at(-13), KIM, 'infra: vpc', { 'infra/vpc.tf': 200 });
  commitAt(web, at(-12), SAM, 'feat: cart', { 'src/cart.ts': 20 });

  // api: no CODEOWNERS (the configuration gives it to payments); Express on hold here; a signed grant and a typed approval
  const api = path.join(clones, 'api');
  fs.mkdirSync(api, { recursive: true });
  git(api, ['init', '-q', '-b', 'main']);
  fs.writeFileSync(path.join(api, 'techpolicy.json'), policy(cto, { express: 'hold' }));
  fs.writeFileSync(path.join(api, 'package.json'), JSON.stringify({ name: 'api', dependencies: { express: '4', ioredis: '5' } }));
  fs.mkdirSync(path.join(api, 'services', 'recommendations'), { recursive: true });
  fs.writeFileSync(path.join(api, 'services', 'recommendations', 'Dockerfile'), 'FROM node:22\nCMD ["node", "index.js"]\n');
  const exDir = path.join(api, 'docs', 'policy-exceptions');
  fs.mkdirSync(exDir, { recursive: true });
  fs.writeFileSync(path.join(exDir, 'EX-0001-redis.md'), signed(cto, { id: 'EX-0001', subject: 'redis', scope: '', status: 'approved', 'requested-on': day(-30), 'approved-by': 'Dana Reyes <dana@acme.example>', 'approved-on': day(-10), expires: day(20) }));
  fs.writeFileSync(path.join(exDir, 'EX-0002-recommendations.md'), exceptionDocument({ id: 'EX-0002', rule: 'new-service', subject: 'recommendations', scope: '', status: 'approved', 'requested-on': day(-9), 'approved-by': 'Dana Reyes <dana@acme.example>', 'approved-on': day(-5), expires: '' }));
  commitAt(api, at(-70), SAM, 'initial', { 'src/index.ts': 10 });
  commitAt(api, at(-27), SAM, 'feat: orders', { 'src/orders.ts': 40 });
  commitAt(api, at(-13), KIM, 'ci: pipeline', { '.github/workflows/ci.yml': 30 });

  // the reports folder: billing's CI artifact, forged to claim two grants; and one of another version
  const billing = JSON.parse(run(['report', api, '--format', 'json', '--since', '6w'], root).stdout);
  billing.folder = 'billing';
  delete billing.repository;
  const typed = billing.exceptions.entries.find((e: { id: string }) => e.id === 'EX-0002');
  Object.assign(typed, { state: 'granted', group: 'granted', label: 'granted' });
  billing.exceptions.entries.push({ ...typed, file: 'docs/policy-exceptions/EX-0010-kafka.md', id: 'EX-0010', subject: 'kafka', rule: 'new-technology' });
  fs.writeFileSync(path.join(reports, 'billing.json'), JSON.stringify(billing));
  fs.writeFileSync(path.join(reports, 'old.json'), JSON.stringify({ ...billing, version: 2, folder: 'old' }));
  return { root, clones, reports, cto, other };
}

