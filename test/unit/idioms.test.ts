/**
 * Issue 19, item by item: each general rule, on shapes other than the layout fixtures' (which
 * test/unit/layouts.test.ts runs end to end).
 */
import * as assert from 'assert';
import { gradleLanguage } from '../../server/src/core/scan/ecosystems/jvm';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { TechnologyIndex } from '../../server/src/core/catalog/technologies';
import { indexHints, serviceDeclarations } from '../../server/src/core/rules/services';
import { type ScaffoldingFacts, scanScaffolding } from '../../server/src/core/scan/scaffolding';
import { loadFixture, rangeOf, summarize } from '../support/fixtures';

const catalog = new TechnologyIndex({ technologies: {} });
const ctx = { imageCategory: (image: string) => catalog.matchImage(image)?.category };

function scan(rel: string, text: string): ScaffoldingFacts {
  const facts = scanScaffolding(rel, text, ctx);
  assert.ok(facts, `${rel} is read`);
  return facts;
}

/** What a set of files declares as deployables, once the workspace's hints are applied: `name@place`. */
function deployables(files: Record<string, string>): string[] {
  const scanned = Object.entries(files).map(([rel, text]) => ({ rel, facts: scan(rel, text) }));
  const hints = indexHints(scanned.map((s) => s.facts.hints));
  return scanned.flatMap(({ rel, facts }) => serviceDeclarations(rel, facts, hints).filter((s) => !s.root).map((s) => `${s.name}@${s.place || '.'}`)).sort();
}

suite('issue 19, 1: go.mod by its grammar', () => {
  test('the issue\'s reproduction: gin, go.uber.org/zap, google.golang.org/grpc and gorm.io/gorm are all read', () => {
    const text = 'module example.com/svc\n\ngo 1.22\n\nrequire (\n\tgithub.com/gin-gonic/gin v1.10.0\n\tgo.uber.org/zap v1.27.0\n\tgoogle.golang.org/grpc v1.64.0\n\tgorm.io/gorm v1.25.10\n)\n';
    assert.deepStrictEqual(scan('go.mod', text).dependencies.map((d) => [d.name, d.range]), [
      ['github.com/gin-gonic/gin', rangeOf(text, 'github.com/gin-gonic/gin')],
      ['go.uber.org/zap', rangeOf(text, 'go.uber.org/zap')],
      ['google.golang.org/grpc', rangeOf(text, 'google.golang.org/grpc')],
      ['gorm.io/gorm', rangeOf(text, 'gorm.io/gorm')],
    ]);
  });

  test('quoted paths, comments after versions, a comment glued to the version, one-line blocks', () => {
    const text = 'module x\nrequire "go.etcd.io/etcd/client/v3" v3.5.14 // pinned\nrequire go.mongodb.org/mongo-driver v1.16.0//indirect\nrequire ( k8s.io/client-go v0.30.3 )\nexclude go.opentelemetry.io/otel v1.0.0\n';
    assert.deepStrictEqual(scan('go.mod', text).dependencies.map((d) => d.name), ['go.etcd.io/etcd/client/v3', 'k8s.io/client-go']);
  });
});

suite('issue 19, 2: Cargo dotted tables', () => {
  test('[dependencies.redis], [dev-dependencies.x], [workspace.dependencies.x], [target.\'cfg(unix)\'.dependencies.x], on the crate name in the header', () => {
    const text = "[dependencies.redis]\nversion = \"0.25\"\n\n[dev-dependencies.mockall]\nversion = \"0.12\"\n\n[workspace.dependencies.tokio]\nversion = \"1\"\n\n[target.'cfg(unix)'.dependencies.nix]\nversion = \"0.29\"\n\n[build-dependencies.prost-build]\nversion = \"0.12\"\n";
    assert.deepStrictEqual(scan('Cargo.toml', text).dependencies.map((d) => [d.name, d.section, d.range]), [
      ['redis', undefined, rangeOf(text, 'redis')],
      ['mockall', 'dev-dependencies', rangeOf(text, 'mockall')],
      ['tokio', 'workspace.dependencies', rangeOf(text, 'tokio')],
      ['nix', 'target cfg(unix) dependencies', rangeOf(text, 'nix', 1)],
      ['prost-build', 'build-dependencies', rangeOf(text, 'prost-build')],
    ]);
  });

  test('a renamed crate in a table of its own is the crate it names; one crate written over several dotted keys is one dependency', () => {
    const text = '[dependencies.pg]\npackage = "tokio-postgres"\nversion = "0.7"\n\n[dependencies]\nserde.version = "1"\nserde.features = ["derive"]\n';
    assert.deepStrictEqual(scan('Cargo.toml', text).dependencies.map((d) => [d.name, d.range]), [
      ['tokio-postgres', rangeOf(text, 'pg')],
      ['serde', rangeOf(text, 'serde')],
    ]);
  });
});

