// Child process: `analyze` on a real Linux boot. Imports the System.map into a plan and compiles it
// (set-up, timed apart), then times parse + analyze of the initcall_debug log, and each reporter
// (SVG timeline, chrome-trace, JSON, the HTML report with its entries located) on the analysis: run 1 cold, the others warm.
// Usage: node --expose-gc bench/analyze-log.mjs DIST_DIR SYSTEM_MAP LOG REPS  → JSON on stdout
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const [dist, mapFile, logFile, repsText] = process.argv.slice(2);
const reps = Number(repsText ?? 7);
const need = {
  importer: join(dist, 'import/linux-system-map.js'),
  writer: join(dist, 'import/write-plan.js'),
  parser: join(dist, 'traces/logs/linux.js'),
  analysis: join(dist, 'traces/analyze/index.js'),
};
const missing = Object.values(need).filter((p) => !existsSync(p));
if (missing.length > 0) {
  process.stdout.write(JSON.stringify({ status: 'not built yet', missing: missing.map((p) => p.slice(dist.length + 1)) }) + '\n');
  process.exit(0);
}
const load = (p) => import(pathToFileURL(p).href);
const compiler = await load(join(dist, 'compiler/index.js'));
const [importer, writer, parser, analysis] = await Promise.all([load(need.importer), load(need.writer), load(need.parser), load(need.analysis)]);
const log = readFileSync(logFile, 'utf8');
const out = { lines: log.split('\n').length - (log.endsWith('\n') ? 1 : 0) };

let t = performance.now();
const yaml = writer.writePlan(importer.importLinuxSystemMap(readFileSync(mapFile, 'utf8'), { file: mapFile }));
const compiled = compiler.compile(compiler.loadPlanText('linux-6.1.yaml', yaml)).compiled;
out.setupMs = performance.now() - t;
out.planEntries = compiled.entries.length;

const { FastLocator } = await load(join(dist, 'compiler/fast-locate.js'));
const planText = yaml;
const times = { analyzeMs: [], svgMs: [], chromeTraceMs: [], jsonMs: [], htmlMs: [], locateMs: [] };
for (let i = 0; i < reps; i++) {
  globalThis.gc?.();
  t = performance.now();
  const parsed = parser.parseLinuxInitcallLog(log, { file: logFile });
  const result = analysis.analyze(compiled, parsed, { traceFile: logFile });
  const t1 = performance.now();
  const svg = analysis.analysisToSvg(result.analysis, { title: 'linux 6.1' });
  const t2 = performance.now();
  const chrome = analysis.analysisToChromeTrace(result.analysis, { name: 'linux' });
  const t3 = performance.now();
  const json = JSON.stringify(analysis.analysisToJson(result.analysis, { plan: 'linux-6.1.yaml', trace: logFile, format: parsed.format, diagnostics: result.diagnostics }));
  const t4 = performance.now();
  // The HTML report as the CLI builds it: every entry located in the plan's YAML, the texts inlined.
  const locator = new FastLocator([['linux-6.1.yaml', planText]]);
  const nodes = compiled.entries.map((e) => ({ id: e.id, kind: e.kind, lib: e.lib, fn: e.fn, table: e.table, level: e.level, prio: e.prio, uses: e.uses, provides: e.provides, after: e.after, before: e.before, source: locator.locate(e.source) }));
  const located = performance.now();
  times.locateMs.push(located - t4);
  const html = analysis.analysisToHtml(result.analysis, { title: 'linux 6.1', plan: 'linux-6.1.yaml', trace: logFile, format: parsed.format, nodes, edges: [], diagnostics: result.diagnostics, texts: { 'linux-6.1.yaml': planText, [logFile]: log } });
  const t5 = performance.now();
  times.htmlMs.push(t5 - t4);
  times.analyzeMs.push(t1 - t);
  times.svgMs.push(t2 - t1);
  times.chromeTraceMs.push(t3 - t2);
  times.jsonMs.push(t4 - t3);
  if (i === 0) {
    out.spans = result.analysis.spans.length;
    out.top = result.analysis.blame[0] ? `${result.analysis.blame[0].id} ${(result.analysis.blame[0].duration / 1e6).toFixed(1)} ms` : null;
    out.bytes = { svg: svg.length, chromeTrace: chrome.length, json: json.length, html: html.length };
  }
}
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
for (const [k, xs] of Object.entries(times)) out[k] = { cold: xs[0], warm: median(xs.slice(1)) };
out.status = 'ok';
process.stdout.write(JSON.stringify(out) + '\n');
