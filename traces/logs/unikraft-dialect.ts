/**
 * Unikraft's console (lib/ukboot/boot.c and friends), with the format strings of
 * shared/reference/unikraft.md §2.2. Function pointers print as the function's name, data
 * pointers (tables, the init and term contexts) as fixed fake addresses.
 */
import type { Entry } from '../../compiler/types.js';
import { weakMainReturn } from '../../compiler/weak-main.js';
import { hex } from './symbols.js';
import { NO_LINES, type BootFacts, type ConsoleDialect, type LogLine } from './line.js';

const BOOT = 'ukboot';
const PLAT = 'kvmplat';
/** Where the fake tables start, and the init and term contexts live (from the real log). */
const TABLES_AT = 0x161000;
const INIT_CTX = 0x10fa0;
const TERM_CTX = 0x10f94;
const ARGV_AT = 0x10f80;
const BOOT_STACK = 0x11000;
/** The initrd region of the fake memory map: right after the kernel image. */
export const INITRD_AT = 0x1a3000;
const TARGET_NUMBER = { HALT: 0, CRASH: 3 } as const;
// The contexts' addresses as printed, formatted once: every call and term line prints one.
const INIT_CTX_HEX = hex(INIT_CTX);
const TERM_CTX_HEX = hex(TERM_CTX);
const ARGV_AT_HEX = hex(ARGV_AT);

const boot = (msg: string): LogLine => ({ lib: BOOT, msg });

/** Byte ranges of the tables in image order: ctors, inittab, preinit (empty), init_array. */
function tableRanges(facts: BootFacts): Map<string, [number, number]> {
  const ranges = new Map<string, [number, number]>();
  let at = TABLES_AT;
  for (const role of ['ctor', 'initcall', 'preinit', 'init_array'] as const) {
    const table = facts.profile.tables.find((t) => t.role === role);
    const count = table ? facts.tableSizes.get(table.name) ?? 0 : 0;
    const width = role === 'initcall' && table?.terms ? 16 : 8;
    ranges.set(table?.name ?? role, [at, at + count * width]);
    at += count * width;
  }
  return ranges;
}

function version(facts: BootFacts): { version: string; codename: string | null } {
  const m = /(\d+\.\d+\.\d+)\s*\(([^)]+)\)/.exec(facts.profile.title);
  if (m) return { version: m[1]!, codename: m[2]! };
  return { version: /^\d+\.\d+$/.test(facts.profile.version) ? `${facts.profile.version}.0` : facts.profile.version, codename: null };
}

const quote = (argv: readonly string[]) => argv.map((a) => `'${a}'`).join(', ');

