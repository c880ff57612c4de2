/**
 * Platform versus product work, from the history: every change classified by the paths it
 * touches (and its Conventional Commit type, where it has one), weighted by changed lines, then
 * folded into weeks. Pure: commits in (the Node host reads `git log`), numbers out.
 */
import { compileGlob } from '../glob';

export type WorkKind = 'platform' | 'product' | 'other';

export interface CommitFile {
  path: string;
  /** Lines added and deleted; undefined for a binary file (counted as one line). */
  added?: number;
  deleted?: number;
}

export interface Commit {
  sha: string;
  /** The author as `.mailmap` folds it. */
  author: string;
  email: string;
  /** ISO 8601 author date, with its offset. */
  date: string;
  subject: string;
  files: CommitFile[];
}

export interface WorkSettings {
  /** The platform share (of platform + product) the policy aims to stay under, 0..1. */
  target: number;
  /** Extra globs counted as platform work. */
  paths: string[];
  /** Globs counted as product work, before every other rule. */
  productPaths: string[];
}

export const DEFAULT_TARGET = 0.3;

/** Lock files and generated output: a thousand changed lines there are one small decision. */
const DOWN_WEIGHT = 0.1;

const LOCKFILE = /(^|\/)(package-lock\.json|npm-shrinkwrap\.json|yarn\.lock|pnpm-lock\.yaml|bun\.lockb?|Gemfile\.lock|Pipfile\.lock|poetry\.lock|pdm\.lock|uv\.lock|go\.sum|Cargo\.lock|composer\.lock|mix\.lock|packages\.lock\.json|gradle\.lockfile|flake\.lock)$/;
const GENERATED = /(^|\/)(dist|build|out|vendor|generated|__generated__|__snapshots__)\/|\.min\.(js|css)$|\.generated\.|\.snap$|\.pb\.go$|_pb2\.py$/;

const PLATFORM: RegExp[] = [
  // CI and build configuration
  /^\.github\/(workflows|actions)\//, /^\.gitlab-ci\.yml$/, /^\.gitlab\//, /^\.circleci\//, /^\.buildkite\//, /(^|\/)Jenkinsfile$/, /^azure-pipelines\.ya?ml$/, /^\.travis\.yml$/, /^bitbucket-pipelines\.yml$/, /^\.drone\.yml$/,
  /(^|\/)(Makefile|Rakefile|Taskfile\.ya?ml|justfile|BUILD(\.bazel)?|WORKSPACE|MODULE\.bazel|turbo\.json|nx\.json|lerna\.json)$/,
  /(^|\/)(webpack|rollup|vite|esbuild|babel|tsup|turbo|jest|vitest|playwright|karma|metro)\.config\.[cm]?[jt]s$/, /(^|\/)tsconfig[^/]*\.json$/, /(^|\/)\.babelrc/,
  // containers and deployment
  /(^|\/)(Dockerfile|Containerfile)([.-][^/]*)?$/, /\.Dockerfile$/, /(^|\/)\.dockerignore$/, /(^|\/)(docker-)?compose[^/]*\.ya?ml$/,
  /(^|\/)(k8s|kubernetes|helm|charts|manifests|deploy|deployment|infra|infrastructure|terraform|ops|kustomize|argocd|ansible)\//,
  /\.(tf|tfvars|hcl)$/, /(^|\/)(serverless\.(ya?ml|json|ts|js)|template\.ya?ml|samconfig\.toml|fly\.toml|app\.yaml|Procfile|render\.yaml|wrangler\.toml|vercel\.json|netlify\.toml|skaffold\.yaml|Chart\.yaml|kustomization\.ya?ml)$/,
  // dependency manifests and lock files
  /(^|\/)(package\.json|Gemfile|[^/]+\.gemspec|pyproject\.toml|requirements[^/]*\.txt|Pipfile|setup\.py|setup\.cfg|go\.mod|pom\.xml|build\.gradle(\.kts)?|settings\.gradle(\.kts)?|libs\.versions\.toml|Cargo\.toml|composer\.json|[^/]+\.(csproj|fsproj)|Directory\.(Packages|Build)\.props|mix\.exs|\.npmrc|\.yarnrc(\.yml)?|\.nvmrc|\.node-version|\.tool-versions|\.python-version|\.ruby-version|renovate\.json5?|\.renovaterc(\.json)?)$/,
  /^\.github\/dependabot\.ya?ml$/,
  LOCKFILE,
  // tooling, lint and editor configuration, scripts
  /(^|\/)(\.eslintrc[^/]*|eslint\.config\.[cm]?[jt]s|\.prettierrc[^/]*|prettier\.config\.[cm]?js|\.stylelintrc[^/]*|\.editorconfig|\.rubocop\.yml|\.golangci\.ya?ml|\.flake8|ruff\.toml|\.pre-commit-config\.yaml|\.husky\/.*|lefthook\.yml|commitlint\.config\.[cm]?js|\.gitattributes|\.gitignore|\.vscode\/.*|biome\.json|\.mailmap|techpolicy(\.baseline)?\.json)$/,
  /^(scripts|tools|tooling|ci|\.devcontainer|\.husky)\//,
];

