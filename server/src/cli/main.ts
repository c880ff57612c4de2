/**
 * tech-policy: the command-line checker. The same core and the same file discovery as the
 * language server (node/folderState.ts); only the output differs. Each verb is thin: it parses
 * its flags and calls the core.
 */
import { check, init } from './check';
import { exceptions, sign, verify } from './exceptionCommands';
import { InputError, type Options, parseArgs, USAGE, UsageError, VERSION } from './options';

const COMMANDS: Record<string, (opts: Options) => Promise<number>> = { check, init, sign, verify, exceptions };

async function main(argv: string[]): Promise<number> {
  if (argv.includes('--help') || argv.includes('-h')) {
    process.stdout.write(USAGE + '\n');
    return 0;
  }
  if (argv.includes('--version') || argv.includes('-v')) {
    process.stdout.write(VERSION + '\n');
    return 0;
  }
  const opts = parseArgs(argv);
  const command = COMMANDS[opts.command];
  if (!command) throw new UsageError(opts.command ? `Unknown command "${opts.command}".` : `Name a command: ${Object.keys(COMMANDS).join(', ')}.`);
  return command(opts);
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (e) => {
    const known = e instanceof UsageError || e instanceof InputError;
    process.stderr.write(`tech-policy: ${known ? e.message : `unexpected error: ${(e as Error)?.message ?? e}`}\n`);
    if (e instanceof UsageError) process.stderr.write(`Run "tech-policy --help" for usage.\n`);
    process.exit(2);
  },
);
