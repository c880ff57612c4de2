/**
 * The connection to the editor. Over --stdio (how Neovim, Helix, Zed, Emacs and Sublime start a
 * language server) messages go out through `StdioWriter`:
 * - each message is written whole, its header and body together, and the messages of one turn of
 *   the event loop in one write (vscode-jsonrpc's writer makes two writes a message: two
 *   system calls, and the editor woken for a header whose body is not there yet);
 * - the JSON of every diagnostic sent is kept, by object: publishing reuses the object of a
 *   diagnostic that did not change since the file's last publication (publish.ts), so a keystroke
 *   in a manifest with a few hundred findings encodes the one that changed, not all of them.
 * The bytes on the wire are what JSON.stringify writes, framed as the protocol says. Over
 * --node-ipc (VS Code) Node's channel serializes each message itself, and other transports are
 * vscode-languageserver's own.
 */
import { format } from 'util';
import { AbstractMessageWriter, type Connection, createConnection, type Message, type MessageWriter, ProposedFeatures } from 'vscode-languageserver/node';

export function createServerConnection(argv: readonly string[]): Connection {
  if (!argv.includes('--stdio')) return createConnection(ProposedFeatures.all);
  // stdin as a stream, as vscode-languageserver takes it for --stdio (the process ends when the editor
  // closes it); the writer is taken as a MessageWriter, which it is (it is no stream: no addListener)
  const connection = createConnection(ProposedFeatures.all, process.stdin, new StdioWriter(process.stdout) as unknown as NodeJS.WritableStream);
  // what vscode-languageserver does for --stdio: stdout is the protocol's, so the console goes to the editor's log
  console.log = console.info = console.debug = (...args: unknown[]) => connection.console.log(format(...args));
  console.warn = (...args: unknown[]) => connection.console.warn(format(...args));
  console.error = (...args: unknown[]) => connection.console.error(format(...args));
  return connection;
}

/**
 * Writes each message whole, in order (the encoding is synchronous, so writes keep the order of
 * calls). The messages of one turn of the event loop go out in one write: a start that publishes
 * the diagnostics of hundreds of files, or a keystroke that publishes a file's and re-checks
 * another, makes one system call, and the editor reads them at once.
 */
export class StdioWriter extends AbstractMessageWriter implements MessageWriter {
  private errorCount = 0;
  /** The frames of this turn, and who waits for each to be written. */
  private frames: Buffer[] = [];
  private waiting: Array<{ msg: Message; resolve: () => void; reject: (error: unknown) => void }> = [];

  constructor(private readonly stream: NodeJS.WritableStream) {
    super();
    stream.on('error', (error: Error) => this.fireError(error));
    stream.on('close', () => this.fireClose());
  }

  write(msg: Message): Promise<void> {
    let frame: Buffer;
    try {
      frame = encodeFrame(msg);
    } catch (error) {
      this.fireError(error, msg, ++this.errorCount);
      return Promise.reject(error);
    }
    return new Promise((resolve, reject) => {
      this.frames.push(frame);
      this.waiting.push({ msg, resolve, reject });
      if (this.frames.length === 1) queueMicrotask(() => this.flush());
    });
  }

  /** Hands what this turn wrote to the stream, as one buffer. */
  private flush(): void {
    const { frames, waiting } = this;
    if (frames.length === 0) return; // written already (end)
    this.frames = [];
    this.waiting = [];
    this.stream.write(frames.length === 1 ? frames[0] : Buffer.concat(frames), (error?: Error | null) => {
      for (const w of waiting) {
        if (!error) w.resolve();
        else {
          this.fireError(error, w.msg, ++this.errorCount);
          w.reject(error);
        }
      }
    });
  }

  end(): void {
    this.flush();
    this.stream.end();
  }
}

/** The JSON of each diagnostic sent, as UTF-8, by object (a diagnostic is never changed once published). */
const sentDiagnostics = new WeakMap<object, Buffer>();

/** How many diagnostics have been encoded: the unit tests count it to show that a keystroke encodes what changed. */
export const encodeWork = { diagnostics: 0 };

const COMMA = Buffer.from(',');
const END_OF_PUBLICATION = Buffer.from(']}}');

/** A message as it goes on the wire: `Content-Length: N\r\n\r\n` and its JSON in UTF-8, in one buffer. */
export function encodeFrame(msg: Message): Buffer {
  const body = bodyParts(msg);
  const length = body.reduce((n, b) => n + b.byteLength, 0);
  return Buffer.concat([Buffer.from(`Content-Length: ${length}\r\n\r\n`, 'ascii'), ...body]);
}

/** A message's JSON in UTF-8, as JSON.stringify writes it. */
export function encodeMessage(msg: Message): Buffer {
  return Buffer.concat(bodyParts(msg));
}

/**
 * The JSON of a message in parts; a publishDiagnostics notification is put together from the
 * bytes kept for each diagnostic (copied, not encoded again).
 */
function bodyParts(msg: Message): Buffer[] {
  const m = msg as { jsonrpc?: unknown; method?: unknown; params?: { uri?: unknown; version?: unknown; diagnostics?: unknown } };
  const p = m.params;
  const plain =
    m.method === 'textDocument/publishDiagnostics' && typeof m.jsonrpc === 'string' && hasOnlyKeys(m, ['jsonrpc', 'method', 'params']) &&
    !!p && typeof p.uri === 'string' && (p.version === undefined || p.version === null || typeof p.version === 'number') && Array.isArray(p.diagnostics) && hasOnlyKeys(p, ['uri', 'version', 'diagnostics']);
  if (!plain) return [Buffer.from(JSON.stringify(msg), 'utf8')];
  const version = p.version === undefined ? '' : `,"version":${JSON.stringify(p.version)}`;
  const parts: Buffer[] = [Buffer.from(`{"jsonrpc":${JSON.stringify(m.jsonrpc)},"method":"textDocument/publishDiagnostics","params":{"uri":${JSON.stringify(p.uri)}${version},"diagnostics":[`, 'utf8')];
  for (const d of p.diagnostics as unknown[]) {
    if (!d || typeof d !== 'object' || Array.isArray(d)) return [Buffer.from(JSON.stringify(msg), 'utf8')];
    let bytes = sentDiagnostics.get(d);
    if (bytes === undefined) {
      encodeWork.diagnostics++;
      sentDiagnostics.set(d, (bytes = Buffer.from(JSON.stringify(d), 'utf8')));
    }
    if (parts.length > 1) parts.push(COMMA);
    parts.push(bytes);
  }
  parts.push(END_OF_PUBLICATION);
  return parts;
}

function hasOnlyKeys(o: object, keys: readonly string[]): boolean {
  for (const k in o) if (!keys.includes(k)) return false;
  return true;
}
