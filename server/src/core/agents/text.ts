/**
 * The core's answers as an agent reads them: plain text, the verdict first, then why, what to do
 * instead and which exceptions exist. Repository text stays on one line (no forged lines); this
 * is text for a model, not Markdown for a renderer.
 */
import type { Answer, LanguageAnswer, LibraryAnswer, ServiceAnswer, TechnologyAnswer } from '../answer/answer';
import { ECOSYSTEM_LABELS } from '../catalog/ecosystems';
import { describeApprovers, type EvaluatedException } from '../exceptions/evaluate';
import { sameExceptionRule } from '../exceptions/match';
import { stateSentence } from '../exceptions/state';
import type { FolderModel } from '../folder';
import { ruleDocUrl, type RuleId } from '../model';
import { relativePath } from '../paths';
import { languageName } from '../rules/newLanguage';
import { oneLine } from '../text';

/** What the agent is told to call to ask for an exception, per host (MCP and VS Code name the tool differently). */
export interface ToolNames {
  requestException: string;
  checkDeployable: string;
}

export const MCP_TOOL_NAMES: ToolNames = { requestException: 'request_exception', checkDeployable: 'check_deployable' };
/** The same tools as VS Code's language model tools name them (package.json `languageModelTools`). */
export const VSCODE_TOOL_NAMES: ToolNames = { requestException: 'techPolicy_requestException', checkDeployable: 'techPolicy_checkDeployable' };

function t(text: string): string {
  return oneLine(text);
}

function names(list: readonly string[]): string {
  if (list.length <= 1) return list.join('');
  return `${list.slice(0, -1).join(', ')} and ${list[list.length - 1]}`;
}

/** "the workspace root", or the path. */
export function placeText(rel: string): string {
  return rel === '' ? 'the workspace root' : rel;
}

/** Every exception naming the subject under the answer's rule, wherever its scope applies. */
export function exceptionsNaming(folder: FolderModel, answer: Answer): EvaluatedException[] {
  const rule = answer.rule;
  if (!rule) return [];
  const key = answer.kind === 'technology' || answer.kind === 'library' ? (s: string) => folder.technologies.canonicalId(s) : (s: string) => s.toLowerCase();
  const subject = key(answer.subject);
  return folder.exceptions.filter((ex) => sameExceptionRule(ex.record.rule, rule) && ex.record.subject !== undefined && key(ex.record.subject) === subject);
}

function exceptionLine(folder: FolderModel, ex: EvaluatedException): string {
  const r = ex.record;
  const scope = r.scope.length ? `scope ${r.scope.join(', ')}` : 'the whole repository';
  const file = relativePath(folder.folderUri, r.uri) ?? r.uri;
  return t(`${r.id ?? 'exception'}: ${stateSentence(ex, folder.approvalPolicy?.approvers)} (${scope}; ${file})`);
}

function rationale(folder: FolderModel, rule: RuleId): string | undefined {
  const text = folder.policy?.policy.rules[rule].rationale;
  return text ? `Why: ${t(text)}` : undefined;
}

function ruleLink(folder: FolderModel, rule: RuleId): string {
  const link = folder.policy?.policy.rules[rule].link;
  return `Rule ${rule}: ${link && /^https?:\/\/\S+$/i.test(link) ? link : ruleDocUrl(rule)}`;
}

/** The exceptions part of an answer: what exists for the subject, and how to ask when nothing covers it here. */
function exceptionsPart(folder: FolderModel, answer: Answer, what: string, request: string, tools: ToolNames): string[] {
  const all = exceptionsNaming(folder, answer);
  const lines: string[] = [];
  if (all.length) {
    lines.push(`Exceptions naming ${what}:`);
    for (const ex of all) lines.push(`- ${exceptionLine(folder, ex)}`);
  } else lines.push(`Exceptions: none names ${what}.`);
  if (answer.verdict !== 'needs-exception') return lines;
  const approvers = folder.approvalPolicy?.approvers ?? [];
  const pending = answer.coverage.pending;
  if (pending?.record.id && pending.state === 'requested') {
    lines.push(`${pending.record.id} asks for it and awaits an approver's signature (${t(describeApprovers(approvers))}): until it is signed it allows nothing. A person completes and follows up that request; do not draft another.`);
  } else {
    lines.push(
      `Only an exception signed by an approver (${t(describeApprovers(approvers))}) allows it. If the user decides to ask for one, ${tools.requestException} (${request}) drafts the request for a person to complete; it grants nothing by itself.`,
    );
  }
  return lines;
}

