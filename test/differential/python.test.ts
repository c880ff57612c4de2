/**
 * Python manifests against Python's own parsers: generated requirements files (extras, version
 * specifiers, environment markers, direct references, per-line options and hashes, line
 * continuations, comments, `-r`/`-c`/`-e` lines), pyproject.toml files (PEP 621 dependencies and
 * optional dependencies, PEP 735 groups, Poetry in every TOML form including its dotted tables,
 * PDM and uv dev groups) and Pipfiles are read by the scanner and by a reference reader built on
 * `tomllib` and `packaging.requirements` (test/differential/reference.py): the same names, in order.
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { REPO_ROOT } from '../support/fixtures';
import { explain, findTool, Random, requireTool, run, scannedNames, tempDir } from './tools';

const PACKAGES = ['Django', 'djangorestframework', 'Flask', 'flask-sqlalchemy', 'fastapi', 'uvicorn', 'SQLAlchemy', 'psycopg2-binary', 'psycopg', 'asyncpg', 'celery', 'redis', 'pymongo', 'kafka-python', 'aiokafka', 'pika', 'requests', 'httpx', 'pydantic', 'gunicorn', 'pytest', 'pytest-django', 'black', 'ruff', 'mypy', 'boto3', 'sentry-sdk', 'zope.interface', 'ruamel.yaml', 'python_dateutil'];
const SPECIFIERS = ['', '==4.2.11', '>=2.0', '~=1.4', '>=1.0,<2.0', ' >= 3.1', '!=1.5.0', '===1.0'];
const MARKERS = ['', '; python_version < "3.11"', ' ; sys_platform == "linux"', '; extra == "pg"', ";platform_machine=='x86_64' and python_version>='3.9'"];

function requirementString(r: Random, name: string): string {
  const extras = r.chance(0.15) ? `[${r.pick(['binary', 'pool', 'standard', 'asyncio,redis'])}]` : '';
  if (r.chance(0.05)) return `${name}${extras} @ https://files.example.com/${name}-1.0.tar.gz`;
  return `${name}${extras}${r.pick(SPECIFIERS)}${r.pick(MARKERS)}`;
}

function requirementsTxt(r: Random): string {
  const lines: string[] = [];
  if (r.chance(0.3)) lines.push('# production requirements', '');
  if (r.chance(0.3)) lines.push(r.pick(['-r base.txt', '--requirement common.txt', '-c constraints.txt', '--index-url https://pypi.example.com/simple', '--extra-index-url=https://x.example.com']));
  for (const name of r.some(PACKAGES, 3 + r.int(10))) {
    const roll = r.next();
    if (roll < 0.05) lines.push(`-e git+https://github.com/acme/${name.toLowerCase()}.git@main#egg=${name}`);
    else if (roll < 0.1) lines.push(`${requirementString(r, name)} \\`, `    --hash=sha256:${'ab'.repeat(32)}`);
    else if (roll < 0.15) lines.push(`${requirementString(r, name)}  # pinned for a reason`);
    else lines.push(requirementString(r, name));
    if (r.chance(0.05)) lines.push('');
  }
  if (r.chance(0.1)) lines.push('./libs/shared', 'https://example.com/pkg-1.0.tar.gz');
  return lines.join(r.chance(0.1) ? '\r\n' : '\n') + '\n';
}

function tomlList(r: Random, names: string[]): string {
  const items = names.map((n) => JSON.stringify(requirementString(r, n)));
  return r.chance(0.5) ? `[${items.join(', ')}]` : `[\n${items.map((i) => `    ${i},`).join('\n')}\n]`;
}

/** A Poetry dependency in one of TOML's forms; lines in the table and tables to append. */
function poetryDependency(r: Random, table: string, name: string): { inline: string[]; tables: string[] } {
  const form = r.pick(['plain', 'inline', 'dotted', 'table']);
  if (form === 'plain') return { inline: [`${name.includes('.') ? `"${name}"` : name} = "^1.0"`], tables: [] };
  const key = name.includes('.') ? `"${name}"` : name;
  if (form === 'inline') return { inline: [`${key} = { version = "^2.0", extras = ["pool"] }`], tables: [] };
  if (form === 'dotted') return { inline: [`${key}.version = "^2.0"`, `${key}.optional = true`], tables: [] };
  return { inline: [], tables: [`[${table}.${key}]`, 'version = "^3.0"', 'markers = "sys_platform == \'linux\'"', ''] };
}