suite('issue 19, 3: a Dockerfile that only wraps a stock image is that technology', () => {
  const image = (rel: string, text: string) => {
    const facts = scan(rel, text);
    return { images: facts.images.map((i) => i.image), services: facts.services.map((s) => s.name) };
  };

  test('configuration, plugins and data only: the technology, on its FROM', () => {
    for (const [rel, text, expected] of [
      ['monitoring/grafana/Dockerfile', 'FROM grafana/grafana-oss:11.0.0\nCOPY ./provisioning /etc/grafana/provisioning\nCOPY dashboards/ /var/lib/grafana/dashboards/\nENV GF_INSTALL_PLUGINS=grafana-clock-panel\n', 'grafana/grafana-oss:11.0.0'],
      ['prometheus/Dockerfile', 'FROM prom/prometheus\nADD prometheus.yml /etc/prometheus/\nADD alert.rules /etc/prometheus/\n', 'prom/prometheus'],
      ['proxy/Dockerfile', 'FROM nginx:stable-alpine\nRUN rm /etc/nginx/conf.d/default.conf\nCOPY ["default.conf.template", "/etc/nginx/templates/"]\nCOPY certs /etc/nginx/certs\n', 'nginx:stable-alpine'],
      ['db/Dockerfile', 'FROM mysql:8\nCOPY ./dumps/ /docker-entrypoint-initdb.d/\n', 'mysql:8'],
      ['logging/Dockerfile', 'FROM fluent/fluentd:v1.16-debian-1\nUSER root\nRUN ["gem", "install", "fluent-plugin-elasticsearch"]\nCOPY fluent.conf /fluentd/etc/\nUSER fluent\n', 'fluent/fluentd:v1.16-debian-1'],
      ['kc/Dockerfile', 'ARG KC_VERSION=25.0\nFROM quay.io/keycloak/keycloak:${KC_VERSION} AS builder\nRUN /opt/keycloak/bin/kc.sh build\nFROM quay.io/keycloak/keycloak:${KC_VERSION}\nCOPY --from=builder /opt/keycloak/ /opt/keycloak/\nCOPY realms /opt/keycloak/data/import\n', 'quay.io/keycloak/keycloak:25.0'],
    ] as const) assert.deepStrictEqual(image(rel, text), { images: [expected], services: [] }, text);
  });

  test('own code on a stock image is a service: a build stage, a build tool, sources or content copied in, a base that is not a known technology', () => {
    for (const text of [
      'FROM node:20 AS build\nCOPY . .\nRUN npm ci && npm run build\nFROM nginx:alpine\nCOPY --from=build /app/dist /usr/share/nginx/html\n',
      'FROM nginx:alpine\nCOPY . /usr/share/nginx/html\n',
      'FROM nginx:alpine\nCOPY public/ /usr/share/nginx/html/\nCOPY index.html /usr/share/nginx/html/\n',
      'FROM nginx:alpine\nCOPY *.conf /etc/nginx/\nCOPY src /app/src\n',
      'FROM grafana/grafana\nCOPY plugin-src /src\nRUN npm install --prefix /src && npm run build --prefix /src\n',
      'FROM wordpress:6\nCOPY wp-content/themes/acme /var/www/html/wp-content/themes/acme\n',
      'FROM python:3.12\nCOPY prometheus.yml /etc/prometheus/\n',
      'FROM dunglas/frankenphp\nCOPY . /app\n',
      'FROM openresty/openresty:alpine\nCOPY nginx.conf /usr/local/openresty/nginx/conf/\nCOPY lua/ /usr/local/openresty/lualib/app/\n',
    ]) assert.deepStrictEqual(image('edge/Dockerfile', text), { images: [], services: ['edge'] }, text);
  });

  test('a base image other places build from is no service: named by the folder (ARG default, FROM) or by the image compose gives it', () => {
    assert.deepStrictEqual(
      deployables({
        'docker/base/Dockerfile': 'FROM python:3.12-slim\nRUN pip install -r requirements.txt\n',
        'docker/web/Dockerfile': 'ARG base_image=ghcr.io/acme/shop-base:latest\nFROM ${base_image}\nCOPY . /app\n',
        'docker/worker/Dockerfile': 'FROM ghcr.io/acme/shop-base:latest\nCOPY . /app\n',
      }),
      ['web@docker/web', 'worker@docker/worker'],
    );
    assert.deepStrictEqual(
      deployables({
        'images/runtime/Dockerfile': 'FROM eclipse-temurin:21\nRUN apt-get update\n',
        'docker-compose.yml': 'services:\n  runtime:\n    build: ./images/runtime\n    image: acme/jre\n  api:\n    build:\n      context: ./api\n      args:\n        BASE_IMAGE: acme/jre:21\n',
        'api/Dockerfile': 'ARG BASE_IMAGE\nFROM ${BASE_IMAGE}\nCOPY target/app.jar /app.jar\n',
      }),
      ['api@api', 'api@api'],
    );
    // an official image named like a folder is not that folder's image; a folder's own FROM is not a reference to itself
    assert.deepStrictEqual(
      deployables({
        'node/Dockerfile': 'FROM node:20\nCOPY . .\nRUN npm ci\n',
        'api/Dockerfile': 'FROM node:20-alpine\nCOPY . .\n',
        'base/Dockerfile': 'FROM acme/base:1\nCOPY . .\n',
      }),
      ['api@api', 'base@base', 'node@node'],
    );
  });
});

suite('issue 19, 4: the monolith\'s processes', () => {
  function workspace(files: Record<string, string>): string {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'tp-processes-'));
    for (const [rel, text] of Object.entries(files)) {
      fs.mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
      fs.writeFileSync(path.join(root, rel), text);
    }
    return root;
  }
  const policy = JSON.stringify({ approvers: [{ name: 'Dana Reyes' }], services: { web: { path: '.' } } });

  test('a new Procfile process and a compose service building the root are new processes, on their declaring line', () => {
    const root = workspace({
      'techpolicy.json': policy,
      Procfile: 'web: bundle exec puma\nworker: bundle exec sidekiq\n',
      'deploy/docker-compose.yml': 'services:\n  web:\n    build: ..\n  mailer:\n    build:\n      context: ..\n      dockerfile: Dockerfile\n',
    });
    const fixture = loadFixture(root);
    const findings = fixture.check();
    assert.deepStrictEqual(summarize(findings, root).sort(), ['Procfile:2:1 new-service worker', 'deploy/docker-compose.yml:4:3 new-service mailer']);
    assert.deepStrictEqual(findings.map((f) => f.message).sort(), [
      '"mailer": new process of the monolith (known: web). Needs a signed exception.',
      '"worker": new process of the monolith (known: web). Needs a signed exception.',
    ]);
  });

  test('a signed exception for the process covers it; a name listed at another place does not make it known', () => {
    const reasons = '## The product capability this enables\nNightly invoices.\n## Why the approved stack cannot deliver it\nThe web process cannot run jobs.\n';
    const root = workspace({
      'techpolicy.json': JSON.stringify({ approvers: [{ name: 'Dana Reyes' }], services: { web: { path: '.' }, clock: { path: 'services/clock' } } }),
      Procfile: 'web: bundle exec puma\nworker: bundle exec sidekiq\nclock: bundle exec clockwork\n',
      'docs/policy-exceptions/EX-0001-worker.md': `---\nid: EX-0001\nrule: new-service\nsubject: worker\nstatus: approved\nrequested-by: Sam Lee <sam@acme.example>\nrequested-on: 2026-11-01\napproved-by: Dana Reyes\napproved-on: 2026-11-02\n---\n# Exception request: a worker process\n${reasons}`,
    });
    const findings = loadFixture(root).check();
    assert.deepStrictEqual(summarize(findings, root), ['Procfile:3:1 new-service clock']);
    assert.strictEqual(findings[0].message, 'Second "clock", in the workspace root (the known one: services/clock). Needs a signed exception.');
  });
});

