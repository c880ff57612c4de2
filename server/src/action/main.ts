/**
 * The GitHub Action (action.yml): one check of the folder, reported three ways from the same
 * result: workflow commands on stdout (every finding an annotation on its file and line, for
 * every repository, without code scanning), a Markdown job summary appended to
 * $GITHUB_STEP_SUMMARY, and on request a SARIF file for code scanning. A thin host over the CLI's
 * check: the runner's environment in, files and an exit code out. Inputs arrive as INPUT_<NAME>
 * (upper case, hyphens kept), as the runner sets them.
 */
import { randomBytes } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import { exitCodeOf, formatReport, runCheck } from '../cli/check';
import { InputError, VERSION } from '../cli/options';
import { formatSarifFailure } from '../cli/sarif';
import { escapeWorkflowData, oneLine } from '../core/text';
import { writeErr, writeOut, writeReport } from '../cli/output';
import { summaryLine } from '../cli/report';
import { Boundary } from '../node/files';
import { reportOfFolder } from '../cli/reportCommand';
import { today } from '../core/folder';
import { periodStart } from '../core/report/work';
import { guardFolders } from '../node/programs';

const FAIL_ON = ['error', 'warning', 'never'] as const;
const FORMATS = ['github', 'markdown', 'sarif'] as const;