/** Tests first: a fixture's package.json or Dockerfile is test material, not platform work. */
const TESTS: RegExp[] = [/(^|\/)(tests?|spec|specs|__tests__|e2e|cypress|fixtures|testdata|__mocks__)\//, /\.(test|spec)\.[^/]+$/, /_test\.(go|py|rb|exs)$/, /(^|\/)test_[^/]+\.py$/];
const DOCS: RegExp[] = [/(^|\/)(docs?|documentation|adr|rfcs?)\//, /\.(md|mdx|rst|adoc)$/i, /(^|\/)(LICENSE|CHANGELOG|CODEOWNERS|AUTHORS)[^/]*$/i];

/** Conventional Commit types that say what kind of work a commit is, whatever it touches. */
const TYPE_KIND: Record<string, WorkKind> = { ci: 'platform', build: 'platform', deps: 'platform', docs: 'other', test: 'other', tests: 'other' };

/** `ci:`, `build(deps)!:`, `chore(deps):` → the kind the type names; undefined when the subject has none or a neutral one. */
export function commitTypeKind(subject: string): WorkKind | undefined {
  const m = /^([a-z]+)(?:\(([^)]*)\))?!?:\s/i.exec(subject);
  if (!m) return undefined;
  const type = m[1].toLowerCase();
  const scope = (m[2] ?? '').toLowerCase();
  if (type === 'chore' && /^(deps|deps-dev|dependencies)$/.test(scope)) return 'platform';
  return TYPE_KIND[type];
}

export interface PathClassifier {
  (path: string): { kind: WorkKind; weight: number };
}

export function pathClassifier(settings: Pick<WorkSettings, 'paths' | 'productPaths'>): PathClassifier {
  // the policy parser reports a glob that does not compile; here it simply matches nothing
  const compile = (globs: string[]) => globs.map(compileGlob).flatMap((g) => (g.ok ? [g.match] : []));
  const product = compile(settings.productPaths);
  const platform = compile(settings.paths);
  return (p: string) => {
    const weight = LOCKFILE.test(p) || GENERATED.test(p) ? DOWN_WEIGHT : 1;
    if (product.some((match) => match(p))) return { kind: 'product', weight };
    if (platform.some((match) => match(p))) return { kind: 'platform', weight };
    if (TESTS.some((r) => r.test(p))) return { kind: 'other', weight };
    if (PLATFORM.some((r) => r.test(p))) return { kind: 'platform', weight };
    if (DOCS.some((r) => r.test(p))) return { kind: 'other', weight };
    return { kind: 'product', weight };
  };
}

/** Bots' changes are counted apart: they are not a team's choice of work. */
export function isBot(author: string, email: string): boolean {
  return /\[bot\]$|^(dependabot|renovate|github-actions|greenkeeper|snyk-bot|mergify|pre-commit-ci)\b/i.test(author) || /\[bot\]@|^(bot|noreply-bot)@|@dependabot\.com$|renovate@/i.test(email);
}

export interface ClassifiedCommit {
  sha: string;
  author: string;
  /** YYYY-MM-DD of the author date, in UTC (empty when the date does not parse). */
  day: string;
  /** Monday of the commit's week (UTC), YYYY-MM-DD. */
  week: string;
  lines: Record<WorkKind, number>;
  /** Weighted lines per top folder (two segments), for "which paths drove it". */
  platformPaths: Map<string, number>;
  bot: boolean;
}

function lineCount(f: CommitFile): number {
  return f.added === undefined || f.deleted === undefined ? 1 : f.added + f.deleted;
}

export function mondayOf(date: Date): string {
  const d = new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate()));
  d.setUTCDate(d.getUTCDate() - ((d.getUTCDay() + 6) % 7));
  return d.toISOString().slice(0, 10);
}

