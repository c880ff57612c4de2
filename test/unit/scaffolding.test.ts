import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { TechnologyIndex } from '../../server/src/core/catalog/technologies';
import { compileGlob } from '../../server/src/core/glob';
import { isScaffoldingCandidate, SCAFFOLDING_FILE_GLOBS, type ScaffoldingFacts, type ScanContext, scanScaffolding, type ServiceFact } from '../../server/src/core/scan/scaffolding';
import { fixturePath, rangeOf } from '../support/fixtures';

const catalog = new TechnologyIndex({ technologies: {} });
const ctx: ScanContext = { imageCategory: (image) => catalog.matchImage(image)?.category };
const ROOT = fixturePath('scaffolding');

function read(workspace: string, rel: string): string {
  return fs.readFileSync(path.join(ROOT, workspace, rel), 'utf8');
}

/** Scans a fixture file as the workspace `workspace` (a folder under test/fixtures/scaffolding) sees it. */
function scanFile(workspace: string, rel: string): { text: string; facts: ScaffoldingFacts } {
  const text = read(workspace, rel);
  const facts = scanScaffolding(rel, text, ctx);
  assert.ok(facts, `${workspace}/${rel} is scaffolding`);
  return { text, facts };
}

function scanText(rel: string, text: string): ScaffoldingFacts {
  const facts = scanScaffolding(rel, text, ctx);
  assert.ok(facts, `${rel} is scaffolding`);
  return facts;
}

function walk(dir: string, out: string[] = []): string[] {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    if (entry.isDirectory()) walk(p, out);
    else out.push(p);
  }
  return out.sort();
}

/** Every candidate file of a fixture workspace, scanned. */
function scanWorkspace(workspace: string): Array<{ rel: string; text: string; facts: ScaffoldingFacts | undefined }> {
  const root = path.join(ROOT, workspace);
  return walk(root)
    .map((f) => path.relative(root, f).split(path.sep).join('/'))
    .filter(isScaffoldingCandidate)
    .map((rel) => ({ rel, text: read(workspace, rel), facts: scanScaffolding(rel, read(workspace, rel), ctx) }));
}

/** The range of `needle` inside the first occurrence of `context` (for a key or value that also appears elsewhere). */
function rangeIn(text: string, context: string, needle: string): ReturnType<typeof rangeOf> {
  const at = text.indexOf(context);
  assert.ok(at >= 0, `"${context}" not found`);
  const offset = at + context.indexOf(needle);
  let occurrence = 0;
  for (let i = text.indexOf(needle); i >= 0 && i < offset; i = text.indexOf(needle, i + 1)) occurrence++;
  return rangeOf(text, needle, occurrence);
}

const firstLine = (text: string) => {
  const line = text.split('\n')[0].replace(/\r$/, '');
  return { start: { line: 0, character: 0 }, end: { line: 0, character: line.length } };
};

const names = (services: ServiceFact[]) => services.map((s) => s.name);

/** Facts with nothing in them. */
const EMPTY: ScaffoldingFacts = { services: [], images: [], refs: [], languages: [], dependencies: [], problems: [] };

suite('scaffolding: which files are candidates', () => {
  test('scaffolding and manifests by name; YAML by extension; never package.json or dependencies', () => {
    for (const p of [
      'Dockerfile',
      'Containerfile',
      'src/api/Dockerfile',
      'docker/worker.Dockerfile',
      'Dockerfile.prod',
      'docker-compose.yml',
      'deploy/compose.prod.yaml',
      'k8s/anything.yaml',
      'ops/x.YML',
      'serverless.yml',
      'template.json',
      'infra/api.template.json',
      'apps/web/project.json',
      'fly.toml',
      'edge/wrangler.toml',
      'wrangler.jsonc',
      'Procfile',
      'go.mod',
      'Cargo.toml',
      'pyproject.toml',
      'requirements-dev.txt',
      'setup.py',
      'Pipfile',
      'pom.xml',
      'build.gradle',
      'build.gradle.kts',
      'Gemfile',
      'src/Api/Api.csproj',
      'composer.json',
      'mix.exs',
    ]) {
      assert.strictEqual(isScaffoldingCandidate(p), true, p);
    }
    for (const p of [
      'package.json',
      'apps/web/package.json',
      'node_modules/foo/Dockerfile',
      'node_modules/foo/docker-compose.yml',
      'packages/a/node_modules/b/go.mod',
      'vendor/github.com/x/y/go.mod',
      'vendor/laravel/framework/composer.json',
      '.venv/lib/python3.12/site-packages/pkg/setup.py',
      'cdk.out/Stack.template.json',
      '.aws-sam/build/template.yaml',
      '.devcontainer/Dockerfile',
      '.dockerignore',
      'Dockerfile.dockerignore',
      'README.md',
      'src/index.ts',
      'tsconfig.json',
      'requirements.in',
      'Procfile.dev',
      'pnpm-lock.yaml',
      '.github/workflows/deploy.yml',
      '',
    ]) {
      assert.strictEqual(isScaffoldingCandidate(p), false, p);
    }
  });

  test('the editor watches and sends every file the scanners accept (SCAFFOLDING_FILE_GLOBS agrees with isScaffoldingCandidate)', () => {
    const globs = SCAFFOLDING_FILE_GLOBS.map((g) => compileGlob(g));
    const watched = (base: string) => globs.some((g) => g.ok && g.match(base));
    // every file name in the fixtures, every name the scanners know, and the variants people write
    const names = new Set<string>(['Dockerfile-api', 'Dockerfile_worker', 'api.containerfile', 'Containerfile.dev', 'serverless.mjs', 'serverless.cjs', 'stack.yml', 'docker-stack.prod.yml', 'requirements.txt', 'Api.csproj', 'x.template.json']);
    const walk = (dir: string) => {
      for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
        if (e.isDirectory()) walk(path.join(dir, e.name));
        else names.add(e.name);
      }
    };
    walk(fixturePath());
    let candidates = 0;
    for (const base of names) {
      if (!isScaffoldingCandidate(base)) continue;
      candidates++;
      assert.ok(watched(base), `${base} is scanned but the editor would not send it`);
    }
    assert.ok(candidates > 40, `only ${candidates} candidate names`);
  });

  test('a non-candidate is never scaffolding, whatever its text', () => {
    assert.strictEqual(scanScaffolding('package.json', '{"name":"x"}', ctx), undefined);
    assert.strictEqual(scanScaffolding('node_modules/x/Dockerfile', 'FROM node:20\n', ctx), undefined);
    assert.strictEqual(scanScaffolding('.devcontainer/Dockerfile', 'FROM mcr.microsoft.com/devcontainers/base\n', ctx), undefined);
  });
});

