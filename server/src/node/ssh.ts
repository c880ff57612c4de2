/**
 * Signing with the user's SSH key through `ssh-keygen -Y sign` (OpenSSH 8.2+). The key comes from
 * the `techPolicy.signingKey` setting or `--key`, else from git's commit-signing setup
 * (`gpg.format ssh` + `user.signingKey`). A private key file, its `.pub` (the private half in
 * ssh-agent) or a literal public key all work. Verification never comes here: the core does it.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import type { Signer, SignResult } from '../core/features/decideException';
import { parsePublicKeyLine, type SshPublicKey } from '../core/keys/sshKey';
import { SIGNATURE_NAMESPACE } from '../core/exceptions/signature';
import { run } from './exec';
import { resolveProgram } from './programs';
import type { GitSettings } from './git';

const SIGN_TIMEOUT_MS = 60_000;

export type SigningKeyResult = { ok: true; signer: Signer } | { ok: false; reason: string };

export interface SigningKeyOptions {
  /** The setting or `--key` value: a path (`~` allowed) or a literal public key. */
  configured?: string;
  /** Where `configured` came from, for messages ("techPolicy.signingKey", "--key"). */
  configuredFrom?: string;
  /** git's configuration (its `user.signingKey` when `gpg.format` is ssh); undefined: git was not asked. */
  git?: GitSettings;
  /** Relative key paths are resolved from here (the workspace folder). */
  cwd?: string;
  /** Folders whose programs must never run (the workspace): PATH entries inside them are skipped. */
  notUnder?: string[];
}

function expandHome(p: string): string {
  return p === '~' || p.startsWith('~/') ? path.join(os.homedir(), p.slice(1)) : p;
}

/** Finds the signing key and returns a signer for it, or one sentence saying what is missing. */
export function signingKey(options: SigningKeyOptions): SigningKeyResult {
  let value = options.configured?.trim() || undefined;
  let from = options.configuredFrom ?? 'techPolicy.signingKey';
  if (!value && options.git?.sshSigningKey) {
    value = options.git.sshSigningKey;
    from = 'git config user.signingKey';
  }
  if (!value) {
    return {
      ok: false,
      reason: 'No signing key: set "techPolicy.signingKey" to your SSH key (e.g. ~/.ssh/id_ed25519), or set up git commit signing with SSH (git config gpg.format ssh; git config user.signingKey ~/.ssh/id_ed25519.pub).',
    };
  }
  const literal = /^(key::)?(ssh-|ecdsa-|sk-)/.test(value);
  if (literal) {
    const parsed = parsePublicKeyLine(value);
    if (!parsed.ok) return { ok: false, reason: `The signing key in ${from} cannot be used: ${parsed.reason}.` };
    return { ok: true, signer: makeSigner({ publicKey: parsed.key, literal: value.replace(/^key::/, ''), description: `${parsed.key.type} key from ${from}`, notUnder: options.notUnder }) };
  }
  const file = path.resolve(options.cwd ?? process.cwd(), expandHome(value));
  if (!fs.existsSync(file)) return { ok: false, reason: `The signing key ${value} (from ${from}) does not exist.` };
  const publicKey = readPublicKey(file.endsWith('.pub') ? file : `${file}.pub`) ?? readPublicKey(file);
  return { ok: true, signer: makeSigner({ publicKey, file, description: value, notUnder: options.notUnder }) };
}

function readPublicKey(file: string): SshPublicKey | undefined {
  try {
    const text = fs.readFileSync(file, 'utf8');
    if (text.length > 64 * 1024) return undefined;
    const parsed = parsePublicKeyLine(text.split(/\r?\n/)[0]);
    return parsed.ok ? parsed.key : undefined;
  } catch {
    return undefined;
  }
}

interface SignerSpec {
  publicKey?: SshPublicKey;
  /** A private key file, or a public key file whose private half is in ssh-agent. */
  file?: string;
  /** A literal public key (the private half in ssh-agent). */
  literal?: string;
  description: string;
  notUnder?: string[];
}

function makeSigner(spec: SignerSpec): Signer {
  return { publicKey: spec.publicKey, description: spec.description, sign: (content) => sshSign(content, spec) };
}

/** `ssh-keygen -Y sign -n tech-policy-exception -f KEY FILE` over a temporary copy of the content. */
async function sshSign(content: string, spec: SignerSpec): Promise<SignResult> {
  const program = resolveProgram('ssh-keygen', spec.notUnder);
  if (!program.ok) return { ok: false, reason: `${program.reason}: install OpenSSH (8.2 or later) to sign exceptions.` };
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tech-policy-sign-'));
  try {
    const message = path.join(dir, 'exception.md');
    fs.writeFileSync(message, content);
    let keyFile = spec.file;
    if (!keyFile) {
      keyFile = path.join(dir, 'signing-key.pub');
      fs.writeFileSync(keyFile, `${spec.literal}\n`, { mode: 0o600 });
    }
    // stdin is empty and the process has no terminal: a passphrase cannot be asked for, so it fails at once
    const r = await run(program.path, ['-Y', 'sign', '-n', SIGNATURE_NAMESPACE, '-f', keyFile, message], { timeout: SIGN_TIMEOUT_MS, cwd: dir, detached: true });
    const sigFile = `${message}.sig`;
    if (r.failure === 'timeout') return { ok: false, reason: `ssh-keygen did not finish within ${SIGN_TIMEOUT_MS / 1000} s (was it waiting for a passphrase?); add the key to ssh-agent with ssh-add and sign again.` };
    if (r.failure) return { ok: false, reason: 'ssh-keygen could not be started: install OpenSSH (8.2 or later) to sign exceptions.' };
    if (r.code !== 0 || !fs.existsSync(sigFile)) return { ok: false, reason: explainFailure(r.stderr, spec.description) };
    return { ok: true, armored: fs.readFileSync(sigFile, 'utf8') };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

function explainFailure(stderr: string, key: string): string {
  const text = stderr.replace(/Signing file .*|Write signature to .*|Enter passphrase.*?:/g, '').trim();
  if (/passphrase/i.test(stderr)) return `The key ${key} is protected by a passphrase and no ssh-agent holds it: run "ssh-add ${key.replace(/\.pub$/, '')}" and sign again.`;
  if (/agent/i.test(stderr) || /Couldn't find key|no private key|not find/i.test(stderr)) return `The private half of ${key} is not available: add it to ssh-agent with ssh-add, or point the setting at the private key file.`;
  if (/invalid format|Load key|No such file|Permission denied/i.test(stderr)) return `ssh-keygen cannot read the signing key ${key}: ${text.split('\n')[0] || 'unreadable key'}.`;
  if (/unknown option|illegal option|usage:/i.test(stderr)) return 'This ssh-keygen cannot sign files (OpenSSH 8.2 or later is needed for -Y sign).';
  return `ssh-keygen could not sign with ${key}: ${text.split('\n')[0] || 'no reason given'}.`;
}
