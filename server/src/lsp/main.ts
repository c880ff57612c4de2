/**
 * tech-policy-language-server: the Tech Policy language server for any LSP client.
 * Transport from the command line: --stdio, --node-ipc or --socket=PORT.
 */
import { startServer } from './server';
import { createServerConnection } from './transport';

const argv = process.argv.slice(2);
if (argv.includes('--help') || argv.includes('-h')) {
  process.stdout.write('Usage: tech-policy-language-server --stdio | --node-ipc | --socket=PORT\n');
  process.exit(0);
}
if (argv.includes('--version') || argv.includes('-v')) {
  process.stdout.write('0.1.0\n');
  process.exit(0);
}
const connection = createServerConnection(argv);
process.on('uncaughtException', (e) => connection.console.error(`Uncaught: ${e?.stack ?? e}`));
process.on('unhandledRejection', (e) => connection.console.error(`Unhandled rejection: ${(e as Error)?.stack ?? e}`));
startServer(connection);
