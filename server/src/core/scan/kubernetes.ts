/**
 * Kubernetes manifests (recognised by content: `apiVersion` + `kind`, any number of documents)
 * and Helm charts. A workload is a new deployable unless every one of its containers runs a known
 * technology's stock image (a `redis:alpine` Deployment), which is infrastructure.
 */
import type { Document, Node } from 'yaml';
import type { ScaffoldingFacts } from './scaffolding';
import { emptyFacts, type ScanInput, serviceFact } from './scanUtil';
import { itemsOf, nodeRange, pathOf, textOf, valueOf, type YamlFile } from './yamlDoc';

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

  const images: ScaffoldingFacts['images'] = [];
  const containers = itemsOf(pathOf(root, containersPath, doc), doc);
  for (const container of containers) {
    const imageNode = valueOf(container, 'image', doc);
    const image = textOf(imageNode, doc)?.trim();
    const range = nodeRange(imageNode, input.lines);
    if (!image || !range || !input.ctx.isKnownImage(image)) break;
    images.push({ image, range });
  }
  if (containers.length > 0 && images.length === containers.length) facts.images.push(...images);
  else facts.services.push(serviceFact(name, nameRange, 'kubernetes', input.folder));
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

/** `Chart.yaml`: an application chart (Helm's default type) is a deployable; a library chart is not. */
export function scanHelmChart(input: ScanInput, yaml: YamlFile): ScaffoldingFacts {
  const facts = emptyFacts();
  for (const doc of yaml.docs) {
    const type = textOf(valueOf(doc.contents, 'type', doc), doc)?.trim().toLowerCase();
    if (type === 'library') continue;
    const nameNode = valueOf(doc.contents, 'name', doc);
    const name = textOf(nameNode, doc)?.trim();
    const range = nodeRange(nameNode, input.lines);
    if (name && range) facts.services.push(serviceFact(name, range, 'helm', input.folder));
  }
  return facts;
}
