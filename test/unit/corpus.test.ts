/**
 * The corpus report on issue 19 (27 public repositories), rule by rule: each general rule on
 * varied shapes of its own, not only the report's examples (the layouts run end to end in
 * test/unit/layouts.test.ts).
 */
import * as assert from 'assert';
import { BUILTIN_CATALOG, TechnologyIndex } from '../../server/src/core/catalog/technologies';
import { ECOSYSTEM_FIELDS, ECOSYSTEMS } from '../../server/src/core/catalog/ecosystems';
import { checkPackageJson, checkScaffolding, servesHttp } from '../../server/src/core/rules';
import type { RuleContext } from '../../server/src/core/rules/context';
import { NO_HINTS } from '../../server/src/core/rules/services';
import { defaultPolicy } from '../../server/src/core/policy/defaults';
import type { Policy, TechnologyEntry } from '../../server/src/core/policy/types';
import { scanPackageJson } from '../../server/src/core/scan/packageJson';
import { scanScaffolding } from '../../server/src/core/scan/scaffolding';
import { TODAY } from '../support/fixtures';
import { createPolicyText } from '../../server/src/core/features/createPolicy';
import { parse } from 'jsonc-parser';

function context(technologies: Record<string, TechnologyEntry> = {}): RuleContext {
  const policy: Policy = { ...defaultPolicy(), technologies };
  return { folderUri: 'file:///ws', policy, technologies: new TechnologyIndex(policy), exceptions: [], today: TODAY, hints: NO_HINTS };
}

/** `rule subject «text under the squiggle»` for each finding of a manifest. */
function findings(rel: string, text: string, ctx: RuleContext): string[] {
  const uri = `file:///ws/${rel}`;
  const found = rel.endsWith('package.json') ? checkPackageJson(uri, scanPackageJson(text), ctx) : checkScaffolding(uri, scanScaffolding(rel, text, { imageCategory: (i) => ctx.technologies.matchImage(i)?.category })!, ctx);
  const lines = text.split('\n');
  return found.map((f) => `${f.rule} ${f.subject} «${lines[f.range.start.line].slice(f.range.start.character, f.range.end.character)}»`);
}

