/**
 * Service scaffolding and language manifests → facts with exact ranges: the signals of a new
 * deployable service (PRODUCT.md, "Signals of a new deployable service") and the manifests that
 * bring a language in. Pure and total: any text, however broken, yields facts or problems.
 */
import type { Range } from 'vscode-languageserver-types';
import { LineIndex, START_OF_FILE } from '../text';
import { isComposeName, scanCompose } from './compose';
import { isDockerfileName, scanDockerfile } from './dockerfile';
import { isCloudFormationDocument, isCloudFormationName, isServerlessName, scanCloudFormationDocument, scanCloudFormationJson, scanServerless } from './functions';
import { isKubernetesObject, scanHelmChart, scanKubernetesObject } from './kubernetes';
import { languageOfManifest, scanLanguageManifest } from './languages';
import { isAppEngineDocument, scanAppEngineDocument, scanNxProject, scanProcfile, scanRender, scanTomlName, scanWranglerJson } from './platforms';
import { emptyFacts, type ScanInput } from './scanUtil';
import { parseYaml } from './yamlDoc';
import { nestingMessage } from '../limits';

export type ServiceSignal = 'dockerfile' | 'compose' | 'kubernetes' | 'helm' | 'serverless' | 'sam' | 'nx' | 'fly' | 'appengine' | 'procfile' | 'wrangler' | 'render';

export interface ServiceFact {
  name: string;
  range: Range;
  signal: ServiceSignal;
  /** workspace-relative folder of the declaring file, '' for the root */
  folder: string;
  /** a Dockerfile at the workspace root: the monolith itself */
  root?: boolean;
}

/** Infrastructure images to check as technologies (compose image-only services; k8s workloads whose containers all run a known stock image). */
export interface ImageFact {
  image: string;
  range: Range;
}

/** A language manifest; range = the file's first line (0:0 to end of line 0). */
export interface LanguageFact {
  language: string;
  range: Range;
}

export interface ScaffoldingFacts {
  services: ServiceFact[];
  images: ImageFact[];
  languages: LanguageFact[];
  problems: Array<{ range: Range; message: string }>;
}

export interface ScanContext {
  /** true when the image (any form: 'redis:alpine', 'docker.io/library/postgres:16') is a known technology's stock image */
  isKnownImage(image: string): boolean;
}

/** Folders whose files are someone else's (dependencies, virtualenvs) or generated deployment output. */
const EXCLUDED_FOLDERS = new Set(['node_modules', '.git', 'vendor', 'bower_components', '.venv', 'venv', 'site-packages', '.tox', '.terraform', 'cdk.out', '.aws-sam', '.serverless']);

/** Files recognised by their exact name. */
const NAMED_FILES = new Set(['project.json', 'fly.toml', 'wrangler.toml', 'wrangler.json', 'wrangler.jsonc', 'Procfile']);

const YAML_FILE = /\.ya?ml$/i;

/** YAML files that are never scaffolding and can be large (lockfiles) or plentiful (CI). */
const NOT_SCAFFOLDING_YAML = new Set(['pnpm-lock.yaml', 'pnpm-workspace.yaml', '.yarnrc.yml', '.pre-commit-config.yaml', '.gitlab-ci.yml']);

function segmentsOf(relPath: string): string[] {
  return relPath
    .replace(/\\/g, '/')
    .split('/')
    .filter((s) => s !== '' && s !== '.');
}

/** Cheap, name-only: could this path (workspace-relative, '/'-separated) be scaffolding or a language manifest? Used by the workspace walk. Must be false for package.json (handled elsewhere) and for files in node_modules. .yaml/.yml files are candidates (content decides). */
export function isScaffoldingCandidate(relPath: string): boolean {
  const segments = segmentsOf(relPath);
  const base = segments.pop();
  if (!base || base === 'package.json') return false;
  if (segments.some((s) => EXCLUDED_FOLDERS.has(s))) return false;
  // Dev containers and CI actions are the developers' tools, not deployables.
  if (segments.includes('.devcontainer') || segments.includes('.github')) return false;
  if (isDockerfileName(base)) return true;
  if (YAML_FILE.test(base)) return !NOT_SCAFFOLDING_YAML.has(base);
  return languageOfManifest(base) !== undefined || NAMED_FILES.has(base) || isCloudFormationName(base);
}

