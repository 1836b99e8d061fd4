/**
 * Reads Linux `initcall_debug` console output (`calling  fn+0x0/0xSIZE @ PID`, `initcall fn+0x0/0xSIZE
 * returned RC after N usecs`) into trace events. Built on the facts in
 * shared/reference/real-logs.md: serial `\r\n` line ends, firmware banners and ANSI escapes glued
 * to the first kernel line (so nothing is anchored at the start of a line), PCI fixups and driver
 * probes that print look-alike lines, timestamps that may be absent.
 */
import type { Diagnostic } from '../../compiler/types.js';
import type { TraceEvent } from '../events.js';
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

const CALLING = 'calling  ';
const INITCALL = 'initcall ';
const PANIC = 'Kernel panic - not syncing';
const RUN_INIT_RE = /Run (\S{1,4096}) as init process/;
const HALTED_RE = /reboot: (System halted|Power down)/;

/** How far before a keyword the timestamp and prefix are looked for, and after it the fields. */
const BEFORE = 160;
const AFTER = 600;

// `fn+0x0/0x22c` (kallsyms) or a bare `fn`/address (no kallsyms), an optional ` [module]`.
const SYMBOL = String.raw`([^\s+@\[\]]+)(?:\+0x([0-9a-fA-F]{1,16})\/0x([0-9a-fA-F]{1,16}))?(?: \[([^\]\s]+)\])?`;
const CALL_RE = new RegExp(String.raw`^${SYMBOL} @ (-?\d{1,10})`);
const RETURN_RE = new RegExp(String.raw`^${SYMBOL} returned (-?\d{1,12}) after (-?\d{1,18}) usecs`);
const TIMESTAMP_RE = /\[\s*(\d{1,9})\.(\d{1,9})\]/g;
// dev_printk prefixes `"%s %s: "` (bus, device): `pci 0000:00:00.0: calling  quirk_…`. Syslog's
// `host kernel: ` has the same shape and is the one two-word prefix that is the kernel itself.
const DEVICE_PREFIX_RE = /(\S+) (\S+): $/;

