/**
 * Kubernetes manifests (recognised by content: `apiVersion` + `kind`, any number of documents)
 * and Helm charts. A workload is a new deployable unless every one of its containers runs a known
 * technology's stock image (a `redis:alpine` Deployment), which is infrastructure.
 */
import type { Document, Node } from 'yaml';
import type { ScaffoldingFacts } from './types';
import { emptyFacts, resolveRelative, type ScanInput, serviceFact, sharedService } from './scanUtil';
import { deref, entriesOf, itemsOf, nodeRange, pathOf, textOf, valueOf, type YamlFile } from './yamlDoc';
import { pushAll } from '../limits';

const POD_TEMPLATE = ['spec', 'template', 'spec', 'containers'];
const CRONJOB_TEMPLATE = ['spec', 'jobTemplate', 'spec', 'template', 'spec', 'containers'];

/** The API groups each workload kind belongs to; another group's `Job` is someone else's resource. */
const WORKLOADS: Record<string, { groups: readonly string[]; containers: readonly string[] }> = {
  Deployment: { groups: ['apps', 'extensions'], containers: POD_TEMPLATE },
  StatefulSet: { groups: ['apps'], containers: POD_TEMPLATE },
  DaemonSet: { groups: ['apps', 'extensions'], containers: POD_TEMPLATE },
  Job: { groups: ['batch'], containers: POD_TEMPLATE },
  CronJob: { groups: ['batch'], containers: CRONJOB_TEMPLATE },
};

function workloadContainers(apiVersion: string, kind: string): readonly string[] | undefined {
  const group = apiVersion.includes('/') ? apiVersion.slice(0, apiVersion.indexOf('/')) : '';
  if (kind === 'Service') return group === 'serving.knative.dev' ? POD_TEMPLATE : undefined;
  const workload = Object.prototype.hasOwnProperty.call(WORKLOADS, kind) ? WORKLOADS[kind] : undefined;
  return workload && workload.groups.includes(group) ? workload.containers : undefined;
}

/** True when a document's root has both `apiVersion` and `kind` (a Kubernetes object). */
export function isKubernetesObject(root: unknown, doc: Document): boolean {
  return textOf(valueOf(root, 'apiVersion', doc), doc) !== undefined && textOf(valueOf(root, 'kind', doc), doc) !== undefined;
}

/** Adds the facts of one Kubernetes object (and of the items of a `List`). */
export function scanKubernetesObject(input: ScanInput, root: Node | undefined, doc: Document, facts: ScaffoldingFacts, depth = 0): void {
  const apiVersion = textOf(valueOf(root, 'apiVersion', doc), doc);
  const kind = textOf(valueOf(root, 'kind', doc), doc);
  if (apiVersion === undefined || kind === undefined) return;
  if (kind === 'List' || kind.endsWith('List')) {
    if (depth < 2) for (const item of itemsOf(valueOf(root, 'items', doc), doc)) scanKubernetesObject(input, item, doc, facts, depth + 1);
    return;
  }
  const containersPath = workloadContainers(apiVersion.trim(), kind.trim());
  if (!containersPath) return;
  const nameNode = pathOf(root, ['metadata', 'name'], doc);
  const name = textOf(nameNode, doc)?.trim();
  const nameRange = nodeRange(nameNode, input.lines);
  if (!name || !nameRange) return;

  const containers = itemsOf(pathOf(root, containersPath, doc), doc);
  const withImages = containers.map((container) => {
    const imageNode = valueOf(container, 'image', doc);
    return { image: textOf(imageNode, doc)?.trim(), range: nodeRange(imageNode, input.lines) };
  });
  // a patch (kustomize, strategic merge) changes a workload declared elsewhere: no containers, none with an image, or `$patch`
  if (withImages.every((c) => !c.image) || hasPatchDirective(root, doc)) return;
  const stock = withImages.filter((c) => c.image && input.ctx.imageCategory(c.image) !== undefined);
  const sidecars = withImages.filter((c) => c.image && isSidecarImage(c.image));
  // a stock image with stock sidecars (an exporter, a proxy) is infrastructure: its images are the technology findings
  if (stock.length > 0 && stock.length + sidecars.filter((c) => !stock.includes(c)).length === withImages.length) {
    for (const c of stock) if (c.range) facts.images.push({ image: c.image!, range: c.range });
    return;
  }
  facts.services.push(sharedService(input, name, nameRange, 'kubernetes'));
}

