/**
 * The agent tools, answered: an input (validated against the tool's schema) and a host's
 * workspace in, plain text and a structured verdict out. The language server and the MCP server
 * both call these; neither answers anything itself. The request tool only drafts here: the host
 * writes the draft (after the user confirms), inside the exceptions directory.
 */
import { type Answer, answerDependencies, answerDependency, answerLanguage, answerService, answerTechnology, technologyNamed } from '../answer/answer';
import { type Ecosystem, ECOSYSTEMS } from '../catalog/ecosystems';
import type { Technology } from '../catalog/technologies';
import { buildExceptionRequest, type ExceptionRequest } from '../features/exceptionRequest';
import { isCounted, type RuleId } from '../model';
import { relativePath } from '../paths';
import type { ServiceDeclaration } from '../rules/newService';
import { LANGUAGE_NAMES, languageName } from '../rules/newLanguage';
import { serviceDeclarations } from '../rules/services';
import { scanScaffolding } from '../scan/scaffolding';
import { monolithProcess } from '../scan/scanUtil';
import { manifestKind } from '../scan/ecosystems';
import { START_OF_FILE, findingLine, oneLine } from '../text';
import { answerText, MCP_TOOL_NAMES, placeText, summarize, type AnswerSummary, type ToolNames } from './text';
import { type AgentToolDefinition, quoted, type ToolInput, type ToolName, toolNamed, validateToolInput } from './tools';
import { type AgentFolder, type AgentHost, locate } from './workspace';

export interface ToolResult {
  /** What the agent reads. */
  text: string;
  /** True for bad input and refusals: the agent should not go on as if it had an answer. */
  isError?: boolean;
  /** The verdict and its facts (check tools), for clients that read structured results. */
  structured?: { answers: AnswerSummary[] };
}

function refusal(text: string): ToolResult {
  return { text: text.endsWith('\n') ? text : `${text}\n`, isError: true };
}

/** The manifest a file name is, as the ecosystem its dependencies come from. */
const MANIFEST_ECOSYSTEMS: Array<[RegExp, Ecosystem]> = [
  [/^package\.json$/, 'npm'],
  [/^(Gemfile|gems\.rb|.*\.gemspec)$/, 'rubygems'],
  [/^(pyproject\.toml|setup\.py|setup\.cfg|Pipfile|.*requirements.*\.txt)$/, 'pypi'],
  [/^go\.mod$/, 'go'],
  [/^(pom\.xml|build\.gradle(\.kts)?|libs\.versions\.toml|.*\.sbt|.*\.scala)$/, 'maven'],
  [/^Cargo\.toml$/, 'cargo'],
  [/^composer\.json$/, 'packagist'],
  [/^(.*\.(cs|fs|vb)proj|Directory\.(Packages|Build)\.props|packages\.config)$/, 'nuget'],
  [/^mix\.exs$/, 'hex'],
  [/^Package\.swift$/, 'swift'],
];

