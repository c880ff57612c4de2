/**
 * Manifests of every ecosystem (test/fixtures/manifests): the dependencies each declares, at the
 * exact range of the name; half-typed variants keep what parses and say where the rest broke.
 */
import * as assert from 'assert';
import * as fs from 'fs';
import { scanScaffolding } from '../../server/src/core/scan/scaffolding';
import type { ScaffoldingFacts } from '../../server/src/core/scan/types';
import { fixturePath } from '../support/fixtures';

const ctx = { imageCategory: () => undefined };

function scan(rel: string, text = fs.readFileSync(fixturePath('manifests', rel), 'utf8')): ScaffoldingFacts {
  const facts = scanScaffolding(rel, text, ctx);
  assert.ok(facts, `${rel} is a manifest`);
  return facts;
}

/** `ecosystem name [section] «text at the range»` for each dependency. */
function deps(rel: string, text = fs.readFileSync(fixturePath('manifests', rel), 'utf8')): string[] {
  const lines = text.split('\n');
  return scan(rel, text).dependencies.map((d) => {
    assert.strictEqual(d.range.start.line, d.range.end.line, 'a name is on one line');
    const at = lines[d.range.start.line].slice(d.range.start.character, d.range.end.character);
    return `${d.ecosystem} ${d.name}${d.section ? ` [${d.section}]` : ''} «${at}»`;
  });
}