function pyprojectToml(r: Random): string {
  const out: string[] = [];
  const tables: string[] = [];
  if (r.chance(0.7)) {
    out.push('[project]', 'name = "acme-orders"', 'version = "1.0.0"', 'requires-python = ">=3.10"', `dependencies = ${tomlList(r, r.some(PACKAGES, 1 + r.int(8)))}`, '');
    if (r.chance(0.5)) out.push('[project.optional-dependencies]', `pg = ${tomlList(r, r.some(PACKAGES, 1 + r.int(3)))}`, `dev = ${tomlList(r, r.some(PACKAGES, 1 + r.int(3)))}`, '');
  }
  if (r.chance(0.4)) out.push('[dependency-groups]', `test = ${tomlList(r, r.some(PACKAGES, 1 + r.int(3)))}`, `lint = ${tomlList(r, r.some(PACKAGES, 1))}`, '');
  if (r.chance(0.5)) {
    const poetry = (table: string, names: string[]) => {
      const inline: string[] = table.endsWith('tool.poetry.dependencies') ? ['python = "^3.11"'] : [];
      for (const name of names) {
        const d = poetryDependency(r, table, name);
        inline.push(...d.inline);
        tables.push(...d.tables);
      }
      out.push(`[${table}]`, ...inline, '');
    };
    poetry('tool.poetry.dependencies', r.some(PACKAGES, 1 + r.int(6)));
    if (r.chance(0.5)) poetry('tool.poetry.group.dev.dependencies', r.some(PACKAGES, 1 + r.int(3)));
    if (r.chance(0.2)) poetry('tool.poetry.dev-dependencies', r.some(PACKAGES, 1 + r.int(2)));
  }
  if (r.chance(0.2)) out.push('[tool.pdm.dev-dependencies]', `test = ${tomlList(r, r.some(PACKAGES, 2))}`, '');
  if (r.chance(0.2)) out.push('[tool.uv]', `dev-dependencies = ${tomlList(r, r.some(PACKAGES, 2))}`, '');
  out.push('[tool.ruff]', 'line-length = 100', '');
  return [...out, ...tables].join('\n');
}

function pipfile(r: Random): string {
  const out = ['[[source]]', 'url = "https://pypi.org/simple"', 'verify_ssl = true', 'name = "pypi"', '', '[packages]'];
  const tables: string[] = [];
  for (const name of r.some(PACKAGES, 1 + r.int(6))) {
    const key = name.includes('.') ? `"${name}"` : name;
    const form = r.pick(['plain', 'inline', 'table']);
    if (form === 'plain') out.push(`${key} = "*"`);
    else if (form === 'inline') out.push(`${key} = {version = ">=1.0", extras = ["security"]}`);
    else tables.push(`[packages.${key}]`, 'version = "==2.0"', '');
  }
  out.push('', '[dev-packages]', ...r.some(PACKAGES, r.int(3)).map((n) => `${n.includes('.') ? `"${n}"` : n} = "*"`), '', '[requires]', 'python_version = "3.11"', '');
  return [...out, ...tables].join('\n');
}

suite('differential: Python manifests, the scanner against tomllib and packaging.requirements', () => {
  test('300 generated requirements files, pyproject.toml files and Pipfiles: the same names, in order', function () {
    // one Python process for all files, and 300 scans
    this.timeout(120000);
    const python = requireTool(this, 'Python 3.11+ with packaging', findTool(['python3', '/usr/bin/python3'], ['-c', 'import tomllib, packaging.requirements']), 'apt-get install python3-packaging');
    const dir = tempDir('python');
    const r = new Random(7);
    try {
      const files: Array<{ rel: string; text: string }> = [];
      for (let i = 0; i < 100; i++) {
        files.push({ rel: `p${i}/${r.pick(['requirements.txt', 'requirements-dev.txt', 'requirements/base.txt'])}`, text: requirementsTxt(r) });
        files.push({ rel: `p${i}/pyproject.toml`, text: pyprojectToml(r) });
        files.push({ rel: `p${i}/Pipfile`, text: pipfile(r) });
      }
      for (const f of files) {
        fs.mkdirSync(path.dirname(path.join(dir, f.rel)), { recursive: true });
        fs.writeFileSync(path.join(dir, f.rel), f.text);
      }
      const expected = JSON.parse(run(python, [path.join(REPO_ROOT, 'test', 'differential', 'reference.py'), ...files.map((f) => path.join(dir, f.rel))])) as Record<string, string[]>;
      let compared = 0;
      for (const f of files) {
        const want = expected[path.join(dir, f.rel)];
        const scanned = scannedNames(f.rel, f.text);
        // TOML files: tables of their own come after; the order of names is the file's, the reference's by section
        const [a, b] = /(\.toml|Pipfile)$/.test(f.rel) ? [[...scanned].sort(), [...want].sort()] : [scanned, want];
        assert.deepStrictEqual(a, b, explain(f.rel, f.text, scanned, want));
        compared += want.length;
      }
      assert.ok(compared > 1000, `compared ${compared} names`);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
