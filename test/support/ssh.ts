/** Test keys and signatures made by the real ssh-keygen, in a throwaway folder. */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

export interface TestKey {
  /** The private key file (no passphrase); its public half is `${file}.pub`. */
  file: string;
  /** The public key line, "ssh-ed25519 AAAA… comment". */
  publicKey: string;
  /** SHA256:… as ssh-keygen prints it. */
  fingerprint: string;
}

export function tempDir(prefix = 'tp-ssh-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

/** `ssh-keygen -t TYPE` into `dir`: ed25519, ecdsa (with bits 256/384/521) or rsa. */
export function makeKey(dir: string, name: string, type: 'ed25519' | 'ecdsa' | 'rsa', options: { bits?: number; comment?: string; pem?: boolean; passphrase?: string } = {}): TestKey {
  const file = path.join(dir, name);
  const args = ['-q', '-t', type, '-N', options.passphrase ?? '', '-C', options.comment ?? `${name}@example.com`, '-f', file];
  if (options.bits) args.push('-b', String(options.bits));
  if (options.pem) args.push('-m', 'PEM');
  execFileSync('ssh-keygen', args, { stdio: 'pipe' });
  const publicKey = fs.readFileSync(`${file}.pub`, 'utf8').trim();
  const fingerprint = execFileSync('ssh-keygen', ['-l', '-E', 'sha256', '-f', `${file}.pub`], { encoding: 'utf8' }).split(' ')[1];
  return { file, publicKey, fingerprint };
}

/** The armored signature `ssh-keygen -Y sign` makes over `content`. */
export function sshSign(key: TestKey, content: string, namespace = 'tech-policy-exception'): string {
  const dir = tempDir('tp-sig-');
  const message = path.join(dir, 'message');
  fs.writeFileSync(message, content);
  execFileSync('ssh-keygen', ['-Y', 'sign', '-n', namespace, '-f', key.file, message], { stdio: 'pipe' });
  const armored = fs.readFileSync(`${message}.sig`, 'utf8');
  fs.rmSync(dir, { recursive: true, force: true });
  return armored;
}

/** `ssh-keygen -Y verify`: true when it accepts `armored` over `content` for `principal`. */
export function sshVerify(allowedSigners: string, principal: string, armored: string, content: string): { ok: boolean; output: string } {
  const dir = tempDir('tp-verify-');
  const sig = path.join(dir, 'message.sig');
  fs.writeFileSync(sig, armored);
  try {
    const output = execFileSync('ssh-keygen', ['-Y', 'verify', '-f', allowedSigners, '-I', principal, '-n', 'tech-policy-exception', '-s', sig], { input: content, encoding: 'utf8', stdio: ['pipe', 'pipe', 'pipe'] });
    return { ok: true, output };
  } catch (e) {
    return { ok: false, output: String((e as { stderr?: string }).stderr ?? e) };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** An exception document with both reasons written, as a request (fields can be overridden). */
export function exceptionDocument(fields: Record<string, string> = {}, body = ''): string {
  const all: Record<string, string> = {
    id: 'EX-0007',
    rule: 'new-technology',
    subject: 'fastify',
    scope: '["services/api/**"]',
    status: 'requested',
    'requested-by': 'Sam Lee <sam@acme.example>',
    'requested-on': '2026-11-20',
    'approved-by': '',
    'approved-on': '',
    expires: '2027-05-20',
    ...fields,
  };
  const front = Object.entries(all).map(([k, v]) => `${k}:${v ? ` ${v}` : ''}`);
  return [
    '---',
    ...front,
    '---',
    '# Exception request: adopt Fastify (web framework)',
    '',
    '## The product capability this enables',
    '',
    'The partner API answers within 50 ms at the 99th percentile.',
    '',
    '## Why the approved stack cannot deliver it',
    '',
    '<!-- The approved stack uses Express. Why is that not enough? -->',
    "Express's per-request overhead alone is 20 ms at our payload sizes.",
    '',
    '## Decision (for the approver)',
    '',
    body,
  ].join('\n');
}

/**
 * For an editor session: Dana's key made in the run folder (outside the workspace), its public
 * half written into the workspace policy's first approver, and the user setting that signs with it.
 */
export function danaSigns(workspace: string, runDir: string): { key: TestKey; settings: Record<string, unknown> } {
  const keys = path.join(runDir, 'keys');
  fs.mkdirSync(keys);
  const key = makeKey(keys, 'dana', 'ed25519', { comment: 'dana@acme.example' });
  const policyPath = path.join(workspace, 'techpolicy.json');
  const policy = JSON.parse(fs.readFileSync(policyPath, 'utf8'));
  policy.approvers[0].keys = [key.publicKey];
  fs.writeFileSync(policyPath, JSON.stringify(policy, null, 2));
  return { key, settings: { 'techPolicy.signingKey': key.file } };
}
