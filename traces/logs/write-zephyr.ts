/** Renders a trace's `log` events as a Zephyr console: `[00:00:00.012,000] <inf> lib: message`. */
import type { TraceEvent } from '../events.js';

function zephyrTime(ns: number): string {
  const us = Math.floor(ns / 1000);
  const pad = (n: number, w: number) => String(n).padStart(w, '0');
  const s = Math.floor(us / 1e6);
  return `[${pad(Math.floor(s / 3600), 2)}:${pad(Math.floor(s / 60) % 60, 2)}:${pad(s % 60, 2)}.${pad(Math.floor(us / 1000) % 1000, 3)},${pad(us % 1000, 3)}]`;
}

export function writeZephyrConsole(events: readonly TraceEvent[]): string {
  const out: string[] = [];
  for (const ev of events) {
    if (ev.ev !== 'log' || ev.msg === undefined) continue;
    out.push(ev.lib === undefined ? ev.msg : `${zephyrTime(ev.t)} <inf> ${ev.lib}: ${ev.msg}`);
  }
  return out.length === 0 ? '' : out.join('\n') + '\n';
}
