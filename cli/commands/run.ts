import type { Command } from 'commander';
import { parseDuration } from '../../compiler/units.js';
import type { LinkOrder, RunOptions } from '../../runtime/index.js';
import { jsonlChunks } from '../../traces/jsonl.js';
import { emit, readInputFile, UsageError, writeChunksAtomic } from '../io.js';
import { compileOrExit } from '../load.js';
import { maxBytesOption, positiveInt } from '../options.js';

// The machine is loaded only when a command boots something: `check` should not pay for it.
const runtime = () => import('../../runtime/index.js');

async function linkOrder(text: string): Promise<LinkOrder> {
  const { parseLinkOrder, witnessFromJson } = await runtime();
  if (!text.startsWith('witness:')) return parseLinkOrder(text);
  const file = text.slice('witness:'.length);
  let json: unknown;
  const witnessText = readInputFile(file, 'witness');
  try {
    json = JSON.parse(witnessText);
  } catch {
    throw new UsageError(`cannot read the witness ${file}: not JSON`);
  }
  return { kind: 'witness', witness: witnessFromJson(json) };
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
    .option('--link-order <order>', 'declared | reverse | random:SEED | witness:FILE (from check --format json)', 'declared')
    .option('--fail <lib.fn[=rc]>', 'make one initcall return an error (default rc -1)')
    .option('--max-events <n>', 'stop a runaway boot after this many events', positiveInt('--max-events'))
    .option('--max-time <duration>', 'stop a runaway boot after this much virtual time', duration)
    .option('--max-bytes <n>', 'largest plan file accepted', maxBytesOption)
    .action(async (plan: string, opts: { trace?: string; console?: string; linkOrder: string; fail?: string; maxEvents?: number; maxTime?: number; maxBytes?: number }) => {
      const { parseFailSpec, run } = await runtime();
      const options: RunOptions = { linkOrder: await linkOrder(opts.linkOrder) };
      if (opts.fail) options.fail = parseFailSpec(opts.fail);
      if (opts.maxEvents) options.maxEvents = opts.maxEvents;
      if (opts.maxTime) options.maxTimeNs = opts.maxTime;
      const { compiled } = await compileOrExit(plan, { ...(opts.maxBytes ? { maxBytes: opts.maxBytes } : {}) });
      const result = run(compiled, options);
      if (opts.trace) writeChunksAtomic(opts.trace, jsonlChunks(result.events));
      emit(opts.console, result.console);
      const o = result.outcome;
      const last = result.events[result.events.length - 1];
      const what = o.fault
        ? `fault in ${o.fault.id}: ${o.fault.capability ? `\`${o.fault.capability}\` ${o.fault.kind === 'term' ? 'is already gone at teardown' : 'does not exist yet'}` : o.reason}${o.fault.provider ? ` (${o.fault.kind === 'term' ? 'withdrawn by' : 'provided by'} ${o.fault.provider})` : ''}`
        : o.reason;
      process.stderr.write(`bootplan: ${o.target === 'HALT' ? 'halted' : 'crashed'} (${o.target}): ${what}; ${result.events.length} events, ${((last?.t ?? 0) / 1e6).toFixed(3)} ms virtual\n`);
      process.exitCode = o.exitCode;
    });
}
