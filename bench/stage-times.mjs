// Child process: the compiler's time stage by stage and rule by rule, so that the table can say
// which part grows. Uses dist/'s internal modules (load, validate, resolve, graph, order) and
// wraps each checker rule's `check` with a timer before calling the public `check`; if the
// internals change shape, it reports the error instead of numbers.
// Usage: node --expose-gc bench/stage-times.mjs DIST_DIR PLAN.yaml REPS  → JSON on stdout
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const [dist, file, repsText] = process.argv.slice(2);
const reps = Number(repsText ?? 3);
const mod = (p) => import(pathToFileURL(join(dist, p)).href);
try {
  const compiler = await mod('compiler/index.js');
  const { loadFiles } = await mod('compiler/load.js');
  const { validatePlanShape } = await mod('compiler/validate.js');
  const { resolve } = await mod('compiler/resolve.js');
  const { buildGraph } = await mod('compiler/graph.js');
  const { defaultLinearization } = await mod('compiler/order.js');
  const { CHECK_RULES } = await mod('compiler/check/rules/index.js');
  const ruleMs = new Map();
  for (const rule of CHECK_RULES) {
    const inner = rule.check;
    rule.check = function timed(ctx) {
      const t = performance.now();
      try { return inner.call(this, ctx); } finally { ruleMs.set(rule.code, (ruleMs.get(rule.code) ?? 0) + performance.now() - t); }
    };
  }
  const samples = [];
  for (let i = 0; i < reps; i++) {
    globalThis.gc?.();
    ruleMs.clear();
    const s = {};
    let t = performance.now();
    const lap = (name) => { const now = performance.now(); s[name] = now - t; t = now; };
    const loaded = loadFiles(file);
    lap('read + parse (loadFiles)');
    if (loaded.files.length === 0) throw new Error(`loadFiles read nothing: ${loaded.diagnostics[0]?.message ?? ''}`);
    for (const f of loaded.files) validatePlanShape(f.file, f.data, true);
    lap('shape (validatePlanShape)');
    const resolved = resolve(loaded.files, loaded.files[loaded.files.length - 1].file);
    lap('resolve');
    // As compile calls it: nodes are looked up through resolve's id map.
    const graph = buildGraph(resolved.entries, resolved.steps, resolved.profile, resolved.ids);
    lap('graph (buildGraph)');
    defaultLinearization(graph);
    lap('order (defaultLinearization)');
    // The public path for the rules, so that their context is whatever check() builds today.
    const { compiled } = compiler.compile(compiler.loadPlan(file));
    t = performance.now();
    compiler.check(compiled);
    lap('check (all rules)');
    for (const [code, ms] of ruleMs) s[`  rule ${code}`] = ms;
    samples.push(s);
  }
  // Warm medians: drop run 1 when there are several.
  const warm = samples.length > 1 ? samples.slice(1) : samples;
  const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)];
  const out = {};
  for (const key of Object.keys(warm[0])) out[key] = median(warm.map((s) => s[key] ?? 0));
  process.stdout.write(JSON.stringify({ status: 'ok', ms: out }) + '\n');
} catch (err) {
  process.stdout.write(JSON.stringify({ status: 'error', error: String(err?.stack ?? err).split('\n').slice(0, 2).join(' / ') }) + '\n');
}