function folderOf(p: string): string {
  const parts = p.split('/');
  return parts.length <= 1 ? p : parts.length === 2 ? `${parts[0]}/` : `${parts[0]}/${parts[1]}/`;
}

export function classifyCommit(commit: Commit, classify: PathClassifier): ClassifiedCommit {
  const typed = commitTypeKind(commit.subject);
  const lines: Record<WorkKind, number> = { platform: 0, product: 0, other: 0 };
  const platformPaths = new Map<string, number>();
  for (const f of commit.files) {
    const c = classify(f.path);
    const kind = typed ?? c.kind;
    const n = lineCount(f) * c.weight;
    lines[kind] += n;
    if (kind === 'platform') platformPaths.set(folderOf(f.path), (platformPaths.get(folderOf(f.path)) ?? 0) + n);
  }
  // day and week from the same instant, in UTC: a commit is never in one week by its day and another by its week
  const when = new Date(commit.date);
  const day = Number.isNaN(when.getTime()) ? '' : when.toISOString().slice(0, 10);
  return { sha: commit.sha, author: commit.author, day, week: day ? mondayOf(when) : '', lines, platformPaths, bot: isBot(commit.author, commit.email) };
}

export interface WorkWeek {
  /** Monday, YYYY-MM-DD. */
  week: string;
  lines: Record<WorkKind, number>;
  authorDays: Record<WorkKind, number>;
  commits: number;
  /** Platform share of platform + product lines in this week; undefined in a week without either. */
  share?: number;
  /** Rolling platform share over this and the three weeks before. */
  rolling?: number;
  aboveTarget: boolean;
}

export interface WorkSummary {
  since: string;
  until: string;
  target: number;
  weeks: WorkWeek[];
  totals: { lines: Record<WorkKind, number>; authorDays: Record<WorkKind, number>; commits: number; authors: number };
  bots: { commits: number; authors: string[] };
  /** Platform share of platform + product lines over the whole period. */
  share?: number;
  verdict: 'above' | 'below' | 'no-data';
  /** The folders with the most platform lines, most first. */
  drivers: Array<{ path: string; lines: number }>;
  sentence: string;
}

const round = (n: number) => Math.round(n * 10) / 10;

