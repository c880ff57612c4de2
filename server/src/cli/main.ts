/**
 * tech-policy: the command-line checker. The same core and the same file discovery as the
 * language server (node/folderState.ts); only the output differs. Each verb is thin: it parses
 * its flags and calls the core. Whatever happens, the report is written whole before the process
 * exits, `--format json` prints one JSON document, and the exit code is 0, 1 or 2.
 */
import { baseline, check, init } from './check';
import { exceptions, sign, verify } from './exceptionCommands';
import { InputError, type Options, parseArgs, USAGE, UsageError, VERSION } from './options';
import { writeErr, writeOut, writeReport } from './output';
import { formatJsonFailure, formatSarifFailure } from './report';
import { oneLine } from '../core/text';

const COMMANDS: Record<string, (opts: Options) => Promise<number>> = { check, init, baseline, sign, verify, exceptions };

async function main(argv: string[]): Promise<number> {
  if (argv.includes('--help') || argv.includes('-h')) {
    await writeOut(USAGE + '\n');
    return 0;
  }
  if (argv.includes('--version') || argv.includes('-v')) {
    await writeOut(VERSION + '\n');
    return 0;
  }
  const opts = parseArgs(argv);
  const command = COMMANDS[opts.command];
  if (!command) throw new UsageError(opts.command ? `Unknown command "${opts.command}".` : `Name a command: ${Object.keys(COMMANDS).join(', ')}.`);
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
  const document = argv[0] === 'check' || argv[0] === 'exceptions' ? (format === 'json' ? formatJsonFailure(reason) : format === 'sarif' ? formatSarifFailure(reason, VERSION) : undefined) : undefined;
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

const argv = process.argv.slice(2);
main(argv)
  .catch((e) => fail(e, argv))
  .then(
    (code) => process.exit(code),
    () => process.exit(2),
  );