suite('issue 19, 5: deployables in each ecosystem\'s own idiom', () => {
  test('Spring Boot: the plugin in a module\'s build or profile; not in pluginManagement, not skipped, not a pom-packaged parent; Gradle `apply false` is no application', () => {
    const pom = (build: string, packaging = '') => `<project><artifactId>x</artifactId>${packaging}<build>${build}</build></project>\n`;
    const plugin = '<plugins><plugin><groupId>org.springframework.boot</groupId><artifactId>spring-boot-maven-plugin</artifactId>CONFIG</plugin></plugins>';
    const declared = (rel: string, text: string) => scan(rel, text).services.map((s) => `${s.name}:${s.signal}`);
    assert.deepStrictEqual(declared('orders/pom.xml', pom(plugin.replace('CONFIG', ''))), ['orders:jvm-app']);
    assert.deepStrictEqual(declared('orders/pom.xml', pom(`<pluginManagement>${plugin.replace('CONFIG', '')}</pluginManagement>`)), []);
    assert.deepStrictEqual(declared('orders/pom.xml', pom(plugin.replace('CONFIG', '<configuration><skip>true</skip></configuration>'))), []);
    assert.deepStrictEqual(declared('orders/pom.xml', pom(plugin.replace('CONFIG', ''), '<packaging>pom</packaging>')), []);
    assert.deepStrictEqual(declared('orders/pom.xml', `<project><profiles><profile><build>${plugin.replace('CONFIG', '')}</build></profile></profiles></project>`), ['orders:jvm-app']);
    assert.deepStrictEqual(scan('pom.xml', pom(plugin.replace('CONFIG', ''))).services.map((s) => s.root), [true], 'the root module is the monolith');
    assert.deepStrictEqual(declared('svc/api/build.gradle', "plugins {\n  id 'org.springframework.boot' version '3.3.0'\n}\n"), ['api:jvm-app']);
    assert.deepStrictEqual(declared('svc/api/build.gradle', "apply plugin: 'org.springframework.boot'\n"), ['api:jvm-app']);
    assert.deepStrictEqual(declared('svc/api/build.gradle.kts', 'plugins {\n  alias(libs.plugins.spring.boot)\n}\n'), ['api:jvm-app']);
    // (a subproject's build waits for a build above that applies the plugin to it: alone, none does)
    assert.deepStrictEqual(deployables({ 'svc/api/build.gradle.kts': 'plugins {\n  id("org.springframework.boot") version "3.3.0" apply false\n}\n' }), []);
  });

  test('Spring Boot: a parent pom that applies the plugin (in a profile too) makes each of its jar modules an application, on the module\'s artifactId', () => {
    const parent = (plugins: string) => `<project><groupId>org.acme</groupId><artifactId>shop</artifactId><packaging>pom</packaging><profiles><profile><id>springboot</id><build><plugins>${plugins}</plugins></build></profile></profiles></project>\n`;
    const boot = '<plugin><groupId>org.springframework.boot</groupId><artifactId>spring-boot-maven-plugin</artifactId></plugin>';
    const module = (name: string, packaging = 'jar') => `<project>\n  <parent><groupId>org.acme</groupId><artifactId>shop</artifactId></parent>\n  <artifactId>${name}</artifactId>\n  <packaging>${packaging}</packaging>\n</project>\n`;
    const files = { 'pom.xml': parent(boot), 'customers/pom.xml': module('customers'), 'vets/pom.xml': module('vets'), 'bom/pom.xml': module('bom', 'pom') };
    assert.deepStrictEqual(deployables(files), ['customers@customers', 'vets@vets']);
    assert.deepStrictEqual(scan('customers/pom.xml', files['customers/pom.xml']).services.map((s) => s.range), [rangeOf(files['customers/pom.xml'], 'customers')]);
    // a parent that only manages the plugin, or applies another one, makes no module an application
    assert.deepStrictEqual(deployables({ ...files, 'pom.xml': parent('<plugin><artifactId>maven-enforcer-plugin</artifactId></plugin>') }), []);
  });

  test('compose building a Dockerfile that only wraps a stock image runs that technology: no service', () => {
    assert.deepStrictEqual(
      deployables({
        'docker-compose.yml': 'services:\n  grafana-server:\n    build: ./docker/grafana\n  api:\n    build: ./api\n',
        'docker/grafana/Dockerfile': 'FROM grafana/grafana:11.0.0\nCOPY dashboards /etc/grafana/dashboards\n',
        'api/Dockerfile': 'FROM node:20\nCOPY . .\n',
      }),
      ['api@api', 'api@api'],
    );
  });

  test('.NET: Web and Worker SDK projects are deployables, test projects and the AppHost are not', () => {
    const project = (sdk: string, props = '') => `<Project Sdk="${sdk}"><PropertyGroup>${props}</PropertyGroup></Project>\n`;
    const declared = (rel: string, text: string) => scan(rel, text).services.map((s) => s.name);
    assert.deepStrictEqual(declared('src/Orders.Api/Orders.Api.csproj', project('Microsoft.NET.Sdk.Web')), ['Orders.Api']);
    assert.deepStrictEqual(declared('src/Mailer/Mailer.fsproj', project('Microsoft.NET.Sdk.Worker')), ['Mailer']);
    assert.deepStrictEqual(declared('src/Orders.Domain/Orders.Domain.csproj', project('Microsoft.NET.Sdk')), []);
    assert.deepStrictEqual(declared('src/Orders.Api.Tests/Orders.Api.Tests.csproj', project('Microsoft.NET.Sdk.Web')), []);
    assert.deepStrictEqual(declared('src/Host/Host.csproj', project('Microsoft.NET.Sdk.Web', '<IsAspireHost>true</IsAspireHost>')), []);
  });

  test('Aspire: AddProject by type or path, AddDockerfile and app resources are services; integrations are technologies; AddContainer is an image', () => {
    const program = [
      'var builder = DistributedApplication.CreateBuilder(args);',
      '// builder.AddProject<Projects.Old>("old");',
      'var pg = builder.AddPostgres("pg");',
      'var rabbit = builder.AddRabbitMQ("messaging");',
      'builder.AddContainer("grafana", "grafana/grafana");',
      'builder.AddProject<Projects.Orders_Api>("orders");',
      'builder.AddProject("billing", "../Billing/Billing.csproj");',
      'builder.AddDockerfile("renderer", "../renderer");',
      'builder.AddNpmApp("frontend", "../frontend", "dev");',
      'builder.Build().Run();',
      '',
    ].join('\n');
    const facts = scan('AppHost/Program.cs', program);
    assert.deepStrictEqual(facts.services.map((s) => `${s.name}@${s.place}`), ['orders@AppHost/Program.cs', 'billing@Billing', 'renderer@renderer', 'frontend@frontend']);
    assert.deepStrictEqual(facts.services.map((s) => s.range), ['"orders"', '"billing"', '"renderer"', '"frontend"'].map((n) => rangeOf(program, n.slice(1, -1), n === '"orders"' ? 0 : 0)));
    assert.deepStrictEqual(facts.refs.map((r) => [r.name, r.range]), [['postgres', rangeOf(program, 'AddPostgres')], ['rabbitmq', rangeOf(program, 'AddRabbitMQ')]]);
    assert.deepStrictEqual(facts.images.map((i) => i.image), ['grafana/grafana']);
    // the project of `AddProject<Projects.Orders_Api>` and the AppHost's entry are one service, at the project's folder, named by the AppHost
    assert.deepStrictEqual(deployables({ 'AppHost/Program.cs': program, 'src/Orders.Api/Orders.Api.csproj': '<Project Sdk="Microsoft.NET.Sdk.Web"></Project>\n', 'renderer/Dockerfile': 'FROM node:20\nCOPY . .\n' }), [
      'billing@Billing',
      'frontend@frontend',
      'orders@src/Orders.Api',
      'orders@src/Orders.Api',
      'renderer@renderer',
      'renderer@renderer',
    ]);
    // any other Program.cs is code, not scaffolding
    assert.strictEqual(scanScaffolding('src/Orders.Api/Program.cs', 'var builder = WebApplication.CreateBuilder(args);\n', ctx), undefined);
  });
});

suite('issue 19, 4: one place built under several names', () => {
  test('compose services that build one Dockerfile (context . and docker/Dockerfile) are known one name at a time: a third is new', () => {
    const compose = (extra: string) => `services:\n  web:\n    build:\n      context: .\n      dockerfile: docker/app/Dockerfile\n  sidekiq:\n    build:\n      context: .\n      dockerfile: docker/app/Dockerfile\n${extra}`;
    const files = (extra: string) => ({ 'docker-compose.yml': compose(extra), 'docker/app/Dockerfile': 'FROM ruby:3.3\nCOPY . .\nRUN bundle install\n' });
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'tp-one-place-'));
    const write = (all: Record<string, string>) => {
      for (const [rel, text] of Object.entries(all)) {
        fs.mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
        fs.writeFileSync(path.join(root, rel), text);
      }
    };
    write({ ...files(''), 'techpolicy.json': JSON.stringify({ services: { web: { path: 'docker/app' }, sidekiq: { path: 'docker/app' } } }) });
    assert.deepStrictEqual(summarize(loadFixture(root).check(), root), []);
    write(files('  cable:\n    build:\n      context: .\n      dockerfile: docker/app/Dockerfile\n'));
    assert.deepStrictEqual(summarize(loadFixture(root).check(), root), ['docker-compose.yml:10:3 new-service cable']);
  });
});

