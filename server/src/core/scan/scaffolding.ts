/**
 * Service scaffolding and language manifests → facts with exact ranges: the signals of a new
 * deployable service (PRODUCT.md, "Signals of a new deployable service") and the manifests that
 * bring a language in. Pure and total: any text, however broken, yields facts or problems.
 */
import { LineIndex, START_OF_FILE } from '../text';
import type { ScaffoldingFacts, ScanContext } from './types';
import { isComposeDocument, isComposeName, scanCompose } from './compose';
import { isDockerfileName, scanDockerfile } from './dockerfile';
import { isAspireHostName, scanAspireHost } from './aspire';
import { isGoReleaserName, isKoConfigName, scanGoReleaser, scanKoConfig } from './goImages';
import { isCloudFormationDocument, isCloudFormationName, isServerlessName, isServerlessScript, scanCloudFormationDocument, scanCloudFormationJson, scanServerless, scanServerlessJson, scanServerlessScript } from './functions';
import { isKubernetesObject, scanHelmChart, scanKubernetesObject, scanKustomization } from './kubernetes';
import { manifestKind, scanLanguageManifest } from './languages';
import { AGENT_INSTRUCTION_NAMES, NAMED_FILES } from './fileNames';
import { scanInstructions } from './instructions';

export { SCAFFOLDING_FILE_GLOBS } from './fileNames';
import { isAppEngineDocument, scanAppEngineDocument, scanHerokuAppJson, scanHerokuYaml, scanNxProject, scanProcfile, scanRender, scanTomlName, scanWranglerJson } from './platforms';
import { emptyFacts, type ScanInput } from './scanUtil';
import { parseYaml, textOf, valueOf } from './yamlDoc';
import type { Document } from 'yaml';
import { capEntries, MAX_DEPENDENCIES_PER_FILE, nestingMessage, pushAll } from '../limits';
import { LruCache } from '../lru';

export type { ImageFact, LanguageFact, ScaffoldingFacts, ScanContext, ServiceFact, ServiceSignal, TechnologyRefFact, WorkspaceHints } from './types';

/** Folders whose files are someone else's (dependencies, virtualenvs) or generated deployment output. */
const EXCLUDED_FOLDERS = new Set(['node_modules', '.git', 'vendor', 'bower_components', '.venv', 'venv', 'site-packages', '.tox', '.terraform', 'cdk.out', '.aws-sam', '.serverless']);


const YAML_FILE = /\.ya?ml$/i;

/** YAML files that are never scaffolding and can be large (lockfiles) or plentiful (CI). */
const NOT_SCAFFOLDING_YAML = new Set(['pnpm-lock.yaml', 'pnpm-workspace.yaml', '.yarnrc.yml', '.pre-commit-config.yaml', '.gitlab-ci.yml']);

function segmentsOf(relPath: string): string[] {
  return relPath
    .replace(/\\/g, '/')
    .split('/')
    .filter((s) => s !== '' && s !== '.');
}

/**
 * Cheap, name-only: could this path (workspace-relative, '/'-separated) be scaffolding or a
 * language manifest? Used by the workspace walk. Must be false for package.json (handled
 * elsewhere) and for files in node_modules. .yaml/.yml files are candidates (content decides).
 */
export function isScaffoldingCandidate(relPath: string): boolean {
  // most files of a workspace are none of these by their name alone: settled without splitting the path
  const name = relPath.slice(Math.max(relPath.lastIndexOf('/'), relPath.lastIndexOf('\\')) + 1);
  if (name !== '' && name !== '.' && !isCandidateName(name)) return false;
  return !segmentsOf(relPath).slice(0, -1).some((s) => EXCLUDED_FOLDERS.has(s)) && isScaffoldingName(relPath);
}

/** As `isScaffoldingCandidate`, in any folder: also in node_modules or vendor (a trusted check judges what a change puts there). */
export function isScaffoldingName(relPath: string): boolean {
  const segments = segmentsOf(relPath);
  const base = segments.pop();
  if (!base || base === 'package.json') return false;
  if (AGENT_INSTRUCTION_NAMES.has(base)) return base === 'AGENTS.md' || segments[segments.length - 1] === '.github';
  // Dev containers and CI actions are the developers' tools, not deployables.
  if (segments.includes('.devcontainer') || segments.includes('.github')) return false;
  if (isDockerfileName(base)) return true;
  if (YAML_FILE.test(base)) return !NOT_SCAFFOLDING_YAML.has(base);
  return manifestKind(segments.join('/'), base) !== undefined || NAMED_FILES.has(base) || isCloudFormationName(base);
}

const candidateNames = new LruCache<string, boolean>(4096);

