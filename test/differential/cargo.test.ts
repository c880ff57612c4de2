/**
 * Cargo.toml against Cargo itself: one generated workspace of many member crates, their
 * dependencies written in every form Cargo accepts (plain and inline, dotted keys, tables of their
 * own `[dependencies.redis]`, target tables `[target.'cfg(unix)'.dependencies.nix]`, dev and build
 * dependencies, renamed packages `pg = { package = "tokio-postgres" }`, optional, path and
 * workspace-inherited ones, `[workspace.dependencies.x]` tables), read by the scanner and by
 * `cargo metadata --no-deps --offline`: the same crates, name for name.
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { explain, findTool, Random, requireTool, run, scannedNames, tempDir } from './tools';

const CRATES = ['actix-web', 'anyhow', 'async-nats', 'axum', 'clap', 'diesel', 'futures', 'hyper', 'lapin', 'libc', 'mongodb', 'prost', 'rand', 'rdkafka', 'redis', 'reqwest', 'rocket', 'sea-orm', 'serde', 'serde_json', 'sqlx', 'thiserror', 'tokio', 'tokio-postgres', 'tonic', 'tracing', 'uuid', 'warp'];
const RENAMES: Array<[string, string]> = [['pg', 'tokio-postgres'], ['kafka', 'rdkafka'], ['amqp', 'lapin'], ['web', 'actix-web']];
const TARGETS = ["'cfg(unix)'", "'cfg(windows)'", '"cfg(target_os = \\"linux\\")"', 'x86_64-unknown-linux-gnu', "'cfg(all(unix, not(target_os = \"macos\")))'"];

/** One dependency written in one of the forms, under `table` (a table header's path); lines for inside the table, and whole tables to append. */
function write(r: Random, table: string, key: string, pkg: string | undefined, extra: string[] = []): { inline: string[]; tables: string[] } {
  const version = `"${1 + r.int(3)}.${r.int(20)}"`;
  const fields = [`version = ${version}`, ...(pkg ? [`package = "${pkg}"`] : []), ...extra, ...(r.chance(0.3) ? ['features = ["full"]'] : []), ...(r.chance(0.2) ? ['default-features = false'] : [])];
  const quoted = r.chance(0.1) ? `"${key}"` : key;
  const form = fields.length === 1 ? r.pick(['plain', 'inline', 'dotted', 'table']) : r.pick(['inline', 'dotted', 'table']);
  if (form === 'plain') return { inline: [`${quoted} = ${version}${r.chance(0.2) ? ' # pinned' : ''}`], tables: [] };
  if (form === 'inline') return { inline: [`${quoted} = { ${fields.join(', ')} }`], tables: [] };
  if (form === 'dotted') return { inline: fields.map((f) => `${quoted}.${f}`), tables: [] };
  return { inline: [], tables: [`[${table}.${quoted}]`, ...fields, ''] };
}

function member(r: Random, index: number, workspaceKeys: string[], earlier: string[]): string {
  const lines = [`[package]`, `name = "m${index}"`, `version = "0.1.0"`, `edition = "2021"`, ''];
  const tables: string[] = [];
  const section = (header: string, count: number, allowInherit: boolean) => {
    const used = new Set<string>();
    const inline: string[] = [];
    for (let i = 0; i < count; i++) {
      const roll = r.next();
      if (allowInherit && roll < 0.15 && workspaceKeys.length) {
        const key = r.pick(workspaceKeys);
        if (used.has(key)) continue;
        used.add(key);
        inline.push(r.chance(0.5) ? `${key} = { workspace = true }` : `${key}.workspace = true`);
      } else if (roll < 0.25) {
        const [alias, pkg] = r.pick(RENAMES);
        if (used.has(alias) || used.has(pkg)) continue;
        used.add(alias).add(pkg);
        const w = write(r, header, alias, pkg);
        inline.push(...w.inline);
        tables.push(...w.tables);
      } else if (roll < 0.3 && earlier.length && header === 'dependencies') {
        const other = r.pick(earlier);
        if (used.has(other)) continue;
        used.add(other);
        inline.push(`${other} = { path = "../${other}" }`);
      } else {
        const crate = r.pick(CRATES);
        if (used.has(crate) || RENAMES.some(([alias, pkg]) => pkg === crate && used.has(alias))) continue;
        used.add(crate);
        const w = write(r, header, crate, undefined, header === 'dependencies' && r.chance(0.15) ? ['optional = true'] : []);
        inline.push(...w.inline);
        tables.push(...w.tables);
      }
    }
    if (inline.length || r.chance(0.5)) lines.push(`[${header}]`, ...(r.chance(0.2) ? ['# what the service needs'] : []), ...inline, '');
  };
  section('dependencies', 3 + r.int(8), true);
  if (r.chance(0.6)) section(r.chance(0.1) ? 'dev_dependencies' : 'dev-dependencies', 1 + r.int(3), true);
  if (r.chance(0.3)) section('build-dependencies', 1 + r.int(2), false);
  for (const target of r.some(TARGETS, r.int(3))) section(`target.${target}.${r.pick(['dependencies', 'dev-dependencies'])}`, 1 + r.int(3), false);
  return [...lines, ...tables].join('\n');
}