suite('corpus 3: Aspire AppHosts as Aspire reads them', () => {
  test('a path whose last segment has dots is a folder unless it ends in a project, script or program extension', () => {
    const host = [
      'var builder = DistributedApplication.CreateBuilder(args);',
      'builder.AddJavaScriptApp("angular", "../Shop.Angular");',
      'builder.AddDockerfile("reports", "../Shop.Reports/");',
      'builder.AddDockerfile("mailer", "../Shop.Mailer");',
      'builder.AddNodeApp("node", "../Shop.Node/server.mjs");',
      'builder.AddProject("billing", "../Shop.Billing/Shop.Billing.csproj");',
      'builder.Build().Run();',
      '',
    ].join('\n');
    assert.deepStrictEqual(
      scan('Shop.AppHost/AppHost.cs', host).services.map((s) => `${s.name}@${s.place}`),
      ['angular@Shop.Angular', 'reports@Shop.Reports', 'mailer@Shop.Mailer', 'node@Shop.Node', 'billing@Shop.Billing'],
    );
    // the app the AppHost names and the Dockerfile in its folder are one subject
    assert.deepStrictEqual(deployables({ 'Shop.AppHost/AppHost.cs': host, 'Shop.Mailer/Dockerfile': 'FROM node:20\nCOPY . .\nCMD ["node", "index.js"]\n' }), [
      'angular@Shop.Angular',
      'billing@Shop.Billing',
      'mailer@Shop.Mailer',
      'mailer@Shop.Mailer',
      'node@Shop.Node',
      'reports@Shop.Reports',
    ]);
  });

  test('a file-based AppHost (apphost.cs with #:sdk Aspire.AppHost.Sdk) is read like AppHost.cs', () => {
    const host = '#:sdk Aspire.AppHost.Sdk@13.1.0\n#:package Aspire.Hosting.Python@13.1.0\n\nvar builder = DistributedApplication.CreateBuilder(args);\nvar cache = builder.AddRedis("cache");\nbuilder.AddUvicornApp("ml", "./ml", "main:app");\nbuilder.AddViteApp("web", "./web");\nbuilder.Build().Run();\n';
    const facts = scan('apps/apphost.cs', host);
    assert.deepStrictEqual(facts.services.map((s) => `${s.name}@${s.place}`), ['ml@apps/ml', 'web@apps/web']);
    assert.deepStrictEqual(facts.refs.map((r) => r.name), ['redis']);
  });

  test('Azure Functions: AddAzureFunctionsProject is AddProject; a project with <AzureFunctionsVersion> is a deployable', () => {
    const host = 'var builder = DistributedApplication.CreateBuilder(args);\nbuilder.AddAzureFunctionsProject<Projects.Gallery_Functions>("functions");\nbuilder.Build().Run();\n';
    const functions = '<Project Sdk="Microsoft.NET.Sdk">\n  <PropertyGroup>\n    <AzureFunctionsVersion>v4</AzureFunctionsVersion>\n    <OutputType>Exe</OutputType>\n  </PropertyGroup>\n</Project>\n';
    assert.deepStrictEqual(scan('Gallery.Functions/Gallery.Functions.csproj', functions).services.map((s) => [s.name, s.range]), [['Gallery.Functions', rangeOf(functions, 'v4')]]);
    assert.deepStrictEqual(deployables({ 'AppHost/AppHost.cs': host, 'Gallery.Functions/Gallery.Functions.csproj': functions }), ['functions@Gallery.Functions', 'functions@Gallery.Functions']);
  });

  test('.NET: an SDK named by <Sdk Name> or <Import Sdk> makes a deployable as the Sdk attribute does', () => {
    const sdkElement = '<Project>\n  <Sdk Name="Microsoft.NET.Sdk.Web" />\n</Project>\n';
    const imported = '<Project>\n  <Import Project="Sdk.props" Sdk="Microsoft.NET.Sdk.Worker" />\n  <Import Project="Sdk.targets" Sdk="Microsoft.NET.Sdk.Worker" />\n</Project>\n';
    assert.deepStrictEqual(scan('src/Api/Api.csproj', sdkElement).services.map((s) => [s.name, s.range]), [['Api', rangeOf(sdkElement, 'Microsoft.NET.Sdk.Web')]]);
    assert.deepStrictEqual(scan('src/Jobs/Jobs.csproj', imported).services.map((s) => s.name), ['Jobs']);
    assert.deepStrictEqual(scan('src/Api/Api.csproj', sdkElement).dependencies.map((d) => d.name), ['Microsoft.NET.Sdk.Web']);
    assert.deepStrictEqual(scan('src/Jobs/Jobs.csproj', imported).dependencies.map((d) => d.name), ['Microsoft.NET.Sdk.Worker']);
    assert.deepStrictEqual(scan('src/Lib/Lib.csproj', '<Project>\n  <Sdk Name="Microsoft.NET.Sdk" />\n</Project>\n').services, []);
  });
});

suite('corpus 5: Gradle as Gradle applies it', () => {
  test('subprojects { apply plugin: boot } makes every subproject below an application; the root is one only with allprojects', () => {
    const root = "plugins { id 'java' }\nsubprojects {\n    apply plugin: 'java'\n    apply plugin: 'org.springframework.boot'\n    dependencies { }\n}\n";
    const sub = "dependencies {\n    implementation 'org.springframework.boot:spring-boot-starter-web'\n}\n";
    assert.deepStrictEqual(deployables({ 'build.gradle': root, 'orders/build.gradle': sub, 'services/billing/build.gradle.kts': 'dependencies { }\n', 'buildSrc/build.gradle': "plugins { id 'groovy-gradle-plugin' }\n" }), ['billing@services/billing', 'orders@orders']);
    // the same root without the block applies nothing to its subprojects; one that applies the plugin to itself only is the monolith
    assert.deepStrictEqual(deployables({ 'build.gradle': "plugins { id 'java' }\n", 'orders/build.gradle': sub }), []);
    assert.deepStrictEqual(deployables({ 'build.gradle': "apply plugin: 'org.springframework.boot'\n", 'orders/build.gradle': sub }), []);
    assert.deepStrictEqual(scan('build.gradle', "apply plugin: 'org.springframework.boot'\n").services.map((s) => s.root), [true]);
    // subprojects only: the root is not an application itself
    assert.deepStrictEqual(scan('build.gradle', root).services, []);
    // allprojects: the root and every subproject
    const all = "allprojects {\n  apply plugin: 'org.springframework.boot'\n}\n";
    assert.deepStrictEqual(deployables({ 'build.gradle': all, 'orders/build.gradle': sub }), ['orders@orders']);
    assert.deepStrictEqual(scan('build.gradle', all).services.map((s) => s.root), [true]);
    // a project in a subfolder of the repository applies it to the subprojects below it, not to its neighbours
    assert.deepStrictEqual(deployables({ 'backend/build.gradle.kts': 'subprojects {\n    apply(plugin = "org.springframework.boot")\n}\n', 'backend/api/build.gradle.kts': sub, 'tools/build.gradle': sub }), ['api@backend/api']);
  });

  test('several coordinates in one call: on one line, after a trailing comma, one per line in parentheses, and the Kotlin string call', () => {
    const build = [
      'dependencies {',
      "    runtimeOnly 'io.jsonwebtoken:jjwt-impl:0.11.2',",
      "            'io.jsonwebtoken:jjwt-jackson:0.11.2'",
      "    implementation 'org.a:one:1', 'org.a:two:1'",
      '    implementation(',
      '        "org.b:three:1",',
      '',
      '        "org.b:four:1"',
      '    )',
      '    "implementation"("org.c:five:1")',
      "    implementation project(':x')",
      "    implementation 'org.e:seven:1'",
      '}',
      '',
    ].join('\n');
    assert.deepStrictEqual(
      scan('build.gradle', build).dependencies.map((d) => `${d.name}:${d.range.start.line + 1}`),
      ['io.jsonwebtoken:jjwt-impl:2', 'io.jsonwebtoken:jjwt-jackson:3', 'org.a:one:4', 'org.a:two:4', 'org.b:three:6', 'org.b:four:8', 'org.c:five:10', 'org.e:seven:12'],
    );
  });
});

