/**
 * The emulated machine: `run(compiled, options)` boots a compiled plan and returns its trace,
 * console and outcome. The trace serialises with `writeJsonl` and reads back with `parseJsonl`.
 */
export { run, type RunOutcome, type RunResult } from './run.js';
export {
  DEFAULT_MAX_EVENTS,
  parseFailSpec,
  parseLinkOrder,
  witnessFromJson,
  witnessesFromJson,
  type FailInjection,
  type LinkOrder,
  type RunOptions,
} from './options.js';
export { orderNodes, type BootNode } from './order.js';
export type { FaultInfo } from './fault.js';
export { ContractBreach } from './errors.js';
export { renderConsole, type ConsoleFormat } from '../traces/logs/console.js';
export { writeJsonl, parseJsonl, type JsonlError } from '../traces/jsonl.js';
export type { TraceEvent, EventKind } from '../traces/events.js';
export { replayWitness, type Replay } from './replay.js';
