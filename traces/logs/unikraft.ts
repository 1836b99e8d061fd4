/**
 * Reads Unikraft console logs (`[ seconds] LEVEL: [libname] <file @ line> message`, the format of
 * lib/ukboot/boot.c, see shared/reference/real-logs.md) into trace events: constructor and init
 * calls, init failures, main, teardown and term calls, halt. Real images print function
 * addresses, named here through the image's `nm` map; our emulator prints the names themselves
 * (`Call init function: vfscore_automount(0x10fa0)...`), and both forms are read.
 */
import type { Diagnostic } from '../../compiler/types.js';
import type { TraceEvent } from '../events.js';
import { functionAt, parseAddress, type SymbolMap } from './nm.js';
import {
  forEachLine,
  logText,
  logDiagnostic,
  MAX_SCAN_LINE,
  printable,
  sequence,
  timestampNs,
  type LogText,
  type ParsedLog,
  type ParseOptions,
} from './parsed-log.js';

type Handler = (rest: string, at: number) => void;

const FN = String.raw`([^\s()]{1,512})`;
const CTOR_RE = new RegExp(String.raw`^${FN}\(([^)]{0,200})\)\)?\.\.\.`);
const CALL_RE = new RegExp(String.raw`^${FN}\(([^)]{0,200})\)\.\.\.`);
const INIT_ERROR_RE = new RegExp(String.raw`^${FN} returned error (-?\d{1,12})`);
const TIMESTAMP_RE = /\[\s*(\d{1,9})\.(\d{1,9})\]/g;
const CONSOLE_LINE_RE = /(?:dbg|Info|Warn|WARN|ERR|CRIT):\s{0,4}\[[^\]\s]{1,64}\] <[^>@]{1,160}@\s{0,8}\d{1,7}>/;

/** `Halting system (%d)`: the `enum ukplat_gstate` value (0 HALT, 1 RESTART, 2 SUSPEND, 3 CRASH). */
function targetOf(state: number): 'HALT' | 'CRASH' {
  return state === 3 ? 'CRASH' : 'HALT';
}

/**
 * Parses a Unikraft console log. `symbols` (from `parseNm`) names printed addresses; without it
 * address-only calls keep the address as `fn` and one diagnostic says so. Never throws.
 */