suite('corpus 7: process lists in platform manifests are the monolith\'s processes', () => {
  const declared = (files: Record<string, string>) =>
    Object.entries(files).flatMap(([rel, text]) => scan(rel, text).services.map((s) => `${s.name}@${s.place || '.'}${s.process ? ' process' : ''}${s.root ? ' root' : ''}`));

  test('fly.toml [processes], heroku.yml run:, app.json formation: each a process of the monolith at the root; release is not one', () => {
    assert.deepStrictEqual(declared({ 'fly.toml': 'app = "shop"\n\n[processes]\n  app = "bin/rails server"\n  worker = "bundle exec sidekiq"\n  release = "bin/rails db:migrate"\n' }), ['shop@. root', 'app@. process', 'worker@. process']);
    assert.deepStrictEqual(declared({ 'heroku.yml': 'build:\n  docker:\n    web: Dockerfile\nrun:\n  web: bundle exec puma\n  worker:\n    command:\n      - bundle exec sidekiq\n    image: web\n' }), ['web@. process', 'worker@. process']);
    assert.deepStrictEqual(declared({ 'app.json': '{\n  "name": "shop",\n  "formation": {\n    "web": { "quantity": 1 },\n    "worker": { "quantity": 2, "size": "standard-1x" }\n  }\n}\n' }), ['web@. process', 'worker@. process']);
    // Expo's app.json, and Heroku files below the root (another app), say nothing of the monolith
    assert.strictEqual(scanScaffolding('app.json', '{ "expo": { "name": "shop" } }\n', ctx), undefined);
    assert.deepStrictEqual(declared({ 'apps/api/heroku.yml': 'run:\n  web: bin/start\n' }), []);
    // the process is squiggled on its name
    const app = '{"formation": {"mailer": {"quantity": 1}}}\n';
    assert.deepStrictEqual(scan('app.json', app).services[0].range, rangeOf(app, 'mailer'));
  });

  test('render.yaml: a service built from the root is a process of the monolith; rootDir or dockerContext names its folder; an image is declared there', () => {
    const render = [
      'services:',
      '  - type: web',
      '    name: web',
      '    runtime: ruby',
      '  - type: cron',
      '    name: digest',
      '    runtime: ruby',
      '    schedule: "0 * * * *"',
      '  - type: pserv',
      '    name: search',
      '    runtime: docker',
      '    dockerContext: ./services/search',
      '  - type: worker',
      '    name: pdf',
      '    rootDir: tools/pdf',
      '  - type: web',
      '    name: proxy',
      '    runtime: image',
      '    image:',
      '      url: docker.io/acme/proxy:1',
      'databases:',
      '  - name: db',
      '',
    ].join('\n');
    assert.deepStrictEqual(declared({ 'render.yaml': render }), ['web@. process', 'digest@. process', 'search@services/search', 'pdf@tools/pdf', 'proxy@render.yaml']);
  });
});

suite('red team 11: classification the change\'s author controls', () => {
  test('a datastore image that gets the team\'s code and runs it is a service; one with seed data and its own server stays the datastore', () => {
    const disguised = 'FROM postgres:16\nCOPY . /app\nRUN apt-get update && apt-get install -y nodejs\nCMD ["node", "/app/server.js"]\n';
    assert.deepStrictEqual(deployables({ 'billing/Dockerfile': disguised }), ['billing@billing']);
    // each signal alone: a runtime installed, a runtime started, a copied program started
    assert.deepStrictEqual(deployables({ 'a/Dockerfile': 'FROM redis:7\nCOPY . /srv\nRUN apk add --no-cache python3\n' }), ['a@a']);
    assert.deepStrictEqual(deployables({ 'b/Dockerfile': 'FROM mongo:7\nCOPY src /srv/src\nENTRYPOINT python3 /srv/src/main.py\n' }), ['b@b']);
    assert.deepStrictEqual(deployables({ 'c/Dockerfile': 'FROM rabbitmq:3\nCOPY build/ /opt/app/\nCMD ["/opt/app/worker"]\n' }), ['c@c']);
    // the datastore with its data, configuration and its own server command: still that technology
    const seeded = 'FROM postgres:16\nCOPY schema /docker-entrypoint-initdb.d/\nCOPY dump.sql.gz /seed/\nRUN apt-get update && apt-get install -y postgresql-16-cron\nCMD ["postgres", "-c", "shared_preload_libraries=pg_cron"]\n';
    assert.deepStrictEqual(deployables({ 'db/Dockerfile': seeded }), []);
    assert.deepStrictEqual(scan('db/Dockerfile', seeded).images.map((i) => i.image), ['postgres:16']);
    // a runtime started with nothing of the team's copied in runs the image's own program (ftgo's dynamodblocal)
    const bundled = 'FROM amazon/dynamodb-local:1.18.0\nENTRYPOINT java -jar DynamoDBLocal.jar -sharedDb -dbPath /data\nHEALTHCHECK CMD curl -f http://localhost:8000 || exit 1\n';
    assert.deepStrictEqual(deployables({ 'dynamodblocal/Dockerfile': bundled }), []);
    assert.deepStrictEqual(deployables({ 'dynamodblocal/Dockerfile': 'FROM redis:7\nRUN apk add --no-cache python3\nCMD ["redis-server"]\n' }), []);
  });

  test('two Dockerfiles that are each other\'s base image are both judged; a real base stays a base', () => {
    assert.deepStrictEqual(deployables({ 'a/Dockerfile': 'FROM acme/b\nCOPY . .\n', 'b/Dockerfile': 'FROM acme/a\nCOPY . .\n' }), ['a@a', 'b@b']);
    assert.deepStrictEqual(deployables({ 'a/Dockerfile': 'FROM acme/b\nCOPY . .\n', 'b/Dockerfile': 'FROM acme/c\nCOPY . .\n', 'c/Dockerfile': 'FROM acme/a\nCOPY . .\n' }), ['a@a', 'b@b', 'c@c']);
    assert.deepStrictEqual(deployables({ 'app/Dockerfile': 'FROM acme/base\nCOPY . .\n', 'base/Dockerfile': 'FROM node:20\nRUN npm i -g pnpm\n' }), ['app@app']);
  });

  test('a Helm template needs real template syntax: `{{` in a comment does not make a manifest a template', () => {
    const deployment = '# {{ }}\napiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: billing\nspec:\n  template:\n    spec:\n      containers:\n        - name: billing\n          image: acme/billing:1\n';
    assert.deepStrictEqual(scan('deploy/templates/billing.yaml', deployment).services.map((s) => s.name), ['billing']);
    assert.deepStrictEqual(scan('deploy/templates/billing.yaml', deployment.replace('acme/billing:1', 'acme/billing:1 # {{ later }}')).services.map((s) => s.name), ['billing']);
    assert.strictEqual(scanScaffolding('deploy/templates/billing.yaml', deployment.replace('name: billing\nspec', 'name: {{ .Release.Name }}\nspec'), ctx), undefined);
  });
});

