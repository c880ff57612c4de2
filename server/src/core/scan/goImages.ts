/**
 * Go binaries that get a container image without a Dockerfile of their own: ko's `.ko.yaml`
 * (each `builds:` entry's `main`) and GoReleaser's `.goreleaser.yaml` (the `builds:` that a
 * `dockers:`, `dockers_v2:` or `kos:` entry packages: by `ids` / `build`, else every build). Each
 * such binary is a deployable named by its folder, as a `cmd/<name>/Dockerfile` is: the same name
 * and place, so a binary with both is one service. A build no image takes (a CLI released as
 * archives) is not one.
 */
import type { Document, Node } from 'yaml';
import type { Range } from 'vscode-languageserver-types';
import type { ScaffoldingFacts } from './types';
import { emptyFacts, folderServiceName, isTestFolder, resolveRelative, type ScanInput, serviceFact } from './scanUtil';
import { itemsOf, nodeRange, textOf, valueOf, type YamlFile } from './yamlDoc';
import { pushAll } from '../limits';

/** ko's configuration file. */
export function isKoConfigName(base: string): boolean {
  return /^\.ko\.ya?ml$/i.test(base);
}

/** GoReleaser's configuration file (`.goreleaser.yaml`, also without the dot). */
export function isGoReleaserName(base: string): boolean {
  return /^\.?goreleaser\.ya?ml$/i.test(base);
}

/** A Go build: the folder of its main package, where its `main` (else its entry) is written. */
interface Build {
  id?: string;
  folder: string | undefined;
  range: Range | undefined;
}

function buildOf(input: ScanInput, item: Node, doc: Document, dirKey: string): Build {
  const main = valueOf(item, 'main', doc);
  const mainText = textOf(main, doc)?.trim() || '.';
  const dir = textOf(valueOf(item, dirKey, doc), doc)?.trim() || '.';
  // `main` is a folder or a file of the main package (`./cmd/api/main.go`), relative to `dir`
  const path = /\.go$/i.test(mainText) ? mainText.slice(0, Math.max(mainText.lastIndexOf('/'), 0)) || '.' : mainText;
  // an import path (`github.com/acme/shop/cmd/api`) or a template (`{{ .Env.MAIN }}`) names no folder that can be read here
  const relative = (/^\.\.?(\/|$)/.test(path) || !path.includes('.')) && !`${dir}${path}`.includes('{{');
  const folder = relative ? resolveRelative(input.folder, `${dir}/${path}`) : undefined;
  const id = textOf(valueOf(item, 'id', doc), doc)?.trim();
  const at = main ?? valueOf(item, 'id', doc) ?? item;
  return { ...(id ? { id } : {}), folder, range: nodeRange(at, input.lines) };
}

/** Each build as a deployable, once per folder; none for a test harness. */
function pushBuilds(input: ScanInput, builds: Build[], facts: ScaffoldingFacts): void {
  if (isTestFolder(input.folder)) return;
  const seen = new Set<string>();
  for (const b of builds) {
    if (b.folder === undefined || !b.range || seen.has(b.folder) || isTestFolder(b.folder)) continue;
    seen.add(b.folder);
    facts.services.push(b.folder === '' ? serviceFact(input, '', b.range, 'go-image', { root: true }) : serviceFact(input, folderServiceName(b.folder)!, b.range, 'go-image', { place: b.folder, fromPath: true }));
  }
}

/** `.ko.yaml`: every `builds:` entry is an image of its `main` package (relative to its `dir`). */
export function scanKoConfig(input: ScanInput, yaml: YamlFile): ScaffoldingFacts {
  const facts = emptyFacts();
  for (const doc of yaml.docs) {
    const builds = itemsOf(valueOf(doc.contents, 'builds', doc), doc).map((item) => buildOf(input, item, doc, 'dir'));
    pushBuilds(input, builds, facts);
  }
  return facts;
}

/** A list of ids (`ids: [api, worker]`) or one (`build: api`); undefined when none is written. */
function idsOf(entry: Node, key: string, doc: Document): string[] | undefined {
  const node = valueOf(entry, key, doc);
  if (node === undefined) return undefined;
  const one = textOf(node, doc)?.trim();
  if (one) return [one];
  return itemsOf(node, doc).map((n) => textOf(n, doc)?.trim() ?? '').filter((id) => id !== '');
}

/**
 * `.goreleaser.yaml`: the builds that its `dockers:`, `dockers_v2:` and `kos:` entries package (by
 * `ids`, a ko entry by `build` or its own `main`; else every build). No `builds:` is GoReleaser's
 * default build of the file's folder. A build marked `skip: true` builds nothing.
 */
export function scanGoReleaser(input: ScanInput, yaml: YamlFile): ScaffoldingFacts {
  const facts = emptyFacts();
  for (const doc of yaml.docs) {
    const root = doc.contents;
    const project = textOf(valueOf(root, 'project_name', doc), doc)?.trim() || undefined;
    const buildItems = itemsOf(valueOf(root, 'builds', doc), doc).filter((item) => textOf(valueOf(item, 'skip', doc), doc)?.trim() !== 'true');
    const out: Build[] = [];
    for (const key of ['dockers', 'dockers_v2', 'kos']) {
      for (const entry of itemsOf(valueOf(root, key, doc), doc)) {
        if (textOf(valueOf(entry, 'skip', doc), doc)?.trim() === 'true') continue;
        const ids = idsOf(entry, key === 'kos' ? 'build' : 'ids', doc);
        // a ko entry with its own `main` builds that package
        if (key === 'kos' && ids === undefined && valueOf(entry, 'main', doc) !== undefined) {
          out.push(buildOf(input, entry, doc, 'working_dir'));
          continue;
        }
        const builds = buildItems.length ? buildItems.map((item) => buildOf(input, item, doc, 'dir')) : [{ folder: input.folder, range: nodeRange(entry, input.lines) }];
        // a build without an `id` has the project's name for one
        const chosen = ids === undefined || buildItems.length === 0 ? builds : builds.filter((b) => ids.includes(b.id ?? project ?? '') || (b.id === undefined && project === undefined));
        pushAll(out, chosen);
      }
    }
    pushBuilds(input, out, facts);
  }
  return facts;
}
