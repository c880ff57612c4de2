/**
 * `npm run fuzz [-- --count N --seed S --targets core,cli,server]`: the whole campaign (10,000
 * inputs by default), its counts, and exit 1 when any of them is not zero.
 */
import { campaign, clean, summary } from './campaign';

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] ? process.argv[i + 1] : fallback;
}

async function main(): Promise<void> {
  const started = Date.now();
  const result = await campaign({
    seed: Number(arg('seed', '1')),
    count: Number(arg('count', '10000')),
    targets: arg('targets', 'core,cli,server').split(',') as Array<'core' | 'cli' | 'server'>,
  });
  console.log(summary(result));
  for (const f of result.failures) console.log(`  ${f}`);
  console.log(`(${((Date.now() - started) / 1000).toFixed(0)} s)`);
  process.exitCode = clean(result) ? 0 : 1;
}

main().catch((e) => {
  console.error(e);
  process.exitCode = 2;
});
