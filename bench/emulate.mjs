// Child process: emulation throughput. Compiles a plan, then times only `run(compiled, options)`
// of dist/runtime/index.js: events/s = events.length / seconds of run() (wall clock; each run also
// gives its CPU time, the figure to compare on a shared machine). Serialising the trace
// (writeJsonl) is not timed. The figure is the steady rate of many boots in one process, as the
// property tests run them: WARMUP untimed runs first (the first boots of a process run code the
// JIT has not compiled yet), then REPS timed runs back to back, with no forced GC between them
// (a forced full GC before each run shrinks the heap and throws away compiled code, so every run
// measured warm-up again; the collections a run causes are charged to it). The very first run
// of the process is reported as `cold` (what one `bootplan run` sees). With PROFILE_FILE set,
// five more runs (untimed) are CPU-profiled through the inspector and the profile written there.
// Usage: node bench/emulate.mjs DIST_DIR PLAN.yaml REPS [PROFILE_FILE] [WARMUP]  → JSON on stdout
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const [dist, file, repsText, profileArg, warmupText] = process.argv.slice(2);
const reps = Number(repsText ?? 3);
const profileFile = profileArg && profileArg !== '-' ? profileArg : null;
const warmup = Number(warmupText ?? 5);
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

const timed = () => {
  const cpu = process.cpuUsage();
  const t = performance.now();
  const result = runtime.run(compiled, {});
  const seconds = (performance.now() - t) / 1000;
  const used = process.cpuUsage(cpu);
  const cpuSeconds = (used.user + used.system) / 1e6;
  const events = result?.events?.length ?? 0;
  return { seconds, cpuSeconds, events, eventsPerSecond: events / seconds, eventsPerCpuSecond: events / cpuSeconds, outcome: result?.outcome?.target ?? null, reason: result?.outcome?.reason ?? null };
};
const cold = timed();
for (let i = 1; i < warmup; i++) runtime.run(compiled, {});
const runs = [];
for (let i = 0; i < reps; i++) runs.push(timed());
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
process.stdout.write(JSON.stringify({ status: 'ok', warmup, cold, runs }) + '\n');
