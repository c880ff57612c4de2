// Technologies in a non-JavaScript manifest, in a real editor: a Gemfile line that brings in a
// second web framework beside Rails is underlined at the gem name, the hover says what it is and
// what the approved stack uses, the quick fix offers the exception request, and a gem typed into
// the unsaved buffer is flagged before it is saved. A process typed into the root Procfile is a
// new process of the monolith, said so on the line and in the hover.
// Prerequisites: scripts/e2e-setup.sh, then `npm run build`.
// Run: npx mocha --ui tdd --timeout 180000 out/test/e2e/ecosystems.e2e.js
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { assertNoSquiggleOn, assertUnderlines, FIXTURES_DIR, lineOf, useSession } from './harness';

suite('E2E: technologies in a Gemfile (squiggle, hover, quick fix, unsaved edits)', () => {
  const s = useSession({ fixture: 'e2e-ecosystems', name: 'ecosystems' });

  test('gem "sinatra" beside Rails is flagged at the gem name, with the policy\'s why on hover', async () => {
    const e2e = s();
    await e2e.openFile('Gemfile');
    const sinatra = await e2e.waitForSquiggle('warning', 'gem "sinatra"');
    await assertUnderlines(e2e, sinatra, 'sinatra');
    await assertNoSquiggleOn(e2e, 'gem "rails"');
    await assertNoSquiggleOn(e2e, 'gem "pg"');
    await e2e.screenshot('gemfile-squiggle');

    const hover = await e2e.hoverSquiggle('not approved', sinatra);
    assert.ok(hover.includes('Sinatra — web framework · not approved'), `the hover names the technology: ${hover}`);
    assert.match(hover, /tech-policy\W*new-technology/, `the diagnostic is tech-policy's new-technology: ${hover}`);
    // the approved stack is named once: by the diagnostic, not again by the hover below it
    assert.strictEqual(hover.split('Ruby on Rails').length - 1, 1, `the hover names the approved stack once: ${hover}`);
    await e2e.screenshot('gemfile-hover');
    await e2e.escape();
  });

  test('the quick fix on the gem writes an exception request for Sinatra', async () => {
    const e2e = s();
    await e2e.switchToTab('Gemfile');
    const sinatra = await e2e.waitForSquiggle('warning', 'gem "sinatra"');
    await e2e.quickFix('Request an exception for Sinatra', sinatra);
    const doc = await e2e.waitForFile('docs/policy-exceptions/EX-0001-sinatra.md', (t) => /subject: sinatra/.test(t));
    assert.match(doc, /rule: new-technology/);
    assert.match(doc, /status: requested/);
    await e2e.screenshot('gemfile-exception-request');
    await e2e.switchToTab('Gemfile');
  });

  test('a gem typed into the unsaved Gemfile is flagged as it is typed', async () => {
    const e2e = s();
    await e2e.switchToTab('Gemfile');
    const gemfile = fs.readFileSync(path.join(FIXTURES_DIR, 'e2e-ecosystems', 'Gemfile'), 'utf8');
    await e2e.replaceLine(lineOf(gemfile, '# more gems below'), 'gem "resque"');
    const resque = await e2e.waitForSquiggle('warning', 'gem "resque"');
    await assertUnderlines(e2e, resque, 'resque');
    const hover = await e2e.hoverSquiggle('not approved', resque);
    assert.match(hover, /Resque — job queue · not approved/, hover);
    assert.strictEqual(hover.split('Sidekiq').length - 1, 1, `Sidekiq named once: ${hover}`);
    await e2e.screenshot('gemfile-typed');
    await e2e.escape();
  });

  test('a process typed into the root Procfile is a new process of the monolith', async () => {
    const e2e = s();
    await e2e.openFile('Procfile');
    await assertNoSquiggleOn(e2e, 'worker: bundle exec sidekiq');
    const procfile = fs.readFileSync(path.join(FIXTURES_DIR, 'e2e-ecosystems', 'Procfile'), 'utf8');
    await e2e.replaceLine(lineOf(procfile, '# more processes below'), 'clock: bundle exec clockwork config/clock.rb');
    const clock = await e2e.waitForSquiggle('warning', 'clock: bundle exec');
    await assertUnderlines(e2e, clock, 'clock');
    const hover = await e2e.hoverSquiggle('new process of the monolith', clock);
    assert.ok(hover.includes('"clock": new process of the monolith (known: web and worker)'), `the diagnostic says it is a process of the monolith: ${hover}`);
    assert.match(hover, /clock — new process of the monolith: the monolith's code, deployed and scaled on its own/, hover);
    await e2e.screenshot('procfile-new-process');
    await e2e.escape();
  });
});