suite('manifests: the dependencies of every ecosystem, at the name', () => {
  test('Ruby: a Rails Gemfile with groups and platform blocks; a gemspec', () => {
    assert.deepStrictEqual(deps('rails/Gemfile'), [
      'rubygems rails «rails»',
      'rubygems sprockets-rails «sprockets-rails»',
      'rubygems pg «pg»',
      'rubygems puma «puma»',
      'rubygems importmap-rails «importmap-rails»',
      'rubygems turbo-rails «turbo-rails»',
      'rubygems stimulus-rails «stimulus-rails»',
      'rubygems jbuilder «jbuilder»',
      'rubygems redis «redis»',
      'rubygems sidekiq «sidekiq»',
      'rubygems devise «devise»',
      'rubygems bootsnap «bootsnap»',
      'rubygems debug [group development, test] «debug»',
      'rubygems rspec-rails [group development, test] «rspec-rails»',
      'rubygems web-console [group development] «web-console»',
      'rubygems activerecord-jdbcpostgresql-adapter «activerecord-jdbcpostgresql-adapter»',
      'rubygems capybara [group test] «capybara»',
      'rubygems selenium-webdriver [group test] «selenium-webdriver»',
    ]);
    assert.deepStrictEqual(deps('rails/acme_billing.gemspec'), ['rubygems rails «rails»', 'rubygems stripe «stripe»', 'rubygems rspec-rails [development] «rspec-rails»']);
  });

  test('Python: requirements with extras, markers, comments, -r, options and -e; Poetry and PEP 621 pyproject; Pipfile; setup.py and setup.cfg', () => {
    assert.deepStrictEqual(deps('django/requirements/base.txt'), [
      'pypi Django «Django»',
      'pypi psycopg «psycopg»',
      'pypi celery «celery»',
      'pypi djangorestframework «djangorestframework»',
      'pypi django-environ «django-environ»',
      'pypi requests «requests»',
    ]);
    assert.deepStrictEqual(deps('django/requirements/production.txt'), ['pypi gunicorn «gunicorn»', 'pypi sentry-sdk «sentry-sdk»', 'pypi django-tenants «django-tenants»']);
    assert.deepStrictEqual(deps('django/requirements.txt'), []);
    assert.deepStrictEqual(deps('poetry/pyproject.toml'), ['pypi fastapi «fastapi»', 'pypi SQLAlchemy «"SQLAlchemy"»', 'pypi asyncpg «asyncpg»', 'pypi pydantic «pydantic»', 'pypi pytest [group dev] «pytest»']);
    assert.deepStrictEqual(deps('pep621/pyproject.toml'), ['pypi Flask «Flask»', 'pypi redis «redis»', 'pypi pymongo «pymongo»', 'pypi rq [optional worker] «rq»', 'pypi pytest [group test] «pytest»', 'pypi ruff [dev] «ruff»']);
    assert.deepStrictEqual(deps('pipenv/Pipfile'), ['pypi tornado «tornado»', 'pypi aiokafka «aiokafka»', 'pypi pytest [dev] «pytest»']);
    assert.deepStrictEqual(deps('setuptools/setup.py'), ['pypi SQLAlchemy «SQLAlchemy»', 'pypi kafka-python «kafka-python»', 'pypi pytest [tests_require] «pytest»']);
    assert.deepStrictEqual(deps('setuptools/setup.cfg'), ['pypi pika «pika»', 'pypi boto3 «boto3»']);
  });

  test('Go: go.mod single and block requires, not indirect ones, not replace directives', () => {
    assert.deepStrictEqual(deps('go/go.mod'), [
      'go github.com/gin-gonic/gin «github.com/gin-gonic/gin»',
      'go github.com/jackc/pgx/v5 «github.com/jackc/pgx/v5»',
      'go github.com/redis/go-redis/v9 «github.com/redis/go-redis/v9»',
      'go github.com/stretchr/testify «github.com/stretchr/testify»',
    ]);
  });

  test('Java/Kotlin: a Spring Boot pom with a parent, plugins and exclusions; Gradle Kotlin and Groovy DSL; a version catalog', () => {
    assert.deepStrictEqual(deps('spring/pom.xml'), [
      'maven org.springframework.boot:spring-boot-starter-parent [parent] «spring-boot-starter-parent»',
      'maven org.springframework.boot:spring-boot-starter-web «spring-boot-starter-web»',
      'maven org.springframework.kafka:spring-kafka «spring-kafka»',
      'maven org.postgresql:postgresql [runtime] «postgresql»',
      'maven com.google.guava:guava «guava»',
      'maven org.springframework.boot:spring-boot-starter-test [test] «spring-boot-starter-test»',
      'maven org.springframework.boot:spring-boot-maven-plugin [plugin] «spring-boot-maven-plugin»',
    ]);
    assert.deepStrictEqual(deps('gradle/build.gradle.kts'), [
      'maven org.springframework.boot:org.springframework.boot.gradle.plugin [plugin] «org.springframework.boot»',
      'maven io.spring.dependency-management:io.spring.dependency-management.gradle.plugin [plugin] «io.spring.dependency-management»',
      'maven org.jetbrains.kotlin.jvm:org.jetbrains.kotlin.jvm.gradle.plugin [plugin] «jvm»',
      'maven org.springframework.boot:spring-boot-starter-webflux [implementation] «spring-boot-starter-webflux»',
      'maven software.amazon.awssdk:bom [implementation] «bom»',
      'maven org.postgresql:postgresql [runtimeOnly] «postgresql»',
      'maven io.lettuce:lettuce-core [implementation] «lettuce-core»',
      'maven org.junit.jupiter:junit-jupiter [testImplementation] «junit-jupiter»',
    ]);
    assert.deepStrictEqual(deps('gradle/build.gradle'), [
      'maven io.micronaut.application:io.micronaut.application.gradle.plugin [plugin] «io.micronaut.application»',
      'maven io.micronaut:micronaut-http-server-netty [implementation] «micronaut-http-server-netty»',
      'maven org.mongodb:mongodb-driver-sync [implementation] «mongodb-driver-sync»',
      'maven org.projectlombok:lombok [compileOnly] «lombok»',
    ]);
    assert.deepStrictEqual(deps('gradle/gradle/libs.versions.toml'), [
      'maven org.jooq:jooq [library jooq] «jooq»',
      'maven io.ktor:ktor-server-core [library ktor-server-core] «ktor-server-core»',
      'maven org.hibernate.orm:hibernate-core [library hibernate] «hibernate-core»',
      'maven org.apache.commons:commons-lang3 [library commons-lang] «commons-lang3»',
      'maven org.jlleitschuh.gradle.ktlint:org.jlleitschuh.gradle.ktlint.gradle.plugin [plugin ktlint] «org.jlleitschuh.gradle.ktlint»',
      'maven io.quarkus:io.quarkus.gradle.plugin [plugin quarkus] «io.quarkus»',
    ]);
  });

  test('Rust: a Cargo workspace: workspace, normal, dev and target-specific dependencies; a renamed crate is the crate it names', () => {
    assert.deepStrictEqual(deps('cargo/Cargo.toml'), [
      'cargo tokio [workspace.dependencies] «tokio»',
      'cargo serde [workspace.dependencies] «serde»',
      'cargo axum «axum»',
      'cargo sqlx «sqlx»',
      'cargo tokio-postgres «pg»',
      'cargo serde_json «serde_json»',
      'cargo mockall [dev-dependencies] «mockall»',
      'cargo rdkafka [target cfg(unix) dependencies] «rdkafka»',
    ]);
  });

  test('PHP: a Laravel composer.json, platform requirements skipped', () => {
    assert.deepStrictEqual(deps('laravel/composer.json'), [
      'packagist laravel/framework «"laravel/framework"»',
      'packagist laravel/horizon «"laravel/horizon"»',
      'packagist livewire/livewire «"livewire/livewire"»',
      'packagist predis/predis «"predis/predis"»',
      'packagist guzzlehttp/guzzle «"guzzlehttp/guzzle"»',
      'packagist phpunit/phpunit [require-dev] «"phpunit/phpunit"»',
      'packagist fakerphp/faker [require-dev] «"fakerphp/faker"»',
    ]);
  });

  test('.NET: an ASP.NET csproj (its SDK too) with central package management', () => {
    assert.deepStrictEqual(deps('dotnet/src/Shop.Web/Shop.Web.csproj'), [
      'nuget Microsoft.NET.Sdk.Web [sdk] «Microsoft.NET.Sdk.Web»',
      'nuget Npgsql.EntityFrameworkCore.PostgreSQL «Npgsql.EntityFrameworkCore.PostgreSQL»',
      'nuget StackExchange.Redis «StackExchange.Redis»',
      'nuget Serilog.AspNetCore «Serilog.AspNetCore»',
      'nuget Hangfire.AspNetCore «Hangfire.AspNetCore»',
    ]);
    assert.deepStrictEqual(deps('dotnet/Directory.Packages.props'), [
      'nuget Npgsql.EntityFrameworkCore.PostgreSQL [central version] «Npgsql.EntityFrameworkCore.PostgreSQL»',
      'nuget StackExchange.Redis [central version] «StackExchange.Redis»',
      'nuget Serilog.AspNetCore [central version] «Serilog.AspNetCore»',
    ]);
    assert.deepStrictEqual(scan('dotnet/Directory.Packages.props').languages, [], 'a build file of no one language');
  });

  test('.NET Framework: packages.config lists its packages on their ids (not a commented one); a .vbproj is Visual Basic', () => {
    assert.deepStrictEqual(deps('dotnet-framework/Shop.Legacy/packages.config'), [
      'nuget Microsoft.AspNet.Mvc «Microsoft.AspNet.Mvc»',
      'nuget EntityFramework «EntityFramework»',
      'nuget StackExchange.Redis «StackExchange.Redis»',
      'nuget NUnit [development] «NUnit»',
    ]);
    assert.deepStrictEqual(scan('dotnet-framework/Shop.Legacy/packages.config').languages, [], 'the project file says the language');
    assert.deepStrictEqual(deps('dotnet-framework/Shop.Legacy/Shop.Legacy.vbproj'), ['nuget Serilog «Serilog»']);
    assert.deepStrictEqual(
      scan('dotnet-framework/Shop.Legacy/Shop.Legacy.vbproj').languages.map((l) => l.language),
      ['vb'],
    );
    // any other root is no NuGet manifest (a config file of another tool with the same name)
    assert.deepStrictEqual(deps('other/packages.config', '<configuration><package id="Not.A.Package" /></configuration>'), []);
  });

  test('Elixir: the deps of a Phoenix mix.exs, not the commented template line, not other tuples', () => {
    assert.deepStrictEqual(deps('phoenix/mix.exs'), [
      'hex phoenix «phoenix»',
      'hex phoenix_ecto «phoenix_ecto»',
      'hex ecto_sql «ecto_sql»',
      'hex postgrex «postgrex»',
      'hex phoenix_live_view «phoenix_live_view»',
      'hex oban «oban»',
      'hex jason «jason»',
      'hex bandit «bandit»',
    ]);
  });
});

