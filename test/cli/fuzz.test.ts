// Every test here runs the tech-policy command as a process (often several, often over a generated
// workspace): a second or more each on a busy 2-core machine; npm run test:cli gives each test 20 s
// (--timeout 20000), and the suites that need more say so.
import * as assert from 'assert';
import { campaign, clean, summary } from '../fuzz/campaign';

suite('fuzz: a slice of the campaign (npm run fuzz runs all of it)', function () {
  // 400 inputs through three hosts, the server's share with 130,000-dependency files: about a minute alone, several on CI's busy machine
  this.timeout(900_000);

  test('400 generated inputs through the core, the CLI and one server: no crash, hang, invalid output, death or handler error', async () => {
    // a hang is CPU time, not the wall clock (see campaign.ts), so the busy machine CI is cannot make one;
    // 5 s of CPU here leaves room for the cache misses a loaded machine adds, `npm run fuzz` holds the 2 s line
    const result = await campaign({ seed: 20261201, count: 400, batch: 100, hangMs: 5000 });
    assert.ok(clean(result), `${summary(result)}\n${result.failures.join('\n')}`);
    assert.ok(result.server.correctAfter);
  });

  test('--targets core: the summary says the CLI and the server were not run, not "correct afterwards: false"', async () => {
    const result = await campaign({ seed: 1, count: 5, targets: ['core'] });
    assert.ok(clean(result), summary(result));
    assert.deepStrictEqual(summary(result).split('\n').slice(2), ['cli: not run (--targets)', 'server: not run (--targets)']);
    assert.match(summary(result).split('\n')[1], /^core: 0 crashes, 0 hangs \(slowest input \d+ ms of CPU\)$/);
  });
});
