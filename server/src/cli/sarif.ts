/** SARIF 2.1.0, for GitHub code scanning and other SARIF viewers. Pure: a report in, a string out. */
import { ruleDocUrl, RULE_IDS } from '../core/model';
import { escapeMarkdown, markdownLinkTarget, visibleControls, webLink } from '../core/text';
import { type CheckReport, RULE_TITLES } from './report';

const SARIF_LEVEL = { error: 'error', warning: 'warning', info: 'note', hint: 'note' } as const;

/** A relative path as a URI reference: every segment encoded, so "#" and "?" stay part of the name. */
export function uriReference(file: string): string {
  return file.split('/').map(encodeURIComponent).join('/');
}

function pascal(id: string): string {
  return id.replace(/(^|-)([a-z])/g, (_m, _d, c: string) => c.toUpperCase());
}

/** The SARIF of a run that could not check anything: the invocation failed, with the reason. */
export function formatSarifFailure(reason: string, version: string): string {
  const sarif = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: { driver: { name: 'tech-policy', version, semanticVersion: version, informationUri: INFORMATION_URI, rules: [] } },
        invocations: [{ executionSuccessful: false, toolExecutionNotifications: [{ level: 'error', message: { text: visibleControls(reason) } }] }],
        results: [],
      },
    ],
  };
  return JSON.stringify(sarif, null, 2) + '\n';
}

/** The driver: the tool, its version and one rule entry per rule id (help from the policy's rationale). */
function driver(report: Pick<CheckReport, 'policy' | 'version'>) {
  const rules = RULE_IDS.map((id) => {
    const config = report.policy?.rules[id];
    // the policy's words are text: controls visible, and no Markdown of its own in help.markdown
    const rationale = visibleControls(config?.rationale ?? RULE_TITLES[id]);
    // only a web page is linked (never javascript: or data:); else the rule's own page
    const link = webLink(config?.link) ?? ruleDocUrl(id);
    const level = config?.severity && config.severity !== 'off' ? SARIF_LEVEL[config.severity] : 'none';
    return {
      id,
      name: pascal(id),
      shortDescription: { text: RULE_TITLES[id] },
      fullDescription: { text: rationale },
      help: { text: rationale, markdown: `${escapeMarkdown(rationale)}\n\n[Rule documentation](${markdownLinkTarget(link)})` },
      helpUri: link,
      defaultConfiguration: { level, enabled: level !== 'none' },
    };
  });
  return { name: 'tech-policy', version: report.version, semanticVersion: report.version, informationUri: INFORMATION_URI, rules };
}

const INFORMATION_URI = 'https://github.com/tech-policy/tech-policy';

/**
 * %SRCROOT% is where the check ran from (the repository root in CI), or the checked folder when
 * that lies outside it; never an absolute path of this machine: the SARIF file is uploaded and
 * read elsewhere. Paths are relative to it, as in every other format.
 */
const BASE_IDS = { '%SRCROOT%': { description: { text: 'The folder tech-policy check ran in (the repository root in CI), or the checked folder when it is not inside that; result paths are relative to it.' } } };

export function formatSarif(report: CheckReport): string {
  const seen = new Map<string, number>();
  const located = [...report.findings, ...(report.baselined ?? []), ...(report.newSince?.findings ?? [])].sort(
    (a, b) => a.file.localeCompare(b.file) || a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character,
  );
  // a policy that could not be read checks nothing trustworthy: no results from it
  const results = report.policyBroken ? [] : located.map((f) => {
    const file = f.file;
    // unique per location, stable across unrelated edits: the n-th finding of this rule and subject in this file
    const key = `${f.rule}:${f.subject}:${file}`;
    const n = (seen.get(key) ?? 0) + 1;
    seen.set(key, n);
    return {
      ruleId: f.rule,
      ruleIndex: RULE_IDS.indexOf(f.rule),
      level: SARIF_LEVEL[f.severity],
      message: { text: visibleControls(f.message) },
      locations: [
        {
          physicalLocation: {
            artifactLocation: { uri: uriReference(file), uriBaseId: '%SRCROOT%' },
            region: {
              startLine: f.range.start.line + 1,
              startColumn: f.range.start.character + 1,
              endLine: f.range.end.line + 1,
              endColumn: f.range.end.character + 1,
            },
          },
        },
      ],
      partialFingerprints: { techPolicySubject: n === 1 ? key : `${key}:${n}` },
      properties: { subject: f.subject, exception: f.request?.id ?? null },
      // a known finding of the baseline: code scanning shows it as suppressed, not as an alert
      ...(f.baselined ? { suppressions: [{ kind: 'external', status: 'accepted', justification: `recorded in techpolicy.baseline.json${f.baselined.since ? ` on ${f.baselined.since}` : ''}` }] } : {}),
      // --new-since: the folder at the ref is the baseline run; a finding already there is unchanged (still a finding, not suppressed)
      ...(report.newSince ? { baselineState: f.atRef ? 'unchanged' : 'new' } : {}),
    };
  });
  const notifications = [
    ...report.problems.map((text) => ({ level: 'error', message: { text: visibleControls(text) } })),
    ...report.errors.map((e) => ({
      // a file not checked fails the check; the policy's problems fail it when the policy is broken
      level: !e.policy || report.policyBroken ? 'error' : 'warning',
      message: { text: visibleControls(`${e.file} could not be checked: ${e.reason}`) },
      locations: [{ physicalLocation: { artifactLocation: { uri: uriReference(e.file), uriBaseId: '%SRCROOT%' }, ...(e.line ? { region: { startLine: e.line, startColumn: e.column ?? 1 } } : {}) } }],
    })),
  ];
  const sarif = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: { driver: driver(report) },
        originalUriBaseIds: BASE_IDS,
        invocations: [{ executionSuccessful: report.problems.length === 0, toolExecutionNotifications: notifications }],
        ...(report.newSince ? { properties: { newSince: { ref: report.newSince.ref, commit: report.newSince.commit } } } : {}),
        results,
      },
    ],
  };
  return JSON.stringify(sarif, null, 2) + '\n';
}
