/**
 * Each ecosystem's own tool, run on generated manifests: where it is found, how it is run, and
 * what a missing tool means. `npm test` installs the tools first (scripts/ecosystem-tools.sh);
 * outside CI a missing tool skips its suite with a message that says how to install it, in CI
 * (`CI` set, as `.ci/run` does) it fails: CI must compare against every tool.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import type { Context } from 'mocha';
import { scanScaffolding } from '../../server/src/core/scan/scaffolding';

export const IN_CI = !!process.env.CI && process.env.CI !== 'false' && process.env.CI !== '0';

/** The first of `candidates` that runs (`--version` answers), or undefined. */
export function findTool(candidates: string[], versionArgs = ['--version']): string | undefined {
  for (const candidate of candidates) {
    const result = spawnSync(candidate, versionArgs, { encoding: 'utf8', timeout: 30000 });
    if (result.status === 0) return candidate;
  }
  return undefined;
}

/** The tool, or (outside CI) skips the suite saying why; in CI a missing tool is a failure. */
export function requireTool(ctx: Context, what: string, found: string | undefined, install: string): string {
  if (found) return found;
  const message = `${what} is not installed: the differential test against it cannot run (install it with: ${install}; \`npm test\` does this through scripts/ecosystem-tools.sh)`;
  if (IN_CI) throw new Error(message);
  console.log(`      skipped: ${message}`);
  ctx.skip();
}

/** Runs a program to completion; its stdout, or an error that shows what it said. */
export function run(program: string, args: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv; input?: string } = {}): string {
  const result = spawnSync(program, args, { encoding: 'utf8', cwd: options.cwd, env: options.env ?? process.env, input: options.input, maxBuffer: 64 * 1024 * 1024, timeout: 300000 });
  if (result.status !== 0) throw new Error(`${program} ${args.join(' ')} failed (${result.status ?? result.signal}):\n${result.stderr}\n${result.stdout}`.slice(0, 4000));
  return result.stdout;
}

export function tempDir(prefix: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), `tp-diff-${prefix}-`));
}

/** The scanner's dependency names for a manifest, in file order. */
export function scannedNames(rel: string, text: string): string[] {
  const facts = scanScaffolding(rel, text, { imageCategory: () => undefined });
  if (!facts) throw new Error(`${rel} is not read as a manifest`);
  if (facts.problems.length) throw new Error(`${rel}: ${facts.problems.map((p) => p.message).join('; ')}\n${text}`);
  return facts.dependencies.map((d) => d.name);
}

/** A small deterministic generator (mulberry32), so a failing manifest is the same on every run. */
export class Random {
  private state: number;
  constructor(seed: number) {
    this.state = seed >>> 0;
  }
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  int(max: number): number {
    return Math.floor(this.next() * max);
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)];
  }
  /** `n` distinct items, in the pool's order. */
  some<T>(items: readonly T[], n: number): T[] {
    const chosen = new Set<number>();
    while (chosen.size < Math.min(n, items.length)) chosen.add(this.int(items.length));
    return [...chosen].sort((a, b) => a - b).map((i) => items[i]);
  }
}

/** A message that shows the first manifest whose names differ, with both lists. */
export function explain(file: string, text: string, scanned: string[], expected: string[]): string {
  return `${file}: the scanner read\n  ${scanned.join(', ')}\nthe ecosystem's tool read\n  ${expected.join(', ')}\n--- manifest ---\n${text}`;
}
