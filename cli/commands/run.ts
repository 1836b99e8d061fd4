import { realpathSync } from 'node:fs';
import { relative, resolve } from 'node:path';
import type { Command } from 'commander';
import { locate, type PlanSource } from '../../compiler/index.js';
import { InputError, type Compiled, type Witness } from '../../compiler/types.js';
import { parseDuration } from '../../compiler/units.js';
import type { RunOptions } from '../../runtime/index.js';
import type { FoundWitness } from '../../runtime/options.js';
import { jsonlChunks } from '../../traces/jsonl.js';
import { parseShow, renderTables } from '../../traces/luna-tables.js';
import { emit, EXIT_FAIL, EXIT_INPUT, readInputFile, UsageError, writeChunksAtomic } from '../io.js';
import { render } from '../diagnostics.js';
import { compileOrExit, ExitError } from '../load.js';
import { maxBytesOption, positiveInt } from '../options.js';

// The machine is loaded only when a command boots something: `check` should not pay for it.
const runtime = () => import('../../runtime/index.js');

/** What `--link-order witness:FILE#N` names: the N-th witness (1-based) of a check report. */
interface WitnessArg {
  file: string;
  n: number;
  witness: Witness;
  plan?: string;
}

function readWitness(text: string, witnessesFromJson: (v: unknown) => FoundWitness[]): WitnessArg {
  const spec = text.slice('witness:'.length);
  const m = /^(.*)#(\d+)$/.exec(spec);
  const file = m ? m[1]! : spec;
  const n = m ? Number(m[2]) : 1;
  if (m && n < 1) throw new UsageError(`witness:${file}#${m[2]}: witnesses are counted from 1`);
  let json: unknown;
  const witnessText = readInputFile(file, 'witness');
  try {
    json = JSON.parse(witnessText);
  } catch {
    throw new UsageError(`cannot read the witness ${file}: not JSON [bad-witness]`);
  }
  const found = witnessesFromJson(json);
  if (found.length === 0) throw new UsageError(`${file} holds no witness (an object with \`expect\` and an optional \`move\`, or an \`order\` array of node ids) [bad-witness]; write it with \`bootplan check --format json PLAN > ${file}\``);
  if (n > found.length) throw new UsageError(`${file} holds ${found.length} witness${found.length === 1 ? '' : 'es'}, not ${n} [bad-witness]`);
  const { witness, plan } = found[n - 1]!;
  return { file, n, witness, ...(plan ? { plan } : {}) };
}

function samePath(a: string, b: string): boolean {
  const real = (p: string) => {
    try {
      return realpathSync(p);
    } catch {
      return resolve(p);
    }
  };
  return real(a) === real(b);
}

/** A witness is for the plan it was found in: one written for another plan is refused. */
function checkWitnessPlan(arg: WitnessArg, plan: string, compiled: Compiled): void {
  const name = `witness ${arg.n} of ${arg.file}`;
  if (arg.plan !== undefined && !samePath(arg.plan, plan)) {
    throw new UsageError(`the ${name} is for ${relative(process.cwd(), arg.plan) || arg.plan}, not for ${plan} [bad-witness]; replay it with that plan`);
  }
  const ids = new Set(compiled.order);
  const named = [...arg.witness.order, arg.witness.expect.entry, ...(arg.witness.move ? [arg.witness.move.entry, arg.witness.move.before] : [])];
  const unknown = [...new Set(named)].filter((id) => !ids.has(id));
  if (unknown.length > 0) {
    throw new UsageError(`the ${name} names ${unknown.length === 1 ? 'an entry' : `${unknown.length} entries`} ${plan} does not have (${unknown.slice(0, 3).join(', ')}${unknown.length > 3 ? ', …' : ''}) [bad-witness]: it was written for another plan`);
  }
}

function expected(w: Witness): string {
  const e = w.expect;
  return e.kind === 'order' ? `${e.entry} to run before ${e.first}` : e.kind === 'return' ? `${e.entry} to return ${e.rc ?? 'an error'}` : `${e.entry} to fault on ${e.capability ?? 'a missing capability'}${e.kind === 'term' ? ' at teardown' : ''}`;
}

/** Input the machine refuses while booting (a host folder past its bounds): located in the plan, exit 2. */
async function located<T>(source: PlanSource, body: () => T): Promise<T> {
  try {
    return body();
  } catch (err) {
    if (!(err instanceof InputError)) throw err;
    await locate(source, err.diagnostics);
    const texts = new Map(source.texts);
    throw new ExitError(EXIT_INPUT, render('pretty', err.diagnostics, source.root, (f) => texts.get(f)));
  }
}

const SIGNALS: Record<string, number> = { HUP: 1, INT: 2, QUIT: 3, KILL: 9, USR1: 10, USR2: 12, TERM: 15 };

