/** Renders a trace's `log` events as a Linux console: `[    0.416903] calling  con_init+0x0/0x22c @ 0`. */
import type { TraceEvent } from '../events.js';
import { timestamp } from './symbols.js';

export function writeLinuxConsole(events: readonly TraceEvent[]): string {
  const out: string[] = [];
  for (const ev of events) {
    if (ev.ev !== 'log' || ev.msg === undefined) continue;
    out.push(ev.lib === undefined ? ev.msg : `${timestamp(ev.t)} ${ev.msg}`);
  }
  return out.length === 0 ? '' : out.join('\n') + '\n';
}