suite('manifests: half-typed files keep what parses', () => {
  const cut = (rel: string, needle: string, typed: string) => {
    const text = fs.readFileSync(fixturePath('manifests', rel), 'utf8');
    const at = text.indexOf(needle);
    assert.ok(at >= 0, needle);
    return text.slice(0, at) + typed + text.slice(at + needle.length);
  };

  test('TOML (pyproject, Cargo, Pipfile, version catalog): the broken line is reported, the rest still yields its dependencies', () => {
    const text = cut('cargo/Cargo.toml', 'serde_json = "1"', 'serde_json = ');
    const facts = scan('cargo/Cargo.toml', text);
    assert.strictEqual(facts.problems.length, 1);
    assert.match(facts.problems[0].message, /^TOML syntax error: /);
    const names = facts.dependencies.map((d) => d.name);
    for (const crate of ['tokio', 'axum', 'sqlx', 'mockall', 'rdkafka']) assert.ok(names.includes(crate), `${crate} in ${names.join(', ')}`);
    const poetry = scan('poetry/pyproject.toml', cut('poetry/pyproject.toml', 'asyncpg = "^0.29"', 'asyncpg = "^0.'));
    assert.strictEqual(poetry.problems.length, 1);
    assert.ok(poetry.dependencies.some((d) => d.name === 'fastapi') && poetry.dependencies.some((d) => d.name === 'pydantic'));
    const pep = scan('pep621/pyproject.toml', cut('pep621/pyproject.toml', '  "pymongo[srv]>=4.6",\n]', '  "pymongo'));
    assert.strictEqual(pep.problems.length, 1);
    assert.ok(pep.dependencies.some((d) => d.name === 'rq'), 'the tables after the broken array still count');
  });

  test('XML (pom.xml, csproj): an unclosed element is a problem; the dependencies before and after it count', () => {
    const pom = scan('spring/pom.xml', cut('spring/pom.xml', '<artifactId>spring-kafka</artifactId>', '<artifactId>spring-kafka</artifact'));
    assert.strictEqual(pom.problems.length, 1);
    assert.match(pom.problems[0].message, /^XML syntax error: /);
    const names = pom.dependencies.map((d) => d.name);
    assert.ok(names.includes('org.springframework.boot:spring-boot-starter-web'), names.join(', '));
    const csproj = scan('dotnet/src/Shop.Web/Shop.Web.csproj', cut('dotnet/src/Shop.Web/Shop.Web.csproj', '<PackageReference Include="Hangfire.AspNetCore" Version="1.8.11" />', '<PackageReference Include="Hangf'));
    assert.strictEqual(csproj.problems.length, 1);
    assert.ok(csproj.dependencies.some((d) => d.name === 'StackExchange.Redis'));
  });

  test('line formats (Gemfile, requirements, go.mod, Gradle, mix.exs): a half-typed line is skipped, the others stay', () => {
    const gems = deps('rails/Gemfile', cut('rails/Gemfile', 'gem "devise"', 'gem "dev'));
    assert.ok(!gems.some((d) => d.includes('devise')) && gems.length === 17, gems.join('\n'));
    assert.ok(deps('go/go.mod', cut('go/go.mod', '\tgithub.com/stretchr/testify v1.9.0', '\tgithub.com/stretch')).every((d) => !d.includes('stretch')));
    assert.strictEqual(deps('go/go.mod', cut('go/go.mod', ')\n\nreplace', '\n\nreplace')).length, 4, 'an unclosed block still lists its modules, and the next directive ends it');
    assert.strictEqual(deps('gradle/build.gradle.kts', cut('gradle/build.gradle.kts', '"org.postgresql:postgresql:42.7.3")', '"org.postgres')).length, 7);
    assert.strictEqual(deps('phoenix/mix.exs', cut('phoenix/mix.exs', '{:bandit, "~> 1.2"}\n    ]\n  end', '{:ban')).length, 8);
    assert.ok(deps('django/requirements/base.txt', 'Django>=5.0\nfla').includes('pypi fla «fla»'), 'a name being typed is a name');
  });

  test('200,000 dependencies in one manifest of each ecosystem: the first 20,000 are read and the limit is said (a spread of them threw, said as nesting, with none read)', function () {
    // builds and scans eight 200,000-entry files (a few MB each): seconds on a busy machine, not mocha's default 2
    this.timeout(60000);
    const n = 200_000;
    const many = (line: (i: number) => string, sep = '\n') => Array.from({ length: n }, (_, i) => line(i)).join(sep);
    const files: Array<[string, string]> = [
      ['requirements.txt', many((i) => `pkg${i}==1.0`)],
      ['go.mod', `module x\n\nrequire (\n${many((i) => `\texample.com/m${i} v1.0.0`)}\n)\n`],
      ['Gemfile', many((i) => `gem "g${i}"`)],
      ['build.sbt', `libraryDependencies ++= Seq(${many((i) => `"g${i}" % "a${i}" % "1"`, ', ')})\n`],
      ['Package.swift', `let package = Package(name: "x", dependencies: [${many((i) => `.package(url: "https://example.com/p${i}.git", from: "1.0.0")`, ', ')}])\n`],
      ['composer.json', `{ "require": { ${many((i) => `"v/p${i}": "1"`, ', ')} } }`],
      ['pom.xml', `<project><dependencies>${many((i) => `<dependency><groupId>g</groupId><artifactId>a${i}</artifactId></dependency>`, '')}</dependencies></project>`],
      ['App.csproj', `<Project Sdk="Microsoft.NET.Sdk"><ItemGroup>${many((i) => `<PackageReference Include="P${i}" />`, '')}</ItemGroup></Project>`],
    ];
    for (const [rel, text] of files) {
      const facts = scan(rel, text);
      assert.strictEqual(facts.dependencies.length, 20_000, rel);
      assert.deepStrictEqual(
        facts.problems.map((p) => p.message),
        ['This file has more than 20,000 dependencies; only the first 20,000 are checked (no manifest has that many).'],
        rel,
      );
    }
  });

  test('never a throw: every manifest cut at every 7th character', function () {
    // some 1,500 scans of 13 manifests: well under a second, more on a busy 2-core machine
    this.timeout(30_000);
    for (const rel of ['rails/Gemfile', 'poetry/pyproject.toml', 'spring/pom.xml', 'gradle/build.gradle.kts', 'gradle/gradle/libs.versions.toml', 'cargo/Cargo.toml', 'laravel/composer.json', 'dotnet/src/Shop.Web/Shop.Web.csproj', 'phoenix/mix.exs', 'go/go.mod', 'setuptools/setup.py', 'setuptools/setup.cfg', 'pipenv/Pipfile']) {
      const text = fs.readFileSync(fixturePath('manifests', rel), 'utf8');
      // a setup.py cut before its setup( call is no packaging script any more: not a manifest, and no throw
      for (let i = 0; i <= text.length; i += 7) {
        if (rel.endsWith('setup.py')) scanScaffolding(rel, text.slice(0, i), ctx);
        else scan(rel, text.slice(0, i));
      }
    }
  });
});

