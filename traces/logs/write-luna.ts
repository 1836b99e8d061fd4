/**
 * The Luna-style console: bootplan's own design, since Luna publishes no log format to follow.
 * Every line is `[ seconds.micros] who: message`, where `who` is the thread or process that
 * printed it (`kernel`, `[kinit]`, `init(1)`), so a console read back gives the same events.
 */
import type { TraceEvent } from '../events.js';

export function lunaTimestamp(t: number): string {
  const us = Math.floor(t / 1000);
  const s = Math.floor(us / 1e6);
  return `[${String(s).padStart(5, ' ')}.${String(us % 1e6).padStart(6, '0')}]`;
}

export function writeLunaConsole(events: readonly TraceEvent[]): string {
  let out = '';
  for (const e of events) if (e.ev === 'log' && e.msg !== undefined) out += `${lunaTimestamp(e.t)} ${e.lib === undefined ? '' : `${e.lib}: `}${e.msg}\n`;
  return out;
}
