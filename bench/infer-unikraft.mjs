// Dependency inference over a whole Unikraft tree: every .c file parsed, every registration the
// source scanner finds followed. Usage: node bench/infer-unikraft.mjs UNIKRAFT_DIR [--lib DIR]... [--json]
// [--headers] [--plan FILE] (after `npm run build`): `--headers` parses the .h files too (static
// inline functions); `--plan` writes the import with the inferred facts for `bootplan check`. Prints the time of each stage and the counts; no assertions.
import { loadCatalog } from '../dist/import/catalog.js';
import { inferDependencies } from '../dist/import/infer/index.js';
import { readSourceTree } from '../dist/import/source-tree.js';
import { importUnikraftSource, scanUnikraftSource } from '../dist/import/unikraft-src.js';
import { applyInference } from '../dist/import/infer/apply.js';
import { registeredFunctions } from '../dist/import/infer/registered.js';
import { writePlan } from '../dist/import/write-plan.js';
import { writeFileSync } from 'node:fs';

const root = process.argv[2];
if (!root) {
  console.error('usage: node bench/infer-unikraft.mjs UNIKRAFT_DIR [--lib DIR]... [--headers] [--json] [--plan FILE]');
  process.exit(2);
}
const cpu0 = process.cpuUsage();
const t0 = performance.now();
const tree = readSourceTree(root);
// External libraries (`--lib DIR`, lib-musl, lib-lwip): their files are prefixed with the folder's name.
for (let i = 3; i < process.argv.length; i++) {
  if (process.argv[i] !== '--lib' || !process.argv[i + 1]) continue;
  const dir = process.argv[++i];
  const name = dir.replace(/\/+$/, '').split('/').pop();
  const lib = readSourceTree(dir);
  tree.files.push(...lib.files.map((f) => ({ path: `${name}/${f.path}`, text: f.text })));
}
const t1 = performance.now();
const { registrations } = scanUnikraftSource(tree.files);
const t2 = performance.now();
const { catalog, diagnostics: catalogProblems } = loadCatalog('unikraft');
if (!catalog) {
  console.error(catalogProblems.map((d) => d.message).join('\n'));
  process.exit(2);
}
const functions = registeredFunctions(registrations);
const files = process.argv.includes('--headers') ? tree.files : tree.files.filter((f) => f.path.endsWith('.c'));
const result = await inferDependencies({ profile: 'unikraft@0.17', files, functions }, catalog);
const t3 = performance.now();
const cpu = process.cpuUsage(cpu0);
let uses = 0, provides = 0, effects = 0, evidence = 0, withFacts = 0;
for (const e of result.entries.values()) {
  uses += e.uses.length; provides += e.provides.length; effects += e.effects.length; evidence += e.evidence.length;
  if (e.uses.length + e.provides.length + e.effects.length > 0) withFacts++;
}
const byCode = {};
for (const d of result.diagnostics) byCode[d.code] = (byCode[d.code] ?? 0) + 1;
const row = {
  tree: root,
  files: tree.files.length,
  cFiles: files.length,
  registeredFunctions: functions.length,
  ...result.stats,
  entriesWithFacts: withFacts,
  inferredUses: uses,
  inferredProvides: provides,
  effects,
  evidence,
  diagnostics: byCode,
  ms: { readTree: Math.round(t1 - t0), scan: Math.round(t2 - t1), infer: Math.round(t3 - t2), total: Math.round(t3 - t0), cpu: Math.round((cpu.user + cpu.system) / 1000) },
};
// `--plan FILE`: the `--src` import with the inferred uses, provides, effects and their evidence
// (plan language 1.1), for `bootplan check FILE`.
const planAt = process.argv.indexOf('--plan');
if (planAt > 0 && process.argv[planAt + 1]) {
  const imported = importUnikraftSource(tree.files, { root });
  applyInference(imported.plan, result.entries);
  writeFileSync(process.argv[planAt + 1], writePlan(imported));
  const { compile, check, loadPlan } = await import('../dist/compiler/index.js');
  const { compiled } = compile(loadPlan(process.argv[planAt + 1]));
  if (compiled) {
    row.plan = { entries: compiled.entries.length, edges: compiled.edges.length, byStatus: {}, errors: check(compiled).filter((d) => d.severity === 'error').length };
    for (const e of compiled.edges) row.plan.byStatus[e.status] = (row.plan.byStatus[e.status] ?? 0) + 1;
  }
}
if (process.argv.includes('--json')) {
  console.log(JSON.stringify({ row, entries: Object.fromEntries(result.entries) }, null, 1));
} else {
  console.log(JSON.stringify(row, null, 1));
}
