/**
 * The fuzz campaign's inputs: real files from the fixtures (manifests, scaffolding, policies,
 * exception documents) as seeds, and deterministic mutations of them (truncation, byte flips,
 * insertions, deep nesting, huge values, hostile line endings, globs and ids). The same seed
 * gives the same inputs on every machine.
 */
import * as fs from 'fs';
import * as path from 'path';
import { FIXTURES } from '../support/fixtures';

/** mulberry32: small, fast, and the same everywhere. */
export function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) | 0;
    let t = Math.imul(s ^ (s >>> 15), 1 | s);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export type Family = 'package.json' | 'policy' | 'compose' | 'kubernetes' | 'dockerfile' | 'exception' | 'toml' | 'manifest' | 'serverless' | HostileFamily;

/**
 * Shapes of small files that once hung or killed the check (issue 18, items 8–12), generated at and
 * around the sizes that did: YAML of blank lines, compose services that are all aliases, empty YAML
 * documents by the hundred thousand, a package.json of 130,000 dependencies (whose diagnostics the
 * server's code action then gets all at once); and from the red team's follow-up: comment openers
 * never closed (pom.xml, build.sbt, Package.swift, AppHost.cs), and TOML inline tables nested by the hundred thousand.
 */
export const HOSTILE_FAMILIES = ['blank-yaml', 'yaml-aliases', 'empty-documents', 'many-dependencies', 'unclosed-comments', 'nested-toml'] as const;
export type HostileFamily = (typeof HOSTILE_FAMILIES)[number];

/** One input in this many is of a hostile family (they are large: a few per batch, not a third of the campaign). */
const HOSTILE_EVERY = 50;

export interface FuzzInput {
  family: Family;
  /** Where the file goes in a workspace (relative). */
  rel: string;
  text: string;
  /** How it was made, for reports. */
  recipe: string;
}

const FAMILY_OF: Array<[RegExp, Family, string]> = [
  [/(^|\/)package\.json$/, 'package.json', 'package.json'],
  [/techpolicy\.json$|policy-extends\/.*\.json$/, 'policy', 'techpolicy.json'],
  [/(docker-)?compose[^/]*\.ya?ml$|common\.yml$/, 'compose', 'docker-compose.yml'],
  [/kubernetes-manifests\/.*\.ya?ml$|helm\/.*\.ya?ml$/, 'kubernetes', 'k8s/deployment.yaml'],
  [/(^|\/)Dockerfile[^/]*$/, 'dockerfile', 'Dockerfile'],
  [/policy-exceptions\/EX-.*\.md$/, 'exception', 'docs/policy-exceptions/EX-0100-fuzz.md'],
  [/(go\.mod|requirements[^/]*\.txt|requirements\/[^/]+\.txt|Gemfile|[^/]+\.gemspec|pom\.xml|build\.gradle(\.kts)?|libs\.versions\.toml|Cargo\.toml|pyproject\.toml|Pipfile|setup\.py|setup\.cfg|composer\.json|Procfile|mix\.exs|\.csproj|Directory\.Packages\.props)$/, 'manifest', 'requirements.txt'],
  [/\.toml$/, 'toml', 'fly.toml'],
  [/serverless\.ya?ml$|template\.ya?ml$/, 'serverless', 'serverless.yml'],
];

/** Every fixture file that a family can start from. */
export function seeds(): Map<Family, Array<{ text: string; rel: string }>> {
  const out = new Map<Family, Array<{ text: string; rel: string }>>();
  const walk = (dir: string) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.isFile() && fs.statSync(p).size < 200_000) {
        const rel = path.relative(FIXTURES, p).split(path.sep).join('/');
        const hit = FAMILY_OF.find(([re]) => re.test(rel));
        if (!hit) continue;
        const [, family, target] = hit;
        if (!out.has(family)) out.set(family, []);
        // manifests keep their own name (go.mod is not requirements.txt)
        const own = /(^|\/)requirements\/[^/]+\.txt$/.test(rel) ? `requirements/${path.basename(p)}` : path.basename(p);
        out.get(family)!.push({ text: fs.readFileSync(p, 'utf8'), rel: family === 'manifest' ? own : target });
      }
    }
  };
  walk(FIXTURES);
  return out;
}

const HOSTILE_STRINGS = [
  '\u0000',
  '\r',
  '\u2028',
  '\u0085',
  '\uFEFF',
  '\uD800',
  '\u001b[31m',
  '\n../../etc/passwd:1:1 error new-technology forged',
  'x](https://evil.example/a) ![p](https://evil.example/p.png)',
  '*-*-*-*-*-*-*-*-x',
  '{a,b}{c,d}{e,f}{g,h}{i,j}{k,l}{m,n}',
  '**/**/**/**/**/**/**/**',
  'EX-9007199254740992',
  'EX-99999999999999999999',
  '../escaped',
  '/etc/passwd',
  '$(touch /tmp/tp-fuzz-pwned)',
  '${self:custom.x}',
  '&a [*a]',
  '!!js/function "x"',
  ' '.repeat(5000),
  'a'.repeat(20_000),
  '9'.repeat(400),
];

