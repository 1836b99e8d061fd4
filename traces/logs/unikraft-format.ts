/**
 * Where each Unikraft console line comes from: its level and its `<file @ line>`, keyed by how the
 * message starts. The machine records only library and message; the writer adds this prefix.
 * Line numbers are those of the 0.17.0 sources as the real log in shared/fixtures shows them.
 */
import { hash32 } from './symbols.js';

export type UnikraftLevel = 'Info' | 'dbg' | 'ERR' | 'WARN' | 'CRIT';

export interface UnikraftSource {
  level: UnikraftLevel;
  file: string;
  line: number;
}

const SOURCES: ReadonlyArray<readonly [prefix: string, source: UnikraftSource]> = [
  ['Call init function: ', { level: 'dbg', file: 'boot.c', line: 381 }],
  ['Call constructor: ', { level: 'dbg', file: 'boot.c', line: 280 }],
  ['Call term function: ', { level: 'dbg', file: 'boot.c', line: 436 }],
  ['Call pre-init constructor: ', { level: 'dbg', file: 'boot.c', line: 464 }],
  ['Unikraft constructor table at ', { level: 'Info', file: 'boot.c', line: 276 }],
  ['Initialize memory allocator...', { level: 'Info', file: 'boot.c', line: 285 }],
  ['Failed to initialize memory allocator', { level: 'CRIT', file: 'boot.c', line: 289 }],
  ['Initialize the IRQ subsystem...', { level: 'Info', file: 'boot.c', line: 344 }],
  ['Initialize platform time...', { level: 'Info', file: 'boot.c', line: 351 }],
  ['Initialize scheduling...', { level: 'Info', file: 'boot.c', line: 355 }],
  ['Init Table @ ', { level: 'Info', file: 'boot.c', line: 373 }],
  ['Init function at ', { level: 'ERR', file: 'boot.c', line: 385 }],
  ['Halting system (', { level: 'Info', file: 'boot.c', line: 421 }],
  ['Shutting down system (', { level: 'Info', file: 'boot.c', line: 421 }],
  // After the terms (unikraft-newest.md, uk_boot_entry step 12); the line number of the 0.17 tree's exit path.
  ['Unikraft terminates with exit status ', { level: 'Info', file: 'boot.c', line: 421 }],
  ['Early init call @ ', { level: 'CRIT', file: 'early_init.c', line: 122 }],
  ['Pre-init table at ', { level: 'Info', file: 'boot.c', line: 459 }],
  ['Constructor table at ', { level: 'Info', file: 'boot.c', line: 470 }],
  ['Calling main(', { level: 'Info', file: 'boot.c', line: 493 }],
  ['main returned ', { level: 'Info', file: 'boot.c', line: 503 }],
  ['Unikraft halted', { level: 'Info', file: 'shutdown.c', line: 59 }],
  ['Unhandled page fault', { level: 'CRIT', file: 'traps.c', line: 112 }],
  ['Switch from bootstrap stack to stack @', { level: 'Info', file: 'setup.c', line: 99 }],
  ['Boot memory map:', { level: 'Info', file: 'bootinfo.c', line: 50 }],
  [' 0', { level: 'Info', file: 'bootinfo.c', line: 62 }],
  ['Command line: ', { level: 'Info', file: 'bootinfo.c', line: 46 }],
  ['Initialize bus handlers...', { level: 'Info', file: 'bus.c', line: 133 }],
  ['Probe buses...', { level: 'Info', file: 'bus.c', line: 135 }],
  ['VFS: mounting ', { level: 'Info', file: 'mount.c', line: 122 }],
  ['Extracting initrd @ ', { level: 'Info', file: 'automount.c', line: 405 }],
  ['Failed to ', { level: 'ERR', file: 'automount.c', line: 706 }],
  ['Unmounting ', { level: 'Info', file: 'automount.c', line: 872 }],
  ['Spawned thread ', { level: 'dbg', file: 'thread.c', line: 274 }],
];

/** The sources by the message's first word, so a line costs a few `startsWith`, not thirty. */
const BY_FIRST_WORD = new Map<string, Array<readonly [string, UnikraftSource]>>();
for (const entry of SOURCES) {
  const word = firstWord(entry[0]);
  BY_FIRST_WORD.set(word, [...(BY_FIRST_WORD.get(word) ?? []), entry]);
}

function firstWord(msg: string): string {
  const end = msg.indexOf(' ', 1);
  return end < 0 ? msg : msg.slice(0, end);
}

/** Source of a message; anything unknown is an info line from `<lib>.c`. */
export function unikraftSource(lib: string, msg: string): UnikraftSource {
  const candidates = BY_FIRST_WORD.get(firstWord(msg));
  if (candidates) for (const [prefix, source] of candidates) if (msg.startsWith(prefix)) return source;
  return { level: 'Info', file: `${lib.replace(/^lib/, '')}.c`, line: 1 + (hash32(msg) % 999) };
}

/** `[libukboot]`: Unikraft names libraries `lib` + the name with `-` as `_`. */
export function unikraftLibTag(lib: string): string {
  const name = lib.replace(/-/g, '_');
  return name.startsWith('lib') ? name : `lib${name}`;
}

const LEVEL_TEXT: Record<UnikraftLevel, string> = { Info: 'Info:', dbg: 'dbg: ', ERR: 'ERR: ', WARN: 'WARN:', CRIT: 'CRIT:' };

// The prefix of a known source depends only on the library: built once per pair.
const prefixes = new WeakMap<UnikraftSource, Map<string, string>>();

/** `Info: [libukboot] <boot.c @  276> ` */
export function unikraftPrefix(lib: string, msg: string): string {
  const s = unikraftSource(lib, msg);
  let byLib = prefixes.get(s);
  if (!byLib) prefixes.set(s, (byLib = new Map()));
  let prefix = byLib.get(lib);
  if (prefix === undefined) {
    prefix = `${LEVEL_TEXT[s.level]} [${unikraftLibTag(lib)}] <${s.file} @ ${String(s.line).padStart(4)}> `;
    byLib.set(lib, prefix);
  }
  return prefix;
}