suite('scaffolding: a 12-service, 5-language demo shop', () => {
  const SERVICES = [
    'adservice',
    'cartservice',
    'checkoutservice',
    'currencyservice',
    'emailservice',
    'frontend',
    'loadgenerator',
    'paymentservice',
    'productcatalogservice',
    'recommendationservice',
    'shippingservice',
    'shoppingassistantservice',
  ];

  test('12 Dockerfiles and 12 Kubernetes workloads name the same 12 services; redis-cart is an image; no problems', () => {
    const scanned = scanWorkspace('demo-shop');
    const facts = scanned.flatMap((s) => (s.facts ? [s.facts] : []));
    const services = facts.flatMap((f) => f.services);
    assert.deepStrictEqual(names(services.filter((s) => s.signal === 'dockerfile')).sort(), SERVICES);
    assert.deepStrictEqual(names(services.filter((s) => s.signal === 'kubernetes')).sort(), SERVICES);
    // and the cart service's ASP.NET Core project (Microsoft.NET.Sdk.Web) is the same cartservice
    assert.deepStrictEqual(names(services.filter((s) => s.signal === 'dotnet')), ['cartservice']);
    assert.strictEqual(services.length, 25);
    assert.ok(services.every((s) => s.root === undefined));
    assert.deepStrictEqual(
      facts.flatMap((f) => f.images).map((i) => i.image),
      ['redis:alpine'],
    );
    assert.deepStrictEqual(facts.flatMap((f) => f.problems), []);
    // Every YAML file of the shop is Kubernetes (the kustomization too), so none is undefined.
    assert.deepStrictEqual(scanned.filter((s) => !s.facts).map((s) => s.rel), []);
  });

  test('the language manifests (package.json is read elsewhere) on their first line', () => {
    const scanned = scanWorkspace('demo-shop');
    const languages = scanned.flatMap((s) => (s.facts?.languages ?? []).map((l) => ({ rel: s.rel, ...l, text: s.text })));
    assert.deepStrictEqual([...new Set(languages.map((l) => l.language))].sort(), ['csharp', 'go', 'java', 'python']);
    assert.strictEqual(languages.length, 10);
    for (const l of languages) assert.deepStrictEqual(l.range, firstLine(l.text), l.rel);
    assert.deepStrictEqual(
      languages.filter((l) => l.language === 'csharp').map((l) => l.rel),
      ['src/cartservice/src/cartservice.csproj'],
    );
    assert.ok(!scanned.some((s) => s.rel.endsWith('package.json')));
    assert.deepStrictEqual(languages.find((l) => l.rel === 'src/adservice/pom.xml')?.range, rangeOf(read('demo-shop', 'src/adservice/pom.xml'), '<?xml version="1.0" encoding="UTF-8"?>'));
  });

  test('each Dockerfile: the first FROM instruction, exactly, after directives, comments, ARGs, a BOM and CRLF', () => {
    const cases: Array<[string, string, string]> = [
      // directive, comments and an ARG before FROM; the FROM text ends with its stage name
      ['src/adservice/Dockerfile', 'adservice', 'FROM eclipse-temurin:${JAVA_VERSION}-jdk@sha256:0a3b2a7e3f4c AS builder'],
      // one folder deeper: the nearest folder that is not generic names the service
      ['src/cartservice/src/Dockerfile', 'cartservice', 'FROM mcr.microsoft.com/dotnet/sdk:8.0.401-noble AS builder'],
      ['src/checkoutservice/Dockerfile', 'checkoutservice', 'FROM --platform=$BUILDPLATFORM golang:${GO_VERSION}-alpine AS builder'],
      // CRLF
      ['src/currencyservice/Dockerfile', 'currencyservice', 'FROM node:20.17.0-alpine AS base'],
      // BOM; FROM on the first line
      ['src/emailservice/Dockerfile', 'emailservice', 'FROM python:3.12.6-slim@sha256:ad48727987b259854d52241fac3bc633574364867b8e20aec305e6e7f4028b26 AS base'],
      // lower-case `from`, indented, after a commented-out FROM
      ['src/frontend/Dockerfile', 'frontend', 'from golang:1.23.1-alpine as builder'],
      // an ARG continued on the next line
      ['src/loadgenerator/Dockerfile', 'loadgenerator', 'FROM python:${PYTHON_VERSION}-slim AS base'],
      ['src/paymentservice/Dockerfile', 'paymentservice', 'FROM node:20.17.0-alpine AS base'],
      ['src/productcatalogservice/Dockerfile', 'productcatalogservice', 'FROM golang:1.23.1-alpine AS builder'],
      ['src/recommendationservice/Dockerfile', 'recommendationservice', 'FROM python:3.12.6-slim AS base'],
      ['src/shippingservice/Dockerfile', 'shippingservice', 'FROM golang:1.23.1-alpine AS builder'],
      ['src/shoppingassistantservice/Dockerfile', 'shoppingassistantservice', 'FROM python:3.12.6-slim'],
    ];
    for (const [rel, name, from] of cases) {
      const { text, facts } = scanFile('demo-shop', rel);
      const folder = rel.slice(0, rel.lastIndexOf('/'));
      assert.deepStrictEqual(facts.services, [{ name, range: rangeOf(text, from), signal: 'dockerfile', folder, place: folder, fromPath: true }], rel);
      assert.deepStrictEqual([facts.images, facts.languages, facts.problems], [[], [], []], rel);
    }
    // The ranges are offsets into the text as given: the BOM counts as one character.
    assert.deepStrictEqual(scanFile('demo-shop', 'src/emailservice/Dockerfile').facts.services[0].range.start, { line: 0, character: 1 });
    assert.deepStrictEqual(scanFile('demo-shop', 'src/frontend/Dockerfile').facts.services[0].range.start, { line: 2, character: 2 });
  });

  test('each Deployment on its metadata.name value; Services and ServiceAccounts say nothing', () => {
    for (const name of SERVICES) {
      const rel = `kubernetes-manifests/${name}.yaml`;
      const { text, facts } = scanFile('demo-shop', rel);
      assert.deepStrictEqual(facts.services, [{ name, range: rangeIn(text, `  name: ${name}\n`, name), signal: 'kubernetes', folder: 'kubernetes-manifests', place: rel, shared: true }], rel);
      assert.deepStrictEqual([facts.images, facts.problems], [[], []], rel);
    }
  });

  test('a Deployment whose containers all run a stock image is infrastructure: an image fact on the image value', () => {
    const { text, facts } = scanFile('demo-shop', 'kubernetes-manifests/redis.yaml');
    assert.deepStrictEqual(facts, { services: [], images: [{ image: 'redis:alpine', range: rangeOf(text, 'redis:alpine') }], refs: [], languages: [], dependencies: [], problems: [] });
    const kustomization = scanFile('demo-shop', 'kubernetes-manifests/kustomization.yaml').facts;
    assert.deepStrictEqual(kustomization, EMPTY, 'a kustomization that patches nothing says nothing');
  });
});