function verdictLine(answer: Answer, subject: string): string {
  switch (answer.verdict) {
    case 'approved':
      return `${subject}: ALLOWED.`;
    case 'granted':
      return `${subject}: ALLOWED HERE BY EXCEPTION ${answer.coverage.approved?.record.id ?? ''}`.trimEnd() + '.';
    case 'needs-exception':
      return `${subject}: NOT ALLOWED without a signed exception (rule ${answer.finding?.rule === 'exception-expired' ? `${answer.rule}; its exception expired` : answer.rule}).`;
    default:
      return `${subject}: NOT CHECKED by this policy.`;
  }
}

function notCheckedLine(answer: Answer, rel: string): string {
  switch (answer.notChecked) {
    case 'no-policy':
      return 'This folder has no techpolicy.json, so nothing is checked here. (tech-policy init writes one that approves what is in use today.)';
    case 'ignored':
      return `${placeText(rel)} is in the policy's "ignore" list: nothing there is checked.`;
    case 'plain-library':
      return 'It is not a framework or technology that the catalog or the policy knows: a plain library, which the policy leaves to you (the rule unlisted-dependency is off).';
    case 'no-languages':
      return 'The policy lists no languages, so the rule new-language is inactive.';
    default:
      return answer.rule ? `The rule ${answer.rule} is turned off in this policy (severity off), so nothing reports it.` : 'Nothing in the policy judges it.';
  }
}

export function technologyText(folder: FolderModel, answer: TechnologyAnswer, rel: string, tools: ToolNames = MCP_TOOL_NAMES): string {
  const tech = answer.tech;
  const subject = `${tech.name} (${tech.categoryLabel}; technology id "${tech.id}")`;
  const lines = [verdictLine(answer, t(subject))];
  const plural = t(tech.categoryPlural);
  const alternatives = answer.alternatives.map((a) => t(a.name));
  switch (answer.verdict) {
    case 'approved':
      lines.push(`It is in this repository's approved stack: ring ${tech.ring}.${tech.note ? ` Policy note: ${t(tech.note)}` : ''}`);
      if (alternatives.length) lines.push(`Other approved ${plural}: ${names(alternatives)}.`);
      return lines.join('\n') + '\n';
    case 'granted': {
      const ex = answer.coverage.approved!;
      lines.push(`${tech.ring === undefined ? 'It is not in the approved stack' : `It is ${tech.ring === 'hold' ? 'on hold' : 'being assessed'}`}, but a granted exception covers ${placeText(rel)}: ${exceptionLine(folder, ex)}.`);
      lines.push('Elsewhere (outside its scope) it needs an exception of its own.');
      break;
    }
    case 'needs-exception': {
      const state =
        tech.ring === 'hold'
          ? 'It is on hold: no new use without an exception signed by an approver'
          : tech.ring === 'assess'
            ? 'It is being assessed: no production use without an exception signed by an approver'
            : "It is not in this repository's approved stack: adding it needs an exception signed by an approver";
      lines.push(`${state}. A check reports it as ${answer.finding!.severity}: ${t(answer.finding!.message)}`);
      if (tech.note) lines.push(`Policy note: ${t(tech.note)}`);
      if (alternatives.length) lines.push(`Use instead: ${names(alternatives)} (approved ${plural}).`);
      else if (!tech.note && tech.category !== 'other') lines.push(`The policy approves no ${plural} yet: ask the user before adding one.`);
      const why = rationale(folder, answer.rule!);
      if (why) lines.push(why);
      break;
    }
    default:
      lines.push(notCheckedLine(answer, rel));
      if (answer.notChecked === 'rule-off' && alternatives.length) lines.push(`Approved ${plural}: ${names(alternatives)}.`);
      return lines.join('\n') + '\n';
  }
  if (answer.known) lines.push(`The baseline records ${answer.known.count} known use${answer.known.count === 1 ? '' : 's'} in ${t(answer.known.file)} (since ${answer.known.since ?? 'an earlier day'}); a new use is still reported.`);
  lines.push(...exceptionsPart(folder, answer, tech.name, `kind "technology", subject "${tech.id}"`, tools));
  if (answer.rule) lines.push(ruleLink(folder, answer.rule));
  return lines.join('\n') + '\n';
}