function input(env: NodeJS.ProcessEnv, name: string): string {
  return (env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`] ?? '').trim();
}

/** Appends to a file the runner gave us ($GITHUB_STEP_SUMMARY, $GITHUB_OUTPUT); skipped outside a runner. */
function append(file: string | undefined, text: string): void {
  if (file) fs.appendFileSync(file, text);
}

/**
 * One output in $GITHUB_OUTPUT, in the runner's multi-line form (`name<<DELIMITER`, the value, the
 * delimiter): whatever the value holds (a newline in the sarif-file input), it cannot end early and
 * set another output. The delimiter is made for this run and is not in the value.
 */
export function outputLine(name: string, value: string): string {
  let delimiter: string;
  do delimiter = `ghadelimiter_${randomBytes(16).toString('hex')}`;
  while (value.includes(delimiter));
  return `${name}<<${delimiter}\n${value}\n${delimiter}\n`;
}

/** `target` is inside `root` by real path (the nearest existing folder, for a file not yet written): the CLI's workspace boundary. */
function inside(root: string, target: string): boolean {
  return new Boundary([root]).refuse(target) === undefined;
}

function sarifTarget(env: NodeJS.ProcessEnv, workspace: string): { file: string; target: string } {
  const file = input(env, 'sarif-file') || 'tech-policy.sarif';
  const target = path.resolve(workspace, file);
  if (target === workspace || !inside(workspace, target)) throw new InputError(`the input sarif-file "${file}" is outside the workspace; the SARIF report was not written.`);
  return { file, target };
}

function writeSarif(env: NodeJS.ProcessEnv, workspace: string, text: string): void {
  const { target } = sarifTarget(env, workspace);
  try {
    writeReport(target, text);
  } catch (e) {
    throw new InputError(`sarif-file: ${(e as Error).message}.`);
  }
}

/** The largest report put into the `report` output itself (GitHub limits a job's outputs to 1 MiB). */
const REPORT_OUTPUT_MAX = 512 * 1024;

/**
 * The report JSON for `tech-policy org` (the organisation's job collects every repository's file as
 * an artifact): written to `report-file` inside the workspace, and given as outputs.
 */
async function writeReportJson(env: NodeJS.ProcessEnv, workspace: string, folder: string): Promise<Array<[string, string]>> {
  const file = input(env, 'report-file');
  if (!file) return [];
  const target = path.resolve(workspace, file);
  if (target === workspace || !inside(workspace, target)) throw new InputError(`the input report-file "${file}" is outside the workspace; the report was not written.`);
  const day = today();
  const since = periodStart(input(env, 'report-since') || '12w', day);
  if (!since) throw new InputError(`the input report-since is "${input(env, 'report-since')}": use 12w, 6m, 90d, 1y or a date (YYYY-MM-DD) in the past.`);
  const json = JSON.stringify(await reportOfFolder(folder, { since, today: day, documents: true }));
  try {
    writeReport(target, json + '\n');
  } catch (e) {
    throw new InputError(`report-file: ${(e as Error).message}.`);
  }
  return [
    ['report-file', file],
    ['report', Buffer.byteLength(json) <= REPORT_OUTPUT_MAX ? json : ''],
  ];
}

/** Events whose run checks a pull request: `new-since: auto` compares with its base branch there. */
const PULL_REQUEST_EVENTS = ['pull_request', 'pull_request_target'];

/**
 * The ref `new-since` names: `auto` (the default) is the pull request's base branch as the
 * checkout fetched it (origin/<base>) on a pull request's events, and nothing elsewhere (a push
 * counts every finding); empty counts every finding; anything else is a ref.
 */
export function newSinceRef(env: NodeJS.ProcessEnv): { ref: string; auto: boolean } | undefined {
  const value = input(env, 'new-since');
  if (value === '') return undefined;
  if (value !== 'auto') return { ref: value, auto: false };
  const base = (env.GITHUB_BASE_REF ?? '').trim();
  if (!PULL_REQUEST_EVENTS.includes(env.GITHUB_EVENT_NAME ?? '') || !base) return undefined;
  return { ref: `origin/${base}`, auto: true };
}

export async function runAction(env: NodeJS.ProcessEnv): Promise<number> {
  const workspace = path.resolve(env.GITHUB_WORKSPACE || process.cwd());
  // no program in the workspace (its node_modules/.bin is on PATH under npx) ever runs, whatever path is checked
  guardFolders([workspace]);
  const failOn = (input(env, 'fail-on') || 'warning') as (typeof FAIL_ON)[number];
  if (!FAIL_ON.includes(failOn)) throw new InputError(`the input fail-on is "${failOn}": use error, warning or never.`);
  const formats = (input(env, 'format') || 'github,markdown').split(/[\s,]+/).filter(Boolean);
  const unknown = formats.find((f) => !(FORMATS as readonly string[]).includes(f));
  if (unknown) throw new InputError(`the input format lists "${unknown}": use github, markdown and sarif, separated by commas.`);
  const folder = path.resolve(workspace, input(env, 'path') || '.');
  if (!fs.existsSync(folder) || !fs.statSync(folder).isDirectory()) throw new InputError(`the input path "${input(env, 'path')}" is not a folder of the workspace.`);
  // by real path: a symbolic link the repository commits cannot lead the check elsewhere
  if (!inside(workspace, folder)) throw new InputError(`the input path "${input(env, 'path')}" is outside the workspace (${workspace}); name a folder of the repository.`);
  const policy = input(env, 'policy');
  if (policy && !inside(workspace, path.resolve(workspace, policy))) throw new InputError(`the input policy "${policy}" is outside the workspace; name a file of the repository.`);
  const trustedPolicy = input(env, 'trusted-policy');
  const newSince = newSinceRef(env);

  const { report, noPolicy } = await runCheck(folder, { policy: policy ? path.resolve(workspace, policy) : undefined, trustedPolicy: trustedPolicy || undefined, newSince: newSince?.ref, cwd: workspace }).catch((e: unknown) => {
    // the default asked for the base: say how to give the checkout that ref, or how to check everything instead
    if (e instanceof InputError && newSince?.auto) throw new InputError(`${e.message.replace(/\.$/, '')}. The input new-since defaults to the pull request's base (${newSince.ref}): check out with fetch-depth: 0, or set new-since: '' to count every finding.`);
    throw e;
  });
  if (noPolicy) {
    report.problems.push(`There is no techpolicy.json in ${path.relative(workspace, folder) || 'the repository root'}: nothing was checked. Run "tech-policy init" (or "Create Policy from Workspace" in VS Code) and commit the policy.`);
  }
  if (formats.includes('github')) await writeOut(formatReport('github', report, env));
  else await writeOut(summaryLine(report) + '\n');
  if (formats.includes('markdown')) append(env.GITHUB_STEP_SUMMARY, formatReport('markdown', report, env) + '\n');
  const outputs: Array<[string, string]> = [
    ['findings', String(report.findings.length)],
    ['known', String(report.baselined?.length ?? 0)],
    ['already-there', String(report.newSince?.findings.length ?? 0)],
    ['pending', String(report.exceptions?.pending ?? 0)],
  ];
  if (formats.includes('sarif')) {
    writeSarif(env, workspace, formatReport('sarif', report, env));
    outputs.push(['sarif-file', sarifTarget(env, workspace).file]);
  }
  if (!noPolicy) outputs.push(...(await writeReportJson(env, workspace, folder)));
  append(env.GITHUB_OUTPUT, outputs.map(([name, value]) => outputLine(name, value)).join(''));
  return noPolicy ? 2 : exitCodeOf(report, failOn);
}

// a crash is never "findings": exit 2, whatever throws and wherever (exit 1 would read as findings in CI)
process.on('uncaughtException', (e) => {
  process.stderr.write(`tech-policy: unexpected error: ${(e as Error)?.message ?? String(e)}\n`);
  process.exit(2);
});

runAction(process.env)
  .catch(async (e) => {
    const reason = e instanceof InputError ? e.message : `unexpected error: ${(e as Error)?.message ?? String(e)}`;
    // a later upload-sarif step (if: always()) still finds its file: a failed invocation, with the reason
    if (/(^|[\s,])sarif([\s,]|$)/.test(input(process.env, 'format'))) {
      try {
        writeSarif(process.env, path.resolve(process.env.GITHUB_WORKSPACE || process.cwd()), formatSarifFailure(reason, VERSION));
      } catch {
        // the annotation below says what failed
      }
    }
    await writeOut(`::error title=Tech Policy::${escapeWorkflowData(reason)}\n`);
    await writeErr(`tech-policy: ${oneLine(reason)}\n`);
    return 2;
  })
  .then(
    (code) => process.exit(code),
    () => process.exit(2),
  );