suite('scaffolding: Dockerfile naming and reading', () => {
  const service = (rel: string, text = 'FROM node:20\n') => scanText(rel, text).services;

  test('the folder names the service; only the root\'s own Dockerfile is the monolith, however generic the folder names', () => {
    assert.deepStrictEqual(service('services/billing/Dockerfile').map((s) => [s.name, s.folder, s.place, s.root]), [['billing', 'services/billing', 'services/billing', undefined]]);
    assert.deepStrictEqual(service('apps/api/docker/Dockerfile').map((s) => s.name), ['api']);
    assert.deepStrictEqual(service('Dockerfile'), [{ name: '', range: rangeOf('FROM node:20\n', 'FROM node:20'), signal: 'dockerfile', folder: '', place: '', root: true }]);
    // naming never decides whether: a generic path is named after its last folder
    assert.deepStrictEqual(service('docker/Dockerfile').map((s) => [s.name, s.place, s.root]), [['docker', 'docker', undefined]]);
    assert.deepStrictEqual(service('src/app/Dockerfile').map((s) => [s.name, s.root]), [['app', undefined]]);
    assert.deepStrictEqual(service('apps/server/Dockerfile').map((s) => [s.name, s.root]), [['server', undefined]]);
    assert.deepStrictEqual(service('packages/server/Dockerfile').map((s) => [s.name, s.root]), [['server', undefined]]);
    assert.deepStrictEqual(service('Containerfile').map((s) => s.root), [true]);
    assert.deepStrictEqual(service('Services/Billing/Dockerfile').map((s) => s.name), ['Billing']);
    // Go's build/package/Dockerfile: scaffolding, named after its folder
    assert.deepStrictEqual(service('build/package/Dockerfile').map((s) => [s.name, s.place]), [['package', 'build/package']]);
  });

  test('test harnesses are not services: Dockerfiles under test, tests, e2e, __tests__, cypress, playwright', () => {
    for (const rel of ['test/Dockerfile', 'tests/integration/Dockerfile', 'e2e/Dockerfile', 'web/__tests__/Dockerfile', 'cypress/Dockerfile', 'apps/web/playwright/Dockerfile', 'result/tests/Dockerfile']) {
      assert.deepStrictEqual(service(rel), [], rel);
    }
  });

  test('a stock datastore seeded and configured in one stage is the datastore: an image, not a service', () => {
    for (const [text, image] of [
      ['FROM mysql:5.7\nCOPY init.sql /docker-entrypoint-initdb.d/\n', 'mysql:5.7'],
      ['FROM mongo:5\nCOPY seed/ /docker-entrypoint-initdb.d/\nENV MONGO_INITDB_DATABASE=shop\n', 'mongo:5'],
      ['FROM postgres\nRUN apt-get update && apt-get install -y postgresql-16-postgis\n', 'postgres'],
      ['FROM amazon/dynamodb-local\nCMD ["-jar", "DynamoDBLocal.jar", "-inMemory"]\n', 'amazon/dynamodb-local'],
    ] as const) {
      const facts = scanText('db/Dockerfile', text);
      assert.deepStrictEqual([facts.services, facts.images.map((i) => i.image)], [[], [image]], text);
    }
    // own code built on it, in a second stage: a service
    assert.deepStrictEqual(names(scanText('db/Dockerfile', 'FROM golang:1.23 AS build\nRUN go build\nFROM postgres:16\nCOPY --from=build /app /app\n').services), ['db']);
    assert.deepStrictEqual(names(scanText('api/Dockerfile', 'FROM node:20\nCOPY . .\n').services), ['api']);
  });

  test('*.Dockerfile and Dockerfile.* name the service after the file (its place is the file), unless the suffix is a variant', () => {
    assert.deepStrictEqual(service('docker/worker.Dockerfile').map((s) => [s.name, s.place, s.root]), [['worker', 'docker/worker.Dockerfile', undefined]]);
    assert.deepStrictEqual(service('worker.Dockerfile').map((s) => [s.name, s.root]), [['worker', undefined]]);
    assert.deepStrictEqual(service('Dockerfile.scheduler').map((s) => s.name), ['scheduler']);
    assert.deepStrictEqual(service('Dockerfile-api').map((s) => s.name), ['api']);
    assert.deepStrictEqual(service('services/api/Dockerfile.prod').map((s) => [s.name, s.place]), [['api', 'services/api']]);
    assert.deepStrictEqual(service('services/api/dev.Dockerfile').map((s) => s.name), ['api']);
    assert.deepStrictEqual(service('Dockerfile.dev').map((s) => [s.name, s.root]), [['', true]]);
    // variants of the folder's image, not services named bun or gpu
    for (const variant of ['Dockerfile.bun', 'Dockerfile.pnpm', 'Dockerfile.gpu', 'prod.Dockerfile', 'Dockerfile.dev', 'Dockerfile.node18', 'Dockerfile.alpine3.19', 'Dockerfile.prod-alpine', 'Dockerfile.cuda12', 'Dockerfile.chromium', 'Dockerfile.arm64', 'Dockerfile.3.11']) {
      assert.deepStrictEqual(service(`services/search/${variant}`).map((s) => [s.name, s.place]), [['search', 'services/search']], variant);
    }
  });

  test('no FROM, comments only, an empty file: no service and no problem', () => {
    for (const text of ['', '\n', '# just a comment\n', 'ARG X=1\n# FROM node:20\n', '\uFEFF', 'RUN echo hi\n', 'FROMAGE=1\n']) {
      assert.deepStrictEqual(scanText('api/Dockerfile', text), EMPTY, JSON.stringify(text));
    }
  });

  test('continuation lines, the escape directive, tabs and a FROM split over lines', () => {
    let text = 'ARG A=\\\nfrom x\nFROM node:20 AS app\n';
    assert.deepStrictEqual(service('api/Dockerfile', text)[0].range, rangeOf(text, 'FROM node:20 AS app'));
    text = '# escape=`\nARG A=1 `\n  FROM bogus\nFROM mcr.microsoft.com/windows/servercore:ltsc2022\nRUN dir c:\\\n';
    assert.deepStrictEqual(service('win/Dockerfile', text)[0].range, rangeOf(text, 'FROM mcr.microsoft.com/windows/servercore:ltsc2022'));
    text = '# escape=`\nARG PATH=c:\\\nFROM node:20\n';
    assert.deepStrictEqual(service('win/Dockerfile', text)[0].range, rangeOf(text, 'FROM node:20'));
    text = 'FROM --platform=linux/amd64 \\\n    node:20 AS app\n';
    assert.deepStrictEqual(service('api/Dockerfile', text)[0].range, rangeOf(text, 'FROM --platform=linux/amd64'));
    text = '\tFROM\tnode:20\t\r\n';
    assert.deepStrictEqual(service('api/Dockerfile', text)[0].range, rangeOf(text, 'FROM\tnode:20'));
    text = '# syntax=docker/dockerfile:1\n\n# comment\n\n  \n FROM';
    assert.deepStrictEqual(service('api/Dockerfile', text)[0].range, rangeOf(text, 'FROM'));
  });
});

