/**
 * Real-layout fixtures (test/fixtures/layouts/<name>): `repo/` is the repository on day one and
 * `change/` the files a team adds later. The helpers run what a user runs: `init` on day one, then
 * `check` on day one, then `check` after the change, all through the Node host the CLI uses.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { createPolicyText } from '../../server/src/core/features/createPolicy';
import type { Finding } from '../../server/src/core/model';
import { pathToUri } from '../../server/src/node/files';
import { FolderState } from '../../server/src/node/folderState';
import { DEFAULT_SETTINGS } from '../../server/src/protocol';
import { parse } from 'jsonc-parser';
import { fixturePath, summarize, TODAY } from './fixtures';

export interface Layout {
  root: string;
  /** The policy `init` wrote. */
  policy: { services?: Record<string, { path?: string | string[] }>; technologies?: Record<string, string>; languages?: string[] };
  policyText: string;
  /** `check` right after `init`: must be empty. */
  dayOne: string[];
  /** Copies `change/` over the repository and checks again; the findings, plus the folder for details. */
  afterChange(): Promise<{ lines: string[]; findings: Finding[]; state: FolderState }>;
}

async function open(root: string): Promise<FolderState> {
  const state = new FolderState(pathToUri(root), path.basename(root), { ...DEFAULT_SETTINGS }, () => undefined);
  state.trusted = false; // no git process: these tests are about layouts
  state.loadPolicy(() => undefined);
  await state.loadExceptions(() => undefined);
  await state.scan();
  return state;
}

export async function checkFolder(root: string): Promise<{ lines: string[]; findings: Finding[]; state: FolderState }> {
  const state = await open(root);
  const findings = state.checkAll();
  const lines = summarize(findings, root).sort();
  return { lines, findings, state };
}

export async function layout(name: string): Promise<Layout> {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), `tp-layout-${name}-`));
  fs.cpSync(fixturePath('layouts', name, 'repo'), root, { recursive: true });
  const first = await open(root);
  const policyText = createPolicyText(first.inventory(), TODAY);
  fs.writeFileSync(path.join(root, 'techpolicy.json'), policyText);
  const checked = await checkFolder(root);
  const problems = checked.state.model.policy?.problems ?? [];
  if (problems.length) throw new Error(`the policy init wrote has problems: ${problems.map((p) => p.message).join('; ')}\n${policyText}`);
  const dayOne = checked.lines;
  return {
    root,
    policy: parse(policyText),
    policyText,
    dayOne,
    async afterChange() {
      const change = fixturePath('layouts', name, 'change');
      if (fs.existsSync(change)) fs.cpSync(change, root, { recursive: true });
      return checkFolder(root);
    },
  };
}
