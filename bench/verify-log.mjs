// Child process: `verify` on a real Linux boot. Imports the System.map into a plan and compiles it
// (set-up, timed apart), then times parse (parseLinuxInitcallLog) + verify (verifyTrace) of the
// initcall_debug log against it: run 1 cold, the others warm.
// Usage: node --expose-gc bench/verify-log.mjs DIST_DIR SYSTEM_MAP LOG REPS  → JSON on stdout
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const [dist, mapFile, logFile, repsText] = process.argv.slice(2);
const reps = Number(repsText ?? 5);
const need = {
  importer: join(dist, 'import/linux-system-map.js'),
  writer: join(dist, 'import/write-plan.js'),
  parser: join(dist, 'traces/logs/linux.js'),
  conformance: join(dist, 'traces/verify/conformance.js'),
};
const missing = Object.values(need).filter((p) => !existsSync(p));
const load = async (p) => (existsSync(p) ? import(pathToFileURL(p).href) : null);
const compiler = await import(pathToFileURL(join(dist, 'compiler/index.js')).href);
const importer = await load(need.importer);
const writer = await load(need.writer);
const parser = await load(need.parser);
const conformance = await load(need.conformance);
const log = readFileSync(logFile, 'utf8');
const out = { lines: log.split('\n').length - (log.endsWith('\n') ? 1 : 0), missing: missing.map((p) => p.slice(dist.length + 1)) };

let compiled = null;
if (importer?.importLinuxSystemMap && writer?.writePlan) {
  const t = performance.now();
  const yaml = writer.writePlan(importer.importLinuxSystemMap(readFileSync(mapFile, 'utf8'), { file: mapFile }));
  const source = compiler.loadPlanText('linux-6.1.yaml', yaml);
  compiled = compiler.compile(source).compiled;
  out.setupMs = performance.now() - t;
  out.planEntries = compiled?.entries.length ?? 0;
}
const verifyTrace = conformance?.verifyTrace;
const parse = parser?.parseLinuxInitcallLog;
out.parseMs = [];
out.verifyMs = [];
for (let i = 0; parse && i < reps; i++) {
  globalThis.gc?.();
  const t0 = performance.now();
  const parsed = parse(log, { file: logFile });
  const t1 = performance.now();
  out.parseMs.push(t1 - t0);
  out.events = parsed.events.length;
  if (typeof verifyTrace === 'function' && compiled) {
    let report;
    try {
      report = verifyTrace(compiled, parsed, { traceFile: logFile });
    } catch (err) {
      out.verifyError = String(err?.message ?? err);
      break;
    }
    out.verifyMs.push(performance.now() - t1);
    if (i === 0) out.verifyReport = summarize(report);
  }
}
out.status = typeof verifyTrace !== 'function' ? 'not built yet' : out.verifyError ? 'error' : 'ok';
process.stdout.write(JSON.stringify(out) + '\n');

function summarize(report) {
  if (!report || typeof report !== 'object') return report;
  const bySeverity = {};
  for (const d of report.diagnostics ?? []) bySeverity[d.severity] = (bySeverity[d.severity] ?? 0) + 1;
  return { format: report.format, summary: report.summary, diagnostics: bySeverity, stopped: report.stopped?.reason ?? null };
}
