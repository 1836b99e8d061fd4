/**
 * The Luna-style console: bootplan's own design, since Luna publishes no log format to follow.
 * Every line is `[ seconds.micros] ...`: a step starting (`> ID (pid N)`), a fault (`! fault in ID:
 * reason`), what a thread or process prints (`who: message`, `who` being `kernel`, `[kinit]` or
 * `init(1)`), and the end (`= HALT: reason`). `parseLunaConsole` reads it back into the same
 * calls, faults, lines and end, so `verify` can check a console as well as a trace.
 */
import type { TraceEvent } from '../events.js';

export function lunaTimestamp(t: number): string {
  const us = Math.floor(t / 1000);
  const s = Math.floor(us / 1e6);
  return `[${String(s).padStart(5, ' ')}.${String(us % 1e6).padStart(6, '0')}]`;
}

/** The line an event prints, or null for events the console does not show (spawn, mount: their log lines say them). */
export function lunaLine(e: TraceEvent): string | null {
  switch (e.ev) {
    case 'log': return e.msg === undefined ? null : `${e.lib === undefined ? '' : `${e.lib}: `}${e.msg}`;
    case 'call': return `> ${e.id}${e.pid !== undefined ? ` (pid ${e.pid})` : ''}`;
    case 'fault': return `! fault in ${e.id}: ${e.reason ?? e.capability ?? ''}`;
    case 'halt': return `= ${e.target}: ${e.reason ?? ''}`;
    default: return null;
  }
}

export function writeLunaConsole(events: readonly TraceEvent[]): string {
  let out = '';
  for (const e of events) {
    const line = lunaLine(e);
    if (line !== null) out += `${lunaTimestamp(e.t)} ${line}\n`;
  }
  return out;
}