/**
 * Whether a file of this name can be scaffolding or a manifest in some folder (a `.txt` may be one
 * in requirements/): the walk asks this of every file before looking at its path. Kept per name:
 * a walk meets the same names again and again.
 */
export function isCandidateName(base: string): boolean {
  let known = candidateNames.get(base);
  if (known === undefined) {
    known = isDockerfileName(base) || YAML_FILE.test(base) || NAMED_FILES.has(base) || AGENT_INSTRUCTION_NAMES.has(base) || isCloudFormationName(base) || manifestKind('', base) !== undefined || /\.txt$/i.test(base) || /\.scala$/.test(base);
    candidateNames.set(base, known);
  }
  return known;
}

/** Facts for one file, or undefined when the file is not scaffolding (e.g. a YAML file that is neither compose, k8s, helm, serverless, SAM, app.yaml nor render.yaml). Never throws: a file that fails to parse yields a `problems` entry with a clear message at the error's range. */
export function scanScaffolding(relPath: string, text: string, ctx: ScanContext): ScaffoldingFacts | undefined {
  const facts = scanFile(relPath, text, ctx);
  if (facts) {
    capEntries(facts.dependencies, 'dependencies', facts.problems, MAX_DEPENDENCIES_PER_FILE);
    capEntries(facts.images, 'images', facts.problems);
    capEntries(facts.services, 'services', facts.problems);
    capEntries(facts.refs, 'technology references', facts.problems);
  }
  const pathNames = facts?.services.filter((s) => s.fromPath && !s.root).map((s) => ({ name: s.name, place: s.place }));
  if (facts && pathNames?.length) facts.hints = { ...facts.hints, pathNames };
  return facts;
}

function scanFile(relPath: string, text: string, ctx: ScanContext): ScaffoldingFacts | undefined {
  try {
    if (!(ctx.anyFolder ? isScaffoldingName(relPath) : isScaffoldingCandidate(relPath))) return undefined;
    const segments = segmentsOf(relPath);
    const base = segments.pop() ?? '';
    const input: ScanInput = { relPath, folder: segments.join('/'), base, text, lines: new LineIndex(text), ctx };

    if (AGENT_INSTRUCTION_NAMES.has(base)) return scanInstructions(input);
    if (isDockerfileName(base)) return scanDockerfile(input);
    const manifest = manifestKind(input.folder, base);
    if (manifest) return manifest.recognise && !manifest.recognise(text) ? undefined : scanLanguageManifest(input, manifest);
    if (isAspireHostName(base)) return scanAspireHost(input);
    switch (base) {
      case 'project.json':
        return scanNxProject(input);
      case 'fly.toml':
        return scanTomlName(input, 'app', 'fly');
      case 'wrangler.toml':
        return scanTomlName(input, 'name', 'wrangler');
      case 'wrangler.json':
      case 'wrangler.jsonc':
        return scanWranglerJson(input);
      case 'Procfile':
        return scanProcfile(input);
      case 'serverless.json':
        return scanServerlessJson(input);
      case 'app.json':
        return scanHerokuAppJson(input);
    }
    if (isServerlessScript(base)) return scanServerlessScript(input);
    if (YAML_FILE.test(base)) return scanYamlFile(input);
    if (isCloudFormationName(base)) return scanCloudFormationJson(input);
    return undefined;
  } catch (error) {
    // A bug here must not take the workspace scan down; say so where the user will look.
    const reason = error instanceof RangeError ? `it ${nestingMessage()}` : error instanceof Error ? error.message : String(error);
    return { ...emptyFacts(), problems: [{ range: START_OF_FILE, message: `this file could not be read: ${reason}` }] };
  }
}

/**
 * A YAML text that may be a deployment file by its content: a line that starts (after spaces and a
 * list dash) with `apiVersion:` or `runtime:`, a top-level `services:`, or CloudFormation's marks.
 * Linear: the pattern is anchored at line starts and no two of its repetitions can take the same
 * characters (a `\s*` here crossed lines and made a file of blank lines cubic).
 */
export function mayBeDeploymentYaml(text: string): boolean {
  return /^[ \t]*(?:-[ \t]+)?(?:apiVersion|runtime)[ \t]*:|^services[ \t]*:/m.test(text) || text.includes('AWSTemplateFormatVersion') || text.includes('AWS::');
}

