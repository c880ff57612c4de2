/** The command line's options and its two kinds of failure (both exit 2). */
import * as fs from 'fs';
import * as path from 'path';

export const VERSION = '0.1.0';

export const USAGE = `Usage:
  tech-policy check [folder] [--format text|json|sarif|github|markdown] [--policy FILE] [--output FILE] [--trusted-policy REF] [--new-since REF] [--show-baselined]
  tech-policy init [folder] [--force]
  tech-policy baseline [folder] [--update | --prune] [--policy FILE]
  tech-policy sign FILE [--key KEY] [--reject] [--policy FILE]
  tech-policy verify [FILE...] [--policy FILE] [--trusted-policy REF]
  tech-policy exceptions [folder] [--format text|json] [--policy FILE] [--trusted-policy REF]
  tech-policy report [folder] [--since 12w|6m|90d|1y|DATE] [--format html|json|markdown] [--policy FILE] [--output FILE]
  tech-policy radar export [folder] --format zalando|byor|backstage [--policy FILE] [--output FILE]
  tech-policy radar import FILE [folder] [--policy FILE] [--force]
  tech-policy org SOURCE... --output DIR [--history FILE] [--trusted-policy FILE|REF] [--since 12w] [--config org.json]
  tech-policy agents [folder] [--policy FILE]
  tech-policy mcp [folder] [--policy FILE] [--trusted]
  tech-policy help [command] | --help | --version

check       reports new technologies, services and languages, held technologies and
            exceptions that do not count, under the folder (default: the current folder),
            as the editor does.
init        writes techpolicy.json approving every technology, service and language in use today.
baseline    records today's findings in techpolicy.baseline.json (next to the policy): known
            findings are then counted, not reported, and new ones stand out. It never grows an
            existing baseline: --update records the current findings (new ones too, and keeps
            each entry's date), --prune only removes or lowers entries no longer found.
            check --show-baselined lists the known findings too.
sign        approves an exception document and signs it with your SSH key (ssh-keygen -Y sign);
            --reject rejects it instead. The key: --key, else git's user.signingKey (with
            gpg.format ssh).
verify      checks the approvals and signatures of exception documents (default: all of them).
exceptions  prints the exception register: awaiting signature, granted, expiring, expired, …
report      one page for leaders: the radar as used, the exception register, the deployables
            and languages, and platform versus product work from the git history.
org         the whole organisation on one page: every repository's requests (verified), radar,
            hold technologies, platform work by team and deployables, with trends over time.
radar       exports the policy's technologies as a Zalando, Thoughtworks BYOR or Backstage
            tech radar, or imports such a radar into techpolicy.json (never replacing an entry
            the policy has without --force).
agents      writes (or refreshes) the Tech Policy section of AGENTS.md, and of
            .github/copilot-instructions.md when it exists: the approved stack and the rule to ask
            the tools first. Nothing outside the section's markers changes.
mcp         serves the policy to coding agents over the Model Context Protocol (stdio): the tools
            check_technology, check_deployable, current_findings and request_exception, and the
            approved stack and the exception register as resources.

"tech-policy help COMMAND" (or "tech-policy COMMAND --help") tells more about one command.

--trusted-policy REF  the policy (rules, technologies, ignore list, approvers and keys) and the
                      baseline as they are at the git ref REF (e.g. origin/main) judge; the
                      working tree's can only make the check stricter, so a change cannot
                      approve itself.
--new-since REF       only what the change adds since the git ref REF counts: findings already
                      there are known (the pull-request view); REF's policy judges, as above.

Exit codes: 0 no finding at error or warning level; 1 findings (a stale baseline entry counts,
a known finding of the baseline does not) or a file that could not be read or parsed; 2 unusable
input (no folder, a missing or broken policy or baseline, a bad option, an unexpected error).
verify: 0 every approval counts, 1 one does not. A folder without techpolicy.json checks nothing
and exits 0.`;

