// New deployable services in a real editor: a compose service with its own build and a Dockerfile
// in a subfolder are flagged (new-service), a broker image is flagged as a technology, the quick
// fix writes an exception request, the request shows in the Dockerfile's hover, and a Dockerfile
// written to disk outside the editor is picked up by the file watcher.
// Prerequisites: scripts/e2e-setup.sh, then `npm run build` (dist/client.js, dist/server.js).
// Run: npx mocha --ui tdd --timeout 180000 out/test/e2e/services.e2e.js
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { frontMatter } from '../support/frontMatter';
import { assertNoSquiggleOn, assertUnderlines, DEFAULT_TIMEOUT, FIXTURES_DIR, useSession } from './harness';

const FIXTURE = 'e2e-services';
const EXCEPTION_DOC = 'docs/policy-exceptions/EX-0001-billing.md';
const KAFKA_IMAGE = 'confluentinc/cp-kafka:7.6.0';

suite('E2E: new deployable services (compose, Dockerfile, files created on disk)', () => {
  const s = useSession({ fixture: FIXTURE, name: 'services' });

  test('docker-compose.yml: the billing service and the Kafka image are flagged; web and db are not', async () => {
    const e2e = s();
    await e2e.openFile('docker-compose.yml');

    const billing = await e2e.waitForSquiggle('warning', 'billing:');
    await assertUnderlines(e2e, billing, 'billing:', 'billing'.length);
    const kafka = await e2e.waitForSquiggle('warning', KAFKA_IMAGE);
    await assertUnderlines(e2e, kafka, KAFKA_IMAGE);
    // The server has published this file's diagnostics: web (a known service) and db (postgres,
    // approved) have none.
    await assertNoSquiggleOn(e2e, 'web:');
    await assertNoSquiggleOn(e2e, 'db:');
    await assertNoSquiggleOn(e2e, 'image: postgres:16');
    await e2e.screenshot('compose-squiggles');

    const hover = await e2e.hoverSquiggle('not part of the monolith', billing);
    assert.ok(hover.includes('deployable service · not part of the monolith'), `the hover says what billing is: ${hover}`);
    assert.match(hover, /tech-policy\W*new-service/, `the diagnostic is tech-policy's new-service: ${hover}`);
    assert.ok(hover.includes('One monolith'), `the hover quotes the monolith rationale: ${hover}`);
    // the known services are named once: by the diagnostic, not again by the hover below it
    assert.doesNotMatch(hover, /deployables/, `the known services are listed once, by the diagnostic: ${hover}`);
    assert.match(hover, /\(known: web\)/, hover);
    await e2e.screenshot('billing-hover');
    await e2e.escape();

    const kafkaHover = await e2e.hoverSquiggle('not approved', kafka);
    assert.match(kafkaHover, /Kafka/, `the hover names the technology: ${kafkaHover}`);
    assert.match(kafkaHover, /tech-policy\W*new-technology/, `the diagnostic is tech-policy's new-technology: ${kafkaHover}`);
    await e2e.screenshot('kafka-hover');
    await e2e.escape();
  });

  test('the quick fix on billing writes and opens an exception request', async () => {
    const e2e = s();
    await e2e.switchToTab('docker-compose.yml');
    const billing = await e2e.waitForSquiggle('warning', 'billing:');
    await e2e.quickFix('Request an exception for billing', billing);
    const expected: Record<string, string> = {
      id: 'EX-0001',
      rule: 'new-service',
      subject: 'billing',
      status: 'requested',
    };
    const doc = await e2e.waitForFile(EXCEPTION_DOC, (text) => {
      const fields = frontMatter(text);
      return Object.entries(expected).every(([key, value]) => fields[key] === value);
    });
    assert.ok(doc.startsWith('---\n'), `the document starts with YAML front matter:\n${doc}`);
    await e2e.waitForActiveTab('EX-0001-billing.md');
    await e2e.screenshot('billing-request-open');
  });

  test('services/billing/Dockerfile: flagged on FROM; the hover names the pending request', async () => {
    const e2e = s();
    assert.ok(fs.existsSync(path.join(e2e.workspace, EXCEPTION_DOC)), `the previous test must have written ${EXCEPTION_DOC}`);
    await e2e.openFile('services/billing/Dockerfile');
    const from = await e2e.waitForSquiggle('warning', 'FROM node:20-alpine');
    await assertNoSquiggleOn(e2e, 'WORKDIR /app');
    const hover = await e2e.hoverSquiggle('not yet signed', from);
    assert.match(hover, /EX-0001/, `the hover names the pending request: ${hover}`);
    assert.ok(hover.includes('not part of the monolith'), `the hover says billing is not part of the monolith: ${hover}`);
    await e2e.screenshot('billing-dockerfile-hover');
    await e2e.escape();
  });

  test('a Dockerfile written to disk outside the editor is flagged, in Problems and when opened', async () => {
    const e2e = s();
    const rel = 'services/search/Dockerfile';
    assert.ok(!fs.existsSync(path.join(FIXTURES_DIR, FIXTURE, rel)), `the fixture must not contain ${rel}`);
    const abs = path.join(e2e.workspace, rel);
    fs.mkdirSync(path.dirname(abs), { recursive: true });
    fs.writeFileSync(abs, 'FROM python:3.12-slim\nWORKDIR /app\nCOPY . .\nCMD ["python", "main.py"]\n');

    // Not open in any editor: VS Code lists it in Problems because the server published it.
    let rows: string[] = [];
    try {
      rows = await e2e.poll('a tech-policy problem for "search" in the Problems panel', DEFAULT_TIMEOUT, async () => {
        rows = await e2e.problemsRows();
        return rows.some((r) => r.includes('tech-policy') && r.includes('"search"')) ? rows : undefined;
      });
    } catch (err) {
      (err as Error).message += `\n  Problems rows: ${JSON.stringify(rows)}`;
      throw err;
    }
    const searchRow = rows.find((r) => r.includes('tech-policy') && r.includes('"search"'));
    assert.match(searchRow ?? '', /new-service/, `the search problem is the new-service rule: ${JSON.stringify(rows)}`);
    await e2e.screenshot('search-in-problems');

    await e2e.openFile(rel);
    await e2e.waitVisible(e2e.lineWith('FROM python:3.12-slim'), 'the search Dockerfile in the editor');
    const from = await e2e.waitForSquiggle('warning', 'FROM python:3.12-slim');
    const hover = await e2e.hoverSquiggle('not part of the monolith', from);
    assert.match(hover, /search/, `the hover names the search service: ${hover}`);
    await e2e.screenshot('search-dockerfile-hover');
    await e2e.escape();
  });
});