export function libraryText(folder: FolderModel, answer: LibraryAnswer, rel: string, tools: ToolNames = MCP_TOOL_NAMES): string {
  const subject = `"${t(answer.name)}" (${ECOSYSTEM_LABELS[answer.ecosystem]})`;
  const lines = [verdictLine(answer, subject)];
  if (answer.verdict === 'not-checked') {
    lines.push(notCheckedLine(answer, rel));
    if (answer.ecosystem === 'maven' && !answer.name.includes(':')) lines.push('Maven artifacts are named groupId:artifactId (org.springframework.kafka:spring-kafka): ask again with both to know whether it is a technology.');
    return lines.join('\n') + '\n';
  }
  lines.push('It is not a technology the catalog or the policy knows, and this policy asks that every dependency be listed (rule unlisted-dependency).');
  if (answer.finding) lines.push(`A check reports it as ${answer.finding.severity}: ${t(answer.finding.message)}`);
  lines.push(...exceptionsPart(folder, answer, `"${t(answer.name)}"`, `kind "technology", subject "${t(answer.name)}"`, tools));
  lines.push(ruleLink(folder, 'unlisted-dependency'));
  return lines.join('\n') + '\n';
}

export function serviceText(folder: FolderModel, answer: ServiceAnswer, rel: string, tools: ToolNames = MCP_TOOL_NAMES): string {
  const policy = folder.policy?.policy;
  const decl = answer.declaration;
  const subject = decl.root ? 'A deployable at the workspace root' : `A deployable "${t(decl.name)}" at ${t(placeText(decl.place))}`;
  const lines = [verdictLine(answer, subject)];
  const known = Object.entries(policy?.services ?? {}).map(([name, entry]) => {
    const paths = entry.path === undefined ? [] : Array.isArray(entry.path) ? entry.path : [entry.path];
    return t(paths.length ? `${name} (${paths.map((p) => placeText(p.replace(/^\.\/?$/, ''))).join(', ')})` : name);
  });
  const knownLine = known.length ? `The monolith's known deployables: ${names(known)}.` : 'The policy lists no deployables besides the monolith itself.';
  if (decl.root) {
    lines.push('It is the monolith itself (the workspace root builds and deploys it).');
    return lines.join('\n') + '\n';
  }
  const id = answer.identity;
  if (id && 'known' in id) {
    // several services may share a place (web and worker in server): the one asked about by name
    const same = Object.keys(policy?.services ?? {}).find((n) => n.toLowerCase() === decl.name.toLowerCase());
    lines.push(`It is the monolith's known service "${t(same ?? id.known)}".`, knownLine);
    return lines.join('\n') + '\n';
  }
  switch (answer.verdict) {
    case 'granted':
      lines.push(`It is not one of the monolith's services, but a granted exception covers it: ${exceptionLine(folder, answer.coverage.approved!)}.`);
      break;
    case 'needs-exception':
      lines.push(`One monolith: a new deployable needs an exception signed by an approver. A check reports it as ${answer.finding!.severity}: ${t(answer.finding!.message)}`);
      if (id?.second) lines.push(t(`"${decl.name}" is already a service of the monolith, declared in ${id.second.places.map(placeText).join(', ')}; another one at ${placeText(decl.place)} is a second, new deployable.`));
      lines.push(knownLine);
      lines.push(
        'Instead: build it into the monolith, as a module, route or background job of one of its known deployables, deployed with it. A new process of the monolith is declared where its own are (the root Procfile, or a compose service that builds the root), not as a new codebase.',
      );
      {
        const why = rationale(folder, 'new-service');
        if (why) lines.push(why);
      }
      break;
    default:
      lines.push(notCheckedLine(answer, rel), knownLine);
      return lines.join('\n') + '\n';
  }
  lines.push(...exceptionsPart(folder, answer, `"${t(answer.subject)}"`, `kind "service", subject "${t(answer.subject)}"${decl.place ? `, path "${t(decl.place)}"` : ''}`, tools));
  lines.push(ruleLink(folder, 'new-service'));
  return lines.join('\n') + '\n';
}

