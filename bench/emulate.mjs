// Child process: emulation throughput. Compiles a plan, then times only `run(compiled, options)`
// of dist/runtime/index.js: events/s = events.length / seconds of run() (wall clock; each run also
// gives its CPU time, the figure to compare on a shared machine). Serialising the trace
// (writeJsonl) is not timed. With PROFILE_FILE set,
// five more runs (untimed) are CPU-profiled through the inspector and the profile written there.
// Usage: node --expose-gc bench/emulate.mjs DIST_DIR PLAN.yaml REPS [PROFILE_FILE]  → JSON on stdout
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const [dist, file, repsText, profileFile] = process.argv.slice(2);
const reps = Number(repsText ?? 3);
const runtimePath = join(dist, 'runtime/index.js');
if (!existsSync(runtimePath)) {
  process.stdout.write(JSON.stringify({ status: 'not built yet', reason: `${runtimePath} does not exist` }) + '\n');
  process.exit(0);
}
const compiler = await import(pathToFileURL(join(dist, 'compiler/index.js')).href);
const runtime = await import(pathToFileURL(runtimePath).href);
if (typeof runtime.run !== 'function') {
  process.stdout.write(JSON.stringify({ status: 'not built yet', reason: 'dist/runtime/index.js exports no run()' }) + '\n');
  process.exit(0);
}
const { compiled } = compiler.compile(compiler.loadPlan(file));
if (!compiled) throw new Error(`${file} did not compile`);

const runs = [];
for (let i = 0; i < reps; i++) {
  globalThis.gc?.();
  const cpu = process.cpuUsage();
  const t = performance.now();
  const result = runtime.run(compiled, {});
  const seconds = (performance.now() - t) / 1000;
  const used = process.cpuUsage(cpu);
  const cpuSeconds = (used.user + used.system) / 1e6;
  const events = result?.events?.length ?? 0;
  runs.push({ seconds, cpuSeconds, events, eventsPerSecond: events / seconds, eventsPerCpuSecond: events / cpuSeconds, outcome: result?.outcome?.target ?? null, reason: result?.outcome?.reason ?? null });
}
if (profileFile) {
  // Extra runs, after the timed ones, so that the profiler's overhead touches no measurement.
  const { Session } = await import('node:inspector/promises');
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.setSamplingInterval', { interval: 250 });
  await session.post('Profiler.start');
  for (let i = 0; i < 5; i++) runtime.run(compiled, {});
  const { profile } = await session.post('Profiler.stop');
  writeFileSync(profileFile, JSON.stringify(profile));
  session.disconnect();
}
process.stdout.write(JSON.stringify({ status: 'ok', runs }) + '\n');
