// `npm run build`, last step: bundle the CLI that tsc wrote to dist/ into dist/bundle/ with
// esbuild, one file per entry point plus a chunk per lazily imported command, so that start-up
// reads a handful of files instead of ~80 ES modules and the CommonJS files of commander.
// bin/bootplan runs the bundle when it is newer than dist/, else dist/cli/bin.js.
// Packages that are large or load files relative to themselves (WASM, the `yaml` package that
// is only required on demand, ajv for catalogs) stay external and load from node_modules.
import { rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
let esbuild;
try {
  esbuild = createRequire(import.meta.url)('esbuild');
} catch {
  // A build without the dev dependencies: bin/bootplan runs dist/cli/bin.js.
  process.stderr.write('bundle: esbuild is not installed; bin/bootplan will run dist/ unbundled\n');
  process.exit(0);
}

const outdir = `${ROOT}dist/bundle`;
rmSync(outdir, { recursive: true, force: true });
await esbuild.build({
  absWorkingDir: ROOT,
  // The worker sits beside the chunks: analyze-boots finds it as `./analyze-worker.js`.
  entryPoints: { bootplan: 'dist/cli/bin.js', 'analyze-worker': 'dist/cli/commands/analyze-worker.js' },
  outdir,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  chunkNames: '[name]-[hash]',
  external: ['yaml', 'ajv', 'ajv/*', 'web-tree-sitter', 'tree-sitter-c', 'tree-sitter-c/*', '@viz-js/viz', '@dagrejs/graphlib', '@resvg/resvg-js'],
  // commander is CommonJS and requires node:events: give every chunk a real `require`.
  banner: { js: "import { createRequire as __bootplanRequire } from 'node:module'; const require = __bootplanRequire(import.meta.url);" },
  legalComments: 'none',
  logLevel: 'warning',
});