suite('corpus 1: a package is checked against every technology it belongs to', () => {
  const adopt = (...ids: string[]) => Object.fromEntries(ids.map((id) => [id, { ring: 'adopt' as const }]));

  test('a .NET Framework project: classic ASP.NET MVC and Web API are not ASP.NET Core; their SignalR is SignalR', () => {
    const config = '<?xml version="1.0" encoding="utf-8"?>\n<packages>\n  <package id="Microsoft.AspNet.Mvc" version="5.2.9" targetFramework="net48" />\n  <package id="Microsoft.AspNet.WebApi.Core" version="5.3.0" targetFramework="net48" />\n  <package id="Microsoft.AspNet.SignalR.Core" version="2.4.3" targetFramework="net48" />\n</packages>\n';
    assert.deepStrictEqual(findings('Legacy/packages.config', config, context(adopt('aspnetcore'))), [
      'new-technology aspnetmvc «Microsoft.AspNet.Mvc»',
      'new-technology aspnetmvc «Microsoft.AspNet.WebApi.Core»',
      'new-technology signalr «Microsoft.AspNet.SignalR.Core»',
    ]);
    assert.deepStrictEqual(findings('Legacy/packages.config', config, context(adopt('aspnetmvc', 'signalr'))), []);
  });

  test('approving the broad technology never silences the specific one (Spring Boot starters, Laravel packages, ASP.NET Core, the AWS SDKs, NestJS)', () => {
    const pom = '<project><dependencies>\n<dependency><groupId>org.springframework.boot</groupId><artifactId>spring-boot-starter-web</artifactId></dependency>\n<dependency><groupId>org.springframework.boot</groupId><artifactId>spring-boot-starter-data-cassandra</artifactId></dependency>\n<dependency><groupId>org.springframework.boot</groupId><artifactId>spring-boot-starter-quartz</artifactId></dependency>\n</dependencies></project>\n';
    assert.deepStrictEqual(findings('svc/pom.xml', pom, context(adopt('springboot'))), ['new-technology cassandra «spring-boot-starter-data-cassandra»', 'new-technology quartz «spring-boot-starter-quartz»']);
    const gradle = 'dependencies {\n  implementation("org.springframework.boot:spring-boot-starter-amqp")\n  implementation "org.springframework.boot:spring-boot-starter-security"\n}\n';
    assert.deepStrictEqual(findings('build.gradle.kts', gradle, context(adopt('springboot'))), ['new-technology rabbitmq «spring-boot-starter-amqp»', 'new-technology springsecurity «spring-boot-starter-security»']);
    const composer = '{ "require": { "laravel/framework": "^11", "laravel/reverb": "^1", "laravel/octane": "^2" } }';
    assert.deepStrictEqual(findings('composer.json', composer, context(adopt('laravel'))), ['new-technology laravelreverb «"laravel/reverb"»', 'new-technology laraveloctane «"laravel/octane"»']);
    const csproj = '<Project Sdk="Microsoft.NET.Sdk.Web">\n<ItemGroup><PackageReference Include="Microsoft.AspNetCore.SignalR.StackExchangeRedis" Version="8.0.0" /></ItemGroup>\n</Project>\n';
    assert.deepStrictEqual(findings('Api.csproj', csproj, context(adopt('aspnetcore', 'signalr'))), ['new-technology redis «Microsoft.AspNetCore.SignalR.StackExchangeRedis»']);
    const gomod = 'module x\n\nrequire (\n\tgithub.com/aws/aws-sdk-go-v2 v1.30.0\n\tgithub.com/aws/aws-sdk-go-v2/service/kinesis v1.29.0\n)\n';
    assert.deepStrictEqual(findings('go.mod', gomod, context(adopt('aws'))), ['new-technology kinesis «github.com/aws/aws-sdk-go-v2/service/kinesis»']);
    const pkg = '{ "dependencies": { "@nestjs/core": "10", "@nestjs/typeorm": "10", "@nestjs/bullmq": "10" } }';
    assert.deepStrictEqual(findings('package.json', pkg, context(adopt('nestjs'))), ['new-technology typeorm «"@nestjs/typeorm"»', 'new-technology bullmq «"@nestjs/bullmq"»']);
  });

  test('and approving the specific one never silences the broad one: a held Spring Boot is held in its Redis starter too', () => {
    const gradle = "dependencies {\n  implementation 'org.springframework.boot:spring-boot-starter-data-redis'\n}\n";
    assert.deepStrictEqual(findings('build.gradle', gradle, context({ redis: { ring: 'adopt' }, springboot: { ring: 'hold' } })), ['hold-technology springboot «spring-boot-starter-data-redis»']);
  });

  test('under an empty policy a starter is both technologies, on the same name; init approves both (the most specific first)', () => {
    const pkg = '{ "dependencies": { "@nestjs/graphql": "12" } }';
    assert.deepStrictEqual(findings('package.json', pkg, context()), ['new-technology graphql «"@nestjs/graphql"»', 'new-technology nestjs «"@nestjs/graphql"»']);
    const index = new TechnologyIndex({ technologies: {} });
    assert.deepStrictEqual(index.matchDependencies('maven', 'org.springframework.boot:spring-boot-starter-data-redis').map((t) => t.id), ['redis', 'springboot']);
    assert.strictEqual(index.matchDependency('maven', 'org.springframework.boot:spring-boot-starter-data-redis')?.id, 'redis', 'the most specific answers alone');
    assert.deepStrictEqual(index.matchDependencies('nuget', 'AWSSDK.DynamoDBv2').map((t) => t.id), ['dynamodb', 'aws']);
    // a message bus's transport is its broker too (eShopOnWeb's MassTransit.RabbitMQ)
    assert.deepStrictEqual(index.matchDependencies('nuget', 'MassTransit.RabbitMQ').map((t) => t.id), ['rabbitmq', 'masstransit']);
    assert.deepStrictEqual(index.matchDependencies('maven', 'com.google.guava:guava'), []);
  });

  test('the whole catalog: each name of a technology raises it whatever else the name belongs to, also with every other technology approved', () => {
    const all = Object.fromEntries(BUILTIN_CATALOG.technologies.map((t) => [t.id, { ring: 'adopt' as const }]));
    const index = new TechnologyIndex({ technologies: all });
    let checked = 0;
    for (const t of BUILTIN_CATALOG.technologies) {
      for (const eco of ECOSYSTEMS) {
        for (const name of (t as unknown as Record<string, string[] | undefined>)[ECOSYSTEM_FIELDS[eco]] ?? []) {
          const sample = name.replace(/\*/g, 'x');
          assert.ok(index.matchDependencies(eco, sample).some((x) => x.id === t.id), `${eco} ${name}: ${t.id} is among the technologies it is checked against`);
          checked++;
        }
      }
    }
    assert.ok(checked > 2000, `${checked} names checked`);
  });

  test('the policy\'s own names still come first, and the hover-facing order is stable', () => {
    const index = new TechnologyIndex({ technologies: { 'acme-nest': { ring: 'adopt', packages: ['@nestjs/acme-*'] }, springboot: { ring: 'adopt' } } });
    assert.deepStrictEqual(index.matchPackages('@nestjs/acme-auth').map((t) => t.id), ['acme-nest', 'nestjs']);
    assert.strictEqual(index.matchDependency('maven', 'org.springframework.boot:spring-boot-starter-data-mongodb')?.id, 'mongodb', 'a ring alone does not put a technology first');
  });
});