export function generate(seed: number, count: number): FuzzInput[] {
  const rand = random(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)];
  const int = (n: number) => Math.floor(rand() * n);
  const pool = seeds();
  const families = [...pool.keys()];
  const inputs: FuzzInput[] = [];
  for (let i = 0; i < count; i++) {
    if (int(HOSTILE_EVERY) === 0) {
      inputs.push(hostile(pick(HOSTILE_FAMILIES), rand, pick, int));
      continue;
    }
    const family = pick(families);
    const base = pick(pool.get(family)!);
    const [text, recipe] = mutate(base.text, family, rand, pick, int);
    inputs.push({ family, rel: base.rel, text, recipe });
  }
  return inputs;
}

function hostile(family: HostileFamily, rand: () => number, pick: <T>(xs: readonly T[]) => T, int: (n: number) => number): FuzzInput {
  switch (family) {
    case 'blank-yaml': {
      const unit = pick(['\n', '\r\n', ' \n', '\t\r\n', '  -\n', '\r']);
      const size = pick([4096, 8192, 65_536, 200_000]);
      return { family, rel: pick(['k8s/blank.yaml', 'config/app.yml', 'openapi.yaml', 'serverless.yml']), text: unit.repeat(Math.ceil(size / unit.length)), recipe: `${JSON.stringify(unit)} × ${size} bytes` };
    }
    case 'yaml-aliases': {
      const n = pick([2000, 8000, 20_000]);
      const eol = rand() < 0.5 ? '\n' : '\r\n';
      const nested = rand() < 0.3;
      const head = nested ? `x-a: &a {image: redis}${eol}x-b: &b [*a, *a, *a, *a]${eol}x-c: &c [*b, *b, *b, *b]${eol}` : `x-base: &base${eol}  image: redis:7${eol}`;
      return { family, rel: 'docker-compose.yml', text: `${head}services:${eol}${Array.from({ length: n }, (_, i) => `  s${i}: ${nested ? '{build: ., x: *c}' : '*base'}${eol}`).join('')}`, recipe: `${n} aliased services${nested ? ', nested' : ''}` };
    }
    case 'empty-documents': {
      const n = pick([50_000, 200_000, 1_300_000]);
      return { family, rel: 'k8s/all.yaml', text: `apiVersion: v1${'\n'}kind: Namespace${'\n'}metadata: {name: a}${'\n'}${pick(['---\n', '...\n---\n', '--- \n']).repeat(n)}`, recipe: `${n} empty documents` };
    }
    case 'many-dependencies': {
      const n = pick([6000, 30_000, 130_000]);
      const deps = Object.fromEntries(Array.from({ length: n }, (_, k) => [`lib-${k}${int(2) ? '' : '-x'}`, '1']));
      return { family, rel: 'package.json', text: JSON.stringify({ name: 'big', dependencies: deps }), recipe: `${n} dependencies` };
    }
    case 'unclosed-comments': {
      const n = pick([30_000, 100_000, 200_000]);
      const [rel, head, unit] = pick([
        ['pom.xml', '<project>', '<!--'],
        ['build.sbt', '', pick(['/* ', '"""', '.settings('])],
        ['Package.swift', 'let package = Package(name: "A", dependencies: [\n', pick(['/* ', '"\\(', '.package(url: "'])],
        ['AppHost/AppHost.cs', 'var builder = DistributedApplication.CreateBuilder(args);\n', pick(['/* ', '\\"'])],
      ] as const);
      return { family, rel, text: `${head}${unit.repeat(n)}`, recipe: `${JSON.stringify(unit)} × ${n} in ${rel}` };
    }
    case 'nested-toml': {
      const n = pick([10_000, 100_000, 700_000]);
      const rel = pick(['pyproject.toml', 'Pipfile', 'Cargo.toml']);
      const [open, close] = pick([['{b=', '}'], ['[', ']']]);
      return { family, rel, text: `[x]\na = ${open.repeat(n)}1${close.repeat(n)}\n`, recipe: `${n} nested ${open} in ${rel}` };
    }
  }
}

