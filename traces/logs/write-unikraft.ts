/**
 * Renders a trace's `log` events as a Unikraft console: `[    0.110603] dbg:  [libukboot]
 * <boot.c @  381> Call init function: ...`. Raw lines (no library: the banner, program output)
 * print as they are, without timestamp, as in real logs.
 */
import type { TraceEvent } from '../events.js';
import { timestamp } from './symbols.js';
import { unikraftPrefix } from './unikraft-format.js';

export function writeUnikraftConsole(events: readonly TraceEvent[]): string {
  const out: string[] = [];
  for (const ev of events) {
    if (ev.ev !== 'log' || ev.msg === undefined) continue;
    out.push(ev.lib === undefined ? ev.msg : `${timestamp(ev.t)} ${unikraftPrefix(ev.lib, ev.msg)}${ev.msg}`);
  }
  return out.length === 0 ? '' : out.join('\n') + '\n';
}
