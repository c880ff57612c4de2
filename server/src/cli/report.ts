/** The checker's three output formats: text, JSON and SARIF 2.1.0. Pure: findings in, a string out. */
import { ruleDocUrl, RULE_IDS, type Finding, type RuleId } from '../core/model';
import { oneLine } from '../core/text';
import type { Policy } from '../core/policy/types';

export interface CheckError {
  file: string;
  reason: string;
}

export interface CheckReport {
  /** Findings with `file` relative to the checked folder, `/`-separated. */
  findings: Array<Finding & { file: string }>;
  /** Known findings the baseline records: counted, listed only on request, never in the exit code. */
  baselined?: Array<Finding & { file: string }>;
  /** List the baselined findings in the text report too (`--show-baselined`). */
  showBaselined?: boolean;
  /** Exception documents that are granted, and requests awaiting a decision (counted apart from the baseline). */
  exceptions?: { granted: number; pending: number };
  errors: CheckError[];
  policy: Policy | undefined;
  /** file:// URI of the checked folder, with a trailing slash (SARIF's %SRCROOT%). */
  rootUri: string;
  version: string;
}

export function blocking(findings: readonly Finding[]): number {
  return findings.filter((f) => f.severity === 'error' || f.severity === 'warning').length;
}

export function formatText(report: CheckReport): string {
  const lines = report.findings.map(
    (f) => `${oneLine(f.file)}:${f.range.start.line + 1}:${f.range.start.character + 1} ${f.severity} ${f.rule} ${oneLine(f.message)}`,
  );
  if (report.showBaselined) {
    for (const f of report.baselined ?? []) {
      lines.push(`${oneLine(f.file)}:${f.range.start.line + 1}:${f.range.start.character + 1} known ${f.rule} ${oneLine(f.message)} (baseline${f.baselined?.since ? ` since ${f.baselined.since}` : ''})`);
    }
  }
  for (const e of report.errors) lines.push(`${oneLine(e.file)}: could not be checked: ${oneLine(e.reason)}`);
  lines.push(summaryLine(report));
  return lines.join('\n') + '\n';
}

/** "3 findings (3 at error or warning level), 12 known (baseline), 2 exceptions granted, 1 pending, 0 files not checked." */
export function summaryLine(report: Pick<CheckReport, 'findings' | 'baselined' | 'exceptions' | 'errors'>): string {
  const n = report.findings.length;
  const parts = [`${n} finding${n === 1 ? '' : 's'} (${blocking(report.findings)} at error or warning level)`];
  const known = report.baselined?.length ?? 0;
  if (report.baselined && known) parts.push(`${known} known (baseline)`);
  const ex = report.exceptions;
  if (ex && (ex.granted || ex.pending)) parts.push(`${ex.granted} exception${ex.granted === 1 ? '' : 's'} granted`, `${ex.pending} pending`);
  parts.push(`${report.errors.length} file${report.errors.length === 1 ? '' : 's'} not checked`);
  return parts.join(', ') + '.';
}

export function formatJson(report: CheckReport): string {
  const out = {
    version: 1,
    findings: report.findings.map((f) => ({
      file: f.file,
      range: f.range,
      rule: f.rule,
      subject: f.subject,
      severity: f.severity,
      message: f.message,
      exception: f.request?.id ?? null,
    })),
    baselined: (report.baselined ?? []).map((f) => ({ file: f.file, range: f.range, rule: f.rule, subject: f.subject, severity: f.severity, message: f.message, since: f.baselined?.since ?? null })),
    errors: report.errors,
  };
  return JSON.stringify(out, null, 2) + '\n';
}

const SARIF_LEVEL = { error: 'error', warning: 'warning', info: 'note', hint: 'note' } as const;
const RULE_TITLES: Record<RuleId, string> = {
  'new-technology': 'A framework or technology the policy has not approved',
  'hold-technology': 'A technology on hold or being assessed',
  'new-service': 'A new deployable service outside the monolith',
  'new-language': 'A language the policy does not list',
  'unlisted-dependency': 'A dependency the policy does not list',
  'exception-invalid': 'An exception document that does not count',
  'exception-expired': 'An exception that has expired',
  'exception-expiring': 'A granted exception that expires soon',
  'exception-unused': 'A granted exception that covers nothing any more',
  'baseline-stale': 'A baseline entry that no longer matches the repository',
};