suite('manifests: rules the generated corpora found (test/unit/corpus*.test.ts)', () => {
  test('Composer: a package name is lower-cased, as Composer\'s loader does, wherever its range is', () => {
    const text = '{"require": {"php": "^8.2", "Monolog\\/Monolog": "^3", "Laravel/Framework": "^11"}}';
    assert.deepStrictEqual(deps('composer.json', text), ['packagist monolog/monolog «"Monolog\\/Monolog"»', 'packagist laravel/framework «"Laravel/Framework"»']);
  });

  test('Elixir: comments, strings, heredocs and sigils are blanked first; a documented deps function is text, the real one is read', () => {
    const text = [
      'defmodule Lib.MixProject do',
      '  @moduledoc """',
      '      def deps do',
      '        [{:documented_dep, "~> 0.1"}]',
      '      end',
      '  """',
      '  @doc ~S(not {:in_sigil, "1"})',
      '  defp deps do',
      '    [',
      '      # {:commented, "1.0"},',
      '      {:jason, "~> 1.4", description: "a string with {:fake, \\"1\\"} and # no comment"},',
      '      {:postgrex_app, ">= 0.0.0", hex: :postgrex, only: [:dev, :test], runtime: false},',
      '      {:rustler, "~> 0.30", system_env: [{"X", "1"}], env: {:nested, :tuple}}',
      '    ]',
      '  end',
      'end',
    ].join('\n');
    assert.deepStrictEqual(deps('mix.exs', text), ['hex jason «jason»', 'hex postgrex «postgrex»', 'hex rustler «rustler»']);
  });

  test('Swift: each .package(…) of a Package.swift by its SwiftPM identity, on that text; not a local path, a comment or a string', () => {
    const text = [
      'let package = Package(',
      '    dependencies: [',
      '        // .package(url: "https://github.com/commented/out.git", from: "1.0.0"),',
      '        .package(url: "https://github.com/vapor/vapor.git", from: "4.89.0"),',
      '        .package(name: "Kitura", url: "git@github.com:Kitura/Kitura.git", "2.0.0"..<"3.0.0"),',
      '        .package(',
      '            url: "https://github.com/vapor/postgres-nio/",',
      '            .upToNextMajor(from: "1.0.0")),',
      '        .package(id: "apple.swift-nio", exact: "2.0.0"),',
      '        .package(path: "../Local"),',
      '    ]',
      ')',
      'let note = "// .package(url: \\"https://github.com/in/string.git\\", from: \\"1\\")"',
      '#if os(Linux)',
      'package.dependencies += [.package(url: "https://github.com/swift-server/async-http-client.git", branch: "main")]',
      '#endif',
      '',
    ].join('\n');
    assert.deepStrictEqual(deps('Package.swift', text), ['swift vapor «vapor»', 'swift kitura «Kitura»', 'swift postgres-nio «postgres-nio»', 'swift swift-nio «swift-nio»', 'swift async-http-client «async-http-client»']);
    assert.deepStrictEqual(scan('Package.swift', text).languages.map((l) => l.language), ['swift']);
  });

  test('Scala: module IDs of build.sbt, project/plugins.sbt and project/*.scala at the artifact; sections; no exclusion, comment or string; only build.sbt brings in Scala', () => {
    const text = [
      'val akkaOrg = "com.typesafe.akka"',
      '/* "com.old" %% "gone" % "1" /* nested */ "still" % "comment" % "x" */',
      'lazy val root = (project in file(".")).settings(',
      '  name := "shop // not a comment",',
      '  libraryDependencies ++= Seq(',
      '    akkaOrg %% "akka-http" % "10.5.3", // "commented" % "out" % "1"',
      '    "org.scalatest" %% "scalatest" % "3.2.17" % Test,',
      '    "org.scala-js" %%% "scalajs-dom" % "2.8.0" % "test",',
      '    ("com.x" % "y" % "1").exclude("no", "dep")',
      '  ),',
      '  dependencyOverrides += "com.fasterxml.jackson.core" % "jackson-databind" % "2.15.0",',
      '  excludeDependencies += "org.slf4j" % "slf4j-log4j12",',
      '  description := """uses "not" % "read" % "1" """',
      ')',
      '',
    ].join('\n');
    assert.deepStrictEqual(deps('build.sbt', text), [
      'maven com.typesafe.akka:akka-http «akka-http»',
      'maven org.scalatest:scalatest [test] «scalatest»',
      'maven org.scala-js:scalajs-dom [test] «scalajs-dom»',
      'maven com.x:y «y»',
      'maven com.fasterxml.jackson.core:jackson-databind [dependencyOverrides] «jackson-databind»',
    ]);
    assert.deepStrictEqual(deps('project/plugins.sbt', 'addSbtPlugin("com.typesafe.play" % "sbt-plugin" % "2.9.0")\n'), ['maven com.typesafe.play:sbt-plugin [plugin] «sbt-plugin»']);
    assert.deepStrictEqual(deps('project/Dependencies.scala', 'object Dependencies {\n  val http4s = "org.http4s" %% "http4s-dsl" % V.http4s\n}\n'), ['maven org.http4s:http4s-dsl «http4s-dsl»']);
    assert.deepStrictEqual(scan('build.sbt', text).languages.map((l) => l.language), ['scala']);
    assert.deepStrictEqual(scan('project/plugins.sbt', '').languages, []);
    assert.strictEqual(scanScaffolding('src/main/scala/App.scala', 'val x = "g" % "a" % "1"', ctx), undefined, 'a Scala source file is no build file');
  });

  test('Elixir: the one-line `def deps, do: [...]` and `defp deps()` forms', () => {
    assert.deepStrictEqual(deps('mix.exs', 'defmodule A do\n  def deps, do: [{:jason, "~> 1.0"}, {:plug, "~> 1.0"}]\n  def other, do: [{:no, "1"}]\nend\n'), ['hex jason «jason»', 'hex plug «plug»']);
    assert.deepStrictEqual(deps('mix.exs', 'defmodule A do\n  defp deps() do\n    [{:ecto, "~> 3.0"}]\n  end\nend\n'), ['hex ecto «ecto»']);
  });

  test('Maven: names as Maven reads them: CDATA unwrapped, character references decoded, a comment in the text left out, ${…} from the project', () => {
    const text = [
      '<project>',
      '  <parent><groupId>com.acme</groupId><artifactId>acme-parent</artifactId></parent>',
      '  <artifactId>shop</artifactId>',
      '  <properties><kafka.group>org.apache.kafka</kafka.group><client>kafka-clients</client></properties>',
      '  <dependencies>',
      '    <dependency><groupId>org.postgresql</groupId><artifactId><![CDATA[postgresql]]></artifactId></dependency>',
      '    <dependency><groupId>redis&#46;clients</groupId><artifactId>je&#x64;is</artifactId></dependency>',
      '    <dependency><groupId>io.lettuce</groupId><artifactId>lettuce-core<!-- 6.x --></artifactId></dependency>',
      '    <dependency><groupId>${project.groupId}</groupId><artifactId>shop-core</artifactId></dependency>',
      '    <dependency><groupId>${kafka.group}</groupId><artifactId>${client}</artifactId></dependency>',
      '    <dependency><groupId>${undefined.group}</groupId><artifactId>x</artifactId></dependency>',
      '  </dependencies>',
      '</project>',
    ].join('\n');
    assert.deepStrictEqual(deps('pom.xml', text), [
      'maven com.acme:acme-parent [parent] «acme-parent»',
      'maven org.postgresql:postgresql «postgresql»',
      'maven redis.clients:jedis «je&#x64;is»',
      'maven io.lettuce:lettuce-core «lettuce-core»',
      'maven com.acme:shop-core «shop-core»',
      'maven org.apache.kafka:kafka-clients «${client}»',
      'maven ${undefined.group}:x «x»',
    ]);
  });

  test('Gradle: comments blanked outside strings, statements cut at braces, any configuration inside dependencies { }, kotlin("…"), no core plugin', () => {
    const text = [
      'buildscript { dependencies { classpath "org.springframework.boot:spring-boot-gradle-plugin:3.3.0" } }',
      'plugins {',
      "    id 'java'",
      '    `java-library`',
      '    kotlin("plugin.spring") version "2.0.0"',
      '}',
      'val agent by configurations.creating',
      "jar { exclude '**/*.properties' }",
      'dependencies {',
      '    /* implementation("com.example:commented-out:1.0")',
      '       implementation("com.example:also-commented:1.0") */',
      '    implementation(/* pinned */ "io.lettuce:lettuce-core:6.3.2")',
      '    agent("io.opentelemetry.javaagent:opentelemetry-javaagent:2.4.0")',
      '    "jooqGenerator"("org.postgresql:postgresql:42.7.3")',
      '    implementation(kotlin("reflect"))',
      '    constraints { implementation("org.yaml:snakeyaml:2.2") }',
      '    println("not(\\"x:y:1\\")")',
      '}',
      'tasks.register("x") { doLast { println("implementation(\\"x:y:1\\")") } }',
    ].join('\n');
    assert.deepStrictEqual(deps('build.gradle.kts', text), [
      'maven org.springframework.boot:spring-boot-gradle-plugin [classpath] «spring-boot-gradle-plugin»',
      'maven org.jetbrains.kotlin.plugin.spring:org.jetbrains.kotlin.plugin.spring.gradle.plugin [plugin] «plugin.spring»',
      'maven io.lettuce:lettuce-core [implementation] «lettuce-core»',
      'maven io.opentelemetry.javaagent:opentelemetry-javaagent [agent] «opentelemetry-javaagent»',
      'maven org.postgresql:postgresql [jooqGenerator] «postgresql»',
      'maven org.jetbrains.kotlin:kotlin-reflect [implementation] «reflect»',
      'maven org.yaml:snakeyaml [implementation] «snakeyaml»',
    ]);
  });

  test('Gradle version catalog: a library however TOML writes it (dotted keys, a table of its own), each once', () => {
    const text = [
      '[libraries]',
      'jedis = "redis.clients:jedis:5.1.0"',
      'pg.module = "org.postgresql:postgresql"',
      'pg.version.ref = "pg"',
      'lettuce = { group = "io.lettuce", name = "lettuce-core", version = "6.3.2" }',
      '[libraries.kafka]',
      'module = "org.apache.kafka:kafka-clients"',
      'version = "3.7.0"',
      '[plugins]',
      'boot.id = "org.springframework.boot"',
      'boot.version = "3.3.0"',
    ].join('\n');
    assert.deepStrictEqual(deps('gradle/libs.versions.toml', text), [
      'maven redis.clients:jedis [library jedis] «jedis»',
      'maven org.postgresql:postgresql [library pg] «postgresql»',
      'maven io.lettuce:lettuce-core [library lettuce] «lettuce-core»',
      'maven org.apache.kafka:kafka-clients [library kafka] «kafka-clients»',
      'maven org.springframework.boot:org.springframework.boot.gradle.plugin [plugin boot] «org.springframework.boot»',
    ]);
  });

  test('Gradle: named arguments over several lines, in Groovy\'s map and in a Kotlin call', () => {
    const groovy = "dependencies {\n    implementation group: 'io.lettuce',\n                   name: 'lettuce-core',\n                   version: '6.3.2'\n    runtimeOnly group: 'org.postgresql'\n    testImplementation 'org.junit.jupiter:junit-jupiter:5.10.0'\n}\n";
    assert.deepStrictEqual(deps('build.gradle', groovy), ['maven io.lettuce:lettuce-core [implementation] «lettuce-core»', 'maven org.junit.jupiter:junit-jupiter [testImplementation] «junit-jupiter»']);
    const kotlin = 'dependencies {\n    implementation(\n        group = "io.lettuce",\n        name = "lettuce-core",\n        version = "6.3.2"\n    )\n    implementation(\n        "org.postgresql:postgresql:42.7.3"\n    )\n}\n';
    assert.deepStrictEqual(deps('build.gradle.kts', kotlin), ['maven io.lettuce:lettuce-core [implementation] «lettuce-core»', 'maven org.postgresql:postgresql [implementation] «postgresql»']);
  });

  test('Maven: ${…} that refer to each other stop: a cycle stays as written, a property that multiplies stops before it is longer than a name', () => {
    const cycle = '<project><properties><a>${b}</a><b>${a}</b></properties><dependencies><dependency><groupId>${a}</groupId><artifactId>x</artifactId></dependency></dependencies></project>';
    assert.deepStrictEqual(scan('pom.xml', cycle).dependencies.map((d) => d.name), ['${b}:x']);
    const big = 'x'.repeat(5000);
    const multiplying = `<project><properties><z>${big}</z><a>${'${z}'.repeat(2)}</a></properties><dependencies><dependency><groupId>g</groupId><artifactId>\${a}-\${a}</artifactId></dependency></dependencies></project>`;
    const facts = scan('pom.xml', multiplying);
    assert.deepStrictEqual(facts.dependencies.map((d) => d.name), ['g:${z}${z}-${z}${z}'], 'each ${z} would pass the limit: it stays as written');
  });
});