function scanYamlFile(input: ScanInput): ScaffoldingFacts | undefined {
  // Helm templates are Go templates, not YAML: nothing to say about them. Only real template
  // syntax counts (`{{` outside a `#` comment): a comment is something anyone can write into a manifest.
  if (input.folder.split('/').includes('templates') && hasTemplateSyntax(input.text)) return undefined;
  const base = input.base;
  const goImages = isKoConfigName(base) ? scanKoConfig : isGoReleaserName(base) ? scanGoReleaser : undefined;
  const byName = goImages !== undefined || isComposeName(base) || isServerlessName(base) || /^(chart|render|app|heroku|kustomization)\.ya?ml$/i.test(base) || isCloudFormationName(base);
  // Recognised by content only (Kubernetes, CloudFormation, App Engine, compose files named
  // otherwise, such as those a compose file includes): skip the parse of a big OpenAPI spec or CI
  // file that cannot be one, so a keystroke there costs nothing.
  if (!byName && !mayBeDeploymentYaml(input.text)) return undefined;
  const yaml = parseYaml(input.text, input.lines);
  let facts: ScaffoldingFacts | undefined;
  if (goImages) facts = goImages(input, yaml);
  else if (isComposeName(base)) facts = scanCompose(input, yaml);
  else if (isServerlessName(base)) facts = scanServerless(input, yaml);
  else if (/^chart\.ya?ml$/i.test(base)) facts = scanHelmChart(input, yaml);
  else if (/^render\.ya?ml$/i.test(base)) facts = scanRender(input, yaml);
  else if (/^heroku\.ya?ml$/i.test(base)) facts = scanHerokuYaml(input, yaml);
  else {
    // Recognised by content, document by document: Kubernetes objects, CloudFormation / SAM
    // templates, App Engine service files.
    const namedTemplate = isCloudFormationName(base);
    const namedAppYaml = /^app\.ya?ml$/i.test(base);
    let recognised = namedTemplate;
    const found = emptyFacts();
    for (const doc of yaml.docs) {
      const root = doc.contents ?? undefined;
      if (isKustomization(root, doc, base)) scanKustomization(input, root, doc, found);
      else if (isKubernetesObject(root, doc)) scanKubernetesObject(input, root, doc, found);
      else if (isComposeDocument(root, doc)) Object.assign(found, mergeFacts(found, scanCompose(input, { docs: [doc], problems: [], tooDeep: 0 })));
      else if (namedTemplate || isCloudFormationDocument(root, doc)) scanCloudFormationDocument(input, root, doc, found);
      else if (isAppEngineDocument(root, doc, namedAppYaml)) scanAppEngineDocument(input, root, doc, found);
      else continue;
      recognised = true;
    }
    // a document too deep to read, or past the limit on documents, may well be a workload: say so rather than say nothing
    facts = recognised || yaml.tooDeep > 0 || yaml.cut ? found : undefined;
  }
  if (!facts) return undefined;
  pushAll(facts.problems, yaml.problems);
  return facts;
}

/** True when a line holds `{{` before any `#` comment (a `#` at the line's start or after a space). */
export function hasTemplateSyntax(text: string): boolean {
  let at = text.indexOf('{{');
  while (at >= 0) {
    const lineStart = text.lastIndexOf('\n', at) + 1;
    const before = text.slice(lineStart, at);
    if (!/(^|\s)#/.test(before)) return true;
    const next = text.indexOf('\n', at);
    if (next < 0) return false;
    at = text.indexOf('{{', next);
  }
  return false;
}

function isKustomization(root: unknown, doc: Document, base: string): boolean {
  if (/^kustomization\.ya?ml$/i.test(base)) return true;
  return textOf(valueOf(root, 'kind', doc), doc)?.trim() === 'Kustomization';
}

/** Two scans' facts as one. */
function mergeFacts(a: ScaffoldingFacts, b: ScaffoldingFacts): ScaffoldingFacts {
  const hints = a.hints || b.hints ? { contexts: [...(a.hints?.contexts ?? []), ...(b.hints?.contexts ?? [])], patches: [...(a.hints?.patches ?? []), ...(b.hints?.patches ?? [])], chart: a.hints?.chart ?? b.hints?.chart, images: [...(a.hints?.images ?? []), ...(b.hints?.images ?? [])], bases: [...(a.hints?.bases ?? []), ...(b.hints?.bases ?? [])], templates: [...(a.hints?.templates ?? []), ...(b.hints?.templates ?? [])] } : undefined;
  return {
    services: [...a.services, ...b.services],
    images: [...a.images, ...b.images],
    refs: [...a.refs, ...b.refs],
    languages: [...a.languages, ...b.languages],
    dependencies: [...a.dependencies, ...b.dependencies],
    problems: [...a.problems, ...b.problems],
    ...(hints ? { hints } : {}),
    ...(a.env ?? b.env) !== undefined ? { env: a.env ?? b.env } : {},
    ...(a.reads || b.reads ? { reads: [...(a.reads ?? []), ...(b.reads ?? [])] } : {}),
  };
}