const HELP: Record<string, string> = {
  check: `Usage: tech-policy check [folder] [--format text|json|sarif|github|markdown] [--policy FILE] [--output FILE] [--trusted-policy REF] [--new-since REF] [--show-baselined]

Checks every manifest under the folder (default: the current folder) against its techpolicy.json,
as the editor does:
  technologies  new-technology, hold-technology, unlisted-dependency: the dependencies of
                package.json, Gemfile/*.gemspec, pyproject.toml, requirements*.txt, Pipfile,
                setup.py/setup.cfg, go.mod, pom.xml, build.gradle[.kts], libs.versions.toml,
                Cargo.toml, composer.json, *.csproj/*.fsproj/*.vbproj, packages.config,
                Directory.Packages.props, mix.exs, and container images
  services      new-service: Dockerfiles, compose services, Kubernetes workloads, Helm charts,
                serverless and SAM functions, workspace and Nx apps, Procfile, fly.toml,
                app.yaml, wrangler.toml, render.yaml
  languages     new-language: the manifest of a language the policy does not list
  exceptions    exception-invalid, -expired, -expiring, -unused: the exception documents
  baseline      baseline-stale: entries of techpolicy.baseline.json no longer found
  agents        agents-instructions-stale: the Tech Policy section of AGENTS.md (or
                .github/copilot-instructions.md), written for another policy

Options:
  --format FORMAT       text (default), json, sarif (code scanning), github (workflow-command
                        annotations), markdown (a job summary)
  --policy FILE         the policy file (default: techpolicy.json in the folder)
  --output FILE         write the report to FILE; the summary line goes to stderr
  --trusted-policy REF  the policy and baseline at the git ref REF (e.g. origin/main) judge
  --new-since REF       only what the change adds since the git ref REF (e.g. origin/main) counts:
                        the folder is also checked as it was there (its files read from git,
                        nothing run), and a finding already there is known, like the baseline's;
                        the summary says "N new in this change, K already there at REF". REF's
                        policy judges, as with --trusted-policy REF (which, given too, names the
                        judge instead). REF must be in the clone (a shallow clone: fetch it)
  --show-baselined      also list the known findings (text): the baseline's, and those already
                        there at --new-since's ref

A file that could not be read or parsed is not checked: listed with the reason, none of its
findings reported, and it fails the check (the editor shows what parses while you type).

Exit codes: 0 no finding at error or warning level, 1 findings or a file not checked, 2 unusable
input (no folder, a missing or invalid policy or baseline, a bad option).
`,
  init: `Usage: tech-policy init [folder] [--force]

Writes techpolicy.json approving every technology, service and language in use today, exactly as
"Create Policy from Workspace" does. Never replaces an existing file without --force.
`,
  baseline: `Usage: tech-policy baseline [folder] [--update | --prune] [--policy FILE]

Records today's findings in techpolicy.baseline.json (next to the policy): known findings are then
counted, not reported, and new ones stand out. An existing baseline is never grown silently:
  --update  record the current findings (new ones too); entries keep their dates
  --prune   only remove or lower entries that are no longer found
`,
  sign: `Usage: tech-policy sign FILE [--key KEY] [--reject] [--policy FILE]

Approves an exception document and signs it with your SSH key (ssh-keygen -Y sign, namespace
tech-policy-exception); --reject rejects it instead. The key: --key, else git's user.signingKey
(with gpg.format ssh). A passphrase-protected key must be in ssh-agent. --policy FILE names the
policy (default: techpolicy.json in the nearest folder above the document).
`,
  verify: `Usage: tech-policy verify [FILE...] [--policy FILE] [--trusted-policy REF]

Checks the approvals and signatures of exception documents (default: all of them). Exit 0 when
every approval counts, 1 when one does not, 2 on unusable input.
  --policy FILE         the policy (default: techpolicy.json in the nearest folder above)
  --trusted-policy REF  approvers and keys from the policy at the git ref REF (e.g. origin/main)
`,
  exceptions: `Usage: tech-policy exceptions [folder] [--format text|json] [--policy FILE] [--trusted-policy REF]

Prints the exception register: awaiting signature, granted, expiring, expired, rejected, …
  --format FORMAT       text (default) or json
  --policy FILE         the policy file (default: techpolicy.json in the folder)
  --trusted-policy REF  approvers and keys from the policy at the git ref REF (e.g. origin/main)
`,
  report: `Usage: tech-policy report [folder] [--since 12w|6m|90d|1y|DATE] [--format html|json|markdown] [--policy FILE] [--output FILE]

One page for leaders, from the repository alone:
  the radar as used    the policy's technologies by quadrant and ring, sized by the files using
                       them; technologies in use that the policy does not list; hold and assess
                       technologies with their remaining uses
  the register         every exception with its state, requester, signer and dates; what expires
                       within 30 and 90 days
  deployables          the known services and where they are declared; new services and
                       languages with their exception status
  platform vs product  from git log over the period (default 12w): weekly changed lines by kind
                       of work to scale, each week's and the rolling four-week platform share
                       against the policy's platformWork.target (default 30%); outliers (an
                       initial import, a vendoring, a mass move) named, not counted; per team
                       when the repository has a CODEOWNERS file

--since PERIOD   the period: days, weeks, months or years back (90d, 12w, 6m, 1y) or a date
                 (YYYY-MM-DD); default 12w
--format FORMAT  html (default: one self-contained file, no script, no network), json or markdown
--policy FILE    the policy file (default: techpolicy.json in the folder)
--output FILE    write the report to FILE instead of stdout
`,
  org: `Usage: tech-policy org SOURCE... --output DIR [--history FILE] [--trusted-policy FILE|REF] [--since 12w] [--config org.json]

The whole organisation on one page, without a server. Each SOURCE is a repository (a folder with
.git or techpolicy.json), a folder of them (or of report JSONs, one level down), or a report
written by "tech-policy report --format json". Writes DIR/index.html, one page per repository and
DIR/org.json: every request awaiting a signature (each exception verified again here), the radar
across repositories with their disagreements, hold technologies and their retirement, platform
versus product work by team, deployables and languages.
  --output DIR                 the folder the site is written to (required)
  --history FILE               an SQLite history: each build appends a snapshot, the page shows trends
  --trusted-policy FILE|REF    the approvers, keys and rings that judge: a policy file, or
                               techpolicy.json at a git ref of the current repository
  --since PERIOD               the period of the work chart (90d, 12w, 6m, 1y or a date; default 12w)
  --config FILE                org.json: teams and their paths, and other settings of the page
`,
  radar: `Usage: tech-policy radar export [folder] --format zalando|byor|backstage [--policy FILE] [--output FILE]
       tech-policy radar import FILE [folder] [--policy FILE] [--force]

export  writes the policy's technologies (extends merged) as a tech radar, by quadrant, ring and
        name, so exports diff cleanly. Quadrants come from the catalog's categories: Frameworks,
        Data and messaging, Infrastructure, Tools.
          zalando    a Zalando tech-radar config (quadrants, rings, entries: label, quadrant,
                     ring, moved), as JSON
          byor       a Thoughtworks build-your-own-radar CSV: name,ring,quadrant,isNew,description
                     (the description is the policy's note, else the technology's category)
          backstage  a Backstage tech-radar JSON (quadrants, rings, entries with a timeline; its
                     date is today, or SOURCE_DATE_EPOCH when set)
        --output FILE writes it to FILE instead of stdout.
import  adds the entries of a Zalando config (JSON), a BYOR CSV or a Backstage JSON (told apart by
        content) to techpolicy.json as technologies with their rings. Names are matched to the
        catalog's ids, aliases and names ("PostgreSQL" is postgres); a name the catalog does not
        know is added under a slug of itself with its quadrant's generic category (framework,
        data, infrastructure or tool), and reported.
        Entries with no name or an unknown ring are reported and skipped. An entry the policy
        already has is kept (and reported) unless --force, which replaces its ring and note.
        Only the technologies object of techpolicy.json changes; comments and formatting stay.
--policy FILE  the policy file (default: techpolicy.json in the folder), for either.

Exit codes: 0 done (skipped rows are reported, not failures), 2 unusable input (no policy, a
radar that cannot be read or is of no known format, a policy that is not valid JSON or is a
symbolic link).
`,
  agents: `Usage: tech-policy agents [folder] [--policy FILE]

Writes the Tech Policy section of AGENTS.md (created when missing) and, when it exists, of
.github/copilot-instructions.md: the approved stack per category, what is on hold, the monolith's
deployables, the languages, the rule to ask the Tech Policy tools before adding a technology or a
deployable, and how exceptions work. The section lies between two markers,
<!-- tech-policy:begin policy=HASH ... --> and <!-- tech-policy:end -->; only what is between them is
replaced, and the rest of the file is never touched. HASH records the section as written: when the
policy changes, check reports agents-instructions-stale (info) until this command runs again.

Exit codes: 0 written or already up to date, 2 no policy, a policy with errors, or markers that are
broken (a begin without its end, a second section): nothing is written then.
`,
  mcp: `Usage: tech-policy mcp [folder] [--policy FILE] [--trusted]

Runs a Model Context Protocol server over stdio for coding agents (VS Code, Claude Code and any
MCP client), answering from the folder's techpolicy.json (default: the current folder):
  tools      check_technology   is a package, image or technology allowed here, and why; the
                                approved alternatives; the exceptions naming it
             check_deployable   may a new deployable (a Dockerfile, a service, a language
                                manifest) go there; the monolith's known services; what instead
             current_findings   what a check reports now: file:line:col severity rule message
             request_exception  drafts an exception request for a person to complete (never
                                overwrites; grants nothing)
  resources  techpolicy://stack       the approved stack, per category, with rings and notes
             techpolicy://exceptions  the exception register
No tool approves, signs or changes the policy, and nothing is written outside the exceptions
directory. The policy and the exception documents are read again when they change.

--trusted  the folder is trusted: git runs (your name and email in a request) and extends may
           come from node_modules. Without it, as in an untrusted workspace, no program runs.
--policy FILE  the policy file (default: techpolicy.json in the folder).
`,
};
HELP.help = `Usage: tech-policy help [command]

Prints the usage, or one command's help: ${Object.keys(HELP).join(', ')}.
`;