function pascal(id: string): string {
  return id.replace(/(^|-)([a-z])/g, (_m, _d, c: string) => c.toUpperCase());
}

/** What `--format json` prints when the check could not run at all: still one JSON document. */
export function formatJsonFailure(reason: string): string {
  return JSON.stringify({ version: 1, findings: [], baselined: [], errors: [{ file: '.', reason }] }, null, 2) + '\n';
}

/** The SARIF of a run that could not check anything: the invocation failed, with the reason. */
export function formatSarifFailure(reason: string, version: string): string {
  const sarif = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: { driver: { name: 'tech-policy', version, semanticVersion: version, informationUri: 'https://github.com/tech-policy/tech-policy', rules: [] } },
        invocations: [{ executionSuccessful: false, toolExecutionNotifications: [{ level: 'error', message: { text: reason } }] }],
        results: [],
      },
    ],
  };
  return JSON.stringify(sarif, null, 2) + '\n';
}

export function formatSarif(report: CheckReport): string {
  const rules = RULE_IDS.map((id) => {
    const config = report.policy?.rules[id];
    const rationale = config?.rationale ?? RULE_TITLES[id];
    const level = config?.severity && config.severity !== 'off' ? SARIF_LEVEL[config.severity] : 'none';
    return {
      id,
      name: pascal(id),
      shortDescription: { text: RULE_TITLES[id] },
      fullDescription: { text: rationale },
      help: { text: rationale, markdown: `${rationale}\n\n[Rule documentation](${config?.link ?? ruleDocUrl(id)})` },
      helpUri: config?.link ?? ruleDocUrl(id),
      defaultConfiguration: { level, enabled: level !== 'none' },
    };
  });
  const results = [...report.findings, ...(report.baselined ?? [])].map((f) => ({
    ruleId: f.rule,
    ruleIndex: RULE_IDS.indexOf(f.rule),
    level: SARIF_LEVEL[f.severity],
    message: { text: f.message },
    locations: [
      {
        physicalLocation: {
          artifactLocation: { uri: encodeURI(f.file), uriBaseId: '%SRCROOT%' },
          region: {
            startLine: f.range.start.line + 1,
            startColumn: f.range.start.character + 1,
            endLine: f.range.end.line + 1,
            endColumn: f.range.end.character + 1,
          },
        },
      },
    ],
    // stable across runs: the same subject in the same file is the same alert
    partialFingerprints: { techPolicySubject: `${f.rule}:${f.subject}:${f.file}` },
    properties: { subject: f.subject, exception: f.request?.id ?? null },
    // a known finding of the baseline: code scanning shows it as suppressed, not as an alert
    ...(f.baselined ? { suppressions: [{ kind: 'external', status: 'accepted', justification: `recorded in techpolicy.baseline.json${f.baselined.since ? ` on ${f.baselined.since}` : ''}` }] } : {}),
  }));
  const sarif = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'tech-policy',
            version: report.version,
            semanticVersion: report.version,
            informationUri: 'https://github.com/tech-policy/tech-policy',
            rules,
          },
        },
        originalUriBaseIds: { '%SRCROOT%': { uri: report.rootUri } },
        invocations: [
          {
            executionSuccessful: true,
            toolExecutionNotifications: report.errors.map((e) => ({
              level: 'warning',
              message: { text: `${e.file} could not be checked: ${e.reason}` },
              locations: [{ physicalLocation: { artifactLocation: { uri: encodeURI(e.file), uriBaseId: '%SRCROOT%' } } }],
            })),
          },
        ],
        results,
      },
    ],
  };
  return JSON.stringify(sarif, null, 2) + '\n';
}