function mutate(text: string, family: Family, rand: () => number, pick: <T>(xs: readonly T[]) => T, int: (n: number) => number): [string, string] {
  const at = () => int(text.length + 1);
  switch (int(12)) {
    case 0: {
      const cut = at();
      return [text.slice(0, cut), `truncated at ${cut}`];
    }
    case 1: {
      const chars = [...text];
      const n = 1 + int(8);
      for (let k = 0; k < n && chars.length; k++) chars[int(chars.length)] = String.fromCharCode(int(0x80));
      return [chars.join(''), `${n} characters flipped`];
    }
    case 2: {
      const s = pick(HOSTILE_STRINGS);
      const p = at();
      return [text.slice(0, p) + s + text.slice(p), `inserted ${JSON.stringify(s.slice(0, 20))} at ${p}`];
    }
    case 3: {
      const depth = pick([300, 2000, 10_000]);
      const json = family === 'package.json' || family === 'policy';
      const nest = json ? `"deep": ${'['.repeat(depth)}${']'.repeat(depth)}, ` : `deep: ${'['.repeat(depth)}${']'.repeat(depth)}\n`;
      const p = json ? Math.max(0, text.indexOf('{') + 1) : 0;
      return [text.slice(0, p) + nest + text.slice(p), `nested ${depth} deep`];
    }
    case 4:
      return [text.replace(/\n/g, '\r\n').repeat(1 + int(20)), 'CRLF, repeated'];
    case 5:
      return [text.replace(/\n/g, pick(['\r', '\u2028', '\u0085', '\r\r\n'])), 'odd line breaks'];
    case 6: {
      const value = pick(HOSTILE_STRINGS);
      return [text.replace(/("[^"\n]{1,40}"|: [^\n]{1,40})/, (m) => (m.startsWith('"') ? JSON.stringify(value) : `: ${value}`)), `a value replaced with ${JSON.stringify(value.slice(0, 20))}`];
    }
    case 7:
      return [text + '\n'.repeat(int(3)) + pick(HOSTILE_STRINGS).repeat(1 + int(200)), 'hostile tail'];
    case 8: {
      const lines = text.split('\n');
      const n = lines.length ? lines.length : 1;
      for (let k = 0; k < 5; k++) lines.splice(int(n), 0, lines[int(n)] ?? '');
      return [lines.join('\n'), 'lines duplicated'];
    }
    case 9:
      return [generated(family, rand, pick, int), 'generated'];
    case 10:
      return [text.slice(int(text.length)), 'from a random offset'];
    default:
      return [text, 'as is'];
  }
}

/** Inputs that no fixture starts from: policies with hostile globs and extends, documents with hostile fields. */
function generated(family: Family, rand: () => number, pick: <T>(xs: readonly T[]) => T, int: (n: number) => number): string {
  const s = () => pick(HOSTILE_STRINGS);
  switch (family) {
    case 'policy':
      return JSON.stringify({
        extends: [pick(['./a.json', '../x.json', '/dev/zero', '@scope/pkg', 'techpolicy.json', s()])],
        approvers: [{ name: s(), email: s(), keys: [pick(['ssh-ed25519 AAAA', 'ssh-rsa ' + 'A'.repeat(int(2000)), s()])] }],
        allowedSigners: pick(['.github/allowed_signers', '../../etc/ssh', s()]),
        exceptionsDirectory: pick(['docs/x', '../escaped', s()]),
        ignore: [s(), '**/x'],
        technologies: { [s()]: { ring: pick(['adopt', 'hold', 'x']), packages: [s(), '*-*-*-*-*-x'] } },
        services: { [s()]: { path: s() } },
        languages: [s()],
        expiryWarningDays: pick([30, -1, 1e30, 'x']),
      });
    case 'exception':
      return `---\nid: ${pick(['EX-0100', s()])}\nrule: ${pick(['new-technology', s()])}\nsubject: ${s()}\nscope: [${JSON.stringify(s())}]\nstatus: ${pick(['approved', 'requested', s()])}\napproved-by: ${s()}\napproved-on: ${pick(['2026-11-01', '2999-01-01', s()])}\n---\n## The product capability this enables\n${s()}\n## Why the approved stack cannot deliver it\n${s()}\n<!-- tech-policy-signature\n-----BEGIN SSH SIGNATURE-----\n${'U1NIU0lH'.repeat(int(40))}\n-----END SSH SIGNATURE-----\n-->\n`;
    case 'package.json':
      return JSON.stringify({ name: s(), scripts: { start: s() }, dependencies: Object.fromEntries(Array.from({ length: int(50) }, (_, k) => [pick(['fastify', 'express', 'koa', '@nestjs/core', s() + k]), pick(['1', 'npm:fastify@4', s()])])) });
    default:
      return Array.from({ length: 1 + int(30) }, () => `${pick(['FROM', 'services:', '  web:', '    build:', '    image:', 'apiVersion: v1', 'kind: Deployment', 'app = ', 'name: ', '-', '  - '])}${s()}`).join(rand() < 0.5 ? '\n' : '\r\n');
  }
}