/** One command's help, or undefined for a name that is not a command. */
export function commandHelp(name: string): string | undefined {
  return Object.prototype.hasOwnProperty.call(HELP, name) ? HELP[name] : undefined;
}

/** The usage lines of one command as USAGE gives them, without the indent (radar has two). */
export function usageLines(command: string): string[] {
  return USAGE.split('\n')
    .map((l) => l.trim())
    .filter((l) => l.startsWith(`tech-policy ${command} `) || l === `tech-policy ${command}`);
}

/**
 * The options a command takes: the ones its usage lines and its help name. The help is the one
 * source of what each command accepts (and test/cli/help.test.ts holds the README to it), so an
 * option never works without being documented, and an option given to a command that does not
 * take it is an error, not silently ignored.
 */
export function optionsOf(command: string): Set<string> {
  const text = [...usageLines(command), commandHelp(command) ?? ''].join('\n');
  return new Set(text.match(/(?<![\w-])--[a-z][a-z-]*/g) ?? []);
}

/** Every option given is one the command takes (`-o` is `--output`). */
export function checkOptions(opts: Options): void {
  if (!commandHelp(opts.command)) return;
  const takes = optionsOf(opts.command);
  const extra = opts.given.find((o) => !takes.has(o));
  if (extra) throw new UsageError(`"${opts.command}" does not take ${extra}; "tech-policy help ${opts.command}" lists what it takes.`);
}

