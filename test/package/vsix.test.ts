import * as assert from 'assert';
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import { builtinModules } from 'module';
import * as path from 'path';
import { REPO_ROOT } from '../support/fixtures';

/** File names in a zip archive (a .vsix), from its central directory. */
function zipEntries(file: string): string[] {
  const buf = fs.readFileSync(file);
  const eocd = buf.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  assert.ok(eocd >= 0, 'not a zip file');
  const count = buf.readUInt16LE(eocd + 10);
  let offset = buf.readUInt32LE(eocd + 16);
  const names: string[] = [];
  for (let i = 0; i < count; i++) {
    assert.strictEqual(buf.readUInt32LE(offset), 0x02014b50, 'central directory entry');
    const nameLength = buf.readUInt16LE(offset + 28);
    const extraLength = buf.readUInt16LE(offset + 30);
    const commentLength = buf.readUInt16LE(offset + 32);
    names.push(buf.toString('utf8', offset + 46, offset + 46 + nameLength));
    offset += 46 + nameLength + extraLength + commentLength;
  }
  return names.sort();
}

suite('packaging: the .vsix holds the bundles and nothing else', () => {
  const vsix = path.join(REPO_ROOT, 'tech-policy.vsix');

  suiteSetup(function () {
    this.timeout(120000);
    const r = spawnSync(process.platform === 'win32' ? 'npm.cmd' : 'npm', ['run', 'package'], { cwd: REPO_ROOT, encoding: 'utf8' });
    assert.strictEqual(r.status, 0, r.stdout + r.stderr);
  });

  test('the file list is exactly the allow-list', () => {
    const rules = fs.readdirSync(path.join(REPO_ROOT, 'docs', 'rules')).map((f) => `extension/docs/rules/${f}`);
    const syntaxes = fs.existsSync(path.join(REPO_ROOT, 'syntaxes')) ? fs.readdirSync(path.join(REPO_ROOT, 'syntaxes')).map((f) => `extension/syntaxes/${f}`) : [];
    assert.deepStrictEqual(
      zipEntries(vsix),
      [
        '[Content_Types].xml',
        'extension.vsixmanifest',
        'extension/LICENSE.txt',
        'extension/changelog.md',
        'extension/dist/cli.js',
        'extension/dist/client.js',
        'extension/dist/server.js',
        'extension/dist/sql-wasm.wasm',
        ...rules,
        'extension/images/icon.png',
        'extension/package.json',
        'extension/readme.md',
        'extension/schemas/techpolicy.baseline.schema.json',
        'extension/schemas/techpolicy.schema.json',
        ...syntaxes,
        ...fs.readdirSync(path.join(REPO_ROOT, 'walkthroughs')).map((f) => `extension/walkthroughs/${f}`),
      ].sort(),
    );
  });

  test('the bundles need nothing but Node and VS Code: no node_modules at run time', () => {
    const allowed = new Set([...builtinModules, ...builtinModules.map((m) => `node:${m}`), 'vscode']);
    for (const bundle of ['client.js', 'server.js', 'cli.js']) {
      const text = fs.readFileSync(path.join(REPO_ROOT, 'dist', bundle), 'utf8');
      const required = [...text.matchAll(/\brequire\(["']([^"'.][^"']*)["']\)/g)].map((m) => m[1]);
      const outside = [...new Set(required.filter((m) => !allowed.has(m) && !allowed.has(m.split('/')[0])))];
      assert.deepStrictEqual(outside, [], `${bundle} requires ${outside.join(', ')}`);
    }
  });

  test('the manifest is complete for the Marketplace', () => {
    const manifest = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8'));
    for (const key of ['publisher', 'repository', 'license', 'icon', 'categories', 'keywords', 'engines', 'contributes']) assert.ok(manifest[key], key);
    assert.deepStrictEqual(manifest.categories, ['Linters']);
    assert.ok(manifest.contributes.commands.every((c: { category: string }) => c.category === 'Tech Policy'));
    assert.ok(!manifest.activationEvents.includes('*'), 'activation is never "*"');
    const types = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'node_modules/@types/vscode/package.json'), 'utf8')).version as string;
    assert.ok(manifest.engines.vscode === `^${types.split('.').slice(0, 3).join('.').replace(/\.\d+$/, '.0')}`, `engines.vscode ${manifest.engines.vscode} matches @types/vscode ${types}`);
  });
});
