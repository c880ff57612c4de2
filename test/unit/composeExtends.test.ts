/**
 * Compose `extends` (corpus report, item 4), as the compose spec defines it: a service takes what
 * it builds or runs from the service it extends, in the same file or in another one (`file:`,
 * relative to the extending file, read only inside the workspace), along the whole chain.
 */
import * as assert from 'assert';
import { TechnologyIndex } from '../../server/src/core/catalog/technologies';
import { checkScaffolding } from '../../server/src/core/rules';
import type { RuleContext } from '../../server/src/core/rules/context';
import { indexHints } from '../../server/src/core/rules/services';
import { defaultPolicy } from '../../server/src/core/policy/defaults';
import type { Policy } from '../../server/src/core/policy/types';
import { scanScaffolding } from '../../server/src/core/scan/scaffolding';
import { TODAY } from '../support/fixtures';

/** Every finding of a workspace of files, as `file:line rule subject "message start"`, with what each compose file read. */
function check(files: Record<string, string>): { found: string[]; reads: Record<string, string[]> } {
  const policy: Policy = { ...defaultPolicy(), technologies: { postgres: { ring: 'adopt' } }, services: { web: { path: '.' }, api: { path: 'api' } } };
  const technologies = new TechnologyIndex(policy);
  const asked: string[] = [];
  const scanned = Object.entries(files).map(([rel, text]) => {
    const facts = scanScaffolding(rel, text, {
      imageCategory: (i) => technologies.matchImage(i)?.category,
      read: (file) => {
        asked.push(file);
        return files[file];
      },
    });
    return { rel, facts };
  });
  const ctx: RuleContext = { folderUri: 'file:///ws', policy, technologies, exceptions: [], today: TODAY, hints: indexHints(scanned.map((s) => s.facts?.hints).sort()) };
  const found: string[] = [];
  const reads: Record<string, string[]> = {};
  for (const { rel, facts } of scanned) {
    if (!facts) continue;
    if (facts.reads) reads[rel] = facts.reads;
    for (const f of checkScaffolding(`file:///ws/${rel}`, facts, ctx)) found.push(`${rel}:${f.range.start.line + 1} ${f.rule} ${f.subject} "${f.message.split(' (')[0]}"`);
  }
  assert.ok(!asked.some((a) => a.startsWith('..') || a.startsWith('/')), `read outside the workspace: ${asked.join(', ')}`);
  return { found, reads };
}

suite('corpus 4: compose extends', () => {
  test('same file: a service extending a process of the monolith is a new process; one extending an image runs that technology', () => {
    const compose = 'services:\n  web:\n    build: .\n  api:\n    build: ./api\n  worker:\n    extends: web\n    command: worker\n  api2:\n    extends:\n      service: api\n  cache:\n    extends: store\n  store:\n    image: redis:7\n';
    const found = check({ 'compose.yaml': compose }).found;
    // an image taken from the extended service is squiggled on the service that takes it
    assert.deepStrictEqual(found, [
      'compose.yaml:6 new-service worker ""worker": new process of the monolith"',
      'compose.yaml:9 new-service api2 ""api2": new deployable service"',
      'compose.yaml:12 new-technology redis "Redis: new datastore"',
      'compose.yaml:15 new-technology redis "Redis: new datastore"',
    ]);
    // the same as writing out what each extends
    const written = 'services:\n  web:\n    build: .\n  api:\n    build: ./api\n  worker:\n    build: .\n    command: worker\n  api2:\n    build: ./api\n\n  cache:\n    image: redis:7\n  store:\n    image: redis:7\n';
    assert.deepStrictEqual(check({ 'compose.yaml': written }).found.map((f) => f.replace(/:13 new-technology/, ':N new-technology')), found.map((f) => f.replace(/:12 new-technology/, ':N new-technology')));
  });

  test('a chain is followed to its end, and a cycle ends it without a finding or a hang', () => {
    const compose = 'services:\n  web:\n    build: .\n  a:\n    extends: b\n  b:\n    extends: c\n  c:\n    extends: web\n  x:\n    extends: y\n  y:\n    extends: x\n  self:\n    extends: self\n';
    assert.deepStrictEqual(check({ 'compose.yaml': compose }).found, [
      'compose.yaml:4 new-service a ""a": new process of the monolith"',
      'compose.yaml:6 new-service b ""b": new process of the monolith"',
      'compose.yaml:8 new-service c ""c": new process of the monolith"',
    ]);
  });

  test('another file: its paths are relative to it; the finding is on the extending service, and a template file names no deployable', () => {
    const files = {
      'deploy/compose.yaml': 'services:\n  reports:\n    extends:\n      file: ../shared/common.yml\n      service: base\n  db:\n    extends: {file: ../shared/common.yml, service: database}\n',
      'shared/common.yml': 'services:\n  base:\n    build:\n      context: ../reports\n  database:\n    image: mongo:7\n',
      'reports/Dockerfile': 'FROM python:3.12\nCOPY . /app\nCMD ["python", "/app/main.py"]\n',
    };
    const { found, reads } = check(files);
    assert.deepStrictEqual(found, [
      'deploy/compose.yaml:2 new-service reports ""reports": new deployable service"',
      'deploy/compose.yaml:6 new-technology mongodb "MongoDB: new datastore"',
      'shared/common.yml:6 new-technology mongodb "MongoDB: new datastore"',
      'reports/Dockerfile:1 new-service reports ""reports": new deployable service"',
    ]);
    assert.deepStrictEqual(reads, { 'deploy/compose.yaml': ['shared/common.yml'] });
  });

  test('a file outside the workspace, or one that is missing, is never read: the service stays unknown', () => {
    const files = { 'compose.yaml': 'services:\n  a:\n    extends:\n      file: ../../etc/common.yml\n      service: base\n  b:\n    extends:\n      file: missing.yml\n      service: base\n  c:\n    extends:\n      file: /etc/common.yml\n      service: base\n' };
    assert.deepStrictEqual(check(files).found, []);
  });
});
