/**
 * `npm run bench -- new-since`: `tech-policy check --new-since main` beside a plain `tech-policy
 * check` of the same working tree, in turn, as whole processes: a repository of 2,000 package.json
 * files (the start-up figure's tree), committed on `main`, and a branch that adds a framework to
 * ten of them. What the pull-request view costs: listing the ref's tree, reading its 2,000
 * manifests from git in batches, checking them under the two judges, and git's rename detection.
 * The floor is the plain check, whose walk and reads are already measured against a bare readdir.
 * The repository is packed, as a clone is.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { performance } from 'perf_hooks';

type Figure = (what: string, samples: number[], floorWhat: string, floor: number[]) => void;

const REPO = path.join(__dirname, '..', '..', '..');
const CLI = path.join(REPO, 'dist', 'cli.js');

const POLICY = JSON.stringify({ approvers: [{ name: 'Dana Reyes' }], technologies: { express: { ring: 'adopt' }, react: { ring: 'adopt' }, postgres: { ring: 'adopt' } } });

function git(cwd: string, ...args: string[]): void {
  const r = spawnSync('git', args, { cwd, encoding: 'utf8', env: { ...process.env, GIT_CONFIG_GLOBAL: '/dev/null', GIT_CONFIG_NOSYSTEM: '1', GIT_AUTHOR_NAME: 'Bench', GIT_AUTHOR_EMAIL: 'bench@example.com', GIT_COMMITTER_NAME: 'Bench', GIT_COMMITTER_EMAIL: 'bench@example.com' } });
  if (r.status !== 0) throw new Error(`git ${args.join(' ')}: ${r.stderr}`);
}

function check(folder: string, extra: string[], expect: RegExp): () => void {
  return () => {
    const r = spawnSync(process.execPath, [CLI, 'check', folder, ...extra], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
    if (r.status !== 0 && r.status !== 1) throw new Error(`check ${extra.join(' ')}: exit ${r.status}: ${r.stderr}`);
    const summary = r.stdout.trimEnd().split('\n').at(-1) ?? '';
    if (!expect.test(summary)) throw new Error(`check ${extra.join(' ')}: unexpected summary "${summary}"`);
  };
}

export async function benchNewSince(figure: Figure): Promise<void> {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'tp-bench-new-since-'));
  fs.writeFileSync(path.join(root, 'techpolicy.json'), POLICY);
  const packages = 2000;
  const manifest = (i: number, added: boolean) =>
    JSON.stringify({ name: `pkg-${i}`, dependencies: { express: '4', lodash: '4', ...(i % 10 === 0 ? { fastify: '5' } : {}), ...(added ? { koa: '2' } : {}) } }, null, 2);
  for (let i = 0; i < packages; i++) {
    fs.mkdirSync(path.join(root, 'packages', `pkg-${i}`, 'src'), { recursive: true });
    fs.writeFileSync(path.join(root, 'packages', `pkg-${i}`, 'package.json'), manifest(i, false));
    fs.writeFileSync(path.join(root, 'packages', `pkg-${i}`, 'src', 'index.js'), '');
  }
  git(root, 'init', '-q', '-b', 'main');
  git(root, 'add', '-A');
  git(root, 'commit', '-q', '-m', 'base');
  git(root, 'checkout', '-q', '-b', 'feature');
  // the change: koa in ten packages (200 fastify findings were there before it)
  for (let i = 5; i < packages; i += 200) fs.writeFileSync(path.join(root, 'packages', `pkg-${i}`, 'package.json'), manifest(i, true));
  git(root, 'commit', '-q', '-a', '-m', 'koa');
  // packed, as a clone's objects are (4,000 loose objects cost cat-file a hundred milliseconds of file opens)
  git(root, 'gc', '-q');

  const plain = check(root, [], /^210 findings/);
  const since = check(root, ['--new-since', 'main'], /^10 new in this change \(10 at error or warning level\), 200 already there at main/);
  plain();
  since();
  const trusted = check(root, ['--trusted-policy', 'main'], /^210 findings/);
  trusted();
  const [ours, floor, judged]: number[][] = [[], [], []];
  const runs: Array<[() => void, number[]]> = [[since, ours], [plain, floor], [trusted, judged]];
  for (let i = 0; i < 9; i++) {
    // in turn, each first in its round: a machine whose speed drifts moves all three alike
    for (let k = 0; k < runs.length; k++) {
      const [run, out] = runs[(i + k) % runs.length];
      const t0 = performance.now();
      run();
      out.push(performance.now() - t0);
    }
  }
  figure(`tech-policy check --new-since main (process start to exit), ${packages.toLocaleString('en')} package.json files, 10 changed`, ours, 'a plain tech-policy check of the same working tree', floor);
  // --new-since makes main's policy judge, as --trusted-policy does (a second walk of the working tree): what the view adds beyond that is reading and checking the tree at main
  figure('  the same', ours, 'tech-policy check --trusted-policy main (the judge --new-since brings, without the view)', judged);
  fs.rmSync(root, { recursive: true, force: true });
}