export const unikraftDialect: ConsoleDialect = {
  bootStart(facts) {
    const { plan } = facts;
    const mem = Math.max(plan.memory, 0x400000);
    const kernelEnd = INITRD_AT;
    const row = (from: number, to: number, flags: string, type: string): LogLine => {
      const a = from.toString(16).padStart(12, '0');
      const b = to.toString(16).padStart(12, '0');
      return { lib: PLAT, msg: ` ${a}-${b} ${a}-${b} ${flags} ${from.toString(16).padStart(16, '0')} ${type}`.trimEnd() };
    };
    const lines: LogLine[] = [{ lib: PLAT, msg: `Command line: ${plan.cmdline || plan.name}` }, { lib: PLAT, msg: 'Boot memory map:' }];
    lines.push(row(0x1000, 0xa0000, 'rw-', ''), row(0xa0000, 0x100000, 'r--', 'rsvd'), row(0x100000, kernelEnd, 'r-x', 'krnl'));
    let free = kernelEnd;
    if (facts.initrdSize !== null) {
      const end = kernelEnd + Math.ceil(facts.initrdSize / 0x1000) * 0x1000;
      lines.push(row(kernelEnd, end, 'r--', 'ramd'));
      free = end;
    }
    lines.push(row(free, mem - 0x20000, 'rw-', ''), row(mem - 0x20000, mem, 'r--', 'rsvd'));
    lines.push({ lib: PLAT, msg: `Switch from bootstrap stack to stack @${hex(BOOT_STACK)}` });
    return lines;
  },
  step(step, facts) {
    if (step.name === 'banner') {
      const v = version(facts);
      return [{ msg: `Powered by Unikraft ${v.codename ? `${v.codename} (${v.version})` : v.version}` }];
    }
    return step.log.map(boot);
  },
  tableStart(table, facts) {
    const role = facts.tables.get(table)?.role;
    const ranges = tableRanges(facts);
    const [from, to] = ranges.get(table) ?? [TABLES_AT, TABLES_AT];
    if (role === 'ctor') return [boot(`Unikraft constructor table at ${hex(from)} - ${hex(to)}`)];
    if (role === 'initcall') return [boot(`Init Table @ ${hex(from)} - ${hex(to)}`)];
    if (role === 'init_array') return [boot(`Pre-init table at ${hex(from)} - ${hex(from)}`), boot(`Constructor table at ${hex(from)} - ${hex(to)}`)];
    return [];
  },
  call(entry, facts) {
    const fn = entry.fn ?? '0x0';
    switch (entry.kind) {
      case 'early': return NO_LINES; // uk_boot_early_init prints nothing per entry
      case 'ctor': return [boot(`Call constructor: ${fn}())...`)];
      case 'init_array': return [boot(`Call constructor: ${fn}(${facts.plan.argv.length}, ${ARGV_AT_HEX})...`)];
      case 'main': return [boot(`Calling main(${facts.plan.argv.length}, [${quote(facts.plan.argv)}])`)];
      default: {
        // Before 0.16 init functions took no context (and the table had no terms).
        const terms = facts.tables.get(entry.table)?.terms ?? true;
        return [boot(`Call init function: ${fn}(${terms ? INIT_CTX_HEX : ''})...`)];
      }
    }
  },
  returned(entry, rc) {
    return entry.kind === 'main' ? [boot(`main returned ${rc}`)] : NO_LINES;
  },
  earlyError(entry, rc) {
    return [{ lib: 'libukboot', msg: `Early init call @ ${entry.fn ?? '0x0'} failed with ${rc}` }];
  },
  initError(entry, rc) {
    return [boot(`Init function at ${entry.fn ?? '0x0'} returned error ${rc}`)];
  },
  weakMain(facts) {
    // lib/ukboot/weak_main.c: the fallback when no library defines main; returns -EINVAL.
    const argv = facts.plan.argv;
    const rc = weakMainReturn(facts.profile) ?? -22;
    return {
      lines: [boot(`Calling main(${argv.length}, [${quote(argv)}])`), { msg: 'weak main() called. Symbol was not replaced!' }, boot(`main returned ${rc}`)],
      rc,
    };
  },
  halting(target, _exitCode, facts) {
    return [boot(`${facts.profile.shutdownLog ?? 'Halting system'} (${TARGET_NUMBER[target]})`)];
  },
  terminated(status, target, facts) {
    const log = facts.profile.exitStatus?.log;
    return log ? [boot(log.replace('{status}', String(status)).replace('{target}', String(TARGET_NUMBER[target])))] : NO_LINES;
  },
  term(entry: Entry) {
    return [boot(`Call term function: ${entry.term?.fn ?? '0x0'}(${TERM_CTX_HEX})...`)];
  },
  mounted(path, fs) {
    return [{ lib: 'vfscore', msg: `VFS: mounting ${fs} at ${path}` }];
  },
  extracting(bytes, dir) {
    return [{ lib: 'vfscore', msg: `Extracting initrd @ ${hex(INITRD_AT)} (${bytes} bytes, source: "initrd0") to ${dir}...` }];
  },
  unmount(path, rc) {
    return [{ lib: 'vfscore', msg: `Unmounting ${path} (${rc})...` }];
  },
  halted() {
    return [{ lib: PLAT, msg: 'Unikraft halted' }];
  },
  fault(who, capability) {
    // One CRIT line (a log reader counts each as a crash); ukplat_crash then prints "Unikraft halted".
    return [{ lib: PLAT, msg: `Unhandled page fault in ${who.fn} (${who.id}): ${capability} is not initialized yet` }];
  },
};