/** Parses a Linux `initcall_debug` log. Never throws; unreadable initcall lines become diagnostics. */
export function parseLinuxInitcallLog(text: LogText, options: ParseOptions = {}): ParsedLog {
  const file = options.file ?? 'trace';
  const events: TraceEvent[] = [];
  const diagnostics: Diagnostic[] = [];
  let panicked = false;
  let longLines = 0;
  try {
    forEachLine(logText(text), (line, lineNumber) => {
      if (line.length > MAX_SCAN_LINE) longLines++;
      scanLine(line, lineNumber);
    });
  } catch (err) {
    // Parsing is plain string work; reaching here is a bug, but a log must never crash verify.
    diagnostics.push(logDiagnostic('LOG_INTERNAL', 'error', `internal error while reading the log: ${String(err)}`, file, 1));
  }
  if (longLines > 0) {
    diagnostics.push({
      code: 'LOG_LONG_LINES',
      severity: 'note',
      message: `${longLines} line(s) are longer than ${MAX_SCAN_LINE} characters; only the text around initcall keywords in them was read`,
      location: { file, line: 1, column: 1 },
    });
  }
  return { format: 'linux', events: sequence(events), diagnostics };

  function scanLine(line: string, lineNumber: number): void {
    for (let at = line.indexOf(CALLING); at >= 0; at = line.indexOf(CALLING, at + CALLING.length)) {
      readCall(line, at, lineNumber);
    }
    for (let at = line.indexOf(INITCALL); at >= 0; at = line.indexOf(INITCALL, at + INITCALL.length)) {
      readReturn(line, at, lineNumber);
    }
    if (line.includes(' as init process')) {
      // kernel_init hands over to userspace: the plan's `main`.
      const m = RUN_INIT_RE.exec(line);
      if (m) events.push({ seq: 0, t: prefixOf(line, m.index).t, ev: 'call', table: 'main', fn: 'main', msg: m[1]!, pid: 1, line: lineNumber });
    }
    if (line.includes('reboot: ')) {
      const m = HALTED_RE.exec(line);
      if (m) events.push({ seq: 0, t: prefixOf(line, m.index).t, ev: 'halt', target: 'HALT', reason: m[1]!, line: lineNumber });
    }
    if (!panicked) {
      const at = line.indexOf(PANIC);
      if (at >= 0) {
        panicked = true;
        const { t } = prefixOf(line, at);
        const reason = printable(line.slice(at, at + 300).replace(/^Kernel panic - not syncing:?\s*/, ''));
        events.push({ seq: 0, t, ev: 'halt', target: 'CRASH', reason: `Kernel panic: ${reason}`, line: lineNumber });
      }
    }
  }

  function readCall(line: string, at: number, lineNumber: number): void {
    const { t, devicePrefix } = prefixOf(line, at);
    if (devicePrefix) return; // a PCI fixup or other device message, not an initcall
    const rest = line.slice(at + CALLING.length, at + CALLING.length + AFTER);
    const m = CALL_RE.exec(rest);
    if (!m) {
      diagnostics.push(malformed(lineNumber, line, at, '`calling  FN+0x0/0xSIZE @ PID`'));
      return;
    }
    const ev: TraceEvent = { seq: 0, t, ev: 'call', table: 'initcalls', fn: m[1]!, line: lineNumber, pid: Number(m[5]) };
    if (m[3] !== undefined) ev.symSize = parseInt(m[3], 16);
    if (m[4] !== undefined) ev.lib = m[4];
    events.push(ev);
  }

  function readReturn(line: string, at: number, lineNumber: number): void {
    // `blacklisting initcall X`, `initcall X blacklisted`, `initcall_debug`: not returns.
    if (at > 0 && /[A-Za-z_]/.test(line[at - 1]!)) return;
    const { t, devicePrefix } = prefixOf(line, at);
    if (devicePrefix) return;
    const rest = line.slice(at + INITCALL.length, at + INITCALL.length + AFTER);
    const m = RETURN_RE.exec(rest);
    if (!m) {
      // Only a line that names a symbol and says `returned` (not the `returned with preemption
      // imbalance` warning) is a damaged return line; everything else is other kernel chatter.
      if (/^\S+\+0x[0-9a-fA-F]*\/?\S* returned(?! with)/.test(rest) || /^\S+\+0x\S*$/.test(rest)) {
        diagnostics.push(malformed(lineNumber, line, at, '`initcall FN+0x0/0xSIZE returned RC after N usecs`'));
      }
      return;
    }
    const ev: TraceEvent = { seq: 0, t, ev: 'return', table: 'initcalls', fn: m[1]!, rc: Number(m[5]), line: lineNumber };
    if (m[3] !== undefined) ev.symSize = parseInt(m[3], 16);
    if (m[4] !== undefined) ev.lib = m[4];
    const usecs = Number(m[6]);
    if (Number.isSafeInteger(usecs * 1000)) ev.durationNs = usecs * 1000;
    events.push(ev);
  }

  function malformed(lineNumber: number, line: string, at: number, form: string): Diagnostic {
    return logDiagnostic(
      'LOG_MALFORMED',
      'warning',
      `line ${lineNumber} looks like an initcall_debug line but does not read as ${form}: "${printable(line.slice(at, at + 120))}"`,
      file,
      lineNumber,
      'the line may be cut off or interleaved with other console output; the event is left out',
    );
  }
}

/** The timestamp before a keyword (0 when there is none) and whether a device prefix precedes it. */
function prefixOf(line: string, at: number): { t: number; devicePrefix: boolean } {
  const from = Math.max(0, at - BEFORE);
  const before = line.slice(from, at);
  let t = 0;
  let afterStamp = 0;
  TIMESTAMP_RE.lastIndex = 0;
  for (let m = TIMESTAMP_RE.exec(before); m; m = TIMESTAMP_RE.exec(before)) {
    t = timestampNs(m[1]!, m[2]!) ?? 0;
    afterStamp = m.index + m[0].length;
  }
  // The text between the timestamp (or the line's start) and the keyword, minus a `[ T1]` caller id.
  const between = before.slice(afterStamp).replace(/^\[\s*[TC]\d+\]/, '').replace(/^\s+/, '');
  const dp = DEVICE_PREFIX_RE.exec(between);
  return { t, devicePrefix: dp !== null && dp[2] !== 'kernel' };
}
