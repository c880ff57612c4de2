// The one bundler: dist/client.js, dist/server.js, dist/cli.js (and, with --action, the Action's bundle). `vscode` is provided by the editor.
import * as esbuild from 'esbuild';
import * as fs from 'fs';
import { fileURLToPath } from 'node:url';

const watch = process.argv.includes('--watch');
// `--action [--outfile FILE]`: the GitHub Action's committed bundle, action/dist/index.js (see docs/decisions.md)
const action = process.argv.includes('--action');
// `--bench`: the benchmark's floor server, bundled as the real server is (out/bench/floorServer.js)
const bench = process.argv.includes('--bench');
const outfileArg = process.argv.indexOf('--outfile');
const production = process.argv.includes('--production');

/**
 * The MCP SDK's server builds an ajv validator it uses only to check the answers to elicitation
 * requests, which `tech-policy mcp` never sends (it passes its own validator instead). Resolving that
 * module to a stub keeps ajv (and its code-generating `require` strings) out of dist/cli.js.
 */
const noAjvInMcp = {
  name: 'no-ajv-in-mcp',
  setup(build) {
    build.onResolve({ filter: /validation\/ajv-provider\.js$/ }, (args) =>
      /@modelcontextprotocol[\\/]sdk[\\/]/.test(args.importer) ? { path: fileURLToPath(new globalThis.URL('./server/src/cli/mcpNoAjv.ts', import.meta.url)) } : undefined,
    );
  },
};

const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: !production,
  minify: production,
  logLevel: 'info',
  external: ['vscode'],
  // jsonc-parser's UMD build hides its requires from the bundler; its ESM build does not.
  mainFields: ['module', 'main'],
  plugins: [noAjvInMcp],
};

const entries = [
  { entryPoints: ['client/src/extension.ts'], outfile: 'dist/client.js' },
  { entryPoints: ['server/src/lsp/main.ts'], outfile: 'dist/server.js', banner: { js: '#!/usr/bin/env node' } },
  { entryPoints: ['server/src/cli/main.ts'], outfile: 'dist/cli.js', banner: { js: '#!/usr/bin/env node' } },
];

if (action) {
  const outfile = outfileArg > 0 ? process.argv[outfileArg + 1] : 'action/dist/index.js';
  // minified, no source map, no banner: the same sources give the same bytes, so CI can tell a stale bundle
  await esbuild.build({ ...common, sourcemap: false, minify: true, logLevel: 'warning', legalComments: 'none', entryPoints: ['server/src/action/main.ts'], outfile });
} else if (bench) {
  await esbuild.build({ ...common, logLevel: 'warning', entryPoints: ['test/bench/floorServer.ts'], outfile: 'out/bench/floorServer.js' });
} else if (watch) {
  for (const entry of entries) {
    const ctx = await esbuild.context({ ...common, ...entry });
    await ctx.watch();
  }
} else {
  await Promise.all(entries.map((entry) => esbuild.build({ ...common, ...entry })));
}
// SQLite for `tech-policy org --history` is sql.js: its WebAssembly sits beside the CLI bundle (docs/decisions.md)
if (!action) {
  fs.mkdirSync('dist', { recursive: true });
  fs.copyFileSync('node_modules/sql.js/dist/sql-wasm.wasm', 'dist/sql-wasm.wasm');
}