suite('differential: Cargo.toml, the scanner against `cargo metadata --no-deps`', () => {
  test('a workspace of 120 generated crates and its [workspace.dependencies]: the same crates, name for name', function () {
    // one cargo run over the whole workspace, and 120 scans: seconds on a busy machine
    this.timeout(120000);
    const cargo = requireTool(this, 'Cargo', findTool(['cargo', path.join(process.env.HOME ?? '/root', '.cargo/bin/cargo'), '/root/.cargo/bin/cargo']), 'apt-get install cargo');
    const dir = tempDir('cargo');
    const r = new Random(2);
    try {
      // the workspace's own dependencies, in every form; `ws-all` inherits each of them, so Cargo names them
      const wsLines: string[] = [];
      const wsTables: string[] = [];
      const wsKeys: string[] = [];
      for (const crate of r.some(CRATES, 10)) {
        const rename = RENAMES.find(([, pkg]) => pkg === crate);
        const key = rename && r.chance(0.5) ? rename[0] : crate;
        wsKeys.push(key);
        const w = write(r, 'workspace.dependencies', key, key === crate ? undefined : crate);
        wsLines.push(...w.inline);
        wsTables.push(...w.tables);
      }
      const root = ['[workspace]', 'members = ["crates/*"]', 'resolver = "2"', '', '[workspace.dependencies]', ...wsLines, '', ...wsTables].join('\n');
      fs.writeFileSync(path.join(dir, 'Cargo.toml'), root);
      const plainKeys = wsKeys.filter((k) => !RENAMES.some(([alias]) => alias === k));
      const members: Record<string, string> = {};
      for (let i = 0; i < 120; i++) members[`m${i}`] = member(r, i, plainKeys, Object.keys(members));
      members['ws-all'] = ['[package]', 'name = "ws-all"', 'version = "0.1.0"', 'edition = "2021"', '', '[dependencies]', ...wsKeys.map((k) => `${k} = { workspace = true }`), ''].join('\n');
      for (const [name, text] of Object.entries(members)) {
        fs.mkdirSync(path.join(dir, 'crates', name, 'src'), { recursive: true });
        fs.writeFileSync(path.join(dir, 'crates', name, 'Cargo.toml'), text);
        fs.writeFileSync(path.join(dir, 'crates', name, 'src', 'lib.rs'), '');
      }
      const env = { ...process.env, CARGO_HOME: path.join(dir, '.cargo-home'), CARGO_NET_OFFLINE: 'true' };
      const metadata = JSON.parse(run(cargo, ['metadata', '--no-deps', '--offline', '--format-version', '1', '--manifest-path', path.join(dir, 'Cargo.toml')], { env })) as { packages: Array<{ name: string; dependencies: Array<{ name: string }> }> };
      const byName = new Map(metadata.packages.map((p) => [p.name, p.dependencies.map((d) => d.name).sort()]));
      let compared = 0;
      for (const [name, text] of Object.entries(members)) {
        if (name === 'ws-all') continue; // it only names the workspace's dependencies for Cargo
        const expected = byName.get(name);
        assert.ok(expected, `cargo knows ${name}`);
        const scanned = scannedNames(`crates/${name}/Cargo.toml`, text).sort();
        assert.deepStrictEqual(scanned, expected, explain(`crates/${name}/Cargo.toml`, text, scanned, expected));
        compared += expected.length;
      }
      const workspace = scannedNames('Cargo.toml', root).sort();
      assert.deepStrictEqual(workspace, byName.get('ws-all'), explain('Cargo.toml', root, workspace, byName.get('ws-all') ?? []));
      assert.ok(compared > 500, `compared ${compared} dependencies`);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