suite('scaffolding: compose files', () => {
  test('services with build: are services on their key; image-only services are images on the value', () => {
    const { text, facts } = scanFile('compose', 'docker-compose.yml');
    assert.deepStrictEqual(facts.services, [
      // the place of a built service is the folder it builds
      { name: 'api', range: rangeIn(text, '  api:\n', 'api'), signal: 'compose', folder: '', place: 'api' },
      // build and image: own code
      { name: 'billing', range: rangeIn(text, '  billing:\n', 'billing'), signal: 'compose', folder: '', place: 'services/billing' },
      // build: through a `<<` merge key
      // the root context with a Dockerfile of its own: the place is that Dockerfile
      { name: 'mailer', range: rangeIn(text, '  mailer:\n', 'mailer'), signal: 'compose', folder: '', place: 'worker.Dockerfile' },
    ]);
    assert.deepStrictEqual(facts.hints, {
      contexts: [{ folder: 'api', name: 'api', file: 'docker-compose.yml' }, { folder: 'services/billing', name: 'billing', file: 'docker-compose.yml' }, { folder: 'worker.Dockerfile', name: 'mailer', file: 'docker-compose.yml' }],
      // what compose calls the image it builds there: a base image other places build from is no service
      images: [{ image: 'ghcr.io/acme/billing:latest', place: 'services/billing' }],
    });
    assert.deepStrictEqual(facts.images, [
      { image: 'postgres:16', range: rangeOf(text, 'postgres:16') },
      { image: 'confluentinc/cp-kafka:7.6.0', range: rangeOf(text, '"confluentinc/cp-kafka:7.6.0"') },
      { image: 'redis:7-alpine', range: rangeOf(text, "'redis:7-alpine'") },
      // every image-only service: the technology rules decide what an unknown image means
      { image: 'adminer', range: rangeIn(text, 'image: adminer', 'adminer') },
    ]);
    assert.ok(ctx.imageCategory('postgres:16') && ctx.imageCategory('confluentinc/cp-kafka:7.6.0'));
    assert.deepStrictEqual([facts.languages, facts.problems], [[], []]);
  });

  test('an override file; a compose file named otherwise (extended, included, a stack) is read by its content', () => {
    const common = scanFile('compose', 'common.yml').facts;
    assert.deepStrictEqual(common.services.map((s) => [s.name, s.place]), [['migrate', 'migrations']]);
    assert.deepStrictEqual(scanText('docker-stack.prod.yml', 'services:\n  api:\n    build: ./api\n').services.map((s) => s.name), ['api']);
    assert.strictEqual(scanScaffolding('settings.yml', 'services:\n  - name: web\n', ctx), undefined, 'a list of services is not compose');
    const { text, facts } = scanFile('compose', 'compose.override.yaml');
    assert.deepStrictEqual(facts, { services: [], images: [{ image: 'docker.elastic.co/elasticsearch/elasticsearch:8.15.0', range: rangeOf(text, 'docker.elastic.co/elasticsearch/elasticsearch:8.15.0') }], refs: [], languages: [], dependencies: [], problems: [] });
    assert.deepStrictEqual(scanText('deploy/docker-compose.yml', 'services:\n  web:\n    build: .\n').services.map((s) => [s.folder, s.place]), [['deploy', 'deploy']]);
  });

  test('compose files for the tests declare no services; their images are still technologies', () => {
    for (const base of ['docker-compose.test.yml', 'compose.ci.yaml', 'docker-compose.e2e.yml', 'docker-compose.integration.yaml']) {
      const facts = scanText(base, 'services:\n  sut:\n    build: ./tests\n  db:\n    image: postgres:16\n');
      assert.deepStrictEqual([names(facts.services), facts.images.map((i) => i.image)], [[], ['postgres:16']], base);
    }
  });

  test('half-typed: one problem at the syntax error, and the services parsed so far', () => {
    const text = 'services:\n  api:\n    build: .\n  db:\n    image: [postgres\n';
    const facts = scanText('docker-compose.yml', text);
    assert.deepStrictEqual(names(facts.services), ['api']);
    assert.strictEqual(facts.problems.length, 1);
    assert.match(facts.problems[0].message, /^YAML syntax error: /);
    const tabs = 'services:\n  api:\n\tbuild: .\n';
    const tabFacts = scanText('compose.yaml', tabs);
    assert.deepStrictEqual(tabFacts.problems, [{ range: rangeOf(tabs, '\t'), message: 'YAML syntax error: Tabs are not allowed as indentation' }]);
    assert.deepStrictEqual(scanText('compose.yaml', ''), EMPTY);
    // `build:` still empty: the compose file's folder (here the root: a process of the monolith)
    assert.deepStrictEqual(scanText('compose.yaml', 'services:\n  api:\n    build:\n').services.map((s) => [s.name, s.place, s.process]), [['api', '', true]]);
  });
});

