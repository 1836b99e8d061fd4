/** The console dialect and writer for a profile's `log` format. */
import type { Profile } from '../../compiler/types.js';
import type { TraceEvent } from '../events.js';
import type { ConsoleDialect } from './line.js';
import { linuxDialect } from './linux-dialect.js';
import { unikraftDialect } from './unikraft-dialect.js';
import { writeLinuxConsole } from './write-linux.js';
import { writeUnikraftConsole } from './write-unikraft.js';
import { writeLunaConsole } from './write-luna.js';
import { writeZephyrConsole } from './write-zephyr.js';
import { zephyrDialect } from './zephyr-dialect.js';

export type ConsoleFormat = Profile['log'];

const DIALECTS: Partial<Record<ConsoleFormat, ConsoleDialect>> = { unikraft: unikraftDialect, linux: linuxDialect, zephyr: zephyrDialect };
const WRITERS: Record<ConsoleFormat, (events: readonly TraceEvent[]) => string> = {
  unikraft: writeUnikraftConsole,
  linux: writeLinuxConsole,
  zephyr: writeZephyrConsole,
  luna: writeLunaConsole,
};

export function dialectFor(format: ConsoleFormat): ConsoleDialect {
  return DIALECTS[format] ?? unikraftDialect;
}

/** The console a run with these events printed, in the real system's format. */
export function renderConsole(events: readonly TraceEvent[], format: ConsoleFormat): string {
  return (WRITERS[format] ?? writeUnikraftConsole)(events);
}