export class UsageError extends Error {}
export class InputError extends Error {}

export interface Options {
  command: string;
  positional: string[];
  format?: string;
  policy?: string;
  output?: string;
  trustedPolicy?: string;
  newSince?: string;
  since?: string;
  key?: string;
  history?: string;
  config?: string;
  reject: boolean;
  force: boolean;
  update: boolean;
  prune: boolean;
  showBaselined: boolean;
  /** The options given, by their long name, in order. */
  given: string[];
  trusted: boolean;
}

export const WITH_VALUE = ['--format', '--policy', '--output', '-o', '--trusted-policy', '--new-since', '--key', '--since', '--history', '--config'];

export const SWITCHES = ['--force', '--reject', '--update', '--prune', '--show-baselined', '--trusted'];

export function parseArgs(argv: string[]): Options {
  const opts: Options = { command: '', positional: [], reject: false, force: false, update: false, prune: false, showBaselined: false, trusted: false, given: [] };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const eq = a.indexOf('=');
    const name = a.startsWith('--') && eq > 0 ? a.slice(0, eq) : a;
    if (WITH_VALUE.includes(name) || SWITCHES.includes(a)) opts.given.push(name === '-o' ? '--output' : name);
    if (WITH_VALUE.includes(name)) {
      const value = eq > 0 && a.startsWith('--') ? a.slice(eq + 1) : argv[++i];
      if (value === undefined) throw new UsageError(`${name} needs a value.`);
      if (name === '--format') opts.format = value;
      else if (name === '--policy') opts.policy = value;
      else if (name === '--output' || name === '-o') opts.output = value;
      else if (name === '--trusted-policy') opts.trustedPolicy = value;
      else if (name === '--new-since') opts.newSince = value;
      else if (name === '--since') opts.since = value;
      else if (name === '--history') opts.history = value;
      else if (name === '--config') opts.config = value;
      else opts.key = value;
    } else if (a === '--force') opts.force = true;
    else if (a === '--reject') opts.reject = true;
    else if (a === '--update') opts.update = true;
    else if (a === '--prune') opts.prune = true;
    else if (a === '--show-baselined') opts.showBaselined = true;
    else if (a === '--trusted') opts.trusted = true;
    else if (a.startsWith('-')) throw new UsageError(`Unknown option ${a}.`);
    else if (!opts.command) opts.command = a;
    else opts.positional.push(a);
  }
  return opts;
}

/** The format option, checked against what the command writes. */
export function formatOf<T extends string>(opts: Options, allowed: readonly T[]): T {
  const f = (opts.format ?? allowed[0]) as T;
  if (!allowed.includes(f)) throw new UsageError(`Unknown format "${f}": use ${allowed.slice(0, -1).join(', ')} or ${allowed[allowed.length - 1]}.`);
  return f;
}

/** At most `max` positional arguments. */
export function positionals(opts: Options, max: number): string[] {
  if (opts.positional.length > max) throw new UsageError(`Unexpected argument "${opts.positional[max]}".`);
  return opts.positional;
}

export function folderOrFail(folder: string): string {
  const root = path.resolve(folder);
  if (!fs.existsSync(root) || !fs.statSync(root).isDirectory()) throw new InputError(`${folder} is not a folder.`);
  return root;
}