suite('scaffolding: Kubernetes manifests and Helm charts', () => {
  const manifest = `apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: orders-db
spec:
  template:
    spec:
      containers:
        - name: postgres
          image: docker.io/library/postgres:16.4
        - name: cache
          image: bitnami/redis:7.2
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: search
spec:
  template:
    spec:
      containers:
        - name: elasticsearch
          image: elasticsearch:8.15.0
        - name: exporter
          image: quay.io/prometheuscommunity/elasticsearch-exporter:v1.7.0
---
apiVersion: batch/v1
kind: CronJob
metadata:
  name: nightly-report
spec:
  schedule: "0 3 * * *"
  jobTemplate:
    spec:
      template:
        spec:
          containers:
            - name: report
              image: ghcr.io/acme/report:1.0
---
apiVersion: batch/v1
kind: Job
metadata: {name: migrate}
spec:
  template:
    spec:
      containers: [{name: migrate, image: "ghcr.io/acme/migrate:1.0"}]
---
apiVersion: apps/v1
kind: DaemonSet
metadata:
  name: log-shipper
spec:
  template:
    spec:
      containers:
        - name: shipper
---
apiVersion: serving.knative.dev/v1
kind: Service
metadata:
  name: thumbnails
spec:
  template:
    spec:
      containers:
        - image: ghcr.io/acme/thumbnails:2.1
---
apiVersion: v1
kind: Service
metadata:
  name: search
---
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: web
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: settings
data:
  kind: Deployment
---
apiVersion: batch.volcano.sh/v1alpha1
kind: Job
metadata:
  name: training
---
apiVersion: apps/v1
kind: Deployment
metadata:
  generateName: nameless-
---
apiVersion: v1
kind: List
items:
  - apiVersion: apps/v1
    kind: Deployment
    metadata:
      name: listed
`;

  test('workloads by kind and API group; stock-image-only workloads are images', () => {
    const facts = scanText('deploy/k8s/all.yaml', manifest);
    const at = (name: string) => rangeIn(manifest, `name: ${name}\n`, name);
    const k8s = (name: string, range = at(name)) => ({ name, range, signal: 'kubernetes', folder: 'deploy/k8s', place: 'deploy/k8s/all.yaml', shared: true });
    assert.deepStrictEqual(facts.services, [
      k8s('nightly-report'),
      k8s('migrate', rangeIn(manifest, '{name: migrate}', 'migrate')),
      // (log-shipper has no container image: a patch of a workload declared elsewhere, not a workload)
      k8s('thumbnails'),
      // (listed: no containers at all)
    ]);
    assert.deepStrictEqual(facts.images, [
      { image: 'docker.io/library/postgres:16.4', range: rangeOf(manifest, 'docker.io/library/postgres:16.4') },
      { image: 'bitnami/redis:7.2', range: rangeOf(manifest, 'bitnami/redis:7.2') },
      // a stock image with a stock sidecar (an exporter) is infrastructure too
      { image: 'elasticsearch:8.15.0', range: rangeOf(manifest, 'elasticsearch:8.15.0') },
    ]);
    assert.deepStrictEqual([facts.languages, facts.problems], [[], []]);
  });

  test('a manifest of only Services and ConfigMaps is recognised and says nothing; other YAML is not scaffolding', () => {
    assert.deepStrictEqual(scanText('k8s/svc.yml', 'apiVersion: v1\nkind: Service\nmetadata:\n  name: web\n'), EMPTY);
    assert.strictEqual(scanScaffolding('ci/pipeline.yml', 'on: push\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo ${{ github.sha }}\n', ctx), undefined);
    assert.strictEqual(scanScaffolding('ansible/site.yml', '- hosts: all\n  vars:\n    x: {{ y }}\n  tasks: [\n', ctx), undefined);
    assert.strictEqual(scanScaffolding('config.yaml', '', ctx), undefined);
    assert.strictEqual(scanScaffolding('openapi.yaml', 'openapi: 3.1.0\ninfo: {title: x}\n', ctx), undefined);
  });

  test('a broken document: one problem at its position, the other documents still read', () => {
    const text = 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: api\nspec: {template: {spec: {containers: [{image: acme/api}]}}}\n---\napiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: [worker\n';
    const facts = scanText('k8s/app.yaml', text);
    assert.deepStrictEqual(names(facts.services), ['api']);
    assert.strictEqual(facts.problems.length, 1);
    assert.match(facts.problems[0].message, /^YAML syntax error: /);
    assert.ok(facts.problems[0].range.start.line >= 9, JSON.stringify(facts.problems[0].range));
    // Half-typed: the kind is there, the rest is not yet.
    assert.deepStrictEqual(scanText('k8s/new.yaml', 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: \n'), EMPTY);
  });

  test('Helm: an application chart (or one without type) is a service on its name; a library chart is not; templates are skipped', () => {
    const app = scanFile('helm', 'charts/storefront/Chart.yaml');
    // every dependency is a named reference: the technology rules decide what it is (here a local library chart: nothing)
    assert.deepStrictEqual(app.facts, { services: [{ name: 'storefront', range: rangeIn(app.text, 'name: storefront', 'storefront'), signal: 'helm', folder: 'charts/storefront', place: 'charts/storefront' }], images: [], refs: [{ name: 'common', range: rangeIn(app.text, '- name: common', 'common') }], languages: [], dependencies: [], problems: [], hints: { chart: 'charts/storefront' } });
    const legacy = scanFile('helm', 'charts/legacy/Chart.yaml');
    assert.deepStrictEqual(legacy.facts.services, [{ name: 'legacy-admin', range: rangeOf(legacy.text, 'legacy-admin'), signal: 'helm', folder: 'charts/legacy', place: 'charts/legacy' }]);
    assert.deepStrictEqual(scanFile('helm', 'charts/common/Chart.yaml').facts, { ...EMPTY, hints: { chart: 'charts/common' } });
    assert.strictEqual(scanScaffolding('charts/storefront/templates/deployment.yaml', read('helm', 'charts/storefront/templates/deployment.yaml'), ctx), undefined);
    assert.strictEqual(scanScaffolding('charts/storefront/values.yaml', read('helm', 'charts/storefront/values.yaml'), ctx), undefined);
    assert.deepStrictEqual(
      scanWorkspace('helm').flatMap((s) => s.facts?.problems ?? []),
      [],
    );
  });
});

suite('scaffolding: function platforms', () => {
  test('serverless.yml: the service and each function, all named after the service', () => {
    const { text, facts } = scanFile('serverless', 'serverless.yml');
    assert.deepStrictEqual(facts, {
      services: [
        { name: 'order-events', range: rangeOf(text, 'order-events'), signal: 'serverless', folder: '', place: 'serverless.yml', shared: true },
        { name: 'order-events', range: rangeIn(text, '  ingest:', 'ingest'), signal: 'serverless', folder: '', place: 'serverless.yml', shared: true },
        { name: 'order-events', range: rangeIn(text, '  notify:', 'notify'), signal: 'serverless', folder: '', place: 'serverless.yml', shared: true },
      ],
      images: [],
      refs: [],
      languages: [],
      dependencies: [],
      problems: [],
    });
    const reports = scanFile('serverless', 'reports/serverless.yaml');
    assert.deepStrictEqual(reports.facts.services.map((s) => [s.name, s.range, s.place]), [
      ['reports', rangeOf(reports.text, 'reports'), 'reports/serverless.yaml'],
      ['reports', rangeOf(reports.text, 'nightly'), 'reports/serverless.yaml'],
    ]);
  });

  test('SAM / CloudFormation YAML: each function resource on its logical id; !Ref, !GetAtt, !Sub, !Join parse', () => {
    const { text, facts } = scanFile('sam', 'template.yaml');
    assert.deepStrictEqual(facts, {
      services: [
        { name: 'ThumbnailFunction', range: rangeIn(text, '  ThumbnailFunction:', 'ThumbnailFunction'), signal: 'sam', folder: '', place: 'template.yaml', shared: true },
        { name: 'LegacyResizer', range: rangeIn(text, '  LegacyResizer:', 'LegacyResizer'), signal: 'sam', folder: '', place: 'template.yaml', shared: true },
      ],
      images: [],
      refs: [],
      languages: [],
      dependencies: [],
      problems: [],
    });
    // Recognised by content under any name.
    const stack = 'Resources:\n  Api:\n    Type: AWS::Lambda::Function\n    Properties:\n      Role: !GetAtt [Role, Arn]\n  Role:\n    Type: AWS::IAM::Role\n';
    assert.deepStrictEqual(scanText('infra/stack.yml', stack).services, [{ name: 'Api', range: rangeOf(stack, 'Api'), signal: 'sam', folder: 'infra', place: 'infra/stack.yml', shared: true }]);
    assert.deepStrictEqual(scanText('template.yaml', 'Transform: AWS::Serverless-2016-10-31\n'), EMPTY);
  });

  test('CloudFormation JSON: the logical id key; broken JSON is a problem, not a throw', () => {
    const { text, facts } = scanFile('sam', 'legacy.template.json');
    assert.deepStrictEqual(facts, { services: [{ name: 'AuditLogger', range: rangeOf(text, '"AuditLogger"'), signal: 'sam', folder: '', place: 'legacy.template.json', shared: true }], images: [], refs: [], languages: [], dependencies: [], problems: [] });
    const broken = '{ "Resources": { "Fn": { "Type": "AWS::Serverless::Function" }, }\n';
    const brokenFacts = scanText('template.json', broken);
    assert.deepStrictEqual(names(brokenFacts.services), ['Fn']);
    assert.strictEqual(brokenFacts.problems.length, 1);
    assert.match(brokenFacts.problems[0].message, /^JSON syntax error: /);
    assert.strictEqual(scanScaffolding('template.json', '{"title": "an email template"}', ctx), undefined);
  });
});

suite('scaffolding: workspace apps and platform manifests', () => {
  test('Nx: an application on its "name"; *-e2e and libraries are not services', () => {
    const web = scanFile('nx', 'apps/web/project.json');
    assert.deepStrictEqual(web.facts, { services: [{ name: 'web', range: rangeOf(web.text, '"web"'), signal: 'nx', folder: 'apps/web', place: 'apps/web' }], images: [], refs: [], languages: [], dependencies: [], problems: [] });
    assert.deepStrictEqual(scanFile('nx', 'apps/web-e2e/project.json').facts, EMPTY);
    assert.deepStrictEqual(scanFile('nx', 'libs/ui/project.json').facts, EMPTY);
    const admin = scanFile('nx', 'apps/admin/project.json');
    assert.deepStrictEqual(admin.facts.services, [{ name: 'admin', range: firstLine(admin.text), signal: 'nx', folder: 'apps/admin', place: 'apps/admin', fromPath: true }]);
    // test projects: named e2e, or whose targets only run tests
    assert.deepStrictEqual(scanText('apps/e2e/project.json', '{ "name": "e2e", "projectType": "application" }').services, []);
    assert.deepStrictEqual(scanText('apps/shop-e2e-tests/project.json', '{ "name": "shop-e2e-tests", "projectType": "application" }').services, []);
    assert.deepStrictEqual(scanText('apps/checks/project.json', '{ "name": "checks", "projectType": "application", "targets": { "e2e": { "executor": "@nx/cypress:cypress" }, "lint": { "executor": "@nx/eslint:lint" } } }').services, []);
    assert.deepStrictEqual(names(scanText('apps/api/project.json', '{ "name": "api", "projectType": "application", "targets": { "serve": { "executor": "@nx/js:node" }, "test": { "executor": "@nx/jest:jest" } } }').services), ['api']);
    // Not an Nx project (the old .NET project.json).
    assert.strictEqual(scanScaffolding('src/Api/project.json', '{ "frameworks": { "netcoreapp1.0": {} } }', ctx), undefined);
  });

  test('fly.toml app, wrangler.toml name (top level only)', () => {
    const fly = scanFile('platforms', 'fly.toml');
    // at the root, fly.toml is the monolith itself
    assert.deepStrictEqual(fly.facts, { services: [{ name: 'acme-api', range: rangeOf(fly.text, '"acme-api"'), signal: 'fly', folder: '', place: '', root: true }], images: [], refs: [], languages: [], dependencies: [], problems: [] });
    const wrangler = scanFile('platforms', 'edge/wrangler.toml');
    assert.deepStrictEqual(wrangler.facts.services, [{ name: 'edge-router', range: rangeOf(wrangler.text, '"edge-router"'), signal: 'wrangler', folder: 'edge', place: 'edge' }]);
    assert.deepStrictEqual(scanText('fly.toml', "[build]\napp = 'not-top-level'\n").services, []);
    assert.deepStrictEqual(scanText('fly.toml', "app='x' # comment\r\n").services.map((s) => [s.name, s.range]), [['x', rangeOf("app='x' # comment\r\n", "'x'")]]);
    const json = '{\n  // comments are fine\n  "name": "edge-api",\n}\n';
    assert.deepStrictEqual(scanText('workers/wrangler.jsonc', json).services, [{ name: 'edge-api', range: rangeOf(json, '"edge-api"'), signal: 'wrangler', folder: 'workers', place: 'workers' }]);
  });

  test('App Engine: app.yaml without service is the default service, the monolith; another service file names its service', () => {
    const app = scanFile('platforms', 'app.yaml');
    assert.deepStrictEqual(app.facts, { services: [{ name: 'default', range: firstLine(app.text), signal: 'appengine', folder: '', place: '', root: true }], images: [], refs: [], languages: [], dependencies: [], problems: [] });
    const worker = scanFile('platforms', 'worker.yaml');
    assert.deepStrictEqual(worker.facts.services, [{ name: 'image-worker', range: rangeIn(worker.text, 'service: image-worker', 'image-worker'), signal: 'appengine', folder: '', place: 'worker.yaml', shared: true }]);
    const named = 'runtime: go122\nservice: api\n';
    assert.deepStrictEqual(scanText('api/app.yaml', named).services, [{ name: 'api', range: rangeOf(named, 'api'), signal: 'appengine', folder: 'api', place: 'api/app.yaml', shared: true }]);
    assert.strictEqual(scanScaffolding('.do/app.yaml', 'name: shop\nservices:\n  - name: web\n', ctx), undefined);
  });

  test('Procfile: at the root, each process type is a process of the monolith; elsewhere another app, named after its folder, on its first process', () => {
    const { text, facts } = scanFile('platforms', 'Procfile');
    assert.deepStrictEqual(facts.services, [
      { name: 'web', range: rangeOf(text, 'web'), signal: 'procfile', folder: '', place: '', shared: true, process: true },
      { name: 'worker', range: rangeOf(text, 'worker'), signal: 'procfile', folder: '', place: '', shared: true, process: true },
    ]);
    const nested = 'release: rake db:migrate\nweb: bundle exec puma\nworker: sidekiq\n';
    assert.deepStrictEqual(scanText('services/search/Procfile', nested).services, [{ name: 'search', range: rangeOf(nested, 'web'), signal: 'procfile', folder: 'services/search', place: 'services/search', fromPath: true }]);
  });

  test('render.yaml: web, worker, private and cron services on their name; databases and key-value stores are not', () => {
    const { text, facts } = scanFile('platforms', 'render.yaml');
    assert.deepStrictEqual(
      facts.services.map((s) => [s.name, s.signal, s.range]),
      ['storefront', 'emailer', 'nightly-report'].map((n) => [n, 'render', rangeOf(text, n)]),
    );
  });
});

suite('scaffolding: language manifests', () => {
  test('each manifest names its language on the first line', () => {
    const table: Array<[string, string]> = [
      ['go.mod', 'go'],
      ['Cargo.toml', 'rust'],
      ['pyproject.toml', 'python'],
      ['requirements.txt', 'python'],
      ['requirements-dev.txt', 'python'],
      ['Pipfile', 'python'],
      ['pom.xml', 'java'],
      ['build.gradle', 'java'],
      ['build.gradle.kts', 'java'],
      ['Gemfile', 'ruby'],
      ['src/Api/Api.csproj', 'csharp'],
      ['src/Api/Api.fsproj', 'fsharp'],
      ['acme.gemspec', 'ruby'],
      ['gems.rb', 'ruby'],
      ['setup.cfg', 'python'],
      ['requirements/base.txt', 'python'],
      ['dev-requirements.txt', 'python'],
      ['composer.json', 'php'],
      ['mix.exs', 'elixir'],
      ['build.sbt', 'scala'],
      ['Package.swift', 'swift'],
    ];
    for (const [rel, language] of table) {
      const text = '[package]\r\nname = "x"\r\n';
      // the text is not a valid manifest of most of these formats: the language is still named (their dependencies are tested in manifests.test.ts)
      assert.deepStrictEqual(scanText(rel, text)?.languages, [{ language, range: rangeOf(text, '[package]') }], rel);
    }
    assert.deepStrictEqual(scanText('go.mod', '').languages, [{ language: 'go', range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } } }]);
  });

  test('Kotlin, Scala and Swift are languages: a Gradle or Maven build that applies the Kotlin plugin, build.sbt, Package.swift', () => {
    const language = (rel: string, text: string) => scanText(rel, text)?.languages.map((l) => l.language);
    for (const kotlin of [
      'plugins {\n    kotlin("jvm") version "2.0.0"\n    id("org.springframework.boot") version "3.3.0"\n}\n',
      'plugins {\n    id("org.jetbrains.kotlin.jvm") version "1.9.24"\n}\n',
      "plugins {\n    id 'org.jetbrains.kotlin.android'\n}\n",
      "apply plugin: 'kotlin'\n",
      'plugins {\n    alias(libs.plugins.kotlin.jvm)\n}\n',
      'buildscript {\n  dependencies {\n    classpath("org.jetbrains.kotlin:kotlin-gradle-plugin:1.9.0")\n  }\n}\n',
      'plugins {\n    kotlin("multiplatform") version "2.0.0" apply false\n}\n',
    ]) {
      assert.deepStrictEqual(language('build.gradle.kts', kotlin), ['kotlin'], kotlin);
      assert.deepStrictEqual(language('services/orders/build.gradle', kotlin), ['kotlin'], kotlin);
    }
    // a Kotlin build script alone says nothing: Java projects write them too
    assert.deepStrictEqual(language('build.gradle.kts', 'plugins {\n    java\n    id("org.springframework.boot") version "3.3.0"\n}\n// kotlin("jvm") was removed\n'), ['java']);
    const pom = (plugin: string) => `<project><build><plugins><plugin><groupId>org.jetbrains.kotlin</groupId><artifactId>${plugin}</artifactId></plugin></plugins></build></project>\n`;
    assert.deepStrictEqual(language('pom.xml', pom('kotlin-maven-plugin')), ['kotlin']);
    assert.deepStrictEqual(language('pom.xml', pom('maven-compiler-plugin')), ['java']);
    assert.deepStrictEqual(language('build.sbt', 'name := "x"\n'), ['scala']);
    assert.deepStrictEqual(language('Package.swift', '// swift-tools-version:5.9\n'), ['swift']);
  });

  test('build.sbt: library dependencies as Maven coordinates, on the artifact, comments skipped', () => {
    const text = [
      'ThisBuild / scalaVersion := "3.3.1"',
      'libraryDependencies ++= Seq(',
      '  "org.typelevel" %% "cats-effect" % "3.5.4",',
      '  "org.http4s"    %% "http4s-ember-server" % http4sVersion,',
      '  "org.postgresql" % "postgresql" % "42.7.3",',
      '  // "com.typesafe.akka" %% "akka-http" % "10.5.0",',
      '  "org.scalameta" %%% "munit" % "1.0.0" % Test',
      ')',
      'libraryDependencies += "com.typesafe.akka" %% "akka-actor-typed" % "2.8.5"',
      '',
    ].join('\n');
    const facts = scanText('build.sbt', text)!;
    assert.deepStrictEqual(facts.dependencies.map((d) => [d.ecosystem, d.name, d.range]), [
      ['maven', 'org.typelevel:cats-effect', rangeOf(text, 'cats-effect')],
      ['maven', 'org.http4s:http4s-ember-server', rangeOf(text, 'http4s-ember-server')],
      ['maven', 'org.postgresql:postgresql', rangeOf(text, 'postgresql', 1)],
      ['maven', 'org.scalameta:munit', rangeOf(text, 'munit')],
      ['maven', 'com.typesafe.akka:akka-actor-typed', rangeOf(text, 'akka-actor-typed')],
    ]);
  });

  test('setup.py is a manifest only where it is a packaging script', () => {
    for (const script of [
      'from setuptools import setup\n\nsetup(name="x", install_requires=["flask"])\n',
      'from setuptools import find_packages, setup\nsetup(\n    name="x",\n)\n',
      'import setuptools\n\nsetuptools.setup(name="x")\n',
      'from distutils.core import setup\nsetup(name="x")\n',
      'from skbuild import setup\nsetup(name="x")\n',
    ]) {
      assert.deepStrictEqual(scanText('setup.py', script)?.languages.map((l) => l.language), ['python'], script);
      assert.deepStrictEqual(scanText('tools/legacy/setup.py', script)?.languages.map((l) => l.language), ['python'], script);
    }
    // an app's own module that happens to be called setup.py (CTFd/forms/setup.py): code, not a manifest
    for (const module of [
      'from flask_wtf import FlaskForm\nfrom wtforms import StringField\n\nclass SetupForm(FlaskForm):\n    name = StringField("Name")\n',
      'def setup(app):\n    app.add_url_rule("/setup", view_func=setup_view)\n',
      '# run setup(…) from setuptools elsewhere\nimport os\n',
      '',
    ]) assert.strictEqual(scanScaffolding('CTFd/forms/setup.py', module, ctx), undefined, module);
  });
});

suite('scaffolding: never throws', () => {
  test('every fixture file, cut at many points, yields facts or undefined', function () {
    // about a second of work: room for a loaded machine
    this.timeout(20_000);
    let scans = 0;
    for (const file of walk(ROOT)) {
      const rel = path.relative(ROOT, file).split(path.sep).join('/');
      const workspaceRel = rel.slice(rel.indexOf('/') + 1);
      if (!isScaffoldingCandidate(workspaceRel)) continue;
      const text = fs.readFileSync(file, 'utf8');
      const step = Math.max(1, Math.floor(text.length / 80));
      for (let cut = 0; cut <= text.length; cut += step) {
        const facts = scanScaffolding(workspaceRel, text.slice(0, cut), ctx);
        if (facts) for (const list of [facts.services, facts.images, facts.languages, facts.problems]) assert.ok(Array.isArray(list), `${rel} at ${cut}`);
        scans++;
      }
    }
    assert.ok(scans > 2000, `${scans} scans`);
  });

  test('binary garbage and hostile YAML under every kind of name', function () {
    // Mocha sets Error.stackTraceLimit to Infinity, which makes the deeply nested case slow here (not in the server).
    this.timeout(20000);
    let seed = 7;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
    const garbage = Array.from({ length: 4000 }, () => String.fromCharCode(Math.floor(random() * 256))).join('');
    const hostile = [
      garbage,
      '\u0000\u0001\u0002FROM',
      'a: &a [*a]\nb: *a\n',
      'services: &s\n  x:\n    <<: *s\n',
      'services:\n  a:\n    <<: [*missing]\n',
      '- - - - [',
      '%YAML 9.9\n---\n!!binary x',
      'apiVersion: apps/v1\nkind: List\nitems: &i\n  - *i\n',
      '{'.repeat(300),
    ];
    const names = ['Dockerfile', 'docker-compose.yml', 'k8s/x.yaml', 'serverless.yml', 'template.yaml', 'template.json', 'Chart.yaml', 'render.yaml', 'app.yaml', 'project.json', 'fly.toml', 'wrangler.toml', 'wrangler.json', 'Procfile', 'go.mod'];
    for (const name of names) for (const text of hostile) scanScaffolding(name, text, ctx);
  });

  test('even a failing context is a problem, not a throw', () => {
    const throwing: ScanContext = {
      imageCategory: () => {
        throw new Error('boom');
      },
    };
    const facts = scanScaffolding('k8s/x.yaml', 'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: x}\nspec: {template: {spec: {containers: [{image: redis}]}}}\n', throwing);
    assert.ok(facts);
    assert.strictEqual(facts.problems.length, 1);
    assert.match(facts.problems[0].message, /boom/);
  });
});
