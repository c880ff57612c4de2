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
  /** The commit has no parent: the repository's first commit (an initial import). */
  root?: boolean;
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
  /(^|\/)(package\.json|Gemfile|[^/]+\.gemspec|pyproject\.toml|requirements[^/]*\.txt|Pipfile|setup\.py|setup\.cfg|go\.mod|pom\.xml|build\.gradle(\.kts)?|settings\.gradle(\.kts)?|libs\.versions\.toml|Cargo\.toml|composer\.json|[^/]+\.(csproj|fsproj|vbproj)|Directory\.(Packages|Build)\.props|packages\.config|mix\.exs|\.npmrc|\.yarnrc(\.yml)?|\.nvmrc|\.node-version|\.tool-versions|\.python-version|\.ruby-version|renovate\.json5?|\.renovaterc(\.json)?)$/,
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

/** What makes a large commit something other than a week's work. */
export type OutlierKind = 'initial import' | 'vendoring' | 'mass move or rename' | 'very large change';

/** One team's part of a commit (the paths CODEOWNERS gives it). */
export interface TeamPart {
  lines: Record<WorkKind, number>;
  platformPaths: Map<string, number>;
}

export interface ClassifiedCommit {
  sha: string;
  author: string;
  subject: string;
  /** The shape of the change, when it is an import, a vendoring or a move rather than work. */
  shape?: Exclude<OutlierKind, 'very large change'>;
  /** How many files it changed. */
  files: number;
  /** YYYY-MM-DD of the author date, in UTC (empty when the date does not parse). */
  day: string;
  /** Monday of the commit's week (UTC), YYYY-MM-DD. */
  week: string;
  lines: Record<WorkKind, number>;
  /** Weighted lines per top folder (two segments), for "which paths drove it". */
  platformPaths: Map<string, number>;
  bot: boolean;
  /** Per owning team (CODEOWNERS' first owner of each path; '' for no owner), when owners are known. */
  teams?: Map<string, TeamPart>;
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

const VENDORED = /(^|\/)(vendor|vendored|third[_-]party|external|node_modules|bower_components|Pods)\//;

/** An initial import, a vendoring or a mass move, by the commit's shape (not its size). */
function shapeOf(commit: Commit): ClassifiedCommit['shape'] {
  if (commit.root) return 'initial import';
  let raw = 0;
  let vendored = 0;
  let added = 0;
  let deleted = 0;
  let pure = true;
  for (const f of commit.files) {
    const n = lineCount(f);
    raw += n;
    if (VENDORED.test(f.path)) vendored += n;
    added += f.added ?? 0;
    deleted += f.deleted ?? 0;
    if ((f.added ?? 0) > 0 && (f.deleted ?? 0) > 0) pure = false;
  }
  if (raw > 0 && vendored * 2 >= raw) return 'vendoring';
  // without rename detection a move is whole files deleted and the same lines added elsewhere
  if (commit.files.length >= 10 && pure && added > 0 && deleted > 0 && Math.abs(added - deleted) <= 0.1 * Math.max(added, deleted)) return 'mass move or rename';
  return undefined;
}

/** `owner`: the team of a path (CODEOWNERS), when the repository has owners. */
export function classifyCommit(commit: Commit, classify: PathClassifier, owner?: (path: string) => string): ClassifiedCommit {
  const typed = commitTypeKind(commit.subject);
  const lines: Record<WorkKind, number> = { platform: 0, product: 0, other: 0 };
  const platformPaths = new Map<string, number>();
  const teams = owner ? new Map<string, TeamPart>() : undefined;
  for (const f of commit.files) {
    const c = classify(f.path);
    const kind = typed ?? c.kind;
    const n = lineCount(f) * c.weight;
    lines[kind] += n;
    if (kind === 'platform') platformPaths.set(folderOf(f.path), (platformPaths.get(folderOf(f.path)) ?? 0) + n);
    if (teams) {
      const team = owner!(f.path);
      let part = teams.get(team);
      if (!part) teams.set(team, (part = { lines: { platform: 0, product: 0, other: 0 }, platformPaths: new Map() }));
      part.lines[kind] += n;
      if (kind === 'platform') part.platformPaths.set(folderOf(f.path), (part.platformPaths.get(folderOf(f.path)) ?? 0) + n);
    }
  }
  // day and week from the same instant, in UTC: a commit is never in one week by its day and another by its week
  const when = new Date(commit.date);
  const day = Number.isNaN(when.getTime()) ? '' : when.toISOString().slice(0, 10);
  return { sha: commit.sha, author: commit.author, subject: commit.subject, shape: shapeOf(commit), files: commit.files.length, day, week: day ? mondayOf(when) : '', lines, platformPaths, bot: isBot(commit.author, commit.email), teams };
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
  /** The rolling share is above the target, in a week that had platform or product work. */
  aboveTarget: boolean;
  /** Outlier commits of this week, left out of its lines (see WorkSummary.outliers). */
  outliers?: number;
}

/** A commit left out of the shares because it is not a week's work, named where the verdict is said. */
export interface OutlierCommit {
  sha: string;
  day: string;
  week: string;
  kind: OutlierKind;
  subject: string;
  author: string;
  /** Its lines (platform + product, weighted as everywhere). */
  lines: number;
  /** The repository it is in (the organisation page merges several). */
  repository?: string;
}

export interface WorkSummary {
  since: string;
  until: string;
  target: number;
  weeks: WorkWeek[];
  totals: { lines: Record<WorkKind, number>; authorDays: Record<WorkKind, number>; commits: number; authors: number };
  bots: { commits: number; authors: string[] };
  /** Platform share of platform + product lines over the whole period (outliers left out). */
  share?: number;
  verdict: 'above' | 'below' | 'no-data';
  /** The folders with the most platform lines, most first. */
  drivers: Array<{ path: string; lines: number }>;
  /** Commits left out of the shares: an initial import, a vendoring, a mass move, a change ten times the usual size. */
  outliers: OutlierCommit[];
  sentence: string;
  /** Per owning team, from CODEOWNERS ('' is the paths no rule owns); absent without a CODEOWNERS file. */
  teams?: TeamWork[];
}

export type TeamWork = { team: string } & Omit<WorkSummary, 'teams'>;

const round = (n: number) => Math.round(n * 10) / 10;
const KINDS = ['platform', 'product', 'other'] as const;

/** Weighted lines of platform or product work: what the share is made of, and what makes a commit an outlier. */
const workLines = (c: Pick<ClassifiedCommit, 'lines'>) => c.lines.platform + c.lines.product;

/** A commit this large is looked at as a possible outlier (weighted lines of platform and product). */
export const OUTLIER_MIN_LINES = 200;
/** Without a shape, a commit this many times the period's median (and at least 1,000 lines) is an outlier. */
export const OUTLIER_MEDIAN_FACTOR = 10;

/**
 * Commits that are not a week's work: an initial import (of ten files or more, or of at least
 * OUTLIER_MIN_LINES lines), a vendoring or a mass move of at least OUTLIER_MIN_LINES lines, or any
 * commit of 1,000 lines or more that is ten times the period's median (with at least five commits
 * to have a median of).
 */
export function findOutliers(commits: readonly ClassifiedCommit[]): Map<ClassifiedCommit, OutlierKind> {
  const out = new Map<ClassifiedCommit, OutlierKind>();
  const sizes = commits.map(workLines).sort((a, b) => a - b);
  const median = sizes.length ? sizes[Math.floor((sizes.length - 1) / 2)] : 0;
  for (const c of commits) {
    const n = workLines(c);
    // a repository's first commit of many files is what was there before it: an import, however small
    if (c.shape === 'initial import' && n > 0 && c.files >= 10) out.set(c, c.shape);
    else if (n < OUTLIER_MIN_LINES) continue;
    else if (c.shape) out.set(c, c.shape);
    else if (commits.length >= 5 && n >= 1000 && n >= OUTLIER_MEDIAN_FACTOR * Math.max(1, median)) out.set(c, 'very large change');
  }
  return out;
}

function emptyWeeks(since: string, until: string): Map<string, WorkWeek> {
  const weeks = new Map<string, WorkWeek>();
  for (let d = new Date(`${mondayOf(new Date(`${since}T00:00:00Z`))}T00:00:00Z`); d.toISOString().slice(0, 10) <= until; d.setUTCDate(d.getUTCDate() + 7)) {
    const key = d.toISOString().slice(0, 10);
    weeks.set(key, { week: key, lines: { platform: 0, product: 0, other: 0 }, authorDays: { platform: 0, product: 0, other: 0 }, commits: 0, aboveTarget: false });
  }
  return weeks;
}

/** Folds classified commits into weeks from `since` to `until` (both YYYY-MM-DD), every week present; with the teams CODEOWNERS gives. */
export function summarizeWork(commits: readonly ClassifiedCommit[], since: string, until: string, target: number): WorkSummary {
  const summary = foldWork(commits, since, until, target);
  if (commits.some((c) => c.teams)) {
    const names = new Set<string>();
    for (const c of commits) for (const t of c.teams?.keys() ?? []) names.add(t);
    summary.teams = [...names]
      .sort((a, b) => (a === '' ? 1 : b === '' ? -1 : a.localeCompare(b)))
      .map((team) => {
        // the team's part of each commit, as a commit of its own: outliers, author-days and shares alike
        const part = commits.flatMap((c) => {
          const p = c.teams?.get(team);
          return p ? [{ ...c, lines: p.lines, platformPaths: p.platformPaths, teams: undefined }] : [];
        });
        return { team, ...foldWork(part, since, until, target) };
      });
  }
  return summary;
}

function foldWork(commits: readonly ClassifiedCommit[], since: string, until: string, target: number): WorkSummary {
  const weeks = emptyWeeks(since, until);
  const bots = { commits: 0, authors: new Set<string>() };
  const days = new Map<string, { week: string; lines: Record<WorkKind, number> }>(); // author + day
  const drivers = new Map<string, number>();
  const authors = new Set<string>();
  // outside the period (authored before it, committed in it: a rebase, a cherry-pick): not counted, bots alike
  const counted = commits.filter((c) => weeks.has(c.week));
  for (const c of counted) {
    if (!c.bot) continue;
    bots.commits++;
    bots.authors.add(c.author);
  }
  const work = counted.filter((c) => !c.bot);
  const outlying = findOutliers(work);
  const outliers: OutlierCommit[] = [];
  for (const c of work) {
    const w = weeks.get(c.week)!;
    const kind = outlying.get(c);
    if (kind) {
      w.outliers = (w.outliers ?? 0) + 1;
      outliers.push({ sha: c.sha, day: c.day, week: c.week, kind, subject: c.subject, author: c.author, lines: round(workLines(c)) });
      continue;
    }
    w.commits++;
    authors.add(c.author);
    for (const k of KINDS) w.lines[k] += c.lines[k];
    const key = `${c.author}\u0000${c.day}`;
    const day = days.get(key) ?? { week: c.week, lines: { platform: 0, product: 0, other: 0 } };
    for (const k of KINDS) day.lines[k] += c.lines[k];
    days.set(key, day);
    for (const [p, n] of c.platformPaths) drivers.set(p, (drivers.get(p) ?? 0) + n);
  }
  // an author-day counts for the kind of work that had most of its lines (a tie: product, then platform)
  for (const day of days.values()) {
    const w = weeks.get(day.week);
    // a day whose changes have no lines (a mode change, an empty commit) is no kind of work
    if (!w || day.lines.platform + day.lines.product + day.lines.other === 0) continue;
    const kind = KINDS.reduce((best, k) => (day.lines[k] > day.lines[best] ? k : best), 'product' as WorkKind);
    w.authorDays[kind]++;
  }
  return finishWork([...weeks.values()], { since, until, target, bots: { commits: bots.commits, authors: [...bots.authors].sort() }, drivers, outliers, authors: authors.size });
}

/**
 * Shares, the rolling share, the verdict and its sentence, from weeks whose lines are summed: one
 * repository's, or (on the organisation page) a team's across repositories.
 */
export function finishWork(
  list: WorkWeek[],
  input: { since: string; until: string; target: number; bots: WorkSummary['bots']; drivers: Map<string, number>; outliers: OutlierCommit[]; authors: number },
): WorkSummary {
  const { since, until, target } = input;
  const share = (p: number, q: number) => (p + q > 0 ? p / (p + q) : undefined);
  list.forEach((w, i) => {
    for (const k of KINDS) w.lines[k] = round(w.lines[k]);
    w.share = share(w.lines.platform, w.lines.product);
    const window = list.slice(Math.max(0, i - 3), i + 1);
    w.rolling = share(
      window.reduce((n, x) => n + x.lines.platform, 0),
      window.reduce((n, x) => n + x.lines.product, 0),
    );
    // a week without platform or product work is marked nothing, whatever the weeks before it did
    w.aboveTarget = w.share !== undefined && w.rolling !== undefined && w.rolling > target;
  });
  const totals = { lines: { platform: 0, product: 0, other: 0 }, authorDays: { platform: 0, product: 0, other: 0 }, commits: 0, authors: input.authors };
  for (const w of list) {
    totals.commits += w.commits;
    for (const k of KINDS) {
      totals.lines[k] = round(totals.lines[k] + w.lines[k]);
      totals.authorDays[k] += w.authorDays[k];
    }
  }
  const total = share(totals.lines.platform, totals.lines.product);
  const verdict = total === undefined ? 'no-data' : total > target ? 'above' : 'below';
  const top = [...input.drivers].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).slice(0, 3).map(([path, lines]) => ({ path, lines: round(lines) }));
  const outliers = [...input.outliers].sort((a, b) => b.lines - a.lines || a.day.localeCompare(b.day));
  const pct = (n: number) => `${Math.round(n * 100)}%`;
  const sentence =
    (verdict === 'no-data'
      ? `No platform or product changes between ${since} and ${until}${outliers.length ? ' besides the outliers' : ''}.`
      : `Platform work was ${pct(total!)} of platform and product changes from ${since} to ${until}, ${verdict} the ${pct(target)} target` +
        (top.length ? `; most platform lines were in ${top.map((t) => t.path).join(', ')}.` : '.')) + outlierClause(outliers);
  return { since, until, target, weeks: list, totals, bots: input.bots, share: total, verdict, drivers: top, outliers, sentence };
}