/** The ecosystem of a manifest's dependencies, by its path; undefined for anything else. */
export function ecosystemOfManifest(rel: string): Ecosystem | undefined {
  const slash = rel.lastIndexOf('/');
  const base = rel.slice(slash + 1);
  const folder = slash < 0 ? '' : rel.slice(0, slash);
  if (base !== 'package.json' && !manifestKind(folder, base)) return undefined;
  return MANIFEST_ECOSYSTEMS.find(([re]) => re.test(base))?.[1] ?? (/^requirements\//.test(base) ? 'pypi' : undefined);
}

/** Runs a read-only tool (check_technology, check_deployable, current_findings). */
export function runCheckTool(host: AgentHost, name: string, raw: unknown, tools: ToolNames = MCP_TOOL_NAMES): ToolResult {
  const tool = toolNamed(name);
  if (!tool || !tool.readOnly) return refusal(`No such tool: ${quoted(name, 40)}.`);
  const valid = validateToolInput(tool, raw);
  if (!valid.ok) return refusal(valid.message);
  switch (tool.name as ToolName) {
    case 'check_technology':
      return checkTechnology(host, valid.input, tools);
    case 'check_deployable':
      return checkDeployable(host, valid.input, tools);
    default:
      return currentFindings(host, valid.input);
  }
}

function str(input: ToolInput, key: string): string | undefined {
  const v = input[key];
  return typeof v === 'string' ? v : undefined;
}

function withAnswers(folder: AgentFolder, rel: string, answers: Answer[], tools: ToolNames, preface = ''): ToolResult {
  return { text: preface + answers.map((a) => answerText(folder.model, a, rel, tools)).join('\n'), structured: { answers: answers.map((a) => summarize(folder.model, a)) } };
}

function checkTechnology(host: AgentHost, input: ToolInput, tools: ToolNames): ToolResult {
  const pkg = str(input, 'package');
  const image = str(input, 'image');
  const named = str(input, 'technology');
  const given = [pkg, image, named].filter((v) => v !== undefined).length;
  if (given !== 1) return refusal('check_technology needs exactly one of "package" (with its ecosystem or a manifest path), "image" or "technology".');
  const where = locate(host, str(input, 'path'));
  if ('refusal' in where) return refusal(where.refusal);
  const { folder, uri, rel } = where;
  const index = folder.model.technologies;
  if (image !== undefined) {
    const tech = index.matchImage(image);
    if (!tech) {
      return {
        text: `Image ${quoted(image)}: NOT A TECHNOLOGY the catalog or the policy knows (not the stock image of a datastore, broker or other technology). If it runs code of your own as a new service, ask ${tools.checkDeployable} with the folder it is built from.\n`,
        structured: { answers: [{ verdict: 'not-checked', kind: 'library', subject: image, notChecked: 'plain-library' }] },
      };
    }
    return withAnswers(folder, rel, [answerTechnology(folder.model, uri, tech)], tools);
  }
  if (named !== undefined) {
    const tech = technologyNamed(index, named);
    if (!tech) {
      return {
        text: `${quoted(named)}: NO TECHNOLOGY OF THAT NAME in the catalog or the policy. Ask again with the package and its ecosystem (the policy recognises technologies by their packages and images); a package that is no known technology is a plain library.\n`,
        structured: { answers: [{ verdict: 'not-checked', kind: 'library', subject: named, notChecked: 'unknown-technology' }] },
      };
    }
    return withAnswers(folder, rel, [answerTechnology(folder.model, uri, tech)], tools);
  }
  const ecosystem = (str(input, 'ecosystem') as Ecosystem | undefined) ?? ecosystemOfManifest(rel);
  if (ecosystem) return withAnswers(folder, rel, answerDependencies(folder.model, uri, ecosystem, pkg!), tools);
  // no ecosystem given or implied: every ecosystem where the name is a technology
  const found = new Map<string, { tech: Technology; ecosystems: Ecosystem[] }>();
  for (const eco of ECOSYSTEMS) {
    for (const tech of index.matchDependencies(eco, pkg!)) {
      const entry = found.get(tech.id) ?? { tech, ecosystems: [] };
      entry.ecosystems.push(eco);
      found.set(tech.id, entry);
    }
  }
  if (found.size === 0) return withAnswers(folder, rel, [answerDependency(folder.model, uri, 'npm', pkg!)], tools, `No ecosystem given: "${oneLine(pkg!)}" is no technology's package in any ecosystem the catalog knows. As an npm package:\n`);
  const answers = [...found.values()].map((f) => answerTechnology(folder.model, uri, f.tech));
  const preface = found.size > 1 ? `No ecosystem given, and "${oneLine(pkg!)}" names different technologies: ${[...found.values()].map((f) => `${f.tech.name} (${f.ecosystems.join(', ')})`).join('; ')}. Each:\n` : '';
  return withAnswers(folder, rel, answers, tools, preface);
}

/** A file name the scanners treat as one service's own (its folder is the place), not a file that declares several. */
function declaresOne(base: string): boolean {
  return /^(Dockerfile|Containerfile)([._-].*)?$|\.(Dockerfile|Containerfile)$|^(package\.json|project\.json|fly\.toml|wrangler\.(toml|jsonc?))$/i.test(base);
}

/**
 * The deployable a path (and name) would declare, named as the checker names it: a Dockerfile in
 * that folder, through the scanner and the workspace's hints (a compose service that builds the
 * folder names it). A file that declares several services (a Kubernetes manifest, serverless.yml,
 * a compose file) is the place itself, with the name given.
 */
function declarationAt(folder: AgentFolder, rel: string, service: string | undefined): ServiceDeclaration | { testHarness: true } {
  const slash = rel.lastIndexOf('/');
  const base = rel.slice(slash + 1);
  const isFile = /\.[A-Za-z0-9]+$/.test(base) || declaresOne(base) || base === 'Procfile' || base === 'Pipfile' || base === 'Gemfile';
  if (isFile && !declaresOne(base) && service) {
    return { name: service, range: START_OF_FILE, folder: slash < 0 ? '' : rel.slice(0, slash), place: rel, shared: true };
  }
  const dir = isFile ? (slash < 0 ? '' : rel.slice(0, slash)) : rel;
  const dockerfile = dir ? `${dir}/Dockerfile` : 'Dockerfile';
  const facts = scanScaffolding(dockerfile, 'FROM scratch\n', { imageCategory: () => undefined });
  const decl = facts ? serviceDeclarations(dockerfile, facts, folder.model.hints)[0] : undefined;
  if (!decl) return { testHarness: true };
  if (service && !decl.root) return { ...decl, name: service, fromPath: false, pathName: undefined };
  // a name at the root: a process of the monolith (a Procfile entry, a compose service building the root)
  if (service && decl.root) return monolithProcess({ folder: '' }, service, START_OF_FILE, 'procfile');
  return decl;
}

function checkDeployable(host: AgentHost, input: ToolInput, tools: ToolNames): ToolResult {
  const service = str(input, 'service');
  const path = str(input, 'path');
  if (path === undefined && service === undefined) return refusal('check_deployable needs "path" (the folder or file of the new deployable), "service" (its name), or both.');
  const where = locate(host, path);
  if ('refusal' in where) return refusal(where.refusal);
  const { folder, uri, rel } = where;
  const answers: Answer[] = [];
  const slash = rel.lastIndexOf('/');
  const base = rel.slice(slash + 1);
  const kind = base === 'package.json' ? { language: 'javascript' } : manifestKind(slash < 0 ? '' : rel.slice(0, slash), base);
  if (kind?.language) answers.push(answerLanguage(folder.model, uri, kind.language));
  if (path === undefined && service !== undefined) {
    // a name only: the known service of that name where it is declared, else a new one
    const known = Object.entries(folder.model.policy?.policy.services ?? {}).find(([name]) => name.toLowerCase() === service.toLowerCase());
    const places = known ? [known[1].path ?? ''].flat() : [];
    const place = (places[0] ?? '').replace(/^\.\/?$/, '');
    answers.push(answerService(folder.model, uri, { name: service, range: START_OF_FILE, folder: '', place: known ? place : service }));
  } else if (!kind || service !== undefined || slash >= 0) {
    // a deployable at that place; a language manifest at the root is the monolith's own
    const decl = declarationAt(folder, rel, service);
    if ('testHarness' in decl) {
      return {
        text: `${placeText(rel)} is in a test folder: what is built there runs the tests and is not deployed, so the policy does not count it as a deployable.\n`,
        structured: { answers: [{ verdict: 'not-checked', kind: 'service', subject: rel, notChecked: 'test-harness' }] },
      };
    }
    answers.push(answerService(folder.model, uri, decl));
  }
  return withAnswers(folder, rel, answers, tools);
}

function currentFindings(host: AgentHost, input: ToolInput): ToolResult {
  const path = str(input, 'path');
  const limit = typeof input.limit === 'number' ? input.limit : 100;
  const scoped = path !== undefined ? locate(host, path) : undefined;
  if (scoped && 'refusal' in scoped) return refusal(scoped.refusal);
  const folders = scoped ? [scoped.folder] : host.folders().filter((f) => f.model.policy);
  if (folders.length === 0) return { text: `No workspace folder has a techpolicy.json: nothing is checked.\n` };
  const out: string[] = [];
  let shown = 0;
  let total = 0;
  for (const folder of folders) {
    if (!folder.model.policy) {
      out.push(`${folder.name}: no techpolicy.json, nothing is checked.`);
      continue;
    }
    const prefix = scoped ? scoped.rel : '';
    const inside = (rel: string) => prefix === '' || rel === prefix || rel.startsWith(prefix + '/');
    const found = host
      .findings(folder)
      .filter(isCounted)
      .map((f) => ({ f, rel: relativePath(folder.model.folderUri, f.uri) ?? f.uri }))
      .filter(({ rel }) => inside(rel))
      .sort((a, b) => a.rel.localeCompare(b.rel) || a.f.range.start.line - b.f.range.start.line || a.f.range.start.character - b.f.range.start.character);
    const blocking = found.filter(({ f }) => f.severity === 'error' || f.severity === 'warning').length;
    const where = folders.length > 1 ? ` in ${folder.name}` : '';
    out.push(`${found.length} finding${found.length === 1 ? '' : 's'}${where}${prefix ? ` under ${prefix}` : ''} (${blocking} at error or warning level):`);
    total += found.length;
    for (const { f, rel } of found) {
      if (shown >= limit) break;
      out.push(findingLine(rel, f));
      shown++;
    }
    if (found.length > 0 && shown >= limit && total > shown) out.push(`… and ${total - shown} more: ask with a narrower "path" or a higher "limit".`);
    const requests = folder.model.exceptions.filter((e) => e.state === 'requested');
    if (requests.length) {
      out.push(`${requests.length} exception request${requests.length === 1 ? '' : 's'} awaiting an approver's signature (they allow nothing yet):`);
      for (const e of requests) out.push(oneLine(`${e.record.id ?? '?'} ${e.record.rule ?? '?'} ${e.record.subject ?? '?'}: requested${e.record.requestedBy ? ` by ${e.record.requestedBy}` : ''}${e.record.requestedOn ? ` on ${e.record.requestedOn}` : ''} (${relativePath(folder.model.folderUri, e.record.uri) ?? e.record.uri})`));
    }
  }
  out.push('Known findings recorded in the baseline are not listed.');
  return { text: out.join('\n') + '\n' };
}

/** What a request would be: the document to write and what the user is asked, or why none is drafted. */
export type RequestPlan =
  | { result: ToolResult }
  | { request: ExceptionRequest; folder: AgentFolder; rel: string; title: string; message: string; answer: Answer; name: string };

export interface RequestContext {
  /** File names already in the exceptions directory. */
  existingFiles: Iterable<string>;
  /** `git config user.name/email` (a trusted workspace only). */
  requestedBy?: string;
  /** Why nothing may be written to the exceptions directory (a link out of the workspace), when so. */
  refused?: string;
  today: string;
}

function languageId(subject: string): string {
  const lower = subject.trim().toLowerCase();
  const byName = Object.entries(LANGUAGE_NAMES).find(([, name]) => name.toLowerCase() === lower)?.[0];
  return byName ?? lower;
}

/**
 * The request tool's first half, without side effects: the answer for the subject (nothing is
 * drafted for what is allowed, or what a request already asks for), then the document the quick
 * fix would write, marked as drafted by an agent.
 */
export function planRequest(host: AgentHost, raw: unknown, context: (folder: AgentFolder) => RequestContext): RequestPlan {
  const tool = toolNamed('request_exception') as AgentToolDefinition;
  const valid = validateToolInput(tool, raw);
  if (!valid.ok) return { result: refusal(valid.message) };
  const kind = str(valid.input, 'kind')!;
  const subject = str(valid.input, 'subject')!;
  const where = locate(host, str(valid.input, 'path'));
  if ('refusal' in where) return { result: refusal(where.refusal) };
  const { folder, uri, rel } = where;
  const model = folder.model;
  if (!model.policy) return { result: refusal(`${folder.name} has no techpolicy.json: nothing is checked there, so no exception is needed.`) };
  let answer: Answer;
  let name: string;
  if (kind === 'technology') {
    const tech = technologyNamed(model.technologies, subject) ?? ECOSYSTEMS.map((e) => model.technologies.matchDependency(e, subject)).find((x) => x);
    if (!tech) return { result: refusal(`${quoted(subject)} is no technology the catalog or the policy knows: a plain library needs no exception. (check_technology tells what the policy says about a package.)`) };
    answer = answerTechnology(model, uri, tech);
    name = tech.name;
  } else if (kind === 'service') {
    if (/[\\/]/.test(subject)) return { result: refusal(`${quoted(subject)} is a path: give the service's name as "subject" and its folder as "path".`) };
    const decl = declarationAt(folder, rel === '' ? subject : rel, subject);
    if ('testHarness' in decl) return { result: refusal(`${placeText(rel)} is a test folder: nothing built there is a deployable, so no exception is needed.`) };
    answer = answerService(model, uri, decl);
    name = `"${subject}"`;
  } else {
    const id = languageId(subject);
    answer = answerLanguage(model, uri, id);
    name = languageName(id);
  }
  const id = answer.coverage.approved?.record.id;
  if (answer.verdict === 'approved') return { result: refusal(`${name} is allowed by the policy: no exception is needed, nothing was written.`) };
  if (answer.verdict === 'granted') return { result: refusal(`${name} is already allowed at ${placeText(rel)} by ${id}: no new exception is needed, nothing was written.`) };
  if (answer.verdict === 'not-checked') return { result: refusal(`${name} is not checked here (${answer.notChecked === 'rule-off' ? `the rule ${answer.rule} is off` : answer.notChecked === 'ignored' ? "the place is in the policy's ignore list" : 'nothing judges it'}): no exception is needed, nothing was written.`) };
  const pending = answer.coverage.pending;
  if (pending?.record.id && pending.state === 'requested') {
    return { result: refusal(`${pending.record.id} already requests ${name} (${relativePath(model.folderUri, pending.record.uri) ?? pending.record.uri}), awaiting an approver's signature: a person completes that one. Nothing was written.`) };
  }
  const ctx = context(folder);
  if (ctx.refused) return { result: refusal(`No request can be written: the exceptions directory ${ctx.refused}.`) };
  const rule = (answer.finding?.rule === 'exception-expired' ? answer.rule : (answer.finding?.rule ?? answer.rule)) as RuleId;
  const request = buildExceptionRequest(model, { rule, subject: answer.subject, seenIn: rel === '' ? undefined : uri, requestedBy: ctx.requestedBy, existingFiles: ctx.existingFiles, draftedByAgent: true }, ctx.today);
  const file = relativePath(model.folderUri, request.uri) ?? request.uri;
  return {
    request,
    folder,
    rel: file,
    answer,
    name,
    title: `Draft exception request ${request.id} for ${name}?`,
    message: `Tech Policy will write ${file}, a request (rule ${rule}) for a person to complete and an approver to sign. It grants nothing, and changes no other file.`,
  };
}

/** What the agent is told once the draft is written. */
export function requestWrittenText(plan: Extract<RequestPlan, { request: ExceptionRequest }>): ToolResult {
  const approvers = plan.folder.model.approvalPolicy?.approvers ?? [];
  const who = approvers.length ? approvers.map((a) => (a.role ? `${a.name} (${a.role})` : a.name)).join(', ') : 'an approver the policy names';
  return {
    text: [
      `Wrote ${plan.rel} (${plan.request.id}, rule ${plan.answer.rule}, subject ${plan.answer.subject}): a draft for a person to complete.`,
      `It grants nothing yet: a person must write "The product capability this enables" and "Why the approved stack cannot deliver it", and ${who} must sign it. Until then the finding stays; do not treat ${plan.name} as allowed, and tell the user the request is waiting for them.`,
    ].join('\n') + '\n',
  };
}