/** `SIGTERM`, `TERM` or a number 1..64. */
function signalOption(value: string): number {
  const name = value.toUpperCase().replace(/^SIG/, '');
  const n = /^\d{1,2}$/.test(value) ? Number(value) : SIGNALS[name];
  if (n === undefined || n < 1 || n > 64) throw new UsageError(`--stop-signal must be a signal name (SIGTERM, SIGINT, …) or a number 1..64, not "${value.slice(0, 40)}"`);
  return n;
}

function duration(value: string): number {
  const ns = parseDuration(value);
  if (ns === null || ns <= 0) throw new UsageError(`--max-time must be a duration such as 2ms or 5s, not "${value}"`);
  return ns;
}

export function register(program: Command): void {
  program
    .command('run')
    .description('boot the plan on the emulated machine: print its console, write its trace')
    .argument('<plan>', 'boot plan file (YAML)')
    .option('--trace <file>', 'write the trace as JSON Lines (whole or not at all)')
    .option('--console <file>', 'write the console log to a file instead of stdout')
    .option('--link-order <order>', 'declared | reverse | random:SEED | witness:FILE[#N] (the N-th witness of check --format json PLAN > FILE)', 'declared')
    .option('--fail <lib.fn[=rc]>', 'make one initcall return an error (default rc -1)')
    .option('--max-events <n>', 'stop a runaway boot after this many events', positiveInt('--max-events'))
    .option('--max-time <duration>', 'stop a runaway boot after this much virtual time', duration)
    .option('--max-bytes <n>', 'largest plan file accepted', maxBytesOption)
    .option('--show <tables>', 'thread-model plans (Luna): print the process and/or mount tables after each stage (processes,mounts)')
    .option('--stop-signal <signal>', "stop main with this signal (SIGTERM, TERM or 15) under the profile's init loop (Unikraft 0.21 LIBUKBOOT_INIT): its status is 0x80|signal", signalOption)
    .action(async (plan: string, opts: { trace?: string; console?: string; linkOrder: string; fail?: string; maxEvents?: number; maxTime?: number; maxBytes?: number; show?: string; stopSignal?: number }) => {
      const show = opts.show === undefined ? null : parseShow(opts.show);
      if (typeof show === 'string') throw new UsageError(show);
      const { parseFailSpec, parseLinkOrder, replayWitness, run, witnessesFromJson } = await runtime();
      const witness = opts.linkOrder.startsWith('witness:') ? readWitness(opts.linkOrder, witnessesFromJson) : null;
      const options: RunOptions = { linkOrder: witness ? { kind: 'witness', witness: witness.witness } : parseLinkOrder(opts.linkOrder) };
      if (opts.fail) options.fail = parseFailSpec(opts.fail);
      if (opts.maxEvents) options.maxEvents = opts.maxEvents;
      if (opts.maxTime) options.maxTimeNs = opts.maxTime;
      if (opts.stopSignal !== undefined) options.stopSignal = opts.stopSignal;
      const { source, compiled } = await compileOrExit(plan, { ...(opts.maxBytes ? { maxBytes: opts.maxBytes } : {}) });
      if (witness) checkWitnessPlan(witness, plan, compiled);
      const result = await located(source, () => run(compiled, options));
      if (opts.trace) writeChunksAtomic(opts.trace, jsonlChunks(result.events));
      emit(opts.console, result.console);
      if (show) {
        if (!compiled.luna) throw new UsageError(`--show: ${plan} uses ${compiled.plan.profile}, which has no processes or stages (only thread-model profiles such as luna do)`);
        process.stdout.write(`\n${renderTables(result.snapshots ?? [], show)}`);
      }
      const o = result.outcome;
      const last = result.events[result.events.length - 1];
      const what = o.fault
        ? `fault in ${o.fault.id}: ${o.fault.capability ? `\`${o.fault.capability}\` ${o.fault.kind === 'term' ? 'is already gone at teardown' : 'does not exist yet'}` : o.reason}${o.fault.provider ? ` (${o.fault.kind === 'term' ? 'withdrawn by' : 'provided by'} ${o.fault.provider})` : ''}`
        : o.reason;
      process.stderr.write(`bootplan: ${o.target === 'HALT' ? 'halted' : 'crashed'} (${o.target}): ${what}${o.exitStatus !== undefined ? `; exit status ${o.exitStatus}` : ''}; ${result.events.length} events, ${((last?.t ?? 0) / 1e6).toFixed(3)} ms virtual\n`);
      process.exitCode = o.exitCode;
      if (witness) {
        // The replay is the point: a boot that does not show what the witness expects fails.
        const { linkOrder: _replayed, ...rest } = options;
        const replay = replayWitness(compiled, witness.witness, rest);
        if (!replay.matched) {
          process.stderr.write(`bootplan: the witness expected ${expected(witness.witness)}, but it did not happen (the boot showed: ${replay.observed})\n`);
          process.exitCode = EXIT_FAIL;
        } else if (!replay.first) {
          process.stderr.write(`bootplan: the witness's failure (${expected(witness.witness)}) happens, after another one that stops the boot first (${replay.observed})\n`);
        }
      }
    });
}
