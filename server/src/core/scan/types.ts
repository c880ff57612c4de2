/**
 * What the scaffolding scanners find: the facts of one file. The types live here, below both the
 * dispatcher (scaffolding.ts) and the scanners, so that scan/ has no import cycle.
 */
import type { Range } from 'vscode-languageserver-types';
import type { Ecosystem } from '../catalog/ecosystems';

export type ServiceSignal = 'dockerfile' | 'compose' | 'kubernetes' | 'helm' | 'serverless' | 'sam' | 'nx' | 'fly' | 'appengine' | 'procfile' | 'wrangler' | 'render' | 'jvm-app' | 'dotnet' | 'aspire' | 'go-image';

/**
 * A deployable declared in a file. Its identity is its name and its place: the folder of its own
 * code (a Dockerfile's folder, a compose service's build context, an Nx project), or the file
 * that declares it when that file may declare several (a Kubernetes manifest, a SAM template).
 */
export interface ServiceFact {
  name: string;
  range: Range;
  signal: ServiceSignal;
  /** Workspace-relative folder of the declaring file, '' for the root. */
  folder: string;
  /** The monolith itself: the root's own Dockerfile, fly.toml, app.yaml or project.json. */
  root?: boolean;
  /**
   * A process of the monolith (a root `Procfile` process type, a compose service that builds the
   * root context): the monolith's code, deployed and scaled on its own. Its place is the root
   * (''), and it is known one name at a time.
   */
  process?: boolean;
  /** Workspace-relative folder or file that identifies the service ('' for the root). */
  place: string;
  /** True when `place` is a file that declares several services: the name is then part of the identity. */
  shared?: boolean;
  /** True when no name was written and the name comes from the folder path: a compose service building that folder names it. */
  fromPath?: boolean;
  /** A sentence added to the finding's message (a name that could not be read). */
  note?: string;
  /**
   * A deployable only when another file says so (its key in the workspace's `enables` hints): a
   * Maven module whose parent build, elsewhere in the workspace, applies the Spring Boot plugin,
   * or a Gradle subproject whose root build applies it in `subprojects { }`. Several keys
   * separated by `\n`: any of them.
   */
  condition?: string;
  /** A .NET project's identifier as Aspire's `Projects.` class names it (`Shop_ApiService`): the AppHost and the project are one service. */
  project?: string;
}

/** Infrastructure images to check as technologies (compose image-only services; k8s workloads of stock images; stock datastore Dockerfiles). */
export interface ImageFact {
  image: string;
  range: Range;
}

/** A technology named outright (a Helm chart dependency `postgresql`). */
export interface TechnologyRefFact {
  name: string;
  range: Range;
}

/**
 * A dependency a manifest of another ecosystem declares (`gem "sinatra"`, `Flask>=3.0`, a Maven
 * `<dependency>`): checked by the same technology rules as a package.json dependency.
 */
export interface ManifestDependency {
  ecosystem: Ecosystem;
  /** The name as written (`Flask`, `github.com/labstack/echo/v4`, `org.postgresql:postgresql`). */
  name: string;
  /** Where the squiggle goes: the name itself (the gem name, the artifactId's text, the crate key). */
  range: Range;
  /** Where it is declared (`dev-dependencies`, `group :test`), for hovers; absent for the main list. */
  section?: string;
}

/** A language manifest; range = the file's first line (0:0 to end of line 0). */
export interface LanguageFact {
  language: string;
  range: Range;
}

/**
 * What one file says about others, for facts that need the whole workspace: which folders a
 * compose file builds (and under which service name), which files a kustomization patches, and
 * which folder is a Helm chart (a chart below it in `charts/` is its vendored dependency), and
 * which services took their name from their folder path.
 */
export interface WorkspaceHints {
  /** `file`: the compose file that says so (folder-relative). */
  contexts?: Array<{ folder: string; name: string; file?: string }>;
  patches?: string[];
  chart?: string;
  /** Services named after their folder path (`apps/server` → server): two places with one such name are both named by their path. */
  pathNames?: Array<{ name: string; place: string }>;
  /**
   * Images a Dockerfile (or a compose build's `args`) builds from, and the place that builds
   * from them: a folder whose image another place builds from is a base image, not a service.
   */
  bases?: Array<{ image: string; from: string }>;
  /** Image names a compose service gives what it builds (`build: ./base` with `image: acme/base`). */
  images?: Array<{ image: string; place: string }>;
  /** Conditions other files' deployables wait for (`ServiceFact.condition`): a parent pom that applies the Spring Boot plugin. */
  enables?: string[];
  /** Places whose Dockerfile only wraps a stock image: a compose service that builds one is that technology, not a service. */
  wrapped?: string[];
  /** .NET projects: the name an Aspire AppHost gives each (`AddProject<Projects.Shop_ApiService>("apiservice")`), and where each project is. */
  aspireNames?: Array<{ project: string; name: string }>;
  projects?: Array<{ project: string; place: string }>;
  /** Services of a file only other compose files `extends` (`common.yml\0base`, not named like a compose file): templates, not deployables. */
  templates?: string[];
}

/** The Tech Policy section of an agents' instructions file (AGENTS.md): where it is and the hash its begin marker records. */
export interface InstructionsFact {
  /** The begin marker's line: where `agents-instructions-stale` is reported. */
  range: Range;
  /** From the begin marker through the end marker: what a refresh replaces. */
  section: Range;
  /** The hash of the section as written (absent: a marker written by hand, without one). */
  hash?: string;
}

export interface ScaffoldingFacts {
  services: ServiceFact[];
  images: ImageFact[];
  refs: TechnologyRefFact[];
  languages: LanguageFact[];
  /** Dependencies of non-JavaScript manifests (package.json has its own facts). */
  dependencies: ManifestDependency[];
  problems: Array<{ range: Range; message: string }>;
  hints?: WorkspaceHints;
  /** An agents' instructions file with the Tech Policy section. */
  instructions?: InstructionsFact;
  /** The folder whose `.env` this file's values were interpolated from (a compose file): read again when that `.env` changes. */
  env?: string;
  /** Other files this one was read with (a compose file's `extends: {file: …}`), folder-relative: read again when one changes. */
  reads?: string[];
}

export interface ScanContext {
  /** The category of the known technology this image is the stock image of ('redis:alpine' → 'datastore'), or undefined. */
  imageCategory(image: string): string | undefined;
  /** Read the file even in a folder of other people's code or output (node_modules, vendor, …). */
  anyFolder?: boolean;
  /** The variables of a folder's `.env` (Compose's project directory), when it has one. */
  env?(folder: string): ReadonlyMap<string, string> | undefined;
  /** The text of another file of the workspace (folder-relative), when it exists and may be read. */
  read?(rel: string): string | undefined;
}