suite('corpus noise N1, N2, N4: test harnesses, development environments, wrappers built by several services', () => {
  test('N1: a Dockerfile, compose file or compose service named for a test tool runs the tests', () => {
    assert.deepStrictEqual(deployables({ 'frontend/Dockerfile.playwright': 'FROM mcr.microsoft.com/playwright:v1.45.0\nCOPY . .\n', 'frontend/Dockerfile': 'FROM node:20\nCOPY . .\n' }), ['frontend@frontend']);
    assert.deepStrictEqual(deployables({ '.ci/compose.cypress.yaml': 'services:\n  cypress:\n    build: ../client\n', 'client/Dockerfile.cypress': 'FROM cypress/included:13\nCOPY . .\n' }), []);
    assert.deepStrictEqual(deployables({ 'compose.override.yml': 'services:\n  playwright:\n    build:\n      context: ./frontend\n      dockerfile: Dockerfile.playwright\n  backend:\n    build: ./backend\n' }), ['backend@backend']);
  });

  test('N2: development environments (.gitpod.Dockerfile, a compose service that builds .devcontainer/) are not deployed', () => {
    assert.deepStrictEqual(deployables({ '.gitpod.dockerfile': 'FROM gitpod/workspace-full\nRUN npm i -g pnpm\n' }), []);
    assert.deepStrictEqual(deployables({ '.worktree-container/docker-compose.yml': 'services:\n  saleor:\n    build:\n      context: ..\n      dockerfile: .devcontainer/Dockerfile\n    command: sleep infinity\n' }), []);
  });

  test('N4: a stock-image wrapper built by several compose services runs that technology under each name', () => {
    const compose = 'services:\n  auth-mongodb:\n    build: mongodb\n  account-mongodb:\n    build: mongodb\n  account:\n    build: account\n';
    assert.deepStrictEqual(deployables({ 'docker-compose.dev.yml': compose, 'mongodb/Dockerfile': 'FROM mongo:7\nCOPY init.sh /docker-entrypoint-initdb.d/\nCOPY dump /dump\n', 'account/Dockerfile': 'FROM eclipse-temurin:21\nCOPY target/app.jar /app.jar\n' }), ['account@account', 'account@account']);
  });
});

suite('corpus noise N6: kustomize patches', () => {
  test('a kustomization.yaml without apiVersion/kind (kustomize does not need them) still names its patches: they are not workloads', () => {
    const patch = 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: storefront\nspec:\n  replicas: 3\n  template:\n    spec:\n      containers:\n        - name: storefront\n          image: acme/storefront:2\n';
    for (const kustomization of ['resources:\n  - ../../base\npatches:\n  - path: replicas.yaml\n', 'resources:\n  - ../../base\npatchesStrategicMerge:\n  - replicas.yaml\n']) {
      assert.deepStrictEqual(deployables({ 'overlays/prod/kustomization.yaml': kustomization, 'overlays/prod/replicas.yaml': patch }), []);
    }
    assert.deepStrictEqual(deployables({ 'overlays/prod/replicas.yaml': patch }), ['storefront@overlays/prod/replicas.yaml']);
  });
});