export function parseUnikraftLog(text: LogText, symbols?: SymbolMap, options: ParseOptions = {}): ParsedLog {
  const file = options.file ?? 'trace';
  const events: TraceEvent[] = [];
  const diagnostics: Diagnostic[] = [];
  const unresolved = new Map<string, number>();
  let lastT = 0;
  let lineNumber = 0;
  let line = '';
  let teardownTarget: 'HALT' | 'CRASH' | null = null;
  let crashed = false;
  let bannerSeen = false;
  let longLines = 0;

  const emit = (ev: Omit<TraceEvent, 'seq' | 't' | 'line'>, at: number): void => {
    events.push({ seq: 0, t: timeBefore(at), line: lineNumber, ...ev });
  };

  // `exit:` of uk_boot_entry: the target as `enum ukplat_gstate`; teardown starts.
  const halting: Handler = (rest, at) => {
    const m = /^(\d{1,3})\)/.exec(rest);
    teardownTarget = m ? targetOf(Number(m[1])) : 'CRASH';
    emit({ ev: 'phase', name: 'teardown', target: teardownTarget }, at);
  };

  // Message keyword → what it means. Searched anywhere in the line (never anchored: the first
  // line is glued to firmware escape codes), so each keyword is specific enough to stand alone.
  const handlers: [string, Handler][] = [
    ['Call constructor: ', (rest, at) => {
      const m = CTOR_RE.exec(rest);
      if (!m) return malformed(at, '`Call constructor: FN())...`');
      // `%p())...` is ukboot's constructor table; `%p(%d, %p)...` is do_main's .init_array.
      const table = m[2]!.trim() === '' ? 'ctors' : 'init_array';
      emit({ ev: 'call', table, fn: name(m[1]!) }, at);
    }],
    ['Call pre-init constructor: ', (rest, at) => {
      const m = CTOR_RE.exec(rest);
      if (!m) return malformed(at, '`Call pre-init constructor: FN()...`');
      emit({ ev: 'call', table: 'init_array', level: 'preinit', fn: name(m[1]!) }, at);
    }],
    ['Call init function: ', (rest, at) => {
      const m = CALL_RE.exec(rest);
      if (!m) return malformed(at, '`Call init function: FN(CTX)...`');
      emit({ ev: 'call', table: 'inittab', fn: name(m[1]!) }, at);
    }],
    ['Init function at ', (rest, at) => {
      const m = INIT_ERROR_RE.exec(rest);
      if (!m) return malformed(at, '`Init function at FN returned error RC`');
      emit({ ev: 'return', table: 'inittab', fn: name(m[1]!), rc: Number(m[2]) }, at);
    }],
    ['Calling main(', (rest, at) => {
      emit({ ev: 'call', table: 'main', fn: 'main', msg: printable(`main(${rest}`, 300) }, at);
    }],
    ['main returned ', (rest, at) => {
      const m = /^(-?\d{1,12})/.exec(rest);
      if (!m) return malformed(at, '`main returned RC`');
      emit({ ev: 'return', table: 'main', fn: 'main', rc: Number(m[1]) }, at);
    }],
    // `Shutting down system (%d)` since the shutdown rework after 0.17; `Halting system (%d)` before.
    ['Shutting down system (', halting],
    ['Halting system (', halting],
    ['Call term function: ', (rest, at) => {
      const m = CALL_RE.exec(rest);
      if (!m) return malformed(at, '`Call term function: FN(CTX)...`');
      emit({ ev: 'term', table: 'inittab', fn: name(m[1]!) }, at);
    }],
    ['Unikraft halted', (_rest, at) => emit({ ev: 'halt', target: crashed ? 'CRASH' : teardownTarget ?? 'HALT' }, at)],
    ['Unikraft crashed', (_rest, at) => emit({ ev: 'halt', target: 'CRASH' }, at)],
    ['Unikraft constructor table at', (_rest, at) => emit({ ev: 'phase', name: 'ctors' }, at)],
    ['Initialize memory allocator...', (_rest, at) => emit({ ev: 'phase', name: 'alloc' }, at)],
    ['Initialize the IRQ subsystem...', (_rest, at) => emit({ ev: 'phase', name: 'irq' }, at)],
    ['Initialize platform time...', (_rest, at) => emit({ ev: 'phase', name: 'time' }, at)],
    ['Initialize scheduling...', (_rest, at) => emit({ ev: 'phase', name: 'sched' }, at)],
    ['Init Table @', (_rest, at) => emit({ ev: 'phase', name: 'inittab' }, at)],
    ['Pre-init table at', (_rest, at) => emit({ ev: 'phase', name: 'preinit_array' }, at)],
    ['Constructor table at', (_rest, at) => emit({ ev: 'phase', name: 'init_array' }, at)],
  ];

  try {
    forEachLine(logText(text), (text, n) => {
      line = text;
      lineNumber = n;
      if (line.length > MAX_SCAN_LINE) {
        longLines++;
        line = line.slice(0, MAX_SCAN_LINE);
      }
      scanLine();
    });
  } catch (err) {
    diagnostics.push(logDiagnostic('LOG_INTERNAL', 'error', `internal error while reading the log: ${String(err)}`, file, lineNumber || 1));
  }

  if (unresolved.size > 0) {
    const list = [...unresolved.keys()];
    const first = unresolved.values().next().value ?? 1;
    diagnostics.push(logDiagnostic(
      'LOG_UNRESOLVED_ADDRESS',
      'warning',
      `${list.length} function address(es) in the log have no name${symbols ? ' in the symbol map' : ''}: ${list.slice(0, 8).join(', ')}${list.length > 8 ? ', …' : ''}`,
      file,
      first,
      symbols ? 'the symbol map may come from another build of the image' : 'pass the image\'s `nm -n` output (--symbols) to name them',
    ));
  }
  if (longLines > 0) {
    diagnostics.push(logDiagnostic('LOG_LONG_LINES', 'note', `${longLines} line(s) are longer than ${MAX_SCAN_LINE} characters; only their start was read`, file, 1));
  }
  return { format: 'unikraft', events: sequence(events), diagnostics };

  function scanLine(): void {
    // Keep the clock: banner and program output carry no timestamp of their own.
    if (line.includes('[')) {
      TIMESTAMP_RE.lastIndex = 0;
      for (let m = TIMESTAMP_RE.exec(line); m; m = TIMESTAMP_RE.exec(line)) lastT = timestampNs(m[1]!, m[2]!) ?? lastT;
    }
    let matched = false;
    for (const [keyword, handle] of handlers) {
      const at = line.indexOf(keyword);
      if (at < 0) continue;
      matched = true;
      handle(line.slice(at + keyword.length, at + keyword.length + 800), at);
    }
    if (matched) return;
    if (!bannerSeen && /Powered by/.test(line)) {
      bannerSeen = true;
      emit({ ev: 'phase', name: 'banner' }, 0);
      return;
    }
    const crit = line.indexOf('CRIT:');
    if (crit >= 0) {
      emit({ ev: 'fault', reason: printable(line.slice(crit + 5).replace(/^\s*(\[[^\]]*\])?\s*(<[^>]*>)?\s*/, ''), 300) }, crit);
      // A crash prints its CRIT line and goes to `Unikraft halted`: CRASH, whatever target a
      // teardown had started with (a term function can fault too).
      crashed = true;
      return;
    }
    const err = line.indexOf('ERR:');
    if (err >= 0) emit({ ev: 'log', msg: printable(line.slice(err + 4).replace(/^\s*(\[[^\]]*\])?\s*(<[^>]*>)?\s*/, ''), 300) }, err);
  }

  /** The timestamp of the line the keyword at `at` is on (the last one before it), else the clock. */
  function timeBefore(at: number): number {
    const before = line.slice(Math.max(0, at - 200), at);
    let t: number | null = null;
    TIMESTAMP_RE.lastIndex = 0;
    for (let m = TIMESTAMP_RE.exec(before); m; m = TIMESTAMP_RE.exec(before)) t = timestampNs(m[1]!, m[2]!);
    return t ?? lastT;
  }

  /** An address becomes its symbol; a name (the emulator's form) stays as it is. */
  function name(printed: string): string {
    const address = /^0x[0-9a-fA-F]+$/.test(printed) ? parseAddress(printed) : null;
    if (address === null) return printed;
    const found = symbols ? functionAt(symbols, address) : undefined;
    if (found !== undefined) return found;
    if (!unresolved.has(printed)) unresolved.set(printed, lineNumber);
    return printed;
  }

  function malformed(at: number, form: string): void {
    diagnostics.push(logDiagnostic(
      'LOG_MALFORMED',
      'warning',
      `line ${lineNumber} looks like a boot line but does not read as ${form}: "${printable(line.slice(at, at + 120))}"`,
      file,
      lineNumber,
      'the line may be cut off or interleaved with other console output; the event is left out',
    ));
  }
}

/** Whether a log line is a Unikraft console line (`LEVEL: [lib] <file @ line>`), for detection. */
export function looksLikeUnikraftLine(line: string): boolean {
  return CONSOLE_LINE_RE.test(line.length > MAX_SCAN_LINE ? line.slice(0, MAX_SCAN_LINE) : line);
}
