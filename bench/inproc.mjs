// Child process: times the compiler's stages on one plan, inside one fresh node process so that
// sizes do not warm each other up. Run 1 is cold (what the CLI pays); later runs are warm.
//   load        = loadPlan (read + js-yaml parse + shape validation)
//   after-load  = compile (resolve, graph, default order) + check (every rule)
// Usage: node --expose-gc bench/inproc.mjs DIST_DIR PLAN.yaml REPS  → JSON on stdout
import { pathToFileURL } from 'node:url';
import { join } from 'node:path';

const [dist, file, repsText] = process.argv.slice(2);
const reps = Number(repsText ?? 3);
let t = performance.now();
const compiler = await import(pathToFileURL(join(dist, 'compiler/index.js')).href);
const importMs = performance.now() - t;
const load = [];
const afterLoad = [];
let diagnostics = null;
for (let i = 0; i < reps; i++) {
  globalThis.gc?.();
  t = performance.now();
  const source = compiler.loadPlan(file);
  const t1 = performance.now();
  const { compiled, diagnostics: compileDiagnostics } = compiler.compile(source);
  const checked = compiled ? compiler.check(compiled) : [];
  const t2 = performance.now();
  load.push(t1 - t);
  afterLoad.push(t2 - t1);
  diagnostics ??= {
    compiled: compiled !== null,
    entries: compiled?.entries.length ?? 0,
    edges: compiled?.edges.length ?? 0,
    errors: [...compileDiagnostics, ...checked].filter((d) => d.severity === 'error').length,
    warnings: [...compileDiagnostics, ...checked].filter((d) => d.severity === 'warning').length,
    first: [...compileDiagnostics, ...checked].slice(0, 3).map((d) => `${d.code}: ${d.message}`),
  };
}
process.stdout.write(JSON.stringify({ importMs, load, afterLoad, diagnostics }) + '\n');
