/**
 * GitHub's two formats: workflow commands (`--format github`), which make every finding an
 * annotation on its file and line in a pull request without code scanning, and the Markdown job
 * summary (`--format markdown`, what the Action writes to $GITHUB_STEP_SUMMARY). Pure: a report
 * in, a string out. Everything from the repository is escaped: a file name cannot start a
 * workflow command of its own, and a message cannot break out of its table cell.
 */
import type { Finding, RuleId } from '../core/model';
import { escapeMarkdown, escapeWorkflowData, escapeWorkflowProperty, markdownCode } from '../core/text';
import { blocking, type CheckReport, notCheckedCount, RULE_TITLES, summaryLine, trustLine } from './report';

const COMMAND = { error: 'error', warning: 'warning', info: 'notice', hint: 'notice' } as const;

function annotation(level: 'error' | 'warning' | 'notice', props: Record<string, string | number | undefined>, message: string): string {
  const list = Object.entries(props)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => `${k}=${escapeWorkflowProperty(String(v))}`)
    .join(',');
  return `::${level}${list ? ` ${list}` : ''}::${escapeWorkflowData(message)}`;
}

export function formatGithub(report: CheckReport): string {
  const lines: string[] = [];
  for (const problem of report.problems) lines.push(annotation('error', { title: 'Tech Policy' }, problem));
  for (const f of report.findings) {
    lines.push(
      annotation(
        COMMAND[f.severity],
        {
          file: f.file,
          line: f.range.start.line + 1,
          col: f.range.start.character + 1,
          endLine: f.range.end.line + 1,
          endColumn: f.range.end.character + 1,
          title: `Tech Policy: ${f.rule}`,
        },
        f.message,
      ),
    );
  }
  for (const e of report.errors) {
    lines.push(annotation('error', { file: e.file, line: e.line, col: e.column, title: 'Tech Policy: not checked' }, `${e.file} could not be checked: ${e.reason}`));
  }
  // a plain line for the log (it starts with a number, never with "::")
  lines.push(summaryLine(report));
  return lines.join('\n') + '\n';
}

/** Where a file of the repository can be opened: the commit on GitHub when the runner says which, else its path. */
export interface MarkdownLinks {
  /** `https://github.com/OWNER/REPO/blob/SHA/`, from GITHUB_SERVER_URL, GITHUB_REPOSITORY and GITHUB_SHA. */
  blobBase?: string;
}

function fileLink(file: string, line: number | undefined, links: MarkdownLinks): string {
  const label = markdownCode(`${file}${line ? `:${line}` : ''}`);
  if (!links.blobBase) return label;
  // every character that could end or change a Markdown link destination is encoded, ( and ) too
  const segment = (x: string) => encodeURIComponent(x).replace(/[()*'!~]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  const href = links.blobBase + file.split('/').map(segment).join('/') + (line ? `#L${line}` : '');
  return `[${label}](${href})`;
}

/** Rows per rule in the summary: GitHub drops a job summary over 1 MiB. */
const MAX_ROWS_PER_RULE = 500;

export function formatMarkdown(report: CheckReport, links: MarkdownLinks = {}): string {
  const out: string[] = [];
  const n = report.findings.length;
  const failing = blocking(report.findings);
  // a check that cannot be trusted says so first, never "no findings"
  const unchecked = notCheckedCount(report);
  const since = report.newSince;
  const counted = since
    ? `${n === 0 ? 'nothing' : n} new in this change, ${since.findings.length} already there at ${markdownCode(since.ref)}`
    : n > 0 || unchecked === 0
      ? `${n === 0 ? 'no' : n} finding${n === 1 ? '' : 's'}`
      : '';
  const headline =
    report.problems.length > 0
      ? 'the check needs attention'
      : [counted, unchecked > 0 ? `${unchecked} file${unchecked === 1 ? '' : 's'} not checked` : ''].filter(Boolean).join(', ');
  out.push(`## Tech Policy: ${headline}`);
  out.push('');
  out.push(escapeMarkdown(summaryLine(report)));
  out.push('');
  const trust = trustLine(report);
  if (trust) out.push(escapeMarkdown(trust), '');
  for (const problem of report.problems) out.push(`> [!CAUTION]\n> ${escapeMarkdown(problem)}\n`);
  if (n > 0) {
    out.push('| rule | findings | at error or warning level |', '| --- | ---: | ---: |');
    const grouped = new Map<RuleId, Finding[]>();
    for (const f of report.findings) grouped.set(f.rule, [...(grouped.get(f.rule) ?? []), f]);
    // the rules that fail the check first, then the most findings, then by name: the same order every run
    const errors = (list: Finding[]) => list.filter((f) => f.severity === 'error').length;
    const byRule = new Map([...grouped].sort(([ra, a], [rb, b]) => errors(b) - errors(a) || blocking(b) - blocking(a) || b.length - a.length || ra.localeCompare(rb)));
    for (const [rule, list] of byRule) out.push(`| \`${rule}\` | ${list.length} | ${blocking(list)} |`);
    out.push(`| **all** | **${n}** | **${failing}** |`, '');
    for (const [rule, list] of byRule) {
      out.push(`### \`${rule}\`: ${RULE_TITLES[rule]} (${list.length})`, '');
      out.push('| where | subject | severity | message |', '| --- | --- | --- | --- |');
      const shown = (list as Array<Finding & { file: string }>).slice(0, MAX_ROWS_PER_RULE);
      for (const f of shown) {
        out.push(`| ${fileLink(f.file, f.range.start.line + 1, links)} | ${escapeMarkdown(f.subjectName ?? f.subject)} | ${f.severity} | ${escapeMarkdown(f.message)} |`);
      }
      if (list.length > shown.length) out.push('', `${list.length - shown.length} more \`${rule}\` finding${list.length - shown.length === 1 ? '' : 's'} not listed here (the job summary stays under GitHub's size limit); the annotations and \`tech-policy check\` list them all.`);
      out.push('');
    }
  }
  const requests = report.requests ?? [];
  if (requests.length > 0) {
    out.push(`### Exception requests awaiting a signature (${requests.length})`, '');
    out.push('| request | subject | rule | requested by | on |', '| --- | --- | --- | --- | --- |');
    for (const r of requests) {
      out.push(`| ${fileLink(r.file, undefined, links)} ${escapeMarkdown(r.id)} | ${escapeMarkdown(r.subject)} | \`${r.rule.replace(/`/g, "'")}\` | ${escapeMarkdown(r.requestedBy ?? '')} | ${escapeMarkdown(r.requestedOn ?? '')} |`);
    }
    out.push('');
  }
  const known = report.baselined?.length ?? 0;
  if (known > 0) out.push(`${known} known finding${known === 1 ? '' : 's'} recorded in the baseline ${known === 1 ? 'is' : 'are'} not listed (\`tech-policy check --show-baselined\` lists them).`, '');
  const there = since?.findings.length ?? 0;
  if (since && there > 0) {
    out.push(`${there} finding${there === 1 ? '' : 's'} already there at ${markdownCode(since.ref)} ${there === 1 ? 'is' : 'are'} not listed and ${there === 1 ? 'does' : 'do'} not fail this check (\`tech-policy check --new-since ${since.ref.replace(/`/g, '')} --show-baselined\` lists them).`, '');
  }
  if (report.errors.length > 0) {
    out.push(`### Files not checked (${report.errors.length})`, '');
    for (const e of report.errors) out.push(`- ${fileLink(e.file, e.line, links)}: ${escapeMarkdown(e.reason)}`);
    out.push('');
  }
  return out.join('\n');
}
