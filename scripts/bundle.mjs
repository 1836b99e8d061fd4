// `npm run build`, last step: bundle the CLI that tsc wrote to dist/ into one CommonJS file,
// dist/bundle/bootplan.cjs, and keep V8's compiled code for it in dist/bundle/bootplan.cjs.cache,
// made by one warm run of `check` on the helloworld plan. Start-up is most of a small plan's time,
// and most of that was compiling JavaScript: Node 20 keeps no compiled code for ES modules, but a
// `vm.Script` takes `cachedData` (bin/bootplan runs the bundle that way; V8 rejects a cache made
// by another V8 or other flags, and bin/bootplan then compiles as usual). The analyze worker is a
// file of its own beside the bundle (analyze-boots finds it as `./analyze-worker.js`).
// Packages that are large or load files relative to themselves (WASM, `yaml`, ajv for catalogs)
// stay external and load from node_modules when a command needs them.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
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
mkdirSync(outdir, { recursive: true });
const common = {
  absWorkingDir: ROOT,
  bundle: true,
  platform: 'node',
  target: 'node20',
  external: ['yaml', 'ajv', 'ajv/*', 'web-tree-sitter', 'tree-sitter-c', 'tree-sitter-c/*', '@viz-js/viz', '@dagrejs/graphlib', '@resvg/resvg-js'],
  legalComments: 'none',
  logLevel: 'warning',
};

// Built-in modules that cost milliseconds to load and that a `check` never calls: commander's
// child_process (for subcommands run as programs, which bootplan has none of) and the SARIF
// emitter's crypto. Each import of them gets an object whose properties require the module on
// first use (esbuild's CommonJS output reads imports as properties where they are used).
const LAZY_BUILTINS = ['child_process', 'crypto'];
const require = createRequire(import.meta.url);
const lazyBuiltins = {
  name: 'lazy-builtins',
  setup(build) {
    const filter = new RegExp(`^(node:)?(${LAZY_BUILTINS.join('|')})$`);
    build.onResolve({ filter }, (args) => (args.namespace === 'lazy-builtin' ? { path: args.path, external: true } : { path: args.path.replace(/^node:/, ''), namespace: 'lazy-builtin' }));
    build.onLoad({ filter: /.*/, namespace: 'lazy-builtin' }, (args) => {
      const getters = Object.keys(require(`node:${args.path}`)).map((key) => `${JSON.stringify(key)}: { enumerable: true, get: () => load()[${JSON.stringify(key)}] }`);
      return { loader: 'js', contents: `let loaded;\nconst load = () => (loaded ??= require("node:${args.path}"));\nmodule.exports = Object.defineProperties({}, {\n${getters.join(',\n')}\n});\n` };
    });
  },
};

// The CLI. `import.meta.url` names the bundle itself: paths.ts walks up from it to the package
// root, and analyze-boots finds the worker beside it.
const cli = await esbuild.build({
  ...common,
  entryPoints: ['dist/cli/bin.js'],
  format: 'cjs',
  // `import()` of @viz-js/viz and graphlib becomes `require` (both ship CommonJS): V8 drops a
  // script's dynamic-import callback when the script comes from a code cache.
  supported: { 'dynamic-import': false },
  write: false,
  plugins: [lazyBuiltins],
  define: { 'import.meta.url': '__bootplanUrl' },
});
// The bundle is the body of the function bin/bootplan calls as Node calls a CommonJS module's
// (written here, so that V8 compiles the file's text as it was read, without a copy), in ASCII:
// read as latin1 it becomes a one-byte string at once (esbuild leaves `µ`, `→` in regular
// expressions and comments; `\uXXXX` means the same in both). bin.js's `#!` line goes.
const body = cli.outputFiles[0].text.replace(/^#!.*\n/, '').replace(/[^\x00-\x7f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
const code = `(function (exports, require, module, __filename, __dirname) {\n"use strict";\nconst __bootplanUrl = require("node:url").pathToFileURL(__filename).href;\n${body}\n})\n`;
// The build's name, which the cache repeats: a cache made for another bundle is never offered to
// V8 (whose own check compares only the source's length).
const build = createHash('sha256').update(code).digest('hex').slice(0, 32);
const bundle = `${outdir}/bootplan.cjs`;
writeFileSync(bundle, `${code}//# bootplan-build=${build}\n`);

// commander is CommonJS and requires node:events: give the ES module a real `require`.
await esbuild.build({
  ...common,
  entryPoints: { 'analyze-worker': 'dist/cli/commands/analyze-worker.js' },
  outdir,
  format: 'esm',
  banner: { js: "import { createRequire as __bootplanRequire } from 'node:module'; const require = __bootplanRequire(import.meta.url);" },
});

// The code cache: one run of what a pre-commit hook or an editor runs, without NODE_OPTIONS (V8
// refuses a cache made under other flags). A failed run leaves no cache; bin/bootplan still works.
const cache = `${bundle}.cache`;
const pending = `${cache}.${process.pid}.tmp`;
const env = { ...process.env, BOOTPLAN_CODE_CACHE_OUT: pending, NO_COLOR: '1' };
delete env.NODE_OPTIONS;
const warm = spawnSync(process.execPath, [`${ROOT}bin/bootplan`, 'check', 'specs/plans/unikraft/helloworld.yaml'], { cwd: ROOT, env, encoding: 'utf8' });
if (warm.status === 0 && existsSync(pending)) {
  renameSync(pending, cache);
} else {
  rmSync(pending, { force: true });
  process.stderr.write(`bundle: no code cache (the warm run exited ${warm.status}): start-up compiles the bundle each time\n${warm.stderr}`);
}