suite('issue 19, container images built without a Dockerfile', () => {
  function workspace(files: Record<string, string>): string {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'tp-images-'));
    for (const [rel, text] of Object.entries(files)) {
      fs.mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
      fs.writeFileSync(path.join(root, rel), text);
    }
    return root;
  }
  const declared = (rel: string, text: string) => scan(rel, text).services.map((s) => `${s.name}@${s.place || '.'}:${s.signal}`);

  test('Jib (Maven): the plugin in a module\'s build is a JVM application as Spring Boot\'s is; not in pluginManagement, not skipped, not another group\'s, not in a test harness', () => {
    const pom = (build: string) => `<project><artifactId>x</artifactId><build>${build}</build></project>\n`;
    const jib = (config = '', group = 'com.google.cloud.tools') => `<plugins><plugin><groupId>${group}</groupId><artifactId>jib-maven-plugin</artifactId>${config}</plugin></plugins>`;
    const text = pom(jib());
    assert.deepStrictEqual(declared('inventory/pom.xml', text), ['inventory@inventory:jvm-app']);
    assert.deepStrictEqual(scan('inventory/pom.xml', text).services[0].range, rangeOf(text, 'jib-maven-plugin'));
    // the groupId left out (as Spring Boot's was always read): the artifactId is Jib's alone
    assert.deepStrictEqual(declared('inventory/pom.xml', pom(`<plugins><plugin><artifactId>jib-maven-plugin</artifactId></plugin></plugins>`)), ['inventory@inventory:jvm-app']);
    assert.deepStrictEqual(declared('inventory/pom.xml', pom(`<pluginManagement>${jib()}</pluginManagement>`)), []);
    assert.deepStrictEqual(declared('inventory/pom.xml', pom(jib('<configuration><skip>true</skip></configuration>'))), []);
    assert.deepStrictEqual(declared('inventory/pom.xml', pom(jib('', 'org.example'))), []);
    assert.deepStrictEqual(declared('integration-tests/pom.xml', pom(jib())), []);
    assert.deepStrictEqual(declared('e2e/runner/pom.xml', pom(jib())), []);
    assert.deepStrictEqual(scan('pom.xml', pom(jib())).services.map((s) => s.root), [true], 'the root module is the monolith');
    // a parent whose build (not only pluginManagement) runs Jib builds an image of each jar module
    const parent = `<project><groupId>org.acme</groupId><artifactId>store</artifactId><packaging>pom</packaging><build>${jib()}</build></project>\n`;
    const module = (name: string) => `<project>\n  <parent><groupId>org.acme</groupId><artifactId>store</artifactId></parent>\n  <artifactId>${name}</artifactId>\n</project>\n`;
    assert.deepStrictEqual(deployables({ 'pom.xml': parent, 'orders/pom.xml': module('orders'), 'billing/pom.xml': module('billing') }), ['billing@billing', 'orders@orders']);
  });

  test('Jib (Gradle): plugins { id }, apply plugin:, a catalog alias, subprojects { }; `apply false` and a library are not', () => {
    assert.deepStrictEqual(declared('svc/api/build.gradle', "plugins {\n  id 'com.google.cloud.tools.jib' version '3.4.3'\n}\n"), ['api@svc/api:jvm-app']);
    assert.deepStrictEqual(declared('svc/api/build.gradle.kts', 'plugins {\n  id("com.google.cloud.tools.jib")\n}\n'), ['api@svc/api:jvm-app']);
    assert.deepStrictEqual(declared('svc/api/build.gradle', "apply plugin: 'com.google.cloud.tools.jib'\n"), ['api@svc/api:jvm-app']);
    assert.deepStrictEqual(declared('svc/api/build.gradle.kts', 'plugins {\n  alias(libs.plugins.jib)\n}\n'), ['api@svc/api:jvm-app']);
    assert.deepStrictEqual(deployables({ 'build.gradle': "plugins {\n  id 'com.google.cloud.tools.jib' version '3.4.3' apply false\n}\n", 'lib/build.gradle': "plugins {\n  id 'java-library'\n}\n" }), []);
    assert.deepStrictEqual(deployables({ 'build.gradle': "subprojects {\n  apply plugin: 'com.google.cloud.tools.jib'\n}\n", 'orders/build.gradle': "plugins {\n  id 'java'\n}\n" }), ['orders@orders']);
    assert.deepStrictEqual(declared('src/test/fixtures/app/build.gradle', "apply plugin: 'com.google.cloud.tools.jib'\n"), []);
  });

  test('Quarkus and Micronaut applications (Maven and Gradle) are JVM applications as Spring Boot\'s are; their extension and library builds are not', () => {
    const pom = (group: string, artifact: string) => `<project><artifactId>x</artifactId><build><plugins><plugin><groupId>${group}</groupId><artifactId>${artifact}</artifactId></plugin></plugins></build></project>\n`;
    assert.deepStrictEqual(declared('orders/pom.xml', pom('io.quarkus.platform', 'quarkus-maven-plugin')), ['orders@orders:jvm-app']);
    assert.deepStrictEqual(declared('orders/pom.xml', pom('io.quarkus', 'quarkus-maven-plugin')), ['orders@orders:jvm-app']);
    assert.deepStrictEqual(declared('orders/pom.xml', pom('io.micronaut.maven', 'micronaut-maven-plugin')), ['orders@orders:jvm-app']);
    assert.deepStrictEqual(scan('orders/pom.xml', pom('io.quarkus', 'quarkus-maven-plugin')).services[0].range, rangeOf(pom('io.quarkus', 'quarkus-maven-plugin'), 'quarkus-maven-plugin'));
    assert.deepStrictEqual(declared('orders/pom.xml', pom('io.quarkus', 'quarkus-extension-maven-plugin')), [], 'a Quarkus extension is a library');
    assert.deepStrictEqual(declared('orders/pom.xml', pom('org.example', 'quarkus-maven-plugin')), [], "another group's plugin of that name");
    assert.deepStrictEqual(declared('svc/orders/build.gradle.kts', 'plugins {\n  id("io.quarkus")\n}\n'), ['orders@svc/orders:jvm-app']);
    assert.deepStrictEqual(declared('svc/orders/build.gradle', "plugins {\n  id 'io.micronaut.application' version '4.4.2'\n}\n"), ['orders@svc/orders:jvm-app']);
    assert.deepStrictEqual(declared('svc/orders/build.gradle.kts', 'plugins {\n  alias(libs.plugins.micronaut.application)\n}\n'), ['orders@svc/orders:jvm-app']);
    // (a subproject's script is an application only under a build that applies one to it: the whole build decides)
    assert.deepStrictEqual(deployables({ 'build.gradle': "plugins {\n  id 'java'\n}\n", 'svc/orders/build.gradle.kts': 'plugins {\n  id("io.quarkus.extension")\n}\n' }), []);
    assert.deepStrictEqual(deployables({ 'build.gradle': "plugins {\n  id 'java'\n}\n", 'svc/orders/build.gradle': "plugins {\n  id 'io.micronaut.library'\n}\n" }), []);
    assert.deepStrictEqual(deployables({ 'build.gradle': "plugins {\n  id 'java'\n}\n", 'svc/orders/build.gradle': "plugins {\n  id 'io.micronaut.application'\n}\n" }), ['orders@svc/orders']);
    // a plugin in a block comment is not applied; one after a URL in a string is
    assert.deepStrictEqual(deployables({ 'build.gradle': "plugins {\n  id 'java'\n}\n", 'svc/orders/build.gradle': "plugins {\n  /* id 'io.quarkus'\n  id 'org.springframework.boot' */\n  id 'java'\n}\n" }), []);
    assert.deepStrictEqual(declared('svc/orders/build.gradle', "def u = 'https://x.example' ; plugins { id 'io.quarkus' }\n"), ['orders@svc/orders:jvm-app']);
    assert.strictEqual(gradleLanguage("plugins {\n  /* kotlin(\"jvm\") */\n  id 'java'\n}\n"), 'java');
  });

  test('.NET SDK container publishing: EnableSdkContainerSupport, ContainerRepository, ContainerImageName, the DefaultContainer profile; on the property\'s value', () => {
    const project = (props: string, sdk = 'Microsoft.NET.Sdk') => `<Project Sdk="${sdk}">\n  <PropertyGroup>\n    ${props}\n  </PropertyGroup>\n</Project>\n`;
    const enabled = project('<EnableSdkContainerSupport>true</EnableSdkContainerSupport>');
    assert.deepStrictEqual(declared('src/Orders.Jobs/Orders.Jobs.csproj', enabled), ['Orders.Jobs@src/Orders.Jobs:dotnet']);
    assert.deepStrictEqual(scan('src/Orders.Jobs/Orders.Jobs.csproj', enabled).services[0].range, rangeOf(enabled, 'true'));
    const repository = project('<ContainerRepository>acme/orders</ContainerRepository>');
    assert.deepStrictEqual(scan('src/Orders.Jobs/Orders.Jobs.csproj', repository).services.map((s) => s.range), [rangeOf(repository, 'acme/orders')]);
    assert.deepStrictEqual(declared('src/Orders.Jobs/Orders.Jobs.csproj', project('<ContainerImageName>orders</ContainerImageName>')), ['Orders.Jobs@src/Orders.Jobs:dotnet']);
    assert.deepStrictEqual(declared('src/Orders.Jobs/Orders.Jobs.csproj', project('<IsPublishable>true</IsPublishable><PublishProfile>DefaultContainer</PublishProfile>')), ['Orders.Jobs@src/Orders.Jobs:dotnet']);
    assert.deepStrictEqual(declared('Orders.csproj', enabled), ['@.:dotnet'], 'at the root: the monolith');
    // not a container: switched off, another publish profile, a library, a test project
    assert.deepStrictEqual(declared('src/Orders.Jobs/Orders.Jobs.csproj', project('<EnableSdkContainerSupport>false</EnableSdkContainerSupport>')), []);
    assert.deepStrictEqual(declared('src/Orders.Jobs/Orders.Jobs.csproj', project('<PublishProfile>FolderProfile</PublishProfile>')), []);
    assert.deepStrictEqual(declared('src/Orders.Domain/Orders.Domain.csproj', project('<IsPublishable>false</IsPublishable>')), []);
    assert.deepStrictEqual(declared('src/Orders.Api.Tests/Orders.Api.Tests.csproj', enabled), []);
    // a Web project that also publishes a container is the one deployable it was, on its SDK
    const web = project('<ContainerRepository>acme/api</ContainerRepository>', 'Microsoft.NET.Sdk.Web');
    assert.deepStrictEqual(scan('src/Api/Api.csproj', web).services.map((s) => s.range), [rangeOf(web, 'Microsoft.NET.Sdk.Web')]);
  });

  test('ko: each build of .ko.yaml is a deployable at its main package (relative to dir), named by its folder; a test harness\'s is not', () => {
    const ko = 'builds:\n  - id: api\n    main: ./cmd/api\n  - id: jobs\n    dir: ./services\n    main: ./jobs/cmd/runner\n  - id: same\n    main: ./cmd/api/main.go\n  - id: remote\n    main: github.com/acme/other/cmd/x\n';
    assert.deepStrictEqual(declared('.ko.yaml', ko), ['api@cmd/api:go-image', 'runner@services/jobs/cmd/runner:go-image']);
    assert.deepStrictEqual(scan('.ko.yaml', ko).services[0].range, rangeOf(ko, './cmd/api'));
    assert.deepStrictEqual(declared('deploy/.ko.yaml', 'builds:\n  - main: ../cmd/api\n'), ['api@cmd/api:go-image'], 'relative to the file\'s folder');
    assert.deepStrictEqual(scan('.ko.yaml', 'builds:\n  - main: .\n').services.map((s) => s.root), [true], 'the root package is the monolith');
    assert.deepStrictEqual(declared('test/e2e/.ko.yaml', 'builds:\n  - main: ./fake\n'), []);
    assert.deepStrictEqual(declared('.ko.yaml', 'builds:\n  - main: ./testdata/server\n'), []);
    assert.strictEqual(scanScaffolding('ko.yaml', 'builds:\n  - main: ./cmd/api\n', ctx), undefined, 'only .ko.yaml is ko\'s file');
  });

  test('goreleaser: the builds dockers, dockers_v2 and kos package are deployables; a build released only as archives is not; no builds is the default build of the folder', () => {
    const builds = 'builds:\n  - id: api\n    main: ./cmd/api\n  - id: ctl\n    main: ./cmd/ctl\n  - id: worker\n    dir: cmd/worker\n';
    assert.deepStrictEqual(declared('.goreleaser.yaml', `${builds}archives:\n  - ids: [ctl]\n`), []);
    assert.deepStrictEqual(declared('.goreleaser.yaml', `${builds}dockers:\n  - ids: [api]\n    image_templates: [x]\n`), ['api@cmd/api:go-image']);
    assert.deepStrictEqual(declared('.goreleaser.yml', `${builds}dockers_v2:\n  - ids:\n      - worker\n`), ['worker@cmd/worker:go-image']);
    assert.deepStrictEqual(declared('.goreleaser.yaml', `${builds}kos:\n  - build: ctl\n`), ['ctl@cmd/ctl:go-image']);
    assert.deepStrictEqual(declared('.goreleaser.yaml', `${builds}dockers:\n  - image_templates: [x]\n`), ['api@cmd/api:go-image', 'ctl@cmd/ctl:go-image', 'worker@cmd/worker:go-image'], 'no ids: every build');
    assert.deepStrictEqual(declared('.goreleaser.yaml', 'kos:\n  - main: ./cmd/scheduler\n'), ['scheduler@cmd/scheduler:go-image'], 'a ko entry with its own main');
    assert.deepStrictEqual(declared('.goreleaser.yaml', `${builds.replace('./cmd/ctl', './cmd/ctl\n    skip: true')}dockers:\n  - image_templates: [x]\n`), ['api@cmd/api:go-image', 'worker@cmd/worker:go-image'], 'a skipped build builds nothing');
    assert.deepStrictEqual(declared('.goreleaser.yaml', `${builds}dockers:\n  - ids: [api]\n    skip: true\n`), []);
    assert.deepStrictEqual(scan('.goreleaser.yaml', 'dockers:\n  - image_templates: [x]\n').services.map((s) => s.root), [true], 'the default build is the folder\'s package');
    assert.deepStrictEqual(declared('.goreleaser.yaml', 'project_name: fleet\nbuilds:\n  - main: ./cmd/fleet\ndockers:\n  - ids: [fleet]\n'), ['fleet@cmd/fleet:go-image'], 'a build without an id has the project\'s name');
  });

  test('a signed exception covers an image built without a Dockerfile, as it covers a Dockerfile\'s service', () => {
    const reasons = '## The product capability this enables\nNightly invoices.\n## Why the approved stack cannot deliver it\nThe api cannot run jobs.\n';
    const exception = (id: string, subject: string) => `---\nid: ${id}\nrule: new-service\nsubject: ${subject}\nstatus: approved\nrequested-by: Sam Lee <sam@acme.example>\nrequested-on: 2026-11-01\napproved-by: Dana Reyes\napproved-on: 2026-11-02\n---\n# Exception request: ${subject}\n${reasons}`;
    const files = {
      'techpolicy.json': JSON.stringify({ approvers: [{ name: 'Dana Reyes' }], services: { api: { path: 'cmd/api' } } }),
      '.goreleaser.yaml': 'builds:\n  - id: api\n    main: ./cmd/api\n  - id: scheduler\n    main: ./cmd/scheduler\ndockers:\n  - image_templates: [x]\n',
      'billing/pom.xml': '<project><artifactId>billing</artifactId><build><plugins><plugin><groupId>com.google.cloud.tools</groupId><artifactId>jib-maven-plugin</artifactId></plugin></plugins></build></project>\n',
      'src/Jobs/Jobs.csproj': '<Project Sdk="Microsoft.NET.Sdk"><PropertyGroup><EnableSdkContainerSupport>true</EnableSdkContainerSupport></PropertyGroup></Project>\n',
    };
    const bare = workspace(files);
    // on the plugin's artifactId and the property's value (one-line files: the column is the offset + 1)
    const column = (rel: keyof typeof files, text: string) => files[rel].indexOf(text) + 1;
    const jobs = `src/Jobs/Jobs.csproj:1:${column('src/Jobs/Jobs.csproj', 'true')} new-service Jobs`;
    assert.deepStrictEqual(summarize(loadFixture(bare).check(), bare).sort(), ['.goreleaser.yaml:5:11 new-service scheduler', `billing/pom.xml:1:${column('billing/pom.xml', 'jib-maven-plugin')} new-service billing`, jobs]);
    const covered = workspace({ ...files, 'docs/policy-exceptions/EX-0001-scheduler.md': exception('EX-0001', 'scheduler'), 'docs/policy-exceptions/EX-0002-billing.md': exception('EX-0002', 'billing') });
    assert.deepStrictEqual(summarize(loadFixture(covered).check(), covered), [jobs]);
  });

  test('a Go binary with its own Dockerfile and a goreleaser or ko image is one service: one name, one place', () => {
    assert.deepStrictEqual(
      deployables({
        'cmd/worker/Dockerfile': 'FROM gcr.io/distroless/static\nCOPY worker /worker\n',
        '.goreleaser.yaml': 'builds:\n  - id: worker\n    main: ./cmd/worker\ndockers_v2:\n  - ids: [worker]\n    dockerfile: cmd/worker/Dockerfile\n',
        '.ko.yaml': 'builds:\n  - main: ./cmd/worker\n',
      }),
      ['worker@cmd/worker', 'worker@cmd/worker', 'worker@cmd/worker'],
    );
  });
});
