/**
 * Python: `requirements*.txt` (and the `*.txt` files of a `requirements/` folder), `pyproject.toml`
 * (PEP 621 `[project]` dependencies and optional-dependencies, PEP 735 `[dependency-groups]`,
 * Poetry, PDM and uv), `Pipfile`, and the literal `install_requires` of `setup.py` / `setup.cfg`.
 * Requirement strings are PEP 508: the name is the leading run of letters, digits, `-`, `_`, `.`.
 */
import type { ScanInput } from '../scanUtil';
import { linesOf } from '../scanUtil';
import type { ManifestDependency } from '../types';
import { dependency, type Problems, stringLiterals } from './common';
import { parseToml, pathStarts, tomlNamedKeys, tomlStrings } from './toml';

const NAME = /^[A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?/;

/** The requirement name at the start of a PEP 508 string, with its offsets in the file. */
function requirement(input: ScanInput, value: string, start: number, section?: string): ManifestDependency | undefined {
  const lead = value.length - value.trimStart().length;
  const m = NAME.exec(value.slice(lead));
  if (!m) return undefined;
  return dependency(input, 'pypi', m[0], start + lead, start + lead + m[0].length, section);
}

export function scanRequirements(input: ScanInput): ManifestDependency[] {
  const out: ManifestDependency[] = [];
  for (const line of linesOf(input.text)) {
    let content = line.content;
    if (line.start === 0 && content.charCodeAt(0) === 0xfeff) content = ' ' + content.slice(1);
    const hash = content.search(/(^|\s)#/);
    const code = hash >= 0 ? content.slice(0, hash) : content;
    const trimmed = code.trimStart();
    if (trimmed === '') continue;
    const lead = code.length - trimmed.length;
    if (trimmed.startsWith('-')) {
      // `-e git+https://…#egg=name`: the egg names the package; other options (`-r`, `-c`, `--index-url`) are not dependencies
      const egg = /#egg=([A-Za-z0-9._-]+)/.exec(content);
      if (/^(-e|--editable)\s/.test(trimmed) && egg) {
        const at = line.start + content.indexOf(egg[0]) + 5;
        const dep = dependency(input, 'pypi', egg[1], at, at + egg[1].length);
        if (dep) out.push(dep);
      }
      continue;
    }
    // a URL or a path on its own is not a name
    if (/^[a-z][a-z0-9+.-]*:\/\//i.test(trimmed) || /^[./~]/.test(trimmed)) continue;
    const dep = requirement(input, trimmed, line.start + lead);
    if (dep) out.push(dep);
  }
  return out;
}

/** Sections of pyproject.toml whose values are lists of requirement strings. */
const REQUIREMENT_LISTS: Array<{ prefix: string[]; depth: number; section: (path: string[]) => string | undefined }> = [
  { prefix: ['project', 'dependencies'], depth: 2, section: () => undefined },
  { prefix: ['project', 'optional-dependencies', '*'], depth: 3, section: (p) => `optional ${p[2]}` },
  { prefix: ['dependency-groups', '*'], depth: 2, section: (p) => `group ${p[1]}` },
  { prefix: ['tool', 'pdm', 'dev-dependencies', '*'], depth: 4, section: (p) => `dev ${p[3]}` },
  { prefix: ['tool', 'uv', 'dev-dependencies'], depth: 3, section: () => 'dev' },
];

/** Poetry's tables whose keys are package names (`python` is the interpreter, not a package). */
function poetrySection(path: string[]): string | undefined {
  if (path.length === 4 && pathStarts(path, ['tool', 'poetry', 'dependencies'])) return '';
  if (path.length === 4 && pathStarts(path, ['tool', 'poetry', 'dev-dependencies'])) return 'dev';
  if (path.length === 6 && pathStarts(path, ['tool', 'poetry', 'group', '*', 'dependencies'])) return `group ${path[3]}`;
  return undefined;
}

export function scanPyproject(input: ScanInput): { dependencies: ManifestDependency[]; problems: Problems } {
  const parsed = parseToml(input);
  const out: ManifestDependency[] = [];
  for (const entry of parsed.entries) {
    const list = REQUIREMENT_LISTS.find((l) => entry.path.length === l.depth && pathStarts(entry.path, l.prefix));
    if (!list) continue;
    for (const s of tomlStrings(entry.value)) {
      const dep = requirement(input, s.value, s.start, list.section(entry.path));
      if (dep) out.push(dep);
    }
  }
  // Poetry's tables of names, written as keys, dotted keys or tables of their own
  for (const key of tomlNamedKeys(parsed, poetrySection, 6)) {
    if (key.name.toLowerCase() === 'python' || !key.segment) continue;
    const dep = dependency(input, 'pypi', key.name, key.segment.start, key.segment.end, key.section || undefined);
    if (dep) out.push(dep);
  }
  out.sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character);
  return { dependencies: out, problems: parsed.problems };
}

export function scanPipfile(input: ScanInput): { dependencies: ManifestDependency[]; problems: Problems } {
  const parsed = parseToml(input);
  const out: ManifestDependency[] = [];
  const section = (path: string[]) => (path.length === 2 && path[0] === 'packages' ? '' : path.length === 2 && path[0] === 'dev-packages' ? 'dev' : undefined);
  for (const key of tomlNamedKeys(parsed, section, 2)) {
    if (!key.segment) continue;
    const dep = dependency(input, 'pypi', key.name, key.segment.start, key.segment.end, key.section || undefined);
    if (dep) out.push(dep);
  }
  return { dependencies: out, problems: parsed.problems };
}

/**
 * True when a `setup.py` is a packaging script: it calls `setup(` imported from setuptools,
 * distutils (or a build backend built on them: scikit-build, numpy.distutils), or calls
 * `setuptools.setup(` outright. Any other file named setup.py (a module of an app, `forms/setup.py`)
 * is code, not a manifest.
 */
export function isSetupScript(text: string): boolean {
  if (/\b(setuptools|distutils\.core)\.setup\s*\(/.test(text)) return true;
  const imports = /^[ \t]*(from[ \t]+(setuptools|distutils(\.core)?|skbuild|numpy\.distutils\.core)[ \t]+import\b[^\n]*\bsetup\b|import[ \t]+(setuptools|distutils\.core))/m.test(text);
  return imports && /(^|[^\w.])setup\s*\(/m.test(text);
}

/**
 * `setup.py`: the string literals of `install_requires=[…]` (and `tests_require`, `extras_require`
 * lists) when they are written out; a list built by code is not read (the file is never run).
 */
export function scanSetupPy(input: ScanInput): ManifestDependency[] {
  const out: ManifestDependency[] = [];
  const text = input.text;
  const keyword = /\b(install_requires|tests_require|setup_requires)\s*=\s*\[/g;
  for (let m = keyword.exec(text); m; m = keyword.exec(text)) {
    const open = m.index + m[0].length;
    const close = text.indexOf(']', open);
    if (close < 0) break;
    const section = m[1] === 'install_requires' ? undefined : m[1];
    if (m[1] === 'setup_requires') continue; // build tools
    for (const s of stringLiterals(text, open, close)) {
      const dep = requirement(input, s.value, s.start, section);
      if (dep) out.push(dep);
    }
    keyword.lastIndex = close;
  }
  return out;
}

/** `setup.cfg`: the continuation lines of `[options] install_requires =`. */
export function scanSetupCfg(input: ScanInput): ManifestDependency[] {
  const out: ManifestDependency[] = [];
  let table = '';
  let inList = false;
  for (const line of linesOf(input.text)) {
    const content = line.content;
    const trimmed = content.trim();
    const header = /^\[([^\]]*)\]/.exec(trimmed);
    if (header) {
      table = header[1].trim();
      inList = false;
      continue;
    }
    if (trimmed === '' || trimmed.startsWith('#') || trimmed.startsWith(';')) continue;
    const indented = /^\s/.test(content);
    if (!indented) {
      const eq = trimmed.indexOf('=');
      const key = eq >= 0 ? trimmed.slice(0, eq).trim() : '';
      inList = table === 'options' && key === 'install_requires';
      const rest = eq >= 0 ? trimmed.slice(eq + 1).trim() : '';
      if (inList && rest) {
        const dep = requirement(input, rest, line.start + content.indexOf(rest));
        if (dep) out.push(dep);
      }
      continue;
    }
    if (!inList) continue;
    const dep = requirement(input, trimmed, line.start + content.indexOf(trimmed));
    if (dep) out.push(dep);
  }
  return out;
}

/** `requirements.txt`, `requirements-dev.txt`, `dev-requirements.txt`, and `requirements/base.txt`. */
export function isRequirementsFile(folder: string, base: string): boolean {
  if (/^(.*[-_.])?requirements([-_.][^/]*)?\.txt$/i.test(base)) return true;
  const parent = folder.split('/').pop() ?? '';
  return /^requirements$/i.test(parent) && /\.txt$/i.test(base);
}
