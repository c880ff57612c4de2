/** Test helpers: load a fixture folder from disk into the core, with a fixed clock. */
import * as fs from 'fs';
import * as path from 'path';
import { URI } from 'vscode-uri';
import { FolderModel } from '../../server/src/core/folder';
import type { Finding } from '../../server/src/core/model';
import type { PolicyHost } from '../../server/src/core/policy/load';

/** The repository root, from out/test/support/. */
export const REPO_ROOT = path.resolve(__dirname, '..', '..', '..');
export const FIXTURES = path.join(REPO_ROOT, 'test', 'fixtures');
export const TODAY = '2026-11-25';

export function fixturePath(...segments: string[]): string {
  return path.join(FIXTURES, ...segments);
}

export function uriOf(p: string): string {
  return URI.file(p).toString();
}

/** A policy host over an in-memory map of uri → text (and optional packages). */
export function memoryHost(files: Record<string, string>, packages: Record<string, string> = {}): PolicyHost {
  return {
    readFile: (uri) => files[uri],
    resolvePackage: (_from, name) => packages[name],
  };
}

export function diskHost(): PolicyHost {
  return {
    readFile(uri) {
      try {
        return fs.readFileSync(URI.parse(uri).fsPath, 'utf8');
      } catch {
        return undefined;
      }
    },
    resolvePackage(fromDir, name) {
      let dir = URI.parse(fromDir).fsPath;
      for (;;) {
        const candidate = path.join(dir, 'node_modules', name, 'techpolicy.json');
        if (fs.existsSync(candidate)) return uriOf(candidate);
        const parent = path.dirname(dir);
        if (parent === dir) return undefined;
        dir = parent;
      }
    },
  };
}

function walk(dir: string, out: string[] = []): string[] {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    if (entry.isDirectory() && entry.name !== 'node_modules') walk(p, out);
    else if (entry.isFile()) out.push(p);
  }
  return out;
}

export interface LoadedFixture {
  root: string;
  folder: FolderModel;
  uri(rel: string): string;
  text(rel: string): string;
  /** Findings for every package.json and exception document of the fixture. */
  check(): Finding[];
  checkFile(rel: string, text?: string): Finding[];
}

/** Loads a fixture folder (or a copy of one): policy, exception documents, then checks on demand. */
export function loadFixture(root: string, options: { today?: string; policyText?: string } = {}): LoadedFixture {
  const folder = new FolderModel(uriOf(root), 'techpolicy.json', () => options.today ?? TODAY);
  const policyPath = path.join(root, 'techpolicy.json');
  const policyText = options.policyText ?? (fs.existsSync(policyPath) ? fs.readFileSync(policyPath, 'utf8') : undefined);
  folder.setPolicyText(policyText, diskHost());
  const files = walk(root);
  for (const f of files) if (folder.kindOf(uriOf(f)) === 'exception') folder.setException(uriOf(f), fs.readFileSync(f, 'utf8'));
  const self: LoadedFixture = {
    root,
    folder,
    uri: (rel) => uriOf(path.join(root, rel)),
    text: (rel) => fs.readFileSync(path.join(root, rel), 'utf8'),
    checkFile: (rel, text) => folder.checkText(self.uri(rel), text ?? self.text(rel)),
    check: () => files.flatMap((f) => folder.checkText(uriOf(f), fs.readFileSync(f, 'utf8'))),
  };
  return self;
}

/** A throwaway copy of a fixture folder (for tests that write). */
export function copyFixture(name: string): string {
  const dest = fs.mkdtempSync(path.join(require('os').tmpdir(), `tp-${name.replace(/\W/g, '-')}-`));
  fs.cpSync(fixturePath(name), dest, { recursive: true });
  return dest;
}

/** `file:line:col rule subject` lines, easy to compare. */
export function summarize(findings: Finding[], root?: string): string[] {
  return findings.map((f) => {
    const file = root ? path.relative(root, URI.parse(f.uri).fsPath).split(path.sep).join('/') : URI.parse(f.uri).fsPath;
    return `${file}:${f.range.start.line + 1}:${f.range.start.character + 1} ${f.rule} ${f.subject}`;
  });
}

/** The LSP range of the n-th occurrence of `needle` in `text`. */
export function rangeOf(text: string, needle: string, occurrence = 0): { start: { line: number; character: number }; end: { line: number; character: number } } {
  let index = -1;
  for (let i = 0; i <= occurrence; i++) {
    index = text.indexOf(needle, index + 1);
    if (index < 0) throw new Error(`"${needle}" not found (occurrence ${occurrence})`);
  }
  const pos = (offset: number) => {
    const before = text.slice(0, offset);
    const line = before.split('\n').length - 1;
    return { line, character: offset - (before.lastIndexOf('\n') + 1) };
  };
  return { start: pos(index), end: pos(index + needle.length) };
}
