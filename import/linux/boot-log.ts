/**
 * `import linux --log initcall_debug.log`: each initcall's `cost` from a real boot. The log's
 * `initcall FN+0x0/0xSIZE returned RC after N usecs` lines are read by the trace reader
 * (traces/logs/linux.ts) and matched to the System.map's initcalls by name and, where a name is
 * shared by several functions, by `SIZE` (the symbol size both sides compute). A real non-zero
 * return is a note, never `returns:` (that field injects a failure into the plan's machine).
 */
import type { Diagnostic } from '../../compiler/types.js';
import { parseLinuxInitcallLog } from '../../traces/logs/linux.js';
import type { LinuxInitcall } from '../linux-system-map.js';

/** What the log says about one initcall. */
export interface InitcallRun {
  /** Microseconds, as the kernel printed them. */
  usecs: number;
  rc: number;
  /** 1-based line of the `initcall … returned` line. */
  line: number;
}

export interface BootLogMatch {
  /** By the initcall's System.map symbol. */
  runs: Map<string, InitcallRun>;
  /** Initcalls of the map the log never shows returning. */
  notRun: number;
  /** Returns in the log that name no initcall of the map (modules, another kernel). */
  unmatched: string[];
  /** Number of `returned` lines read. */
  returns: number;
  diagnostics: Diagnostic[];
}

/** Matches a log's returns to the map's initcalls. Pure; never throws. */
export function matchBootLog(text: string, initcalls: readonly LinuxInitcall[], file = 'initcall_debug.log'): BootLogMatch {
  const parsed = parseLinuxInitcallLog(text, { file });
  const byName = new Map<string, LinuxInitcall[]>();
  for (const c of initcalls) {
    const list = byName.get(c.fn);
    if (list) list.push(c);
    else byName.set(c.fn, [c]);
  }
  const runs = new Map<string, InitcallRun>();
  const unmatched: string[] = [];
  let returns = 0;
  for (const ev of parsed.events) {
    if (ev.ev !== 'return' || ev.table !== 'initcalls' || ev.fn === undefined) continue;
    returns++;
    const candidates = (byName.get(ev.fn) ?? []).filter((c) => !runs.has(c.symbol));
    // Same name, several functions: the size tells them apart; else the first not yet matched
    // (the table's order is the order they run in).
    const sized = ev.symSize === undefined ? [] : candidates.filter((c) => c.size === ev.symSize);
    const target = sized[0] ?? candidates[0];
    if (!target) {
      unmatched.push(ev.fn);
      continue;
    }
    runs.set(target.symbol, { usecs: Math.max(0, Math.round((ev.durationNs ?? 0) / 1000)), rc: ev.rc ?? 0, line: ev.line ?? 0 });
  }
  const diagnostics = [...parsed.diagnostics];
  if (returns === 0) {
    diagnostics.push({
      code: 'IMPORT_LOG_EMPTY',
      severity: 'error',
      message: 'no `initcall FN returned RC after N usecs` lines found: boot with `initcall_debug` (and `ignore_loglevel` or `loglevel=8`) to get them',
      location: { file, line: 1, column: 1 },
    });
  }
  return { runs, notRun: initcalls.length - runs.size, unmatched, returns, diagnostics };
}

/** `cost` as the plan language writes it. */
export function costOf(run: InitcallRun): string {
  return `${run.usecs}us`;
}
