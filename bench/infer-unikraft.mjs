// Dependency inference over a whole Unikraft tree: every .c file parsed, every registration the
// source scanner finds followed. Usage: node bench/infer-unikraft.mjs UNIKRAFT_DIR [--json]
// [--headers] (after `npm run build`): `--headers` parses the .h files too (static inline
// functions). Prints the time of each stage and the counts; no assertions.
import { loadCatalog } from '../dist/import/catalog.js';
import { inferDependencies } from '../dist/import/infer/index.js';
import { readSourceTree } from '../dist/import/source-tree.js';
import { scanUnikraftSource } from '../dist/import/unikraft-src.js';

const root = process.argv[2];
if (!root) {
  console.error('usage: node bench/infer-unikraft.mjs UNIKRAFT_DIR [--headers] [--json]');
  process.exit(2);
}
const cpu0 = process.cpuUsage();
const t0 = performance.now();
const tree = readSourceTree(root);
const t1 = performance.now();
const { registrations } = scanUnikraftSource(tree.files);
const t2 = performance.now();
const { catalog, diagnostics: catalogProblems } = loadCatalog('unikraft');
if (!catalog) {
  console.error(catalogProblems.map((d) => d.message).join('\n'));
  process.exit(2);
}
const functions = [];
for (const r of registrations) {
  if (r.fn) functions.push({ id: `${r.lib}.${r.fn}`, fn: r.fn, file: r.file, line: r.line, role: r.table === 'ctors' ? 'ctor' : 'initcall' });
  if (r.term) functions.push({ id: `${r.lib}.${r.term}`, fn: r.term, file: r.file, line: r.line, role: 'term' });
}
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
if (process.argv.includes('--json')) {
  console.log(JSON.stringify({ row, entries: Object.fromEntries(result.entries) }, null, 1));
} else {
  console.log(JSON.stringify(row, null, 1));
}