/** " Not counted: the initial import 1a2b3c4 on 2026-01-05 (12,000 lines)…": outliers are named, never dropped in silence. */
export function outlierClause(outliers: readonly OutlierCommit[]): string {
  if (outliers.length === 0) return '';
  const named = outliers.slice(0, 3).map((o) => `the ${o.kind} ${o.repository ? `${o.repository}@` : ''}${o.sha.slice(0, 7)} on ${o.day} (${Math.round(o.lines).toLocaleString('en-US')} lines)`);
  const more = outliers.length > 3 ? ` and ${outliers.length - 3} more` : '';
  return ` Not counted, as not a week's work: ${named.join(', ')}${more}.`;
}

/** Weeks of several summaries added up (a team across repositories), then finished like one. */
export function mergeWork(parts: ReadonlyArray<{ repository: string; work: Omit<WorkSummary, 'teams'> }>, since: string, until: string, target: number): WorkSummary {
  const weeks = emptyWeeks(since, until);
  const drivers = new Map<string, number>();
  const outliers: OutlierCommit[] = [];
  const bots = { commits: 0, authors: new Set<string>() };
  let authors = 0;
  for (const { repository, work } of parts) {
    for (const w of work.weeks) {
      const into = weeks.get(w.week);
      if (!into) continue;
      into.commits += w.commits;
      if (w.outliers) into.outliers = (into.outliers ?? 0) + w.outliers;
      // each kind by name (a thousand repositories' weeks: a lookup by a changing key costs several of these)
      into.lines.platform += w.lines.platform;
      into.lines.product += w.lines.product;
      into.lines.other += w.lines.other;
      into.authorDays.platform += w.authorDays.platform;
      into.authorDays.product += w.authorDays.product;
      into.authorDays.other += w.authorDays.other;
    }
    for (const d of work.drivers) {
      const key = `${repository}: ${d.path}`;
      drivers.set(key, (drivers.get(key) ?? 0) + d.lines);
    }
    for (const o of work.outliers) if (weeks.has(o.week)) outliers.push({ ...o, repository });
    bots.commits += work.bots.commits;
    for (const a of work.bots.authors) bots.authors.add(a);
    authors += work.totals.authors;
  }
  return finishWork([...weeks.values()], { since, until, target, bots: { commits: bots.commits, authors: [...bots.authors].sort() }, drivers, outliers, authors });
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
