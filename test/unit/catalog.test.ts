import * as assert from 'assert';
import { spawnSync } from 'child_process';
import * as path from 'path';
import { type Ecosystem, ECOSYSTEM_FIELDS, ECOSYSTEMS, normalizePackageName } from '../../server/src/core/catalog/ecosystems';
import { BUILTIN_CATALOG, normalizeImage, TechnologyIndex } from '../../server/src/core/catalog/technologies';
import { REPO_ROOT } from '../support/fixtures';

suite('catalog: the built-in technologies and the matcher', () => {
  const index = new TechnologyIndex({ technologies: {} });
  const id = (pkg: string) => index.matchPackage(pkg)?.id;

  test('the catalog is big, well-formed and spans the categories of the spec', () => {
    const techs = BUILTIN_CATALOG.technologies;
    assert.ok(techs.length >= 150, `${techs.length} technologies`);
    const ids = new Set<string>();
    for (const t of techs) {
      assert.match(t.id, /^[a-z0-9]+$/, t.id);
      assert.ok(!ids.has(t.id), `duplicate ${t.id}`);
      ids.add(t.id);
      assert.ok(BUILTIN_CATALOG.categories.some((c) => c.id === t.category), `${t.id}: unknown category ${t.category}`);
    }
    const packages = techs.flatMap((t) => t.packages);
    assert.strictEqual(new Set(packages).size, packages.length, 'a package belongs to one technology');
    for (const c of ['web-framework', 'frontend-framework', 'meta-framework', 'data-access', 'state-management', 'styling', 'test-runner', 'bundler', 'api-style', 'messaging', 'datastore']) {
      assert.ok(techs.filter((t) => t.category === c).length >= 3, `category ${c}`);
    }
  });

  test('every ecosystem: one technology per package name, and at least 150 technologies with names outside npm', () => {
    const outside = BUILTIN_CATALOG.technologies.filter((t) => ECOSYSTEMS.some((e) => e !== 'npm' && (t[ECOSYSTEM_FIELDS[e] as keyof typeof t] as string[] | undefined)?.length));
    assert.ok(outside.length >= 150, `${outside.length} technologies outside npm`);
    for (const e of ECOSYSTEMS) {
      const names = BUILTIN_CATALOG.technologies.flatMap((t) => ((t[ECOSYSTEM_FIELDS[e] as keyof typeof t] as string[] | undefined) ?? []).map((n) => normalizePackageName(e, n)));
      const seen = new Set<string>();
      for (const n of names) {
        assert.ok(!seen.has(n), `${e}: ${n} belongs to two technologies`);
        seen.add(n);
      }
    }
  });

  test('frameworks, jobs, ORMs and drivers of every ecosystem map to one technology each (postgres is postgres through pg, psycopg, pgx or Npgsql)', () => {
    const m = (e: Ecosystem, name: string) => index.matchDependency(e, name)?.id;
    const table: Array<[Ecosystem, string, string | undefined]> = [
      ['rubygems', 'rails', 'rails'], ['rubygems', 'sinatra', 'sinatra'], ['rubygems', 'sidekiq', 'sidekiq'], ['rubygems', 'turbo-rails', 'hotwire'], ['rubygems', 'pg', 'postgres'], ['rubygems', 'mongoid', 'mongodb'], ['rubygems', 'rspec-rails', 'rspec'],
      ['pypi', 'Django', 'django'], ['pypi', 'django', 'django'], ['pypi', 'Flask', 'flask'], ['pypi', 'fastapi', 'fastapi'], ['pypi', 'celery', 'celery'], ['pypi', 'SQLAlchemy', 'sqlalchemy'], ['pypi', 'psycopg2_binary', 'postgres'], ['pypi', 'asyncpg', 'postgres'], ['pypi', 'pymongo', 'mongodb'], ['pypi', 'motor', 'mongodb'], ['pypi', 'confluent-kafka', 'kafka'], ['pypi', 'kafka-python', 'kafka'], ['pypi', 'redis', 'redis'],
      ['go', 'github.com/gin-gonic/gin', 'gin'], ['go', 'github.com/labstack/echo/v4', 'echo'], ['go', 'github.com/jackc/pgx/v5', 'postgres'], ['go', 'github.com/lib/pq', 'postgres'], ['go', 'github.com/redis/go-redis/v9', 'redis'], ['go', 'github.com/IBM/sarama', 'kafka'], ['go', 'github.com/twmb/franz-go', 'kafka'], ['go', 'go.mongodb.org/mongo-driver', 'mongodb'], ['go', 'gorm.io/gorm', 'gorm'],
      ['maven', 'org.springframework.boot:spring-boot-starter-web', 'springboot'], ['maven', 'org.springframework.boot:spring-boot-starter-parent', 'springboot'], ['maven', 'org.springframework.boot:org.springframework.boot.gradle.plugin', 'springboot'], ['maven', 'org.springframework.boot:spring-boot-starter-data-redis', 'redis'], ['maven', 'org.springframework.kafka:spring-kafka', 'kafka'], ['maven', 'org.postgresql:postgresql', 'postgres'], ['maven', 'io.lettuce:lettuce-core', 'redis'], ['maven', 'redis.clients:jedis', 'redis'], ['maven', 'io.quarkus:quarkus-resteasy', 'quarkus'], ['maven', 'io.ktor:ktor-server-core', 'ktor'], ['maven', 'io.ktor:ktor-client-core', undefined],
      ['cargo', 'actix-web', 'actixweb'], ['cargo', 'axum', 'axum'], ['cargo', 'sqlx', 'sqlx'], ['cargo', 'diesel', 'diesel'], ['cargo', 'sea_orm', 'seaorm'], ['cargo', 'rdkafka', 'kafka'], ['cargo', 'tokio-postgres', 'postgres'],
      ['packagist', 'laravel/framework', 'laravel'], ['packagist', 'laravel/horizon', 'laravelhorizon'], ['packagist', 'symfony/framework-bundle', 'symfony'], ['packagist', 'livewire/livewire', 'livewire'], ['packagist', 'doctrine/orm', 'doctrine'], ['packagist', 'predis/predis', 'redis'],
      ['nuget', 'Microsoft.NET.Sdk.Web', 'aspnetcore'], ['nuget', 'Npgsql', 'postgres'], ['nuget', 'npgsql.entityframeworkcore.postgresql', 'postgres'], ['nuget', 'StackExchange.Redis', 'redis'], ['nuget', 'Confluent.Kafka', 'kafka'], ['nuget', 'Hangfire.AspNetCore', 'hangfire'], ['nuget', 'Microsoft.EntityFrameworkCore', 'entityframework'],
      ['hex', 'phoenix', 'phoenix'], ['hex', 'ecto_sql', 'ecto'], ['hex', 'postgrex', 'postgres'], ['hex', 'oban', 'oban'], ['hex', 'phoenix_live_view', 'phoenixliveview'],
      ['swift', 'vapor', 'vapor'], ['swift', 'Vapor', 'vapor'], ['swift', 'hummingbird', 'hummingbird'], ['swift', 'kitura', 'kitura'], ['swift', 'postgres-nio', 'postgres'], ['swift', 'fluent-postgres-driver', 'postgres'], ['swift', 'grpc-swift', 'grpc'], ['swift', 'realm-swift', 'realm'], ['swift', 'swift-log', undefined],
    ];
    for (const [e, name, tech] of table) assert.strictEqual(m(e, name), tech, `${e} ${name}`);
    // a Scala artifact is the same library whatever Scala it was built for: sbt's %% writes the base name, a pom the suffixed one
    for (const artifact of ['akka-http', 'akka-http_2.12', 'akka-http_2.13', 'akka-http_3', 'akka-http_sjs1_2.13', 'akka-http_native0.4_3', 'akka-http_2.13.12']) assert.strictEqual(m('maven', `com.typesafe.akka:${artifact}`), 'akkahttp', artifact);
    for (const name of ['com.typesafe.play:play', 'com.typesafe.play:play_2.13', 'org.playframework:play_3', 'org.playframework:sbt-plugin', 'com.typesafe.play:play-server']) assert.strictEqual(m('maven', name), 'playframework', name);
    for (const name of ['org.http4s:http4s-ember-server', 'org.http4s:http4s-dsl_3']) assert.strictEqual(m('maven', name), 'http4s', name);
    // a suffix is a Scala version only at the end of the artifact: duckdb_jdbc stays itself
    assert.strictEqual(m('maven', 'org.duckdb:duckdb_jdbc'), 'duckdb');
    // plain libraries stay plain
    for (const [e, name] of [['pypi', 'requests'], ['pypi', 'httpx'], ['rubygems', 'nokogiri'], ['go', 'github.com/sirupsen/logrus'], ['go', 'github.com/stretchr/testify'], ['maven', 'com.google.guava:guava'], ['cargo', 'serde'], ['packagist', 'guzzlehttp/guzzle'], ['nuget', 'Newtonsoft.Json'], ['hex', 'jason']] as Array<[Ecosystem, string]>) {
      assert.strictEqual(m(e, name), undefined, `${e} ${name} is a plain library`);
    }
  });

  test('technologies real repositories used that the catalog missed (issue 8), by package and by image', () => {
    const image = (ref: string) => index.matchImage(ref)?.id;
    assert.deepStrictEqual(['@react-router/dev', '@hocuspocus/server', 'yjs', 'y-websocket', 'nativewind'].map(id), ['reactrouter', 'hocuspocus', 'yjs', 'yjs', 'nativewind']);
    const images = {
      'nginx:1.27-alpine': 'nginx', 'traefik:v3.0': 'traefik', 'caddy:2': 'caddy', 'envoyproxy/envoy:v1.30-latest': 'envoy', 'haproxy:2.9': 'haproxy',
      'prom/prometheus:v2.52.0': 'prometheus', 'grafana/grafana:11.0.0': 'grafana', 'grafana/loki:3.0.0': 'loki', 'jaegertracing/all-in-one:1.57': 'jaeger',
      'otel/opentelemetry-collector-contrib:0.101.0': 'otelcollector', 'fluent/fluentd:v1.17': 'fluentd', 'fluent/fluent-bit:3.0': 'fluentbit',
      'docker.elastic.co/logstash/logstash:8.13.4': 'logstash', 'docker.elastic.co/kibana/kibana:8.13.4': 'kibana', 'minio/minio:latest': 'minio',
      'localstack/localstack:3': 'localstack', 'mailhog/mailhog': 'mailhog', 'axllent/mailpit:v1.18': 'mailpit',
    };
    for (const [ref, tech] of Object.entries(images)) assert.strictEqual(image(ref), tech, ref);
    // plain libraries stay plain
    assert.strictEqual(id('react-router-dom'), undefined);
  });

  test('frameworks map to their technology id, scoped packages by pattern', () => {
    assert.strictEqual(id('express'), 'express');
    assert.strictEqual(id('fastify'), 'fastify');
    assert.strictEqual(id('@nestjs/core'), 'nestjs');
    assert.strictEqual(id('@nestjs/common'), 'nestjs');
    assert.strictEqual(id('next'), 'nextjs');
    assert.strictEqual(id('react-dom'), 'react');
    assert.strictEqual(id('vue'), 'vue');
    assert.strictEqual(id('@angular/core'), 'angular');
    assert.strictEqual(id('prisma'), 'prisma');
    assert.strictEqual(id('@prisma/client'), 'prisma');
    assert.strictEqual(id('graphql'), 'graphql');
    assert.strictEqual(id('@trpc/server'), 'trpc');
    assert.strictEqual(id('socket.io'), 'socketio');
    assert.strictEqual(id('vitest'), 'vitest');
  });

  test('drivers map to the technology they bring in', () => {
    assert.strictEqual(id('pg'), 'postgres');
    assert.strictEqual(id('ioredis'), 'redis');
    assert.strictEqual(id('mongoose'), 'mongodb');
    assert.strictEqual(id('kafkajs'), 'kafka');
    assert.strictEqual(id('amqplib'), 'rabbitmq');
    assert.strictEqual(id('mysql2'), 'mysql');
    assert.strictEqual(id('ts-jest'), 'jest', 'ts-jest is part of jest');
  });

  test('plain libraries and tooling are not technologies', () => {
    for (const pkg of ['lodash', 'axios', 'zod', 'date-fns', 'uuid', 'helmet', 'cors', 'nodemon', '@types/express', '@types/react', 'eslint', 'eslint-plugin-react', '@typescript-eslint/parser', 'prettier', 'typescript', 'dotenv', 'react-router-dom', '@testing-library/react', 'supertest', 'ws', '@babel/core']) {
      assert.strictEqual(id(pkg), undefined, pkg);
    }
  });

  test('container images: registry, library/ and tag are ignored', () => {
    assert.strictEqual(normalizeImage('postgres:16-alpine'), 'postgres');
    assert.strictEqual(normalizeImage('docker.io/library/redis:7@sha256:abc'), 'redis');
    assert.strictEqual(normalizeImage('localhost:5000/team/api:1.2'), 'localhost:5000/team/api');
    assert.strictEqual(index.matchImage('postgres:16')?.id, 'postgres');
    assert.strictEqual(index.matchImage('confluentinc/cp-kafka:7.6.0')?.id, 'kafka');
    assert.strictEqual(index.matchImage('bitnami/redis:latest')?.id, 'redis');
    assert.strictEqual(index.matchImage('mirror.acme.example/bitnami/postgresql:16')?.id, 'postgres');
    assert.strictEqual(index.matchImage('acme/billing:1.0'), undefined);
  });

  test('the policy adds technologies, overrides packages, and accepts aliases', () => {
    const policyIndex = new TechnologyIndex({
      technologies: {
        'acme-ui': { ring: 'adopt', packages: ['@acme/ui', '@acme/ui-*'], category: 'styling' },
        postgresql: { ring: 'adopt' },
        moment: { ring: 'hold', note: 'Use date-fns.' },
        express: { ring: 'trial', packages: ['express', '@acme/express-kit'] },
      },
    });
    assert.strictEqual(policyIndex.matchPackage('@acme/ui-buttons')?.id, 'acme-ui');
    assert.strictEqual(policyIndex.matchPackage('@acme/ui-buttons')?.categoryLabel, BUILTIN_CATALOG.categories.find((c) => c.id === 'styling')!.label);
    assert.strictEqual(policyIndex.matchPackage('pg')?.ring, 'adopt', 'postgresql is an alias of postgres');
    assert.strictEqual(policyIndex.matchPackage('moment')?.ring, 'hold', 'an unknown id names its own package');
    assert.strictEqual(policyIndex.matchPackage('@acme/express-kit')?.id, 'express');
    assert.strictEqual(policyIndex.matchPackage('express')?.ring, 'trial');
    assert.deepStrictEqual(policyIndex.approvedIn('web-framework').map((t) => t.name), ['Express']);
  });
});

suite('catalog: the file people review', () => {
  test('catalog.json is in its reviewed layout (one entry per line; npm run format:catalog rewrites it)', () => {
    const r = spawnSync(process.execPath, [path.join(REPO_ROOT, 'scripts', 'format-catalog.mjs'), '--check'], { encoding: 'utf8' });
    assert.strictEqual(r.status, 0, r.stderr);
  });
});