/** Sidecars that run beside a stock image: metrics exporters, proxies, log shippers, service-mesh agents. */
export function isSidecarImage(image: string): boolean {
  const lower = image.toLowerCase();
  const cut = lower.search(/[:@]/);
  const name = cut < 0 ? lower : lower.slice(0, cut);
  const base = name.slice(name.lastIndexOf('/') + 1);
  return (
    /(^|[-_])exporter($|[-_])/.test(base) ||
    /(^|[-_])(proxy|proxyv2|sidecar|envoy|linkerd2?-proxy|cloud-sql-proxy|cloudsql-proxy|oauth2-proxy|pgbouncer|fluent-bit|fluentd|vector|promtail|otel(col)?|opentelemetry-collector(-contrib)?|istio-proxy|metrics-server|kube-rbac-proxy|config-reloader|configmap-reload)($|[-_])/.test(base)
  );
}

function hasPatchDirective(root: unknown, doc: Document): boolean {
  const stack: unknown[] = [root];
  for (let n = 0; stack.length > 0 && n < 10_000; n++) {
    const node = deref(stack.pop(), doc);
    if (!node || typeof node !== 'object') continue;
    for (const { key, value } of entriesOf(node, doc)) {
      if (key === '$patch' || key.startsWith('$setElementOrder') || key === '$retainKeys' || key === '$deleteFromPrimitiveList') return true;
      stack.push(value);
    }
    pushAll(stack, itemsOf(node, doc));
  }
  return false;
}

/** A YAML file whose documents include Kubernetes objects; undefined when none is. */
export function scanKubernetes(input: ScanInput, yaml: YamlFile): ScaffoldingFacts | undefined {
  let recognised = false;
  const facts = emptyFacts();
  for (const doc of yaml.docs) {
    if (!isKubernetesObject(doc.contents, doc)) continue;
    recognised = true;
    scanKubernetesObject(input, doc.contents ?? undefined, doc, facts);
  }
  return recognised ? facts : undefined;
}

/**
 * `Chart.yaml`: an application chart (Helm's default type) is a deployable; a library chart is
 * not, nor is a chart vendored below another in its `charts/` folder (a dependency). Its
 * `dependencies` that name a technology (postgresql, redis, kafka) are technology findings.
 */
export function scanHelmChart(input: ScanInput, yaml: YamlFile): ScaffoldingFacts {
  const facts = emptyFacts();
  facts.hints = { chart: input.folder };
  for (const doc of yaml.docs) {
    for (const dep of itemsOf(valueOf(doc.contents, 'dependencies', doc), doc)) {
      const nameNode = valueOf(dep, 'name', doc);
      const name = textOf(nameNode, doc)?.trim();
      const range = nodeRange(nameNode, input.lines);
      if (name && range) facts.refs.push({ name, range });
    }
    const type = textOf(valueOf(doc.contents, 'type', doc), doc)?.trim().toLowerCase();
    if (type === 'library') continue;
    const nameNode = valueOf(doc.contents, 'name', doc);
    const name = textOf(nameNode, doc)?.trim();
    const range = nodeRange(nameNode, input.lines);
    if (name && range) facts.services.push(serviceFact(input, name, range, 'helm'));
  }
  return facts;
}

/** A `kustomization.yaml`: the files it patches are changes to workloads declared elsewhere, not workloads. */
export function scanKustomization(input: ScanInput, root: unknown, doc: Document, facts: ScaffoldingFacts): void {
  const patches: string[] = [];
  const add = (p: string | undefined) => {
    const resolved = p && !p.includes('\n') ? resolveRelative(input.folder, p.trim()) : undefined;
    if (resolved) patches.push(resolved);
  };
  for (const key of ['patches', 'patchesStrategicMerge', 'patchesJson6902']) {
    for (const item of itemsOf(valueOf(root, key, doc), doc)) add(textOf(item, doc) ?? textOf(valueOf(item, 'path', doc), doc));
  }
  if (patches.length) facts.hints = { ...facts.hints, patches: [...(facts.hints?.patches ?? []), ...patches] };
}
