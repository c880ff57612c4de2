/**
 * What each real-layout fixture (test/fixtures/layouts/<name>) is about, what `init` writes for it
 * on day one, and what `check` says after its change: one table for the unit, LSP and parity tests.
 */
export interface LayoutCase {
  /** What the fixture is about (the test's name). */
  title: string;
  /** The services `init` writes on day one: name → place(s). */
  services: Record<string, string | string[]>;
  /** `check` after the change, sorted. */
  after: string[];
}

export const LAYOUT_CASES: Record<string, LayoutCase> = {
  'generic-folders': {
    title: 'generic folder names never make a Dockerfile the monolith: apps/server, services/app, packages/server are new (named by path where the names collide)',
    services: {},
    after: [
      'apps/api/project.json:2:11 new-service api',
      'apps/server/Dockerfile:1:1 new-service apps-server',
      'packages/server/Dockerfile:1:1 new-service packages-server',
      'services/app/Dockerfile:1:1 new-service app',
    ],
  },
  'name-reuse': {
    title: 'a known name in a new place is a second service (compose web/worker, the default SAM HelloWorldFunction); the root Procfile\'s web and worker are the monolith\'s processes of those names',
    services: { HelloWorldFunction: 'sam-app/template.yaml', web: ['.', 'web'], worker: ['.', 'worker'] },
    after: [
      'image-resizer/template.yaml:6:3 new-service image-resizer',
      'services/search/web/Dockerfile:1:1 new-service services-search-web',
      'services/search/worker/Dockerfile:1:1 new-service services-search-worker',
    ],
  },
  'shared-folder': {
    title: 'a path approves what is declared in that folder, not every folder below it (docker/Dockerfile.chromium does not cover docker/search)',
    services: { docker: 'docker' },
    // indexer runs only an image (compose's image-only services are infrastructure, PRODUCT.md)
    after: ['docker/docker-compose.yml:2:3 new-service search', 'docker/search/Dockerfile:1:1 new-service search'],
  },
  'declaring-files': {
    title: 'stacks, serverless.ts, included compose files and build/package Dockerfiles are read; dist/ is build output',
    services: { package: 'build/package' },
    after: [
      'billing/serverless.ts:4:12 new-service billing',
      'build/package/worker/Dockerfile:1:1 new-service worker',
      'compose/ledger.yaml:2:3 new-service ledger',
      'compose/ledger.yaml:6:12 new-technology postgres',
      'docker-stack.yml:7:3 new-service notifier',
      'ledger/Dockerfile:1:1 new-service ledger',
    ],
  },
  variants: {
    title: 'Dockerfile variants (.bun, .gpu, prod., .dev, .pnpm) are other builds of their folder\'s service',
    services: { renderer: 'services/renderer' },
    after: [],
  },
  'test-harnesses': {
    title: 'test harnesses are not services: test/e2e/cypress Dockerfiles, *.test/*.ci/*.e2e compose files, Nx e2e and test-only projects',
    services: { store: 'apps/store' },
    after: ['apps/admin/project.json:2:11 new-service admin'],
  },
  'stock-datastores': {
    title: 'a stock datastore with seed data is the datastore (a technology init approves), also a stock workload with an exporter sidecar',
    services: { app: ['app', 'k8s/app.yaml'] },
    after: ['docker-compose.yml:7:12 new-technology redis', 'k8s/postgres.yaml:15:18 new-technology postgres'],
  },
  'helm-charts': {
    title: 'vendored subcharts are dependencies: technologies by their chart name, like a chart\'s dependencies',
    services: { shop: 'deploy/shop' },
    after: [
      'deploy/search/Chart.yaml:2:7 new-service search',
      'deploy/shop/Chart.yaml:9:11 new-technology kafka',
      'deploy/shop/charts/redis/Chart.yaml:2:7 new-technology redis',
    ],
  },
  kustomize: {
    title: 'kustomize patches ($patch: delete, patches, patchesStrategicMerge) are not workloads; a new base resource is',
    services: { storefront: 'base/deployment.yaml' },
    after: ['base/recommender.yaml:4:9 new-service recommender'],
  },
  'serverless-vars': {
    title: 'serverless variables are resolved from the file, else the folder names the service, never the ${…} text',
    services: { orders: 'orders/serverless.yml' },
    after: [
      'payments/serverless.yml:1:10 new-service payments',
      'payments/serverless.yml:7:3 new-service payments',
      'refunds/serverless.yml:1:10 new-service refunds',
      'refunds/serverless.yml:5:3 new-service refunds',
    ],
  },
  polyglot: {
    title: 'a Rails monolith with a Go worker and a Python ML script: init approves what every manifest uses, and the root Procfile\'s processes; sinatra, echo and pymongo are new',
    services: { web: '.', worker: '.' },
    after: ['Gemfile:12:6 new-technology sinatra', 'ml/requirements.txt:5:1 new-technology mongodb', 'worker/go.mod:7:2 new-technology echo'],
  },
  'go-services': {
    title: 'a Go service with sorted require blocks (go.*, google.golang.org, gorm.io, k8s.io after gin), binaries in cmd/<name> with their own Dockerfile, a Prometheus wrapper',
    services: { api: 'cmd/api', worker: 'cmd/worker' },
    after: [
      'cmd/notifier/Dockerfile:1:1 new-service notifier',
      'deploy/grafana/Dockerfile:1:1 new-technology grafana',
      'go.mod:14:2 new-technology kafka',
      'go.mod:8:2 new-technology mongodb',
    ],
  },
  'cargo-workspace': {
    title: 'a Cargo workspace: [workspace.dependencies.x] tables, dotted keys, [dependencies.x] and [target.\'cfg(…)\'.dependencies.x] tables',
    services: {},
    after: ['crates/api/Cargo.toml:15:15 new-technology redis', 'crates/api/Cargo.toml:25:49 new-technology kafka'],
  },
  'spring-maven': {
    title: 'Spring Boot multi-module (Maven): a module with the spring-boot-maven-plugin is a deployable (compose runs it by image only); the parent\'s pluginManagement and a library module are not',
    services: { 'orders-service': 'orders-service' },
    after: ['billing-service/pom.xml:25:21 new-service billing-service', 'orders-service/pom.xml:17:19 new-technology kafka'],
  },
  'spring-gradle': {
    title: 'Spring Boot multi-project (Gradle, Kotlin): a project applying org.springframework.boot is a deployable, the root\'s `apply false` is not; Kotlin is the language',
    services: { catalog: 'services/catalog' },
    after: ['services/search/build.gradle.kts:1:1 new-language java', 'services/search/build.gradle.kts:3:9 new-service search', 'services/search/build.gradle.kts:9:46 new-technology elasticsearch'],
  },
  aspire: {
    title: '.NET Aspire: AddProject<Projects.X>("name") and the Web/Worker SDK project are one service named by the AppHost; AddRedis/AddPostgres are technologies',
    services: { apiservice: 'Shop.ApiService', webfrontend: 'Shop.Web' },
    after: [
      'Shop.AppHost/Program.cs:14:43 new-service worker',
      'Shop.AppHost/Program.cs:4:18 new-technology postgres',
      'Shop.Worker/Shop.Worker.csproj:1:15 new-service worker',
    ],
  },
  'jib-maven': {
    title: 'Jib (Maven) builds images without a Dockerfile: a module with the jib-maven-plugin is a deployable, as a Spring Boot module is; the parent\'s pluginManagement, a library module and the integration-tests module are not',
    services: { inventory: 'inventory' },
    after: ['shipping/pom.xml:21:21 new-service shipping'],
  },
  'jib-gradle': {
    title: 'Jib (Gradle, Groovy): a project applying com.google.cloud.tools.jib (plugins { id } or apply plugin:) is a deployable; the root\'s `apply false` and a java-library are not',
    services: { api: 'api' },
    after: ['notifier/build.gradle:2:16 new-service notifier'],
  },
  'dotnet-containers': {
    title: '.NET SDK container publishing (EnableSdkContainerSupport, ContainerRepository, ContainerImageName, the DefaultContainer profile) makes a console project a deployable; a library and a test project are not',
    services: { 'Orders.Api': 'src/Orders.Api', 'Orders.Jobs': 'src/Orders.Jobs' },
    after: ['src/Orders.Notifier/Orders.Notifier.csproj:6:25 new-service Orders.Notifier'],
  },
  'go-ko': {
    title: 'ko: each build in .ko.yaml is a deployable at its main package, named by its folder as cmd/<name>/Dockerfile is; a binary without an image (cmd/migrate) and a test harness\'s .ko.yaml are not',
    services: { api: 'cmd/api', worker: 'cmd/worker' },
    after: ['.ko.yaml:11:11 new-service notifier'],
  },
  goreleaser: {
    title: 'goreleaser: the builds that dockers, dockers_v2 and kos package are deployables (one with its own Dockerfile is one service); a build released only as archives (ctl) is not',
    services: { api: 'cmd/api', worker: 'cmd/worker' },
    after: ['.goreleaser.yaml:17:11 new-service scheduler'],
  },
  'scala-sbt': {
    title: 'a Play monolith built with sbt (Play from addSbtPlugin in project/plugins.sbt, PostgreSQL from project/Dependencies.scala): a subproject adding Akka HTTP (%% with a version val) and http4s is flagged at each artifact',
    services: {},
    after: ['build.sbt:24:31 new-technology akkahttp', 'build.sbt:25:24 new-technology http4s'],
  },
  'swift-vapor': {
    title: 'a Hummingbird server (Package.swift, PostgresNIO, a local package): Vapor added beside it is flagged at its .package(url:), named by its SwiftPM identity',
    services: {},
    after: ['Package.swift:13:49 new-technology vapor'],
  },
  'rails-procfile': {
    title: 'a Rails monolith whose root Procfile runs web and worker: both are the monolith\'s processes; a new clock process is new (release is not a process)',
    services: { web: '.', worker: '.' },
    after: ['Procfile:3:1 new-service clock'],
  },
  'dotnet-framework': {
    title: 'a .NET Framework solution on packages.config (C# and Visual Basic projects): classic ASP.NET MVC and Entity Framework on day one; SignalR, Redis and Dapper added are new',
    services: {},
    after: ['Shop.Reports/packages.config:4:16 new-technology dapper', 'Shop.Web/packages.config:7:16 new-technology signalr', 'Shop.Web/packages.config:9:16 new-technology redis'],
  },
  'laravel-procfile': {
    title: 'a Laravel monolith on a Procfile: a new horizon process is a new process of the monolith',
    services: { web: '.' },
    after: ['Procfile:2:1 new-service horizon'],
  },
  'flask-compose-worker': {
    title: 'Flask with a compose worker: web and worker build the root context (the monolith\'s processes); a new scheduler that builds it too is new',
    services: { web: '.', worker: '.' },
    after: ['docker-compose.yml:14:3 new-service scheduler', 'requirements.txt:7:1 new-technology celery'],
  },
  'stock-wrappers': {
    title: 'Dockerfiles that only wrap a stock image (Grafana, nginx, MySQL, Fluentd with plugins) are that technology; a base image other Dockerfiles build from is no service; nginx serving own files is',
    services: { frontend: 'frontend', shop: 'docker/shop' },
    after: ['docker/search/Dockerfile:2:1 new-service search', 'gateway/Dockerfile:1:1 new-service gateway', 'loki/Dockerfile:1:1 new-technology loki'],
  },
  'one-subject': {
    title: 'one service through several signals is one subject (compose seed + seed-data/Dockerfile); packages/server is "server"',
    services: { web: 'web' },
    after: [
      'docker-compose.yml:6:3 new-service seed',
      'packages/server/package.json:1:107 new-technology express',
      'packages/server/package.json:1:11 new-service server',
      'seed-data/Dockerfile:1:1 new-service seed',
    ],
  },
};