/** Facts for one file, or undefined when the file is not scaffolding (e.g. a YAML file that is neither compose, k8s, helm, serverless, SAM, app.yaml nor render.yaml). Never throws: a file that fails to parse yields a `problems` entry with a clear message at the error's range. */
export function scanScaffolding(relPath: string, text: string, ctx: ScanContext): ScaffoldingFacts | undefined {
  try {
    if (!isScaffoldingCandidate(relPath)) return undefined;
    const segments = segmentsOf(relPath);
    const base = segments.pop() ?? '';
    const input: ScanInput = { relPath, folder: segments.join('/'), base, text, lines: new LineIndex(text), ctx };

    if (isDockerfileName(base)) return scanDockerfile(input);
    const language = languageOfManifest(base);
    if (language) return scanLanguageManifest(input, language);
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
    }
    if (YAML_FILE.test(base)) return scanYamlFile(input);
    if (isCloudFormationName(base)) return scanCloudFormationJson(input);
    return undefined;
  } catch (error) {
    // A bug here must not take the workspace scan down; say so where the user will look.
    const reason = error instanceof RangeError ? `it ${nestingMessage()}` : error instanceof Error ? error.message : String(error);
    return { ...emptyFacts(), problems: [{ range: START_OF_FILE, message: `this file could not be read: ${reason}` }] };
  }
}

function scanYamlFile(input: ScanInput): ScaffoldingFacts | undefined {
  // Helm templates are Go templates, not YAML: nothing to say about them.
  if (input.folder.split('/').includes('templates') && input.text.includes('{{')) return undefined;
  const base = input.base;
  const byName = isComposeName(base) || isServerlessName(base) || /^(chart|render|app)\.ya?ml$/i.test(base) || isCloudFormationName(base);
  // Recognised by content only (Kubernetes, CloudFormation, App Engine): skip the parse of a big
  // OpenAPI spec or CI file that cannot be one, so a keystroke there costs nothing.
  if (!byName && !/^\s*-?\s*(apiVersion|runtime)\s*:|AWSTemplateFormatVersion|AWS::/m.test(input.text)) return undefined;
  const yaml = parseYaml(input.text, input.lines);
  let facts: ScaffoldingFacts | undefined;
  if (isComposeName(base)) facts = scanCompose(input, yaml);
  else if (isServerlessName(base)) facts = scanServerless(input, yaml);
  else if (/^chart\.ya?ml$/i.test(base)) facts = scanHelmChart(input, yaml);
  else if (/^render\.ya?ml$/i.test(base)) facts = scanRender(input, yaml);
  else {
    // Recognised by content, document by document: Kubernetes objects, CloudFormation / SAM
    // templates, App Engine service files.
    const namedTemplate = isCloudFormationName(base);
    const namedAppYaml = /^app\.ya?ml$/i.test(base);
    let recognised = namedTemplate;
    const found = emptyFacts();
    for (const doc of yaml.docs) {
      const root = doc.contents ?? undefined;
      if (isKubernetesObject(root, doc)) scanKubernetesObject(input, root, doc, found);
      else if (namedTemplate || isCloudFormationDocument(root, doc)) scanCloudFormationDocument(input, root, doc, found);
      else if (isAppEngineDocument(root, doc, namedAppYaml)) scanAppEngineDocument(input, root, doc, found);
      else continue;
      recognised = true;
    }
    // a document too deep to read may well be a workload: say so rather than say nothing
    facts = recognised || yaml.tooDeep > 0 ? found : undefined;
  }
  if (!facts) return undefined;
  facts.problems.push(...yaml.problems);
  return facts;
}