export function languageText(folder: FolderModel, answer: LanguageAnswer, rel: string, tools: ToolNames = MCP_TOOL_NAMES): string {
  const name = languageName(answer.language);
  const lines = [verdictLine(answer, `The ${t(name)} language`)];
  const listed = answer.listed?.map(languageName) ?? [];
  switch (answer.verdict) {
    case 'approved':
      lines.push(`The policy lists it among this repository's languages (${names(listed)}).`);
      return lines.join('\n') + '\n';
    case 'granted':
      lines.push(`It is not one of the policy's languages, but a granted exception covers ${placeText(rel)}: ${exceptionLine(folder, answer.coverage.approved!)}.`);
      break;
    case 'needs-exception':
      lines.push(`A check reports it as ${answer.finding!.severity}: ${t(answer.finding!.message)}`);
      lines.push(`The repository's languages: ${names(listed) || 'none listed'}. Write it in one of them instead.`);
      {
        const why = rationale(folder, 'new-language');
        if (why) lines.push(why);
      }
      break;
    default:
      lines.push(notCheckedLine(answer, rel));
      return lines.join('\n') + '\n';
  }
  lines.push(...exceptionsPart(folder, answer, name, `kind "language", subject "${t(answer.language)}"`, tools));
  lines.push(ruleLink(folder, 'new-language'));
  return lines.join('\n') + '\n';
}

export function answerText(folder: FolderModel, answer: Answer, rel: string, tools: ToolNames = MCP_TOOL_NAMES): string {
  switch (answer.kind) {
    case 'technology':
      return technologyText(folder, answer, rel, tools);
    case 'library':
      return libraryText(folder, answer, rel, tools);
    case 'service':
      return serviceText(folder, answer, rel, tools);
    default:
      return languageText(folder, answer, rel, tools);
  }
}

/** The verdict and its facts, for clients that read structured results (MCP's structuredContent). */
export interface AnswerSummary {
  verdict: Answer['verdict'];
  kind: Answer['kind'];
  subject: string;
  rule?: string;
  /** What a check reports here: the finding's rule, severity and message. */
  finding?: { rule: string; severity: string; message: string };
  /** The exception that decides it here: granted, expired or pending. */
  exception?: { id: string; state: string; file: string };
  alternatives?: string[];
  notChecked?: string;
}

export function summarize(folder: FolderModel, answer: Answer): AnswerSummary {
  const ex = answer.coverage.approved ?? answer.coverage.expired ?? answer.coverage.pending;
  const out: AnswerSummary = { verdict: answer.verdict, kind: answer.kind, subject: answer.subject };
  if (answer.rule) out.rule = answer.rule;
  if (answer.finding) out.finding = { rule: answer.finding.rule, severity: answer.finding.severity, message: answer.finding.message };
  if (ex?.record.id) out.exception = { id: ex.record.id, state: ex.state, file: relativePath(folder.folderUri, ex.record.uri) ?? ex.record.uri };
  if (answer.kind === 'technology') out.alternatives = answer.alternatives.map((a) => a.id);
  if (answer.notChecked) out.notChecked = answer.notChecked;
  return out;
}
