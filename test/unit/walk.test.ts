/**
 * The Node host's walk and reads, which start-up and the CLI lean on: the same tree gives the same
 * list in the same order, links are not followed (nor read in a file's place), and the fast paths
 * for plain paths and URIs give what vscode-uri gives.
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { URI } from 'vscode-uri';
import { relativePath } from '../../server/src/core/paths';
import { Boundary, pathToUri, uriToPath } from '../../server/src/node/files';
import { walk, walkListing, type WalkOptions } from '../../server/src/node/walk';
import { FolderState } from '../../server/src/node/folderState';
import { DEFAULT_SETTINGS } from '../../server/src/protocol';

suite('node host: the walk and reads', () => {
  let root: string;
  setup(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'tp-walk-'));
    const files = ['package.json', 'a/package.json', 'a/Dockerfile', 'a/src/index.ts', 'b/c/package.json', 'node_modules/x/package.json', 'b/notes.md'];
    for (const f of files) {
      fs.mkdirSync(path.dirname(path.join(root, f)), { recursive: true });
      fs.writeFileSync(path.join(root, f), '{}');
    }
    fs.mkdirSync(path.join(root, 'outside'));
    fs.writeFileSync(path.join(root, 'outside', 'package.json'), '{}');
    fs.symlinkSync(path.join(root, 'outside'), path.join(root, 'linked'));
    fs.symlinkSync(path.join(root, 'outside', 'package.json'), path.join(root, 'b', 'package.json'));
  });
  teardown(() => fs.rmSync(root, { recursive: true, force: true }));

  test('breadth first, links and pruned folders left out, the name-only filter asked first', async () => {
    const asked: string[] = [];
    const found = await walk(root, {
      candidate: (name) => name === 'package.json' || name === 'Dockerfile',
      accept: (rel, name) => {
        asked.push(rel);
        return name === 'package.json' || name === 'Dockerfile';
      },
    });
    assert.deepStrictEqual(found.sort(), ['a/Dockerfile', 'a/package.json', 'b/c/package.json', 'outside/package.json', 'package.json']);
    assert.ok(!asked.some((rel) => rel.endsWith('.ts') || rel.endsWith('.md')), `accept asked only of candidates: ${asked.join(', ')}`);
    // the same tree, the same order
    assert.deepStrictEqual(await walk(root, { accept: () => true }), await walk(root, { accept: () => true }));
    assert.deepStrictEqual((await walk(root, { accept: () => true })).slice(0, 1), ['package.json'], 'the root folder first');
  });

  test('ignore, a start below the root, a limit, and folders that cannot be read', async () => {
    assert.deepStrictEqual((await walk(root, { accept: (_r, n) => n === 'package.json', ignore: ['a/**'] })).sort(), ['b/c/package.json', 'outside/package.json', 'package.json']);
    assert.deepStrictEqual(await walk(root, { accept: () => true, from: 'b' }), ['b/notes.md', 'b/c/package.json']);
    assert.strictEqual((await walk(root, { accept: () => true, maxFiles: 1 })).length, 1);
    const errors: string[] = [];
    await walk(root, { accept: () => true, from: 'missing', onError: (rel, reason) => errors.push(`${rel}: ${reason}`) });
    assert.deepStrictEqual(errors, ['missing: ENOENT']);
  });

  test('the walk\'s rules over a list of files (the files at a git ref) give what the walk gives over the same files on disk', async () => {
    // every regular file of the tree, as git lists a commit's (links are not regular files)
    const regular = ['package.json', 'a/package.json', 'a/Dockerfile', 'a/src/index.ts', 'b/c/package.json', 'node_modules/x/package.json', 'b/notes.md', 'outside/package.json'];
    const cases: WalkOptions[] = [
      { accept: () => true },
      { candidate: (name) => name === 'package.json', accept: () => true },
      { accept: (_r, n) => n === 'package.json', ignore: ['a/**'] },
      { accept: () => true, ignore: ['b'] },
      // a glob that names a folder and not the files below it: the folder is not entered
      { accept: () => true, ignore: ['*/c'] },
      { accept: () => true, ignore: ['**/*.md'] },
      { accept: () => true, from: 'b' },
      { accept: (rel) => !rel.startsWith('a/'), ignore: ['outside/package.json'] },
    ];
    for (const options of cases) assert.deepStrictEqual(walkListing(regular, options).sort(), (await walk(root, options)).sort(), JSON.stringify({ ...options, accept: String(options.accept) }));
    assert.strictEqual(walkListing(regular, { accept: () => true, maxFiles: 2 }).length, 2);
  });

  test('a link in a file\'s place is handed to the caller (never followed, never left out in silence); links to folders are not entered', async () => {
    const links: string[] = [];
    const found = await walk(root, { accept: (_r, n) => n === 'package.json', onLink: (rel) => links.push(rel) });
    assert.deepStrictEqual(found.sort(), ['a/package.json', 'b/c/package.json', 'outside/package.json', 'package.json']);
    assert.deepStrictEqual(links, ['b/package.json'], 'the link in b/, not the folder link "linked"');
  });

  test('the limit on files is never silent: the caller is told the limit and the first folder not walked in full, once', async () => {
    const stops: string[] = [];
    // a/ holds two files: the second passes the limit, in a/
    const found = await walk(root, { from: 'a', accept: (_r, n) => n !== 'index.ts', maxFiles: 1, onLimit: (rel, max) => stops.push(`${rel} ${max}`) });
    assert.strictEqual(found.length, 1);
    assert.deepStrictEqual(stops, ['a 1'], `found: ${found.join(', ')}`);
    // exactly the limit, nothing more to take: nothing to say
    const all = await walk(root, { accept: () => true });
    const quiet: string[] = [];
    assert.deepStrictEqual(await walk(root, { accept: () => true, maxFiles: all.length, onLimit: (rel) => quiet.push(rel) }), all);
    assert.deepStrictEqual(quiet, []);
  });

  test('a folder whose walk reaches the limit says so, as the CLI lists it (not checked: the limit and the first folder not walked)', async () => {
    const problems: string[] = [];
    const state = new FolderState(pathToUri(root), 'ws', { ...DEFAULT_SETTINGS }, () => undefined, (p) => problems.push(`${path.relative(root, p.path)} (${p.what}): ${p.reason}`));
    state.walkLimit = 1;
    await state.scan();
    assert.strictEqual(problems.length, 1, problems.join('\n'));
    assert.match(problems[0], /^\S* \(folder\): the walk stops at 1 manifests and deployment files per workspace folder: the rest of this folder and every folder after it \(breadth first\) were not walked; ignore generated files in the policy's "ignore", or check a smaller folder$/);
  });

  test('a file the walk found is read without following a link in its place; the full read checks the real path', () => {
    const boundary = new Boundary([path.join(root, 'a')]);
    assert.deepStrictEqual(boundary.readFound(path.join(root, 'a', 'package.json')), { ok: true, text: '{}' });
    const link = path.join(root, 'a', 'link.json');
    fs.symlinkSync(path.join(root, 'outside', 'package.json'), link);
    const found = boundary.readFound(link);
    assert.strictEqual(found.ok, false, 'a link is not read in place of a found file');
    assert.deepStrictEqual(boundary.read(link), { ok: false, reason: 'it is a link to a file outside the workspace folder' });
    assert.deepStrictEqual(boundary.readFound(path.join(root, 'a')), { ok: false, reason: 'not a file' });
    assert.deepStrictEqual(boundary.readFound(path.join(root, 'a', 'gone.json')), { ok: false, reason: 'does not exist' });
    fs.writeFileSync(path.join(root, 'a', 'big.json'), `"${'x'.repeat(100_000)}"`);
    assert.strictEqual((boundary.readFound(path.join(root, 'a', 'big.json')) as { text: string }).text.length, 100_002, 'longer than one read');
  });

  test('plain paths become URIs and back as vscode-uri makes them; anything else goes through vscode-uri', () => {
    const paths = ['/tmp/a', '/tmp/a b', '/tmp//a', '/', '/a/b.c/d-e_f~g', '/x/%41', '/x/#1', '/é', '/x/', '/x/./y', '/C:/x', '/a:b', '/x?y', root];
    for (const p of paths) {
      assert.strictEqual(pathToUri(p), URI.file(p).toString(), p);
      assert.strictEqual(uriToPath(pathToUri(p)), URI.parse(URI.file(p).toString()).fsPath, p);
    }
    assert.strictEqual(relativePath('file:///ws', 'file:///ws/a%20b/package.json'), 'a b/package.json');
    assert.strictEqual(relativePath('file:///ws/', 'file:///ws/a/package.json'), 'a/package.json');
    assert.strictEqual(relativePath('file:///ws', 'file:///wsx/package.json'), undefined);
  });
});
