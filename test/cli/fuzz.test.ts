import * as assert from 'assert';
import { campaign, clean, summary } from '../fuzz/campaign';

suite('fuzz: a slice of the campaign (npm run fuzz runs all of it)', function () {
  this.timeout(300_000);

  test('400 generated inputs through the core, the CLI and one server: no crash, hang, invalid output, death or handler error', async () => {
    const result = await campaign({ seed: 20261201, count: 400, batch: 100 });
    assert.ok(clean(result), `${summary(result)}\n${result.failures.join('\n')}`);
    assert.ok(result.server.correctAfter);
  });
});
