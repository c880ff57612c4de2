/**
 * tech-policy: the command-line checker. The same core and the same file discovery as the
 * language server (node/folderState.ts); only the output differs. Each verb is thin: it parses
 * its flags and calls the core. Whatever happens, the report is written whole before the process
 * exits, `--format json` prints one JSON document, and the exit code is 0, 1 or 2.
 */
import { baseline, check, init } from './check';
import { exceptions, sign, verify } from './exceptionCommands';
import { report } from './reportCommand';
import { radar } from './radar';
import { org } from './org';
import { isReportWorker, serveReports } from './reportWorker';
import { agents } from './agentsCommand';
import { checkOptions, commandHelp, InputError, type Options, parseArgs, USAGE, UsageError, VERSION } from './options';
import { writeErr, writeOut, writeReport } from './output';
import { formatJsonFailure } from './report';
import { formatSarifFailure } from './sarif';
import { escapeMarkdown, escapeWorkflowData, oneLine } from '../core/text';

/**
 * `mcp` is loaded when it runs: the MCP SDK and its schema library build hundreds of schemas when
 * their modules are evaluated (about 20 ms of every start of the CLI, `check` included).
 */
const mcp = async (opts: Options): Promise<number> => (await import('./mcp.js')).mcp(opts);

const COMMANDS: Record<string, (opts: Options) => Promise<number>> = { check, init, baseline, sign, verify, exceptions, report, radar, org, agents, mcp };

async function main(argv: string[]): Promise<number> {
  // `tech-policy help [command]`, `tech-policy check --help`: the command's own help, else the usage
  const asksHelp = argv[0] === 'help' || argv.includes('--help') || argv.includes('-h');
  if (asksHelp) {
    const named = argv[0] === 'help' ? argv[1] : argv.find((a) => !a.startsWith('-'));
    await writeOut((named && commandHelp(named)) || USAGE + '\n');
    if (named && named !== 'help' && !commandHelp(named)) {
      await writeErr(`tech-policy: unknown command "${named}".\n`);
      return 2;
    }
    return 0;
  }
  if (argv.includes('--version') || argv.includes('-v')) {
    await writeOut(VERSION + '\n');
    return 0;
  }
  const opts = parseArgs(argv);
  const command = COMMANDS[opts.command];
  if (!command) throw new UsageError(opts.command ? `Unknown command "${opts.command}".` : `Name a command: ${Object.keys(COMMANDS).join(', ')}.`);
  checkOptions(opts);
  return command(opts);
}

/** An option's value, read without trusting the rest of the command line (it may be what failed). */
function optionValue(argv: string[], ...names: string[]): string | undefined {
  for (let i = 0; i < argv.length; i++) {
    if (names.includes(argv[i])) return argv[i + 1];
    for (const name of names) if (argv[i].startsWith(`${name}=`)) return argv[i].slice(name.length + 1);
  }
  return undefined;
}

async function fail(e: unknown, argv: string[]): Promise<number> {
  const known = e instanceof UsageError || e instanceof InputError;
  const reason = known ? (e as Error).message : `unexpected error: ${(e as Error)?.message ?? String(e)}`;
  const format = optionValue(argv, '--format');
  // a machine-read format gets its document even now (CI uploads the SARIF file whatever happened)
  const document = argv[0] === 'check' || argv[0] === 'exceptions' ? failureDocument(format, reason) : undefined;
  const output = optionValue(argv, '--output', '-o');
  if (document && output) {
    try {
      writeReport(output, document);
    } catch {
      // the sentence below says what failed
    }
  } else if (document) await writeOut(document);
  await writeErr(`tech-policy: ${oneLine(reason)}\n`);
  if (e instanceof UsageError) await writeErr(`Run "tech-policy --help" for usage.\n`);
  return 2;
}

function failureDocument(format: string | undefined, reason: string): string | undefined {
  if (format === 'json') return formatJsonFailure(reason);
  if (format === 'sarif') return formatSarifFailure(reason, VERSION);
  if (format === 'github') return `::error title=Tech Policy::${escapeWorkflowData(reason)}\n`;
  if (format === 'markdown') return `## Tech Policy: the check could not run\n\n${escapeMarkdown(reason)}\n`;
  return undefined;
}

if (isReportWorker()) {
  // `tech-policy org`'s worker thread: the same bundle, serving one repository's report after another
  serveReports();
} else {
  // a crash is never "findings": exit 2, whatever throws and wherever (exit 1 would read as findings in CI)
  process.on('uncaughtException', (e) => {
    process.stderr.write(`tech-policy: unexpected error: ${(e as Error)?.message ?? String(e)}\n`);
    process.exit(2);
  });

  const argv = process.argv.slice(2);
  main(argv)
    .catch((e) => fail(e, argv))
    .then(
      (code) => process.exit(code),
      () => process.exit(2),
    );
}
