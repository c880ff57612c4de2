/**
 * Compose files: a service with `build:` is own code (a new deployable); a service with only
 * `image:` is infrastructure, reported as an image for the technology rules to judge.
 */
import type { ScaffoldingFacts } from './scaffolding';
import { emptyFacts, type ScanInput, serviceFact } from './scanUtil';
import { entriesOf, nodeRange, pairOf, textOf, valueOf, type YamlFile } from './yamlDoc';

/** `docker-compose.yml`, `docker-compose.prod.yaml`, `compose.yaml`, `compose-dev.yml`. */
export function isComposeName(base: string): boolean {
  return /^(docker-)?compose([._-][^/]*)?\.ya?ml$/i.test(base);
}

export function scanCompose(input: ScanInput, yaml: YamlFile): ScaffoldingFacts {
  const facts = emptyFacts();
  for (const doc of yaml.docs) {
    for (const { key, keyNode, value } of entriesOf(valueOf(doc.contents, 'services', doc), doc)) {
      if (pairOf(value, 'build', doc)) {
        const range = nodeRange(keyNode, input.lines);
        if (range) facts.services.push(serviceFact(key, range, 'compose', input.folder));
        continue;
      }
      const imageNode = valueOf(value, 'image', doc);
      const image = textOf(imageNode, doc)?.trim();
      const range = nodeRange(imageNode, input.lines);
      if (image && range) facts.images.push({ image, range });
    }
  }
  return facts;
}
