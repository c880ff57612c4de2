/**
 * .NET Aspire: an AppHost's `Program.cs` / `AppHost.cs`, or a file-based AppHost's `apphost.cs` (recognised by
 * `DistributedApplication.CreateBuilder`) declares the application's resources in code. The file
 * is never run; the literal calls are read:
 * - deployables of the team's own code, on the name's text: `AddProject<Projects.Shop_ApiService>("apiservice")`
 *   (the same service as that project), `AddProject("api", "../Shop.Api/Shop.Api.csproj")`,
 *   `AddDockerfile("name", "../folder")`, `AddNpmApp`/`AddNodeApp`/`AddViteApp`/`AddPythonApp`/
 *   `AddUvicornApp`/`AddJavaApp`/`AddGolangApp`/`AddExecutable("name", "../folder", …)` (the folder they run;
 *   a path is a file only when it ends in a project, script or program extension, so `../Shop.Worker` is a folder),
 *   `AddAzureFunctionsProject<Projects.Shop_Functions>("functions")` as `AddProject`;
 * - technologies: `AddRedis`, `AddPostgres`, `AddRabbitMQ`, `AddKafka`, `AddMongoDB`, … on the
 *   method's name, and `AddContainer("name", "image")` as an image.
 */
import type { ScaffoldingFacts } from './types';
import { emptyFacts, resolveRelative, type ScanInput, serviceFact } from './scanUtil';
import { blankComments, C_LIKE_WITH_STRINGS } from './comments';

/** Aspire's hosting integrations → the catalog's technology ids. */
const INTEGRATIONS: Record<string, string> = {
  redis: 'redis',
  valkey: 'redis',
  garnet: 'redis',
  postgres: 'postgres',
  mysql: 'mysql',
  sqlserver: 'mssql',
  oracle: 'oracle',
  mongodb: 'mongodb',
  rabbitmq: 'rabbitmq',
  kafka: 'kafka',
  nats: 'nats',
  elasticsearch: 'elasticsearch',
  qdrant: 'qdrant',
  milvus: 'milvus',
  keycloak: 'keycloak',
  azurecosmosdb: 'cosmosdb',
  azurestorage: 'azure',
  memcached: 'memcached',
  meilisearch: 'meilisearch',
};

/** Resources that run a folder of the team's own code: the folder is the second argument. */
const APPS = new Set(['azurefunctionsproject', 'dockerfile', 'npmapp', 'nodeapp', 'viteapp', 'javascriptapp', 'pythonapp', 'uvicornapp', 'javaapp', 'springapp', 'golangapp', 'executable', 'project', 'denoapp', 'bunapp']);

/** True for an AppHost's entry file. */
export function isAspireHostName(base: string): boolean {
  return base === 'Program.cs' || base === 'AppHost.cs' || base === 'apphost.cs';
}

/**
 * The files an app resource's path may name instead of its folder (a project, a script, a
 * program): any other last segment is a folder, dots and all (`../Shop.Worker`, `../AspireJavaScript.Angular`).
 */
const FILE_EXTENSION = /\.(?:[a-z]+proj|slnx?|[cm]?js|[cm]?ts|jsx|tsx|py|pyw|jar|war|java|kt|go|dll|exe|sh|ps1|cmd|bat|json|cs)$/i;

export function scanAspireHost(input: ScanInput): ScaffoldingFacts | undefined {
  if (!/DistributedApplication\s*\.\s*CreateBuilder/.test(input.text)) return undefined;
  const facts = emptyFacts();
  // C# comments blanked (offsets kept); strings are left alone
  const code = blankComments(input.text, C_LIKE_WITH_STRINGS);
  const contexts: Array<{ folder: string; name: string }> = [];
  const aspireNames: Array<{ project: string; name: string }> = [];
  // `.AddX<T>("name", "second"` — the type argument and the second string are optional
  const call = /\.\s*Add([A-Za-z]+)\s*(?:<\s*([\w.]+)\s*>\s*)?\(\s*"((?:[^"\\\n]|\\.)*)"(?:\s*,\s*(?:[A-Za-z]+\s*:\s*)?@?"((?:[^"\\\n]|\\.)*)")?/g;
  for (let m = call.exec(code); m; m = call.exec(code)) {
    const method = m[1].toLowerCase();
    const nameStart = m.index + m[0].indexOf(`"${m[3]}"`) + 1;
    const range = input.lines.range(nameStart, nameStart + m[3].length);
    const name = m[3].trim();
    if (method === 'container') {
      if (m[4]) facts.images.push({ image: m[4], range: input.lines.range(m.index + m[0].lastIndexOf(`"${m[4]}"`) + 1, m.index + m[0].lastIndexOf(`"${m[4]}"`) + 1 + m[4].length) });
      continue;
    }
    const tech = INTEGRATIONS[method];
    if (tech) {
      const at = m.index + m[0].indexOf('Add');
      facts.refs.push({ name: tech, range: input.lines.range(at, at + 3 + m[1].length) });
      continue;
    }
    if (!APPS.has(method) || name === '') continue;
    if ((method === 'project' || method === 'azurefunctionsproject') && m[2]) {
      // `AddProject<Projects.Shop_ApiService>("apiservice")`: the project, named by the AppHost
      const project = m[2].split('.').pop()!;
      aspireNames.push({ project, name });
      facts.services.push(serviceFact(input, name, range, 'aspire', { place: input.relPath, shared: true, project }));
      continue;
    }
    const path = m[4]?.replace(/\\\\/g, '/').replace(/\\/g, '/');
    // a project file or a script names its folder
    const folder = path === undefined ? undefined : resolveRelative(input.folder, FILE_EXTENSION.test(path) && !/\/$/.test(path) ? path.slice(0, Math.max(path.lastIndexOf('/'), 0)) || '.' : path);
    if (folder === undefined || folder === '') {
      facts.services.push(serviceFact(input, name, range, 'aspire', { place: input.relPath, shared: true }));
      continue;
    }
    facts.services.push(serviceFact(input, name, range, 'aspire', { place: folder }));
    contexts.push({ folder, name });
  }
  if (contexts.length || aspireNames.length) facts.hints = { ...(contexts.length ? { contexts } : {}), ...(aspireNames.length ? { aspireNames } : {}) };
  return facts;
}
