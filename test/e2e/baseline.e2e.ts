// Day thirty on a big old repository, in a real editor: the CTO moves moment to "hold" (three
// packages already use it: three warnings), records the current findings as the baseline from the
// palette (the known uses become hints and the count drops to zero), and a developer who adds
// moment to a fourth package sees exactly one warning.
// Prerequisites: scripts/e2e-setup.sh, then `npm run build`.
// Run: npx mocha --ui tdd --timeout 180000 out/test/e2e/baseline.e2e.js
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { FIXTURES_DIR, lineOf, useSession } from './harness';

const STATUS_ITEM = 'techPolicy.status';
const FIXTURE = 'e2e-baseline';

suite('E2E: the hold journey with a baseline', () => {
  const s = useSession({ fixture: FIXTURE, name: 'baseline' });

  test('moment to hold: 3 warnings; Record Current Findings as Baseline: 0; moment in a 4th package: 1', async () => {
    const e2e = s();
    await e2e.waitForStatusBar(/^Tech Policy: no findings$/, STATUS_ITEM);
    const policy = fs.readFileSync(path.join(FIXTURES_DIR, FIXTURE, 'techpolicy.json'), 'utf8');
    await e2e.openFile('techpolicy.json');
    await e2e.replaceLine(lineOf(policy, '"moment": { "ring": "adopt" },'), '    "moment": { "ring": "hold", "note": "Use date-fns for new code." },');
    await e2e.save();
    await e2e.waitForStatusBar(/^Tech Policy: 3 findings$/, STATUS_ITEM);
    await e2e.openFile('apps/web/package.json');
    await e2e.waitForSquiggle('warning', '"moment"');
    await e2e.screenshot('hold-three-warnings');

    await e2e.runCommand('Tech Policy: Record Current Findings as Baseline');
    const baseline = await e2e.waitForFile('techpolicy.baseline.json', (t) => (t.match(/"subject": "moment"/g) ?? []).length === 3);
    assert.match(baseline, /"file": "apps\/web\/package.json", "rule": "hold-technology", "subject": "moment", "count": 1/);
    await e2e.waitForStatusBar(/^Tech Policy: no findings$/, STATUS_ITEM);
    await e2e.switchToTab('package.json');
    await e2e.waitForNoSquiggle('warning', '"moment"');
    const hover = await e2e.hoverSquiggle('Known use', '"moment"');
    await e2e.screenshot('baseline-known-use-hover');
    assert.match(hover, /Known use, recorded in the baseline on \d{4}-\d{2}-\d{2} \(one use in this file\); no new use allowed\./, hover);
    await e2e.escape();

    const ui = fs.readFileSync(path.join(FIXTURES_DIR, FIXTURE, 'packages/ui/package.json'), 'utf8');
    await e2e.openFile('packages/ui/package.json');
    await e2e.replaceLine(lineOf(ui, '"react": "^18.3.1",'), '    "react": "^18.3.1", "moment": "^2.30.1",');
    await e2e.waitForSquiggle('warning', '"moment"');
    await e2e.waitForStatusBar(/^Tech Policy: 1 finding$/, STATUS_ITEM);
    await e2e.screenshot('baseline-one-new-use');
  });
});