suite('corpus 6: init keeps new-language on where no language manifest exists yet', () => {
  test('a compose-only repository gets "languages": [], and its first go.mod or package.json is then flagged', () => {
    const compose = 'services:\n  prometheus:\n    image: prom/prometheus:v2.52.0\n';
    const text = createPolicyText({ packageJsons: [], scaffolding: [{ rel: 'docker-compose.yml', facts: scanScaffolding('docker-compose.yml', compose, { imageCategory: () => undefined })! }] }, TODAY);
    const policy = parse(text) as { languages?: string[] };
    assert.deepStrictEqual(policy.languages, []);
    const ctx = context();
    ctx.policy.languages = policy.languages;
    assert.deepStrictEqual(findings('exporter/go.mod', 'module example.com/exporter\n\ngo 1.22\n', ctx), ['new-language go «module example.com/exporter»']);
    assert.deepStrictEqual(findings('ui/package.json', '{ "name": "ui" }', ctx), ['new-language javascript «{ "name": "ui" }»']);
  });

  test('a repository with manifests lists their languages, as before', () => {
    const text = createPolicyText({ packageJsons: [{ rel: 'package.json', facts: scanPackageJson('{"name":"x"}') }], scaffolding: [] }, TODAY);
    assert.deepStrictEqual((parse(text) as { languages?: string[] }).languages, ['javascript', 'typescript']);
  });
});

suite('corpus noise N8: a library that uses a web framework\'s integrations is no app', () => {
  const index = new TechnologyIndex({ technologies: {} });
  const match = (pkg: string) => index.matchPackage(pkg);
  const pkg = (deps: Record<string, string>) => scanPackageJson(JSON.stringify({ name: '@acme/shared', scripts: { start: 'tsc --watch' }, dependencies: deps }));

  test('the framework\'s own package serves HTTP; an integration a pattern brings in does not', () => {
    assert.strictEqual(servesHttp(pkg({ '@nestjs/swagger': '7' }), match), false);
    assert.strictEqual(servesHttp(pkg({ '@nestjs/common': '10', '@nestjs/swagger': '7' }), match), false);
    assert.strictEqual(servesHttp(pkg({ '@fastify/cors': '9' }), match), false);
    assert.strictEqual(servesHttp(pkg({ '@nestjs/core': '10', '@nestjs/swagger': '7' }), match), true);
    assert.strictEqual(servesHttp(pkg({ fastify: '5' }), match), true);
    assert.strictEqual(servesHttp(pkg({ express: '4' }), match), true);
    assert.strictEqual(servesHttp(pkg({ '@remix-run/node': '2' }), match), true);
  });
});