/** Folds classified commits into weeks from `since` to `until` (both YYYY-MM-DD), every week present. */
export function summarizeWork(commits: readonly ClassifiedCommit[], since: string, until: string, target: number): WorkSummary {
  const weeks = new Map<string, WorkWeek>();
  for (let d = new Date(`${mondayOf(new Date(`${since}T00:00:00Z`))}T00:00:00Z`); d.toISOString().slice(0, 10) <= until; d.setUTCDate(d.getUTCDate() + 7)) {
    const key = d.toISOString().slice(0, 10);
    weeks.set(key, { week: key, lines: { platform: 0, product: 0, other: 0 }, authorDays: { platform: 0, product: 0, other: 0 }, commits: 0, aboveTarget: false });
  }
  const bots = { commits: 0, authors: new Set<string>() };
  const days = new Map<string, { week: string; lines: Record<WorkKind, number> }>(); // author + day
  const drivers = new Map<string, number>();
  const authors = new Set<string>();
  for (const c of commits) {
    // outside the period (authored before it, committed in it: a rebase, a cherry-pick): not counted, bots alike
    const w = weeks.get(c.week);
    if (!w) continue;
    if (c.bot) {
      bots.commits++;
      bots.authors.add(c.author);
      continue;
    }
    w.commits++;
    authors.add(c.author);
    for (const k of ['platform', 'product', 'other'] as const) w.lines[k] += c.lines[k];
    const key = `${c.author}\u0000${c.day}`;
    const day = days.get(key) ?? { week: c.week, lines: { platform: 0, product: 0, other: 0 } };
    for (const k of ['platform', 'product', 'other'] as const) day.lines[k] += c.lines[k];
    days.set(key, day);
    for (const [p, n] of c.platformPaths) drivers.set(p, (drivers.get(p) ?? 0) + n);
  }
  // an author-day counts for the kind of work that had most of its lines (a tie: product, then platform)
  for (const day of days.values()) {
    const w = weeks.get(day.week);
    // a day whose changes have no lines (a mode change, an empty commit) is no kind of work
    if (!w || day.lines.platform + day.lines.product + day.lines.other === 0) continue;
    const kind = (['platform', 'product', 'other'] as const).reduce((best, k) => (day.lines[k] > day.lines[best] ? k : best), 'product' as WorkKind);
    w.authorDays[kind]++;
  }
  const list = [...weeks.values()];
  const share = (p: number, q: number) => (p + q > 0 ? p / (p + q) : undefined);
  list.forEach((w, i) => {
    for (const k of ['platform', 'product', 'other'] as const) w.lines[k] = round(w.lines[k]);
    w.share = share(w.lines.platform, w.lines.product);
    const window = list.slice(Math.max(0, i - 3), i + 1);
    w.rolling = share(
      window.reduce((n, x) => n + x.lines.platform, 0),
      window.reduce((n, x) => n + x.lines.product, 0),
    );
    w.aboveTarget = w.rolling !== undefined && w.rolling > target;
  });
  const totals = { lines: { platform: 0, product: 0, other: 0 }, authorDays: { platform: 0, product: 0, other: 0 }, commits: 0, authors: authors.size };
  for (const w of list) {
    totals.commits += w.commits;
    for (const k of ['platform', 'product', 'other'] as const) {
      totals.lines[k] = round(totals.lines[k] + w.lines[k]);
      totals.authorDays[k] += w.authorDays[k];
    }
  }
  const total = share(totals.lines.platform, totals.lines.product);
  const verdict = total === undefined ? 'no-data' : total > target ? 'above' : 'below';
  const top = [...drivers].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).slice(0, 3).map(([path, lines]) => ({ path, lines: round(lines) }));
  const pct = (n: number) => `${Math.round(n * 100)}%`;
  const sentence =
    verdict === 'no-data'
      ? `No platform or product changes between ${since} and ${until}.`
      : `Platform work was ${pct(total!)} of platform and product changes from ${since} to ${until}, ${verdict} the ${pct(target)} target` +
        (top.length ? `; most platform lines were in ${top.map((t) => t.path).join(', ')}.` : '.');
  return { since, until, target, weeks: list, totals, bots: { commits: bots.commits, authors: [...bots.authors].sort() }, share: total, verdict, drivers: top, sentence };
}

/** `12w`, `6m`, `90d`, `1y` before `today`, or a date: the first day of the period (YYYY-MM-DD); undefined when it is neither. */
export function periodStart(spec: string, today: string): string | undefined {
  if (/^\d{4}-\d{2}-\d{2}$/.test(spec)) {
    const d = new Date(`${spec}T00:00:00Z`);
    // a real calendar day (not 2026-02-30), in the past
    return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === spec && spec <= today ? spec : undefined;
  }
  const m = /^(\d{1,4})([dwmy])$/.exec(spec);
  if (!m) return undefined;
  const n = Number(m[1]);
  // at most ten years back: a report over centuries is a typo
  if (n === 0 || n > { d: 3660, w: 522, m: 120, y: 10 }[m[2] as 'd' | 'w' | 'm' | 'y']) return undefined;
  const d = new Date(`${today}T00:00:00Z`);
  if (m[2] === 'd') d.setUTCDate(d.getUTCDate() - n);
  if (m[2] === 'w') d.setUTCDate(d.getUTCDate() - 7 * n);
  if (m[2] === 'm') d.setUTCMonth(d.getUTCMonth() - n);
  if (m[2] === 'y') d.setUTCFullYear(d.getUTCFullYear() - n);
  return d.toISOString().slice(0, 10);
}
