/**
 * The init table of a Zephyr build from its GNU ld map (`build/zephyr/zephyr.map`): every input
 * section `.z_init_<LEVEL>_P_<prio>_SUB_<sub>_` (Zephyr 3.7+; `.z_init_<LEVEL><prio>_<sub>_` in
 * 3.5–3.6, `.z_init_<LEVEL><prio>_` before) with its address, size and object file, in address
 * order, which is the order the kernel runs them (the linker script sorts the sections by name).
 * A devicetree device's sub-priority is its dependency ordinal (Z_DEVICE_INIT_SUB_PRIO,
 * include/zephyr/device.h); a SYS_INIT's is 0. The init entries themselves are static symbols,
 * which a map does not list: names come from the ELF (import/zephyr/elf.ts) when it is there.
 */
import type { Diagnostic } from '../../compiler/types.js';

/** Levels in run order; PRE_KERNEL and PRE_MAIN are the newest names (aliases of PRE_KERNEL_1, SMP). */
export const ZEPHYR_LEVELS = ['EARLY', 'PRE_KERNEL_1', 'PRE_KERNEL_2', 'POST_KERNEL', 'APPLICATION', 'SMP'] as const;
const ALIASES: Readonly<Record<string, string>> = { PRE_KERNEL: 'PRE_KERNEL_1', PRE_MAIN: 'SMP' };

/** One input section of the init table (one or more `struct init_entry`). */
export interface InitSection {
  section: string;
  level: string;
  prio: number;
  /** The sub-priority: a devicetree ordinal for DT devices, 0 for SYS_INIT; null before 3.5. */
  sub: number | null;
  address: bigint;
  size: number;
  /** `zephyr/drivers/i2c/libdrivers__i2c.a(i2c_ll_stm32.c.obj)`. */
  object: string;
  line: number;
}

export interface InitTable {
  sections: InitSection[];
  /** Bytes of one `struct init_entry` (two pointers). */
  entrySize: number;
  diagnostics: Diagnostic[];
}

const LEVEL = '(EARLY|PRE_KERNEL_1|PRE_KERNEL_2|PRE_KERNEL|POST_KERNEL|APPLICATION|PRE_MAIN|SMP)';
const SECTION_RE = new RegExp(String.raw`^ (\.z_init_${LEVEL}(?:_P_(\d{1,4})_SUB_(\d{1,6})_|(\d{1,4})_(\d{1,6})_|(\d{1,4})_))(?:\s+(.*))?$`);
const PLACEMENT_RE = /^\s*(0x[0-9a-fA-F]{1,16})\s+(0x[0-9a-fA-F]{1,16})\s+(\S.*)$/;

/** Reads the init sections of a map. Never throws; unreadable lines are warnings with their line. */
export function readInitTable(text: string, file = 'zephyr.map'): InitTable {
  const lines = text.split(/\r?\n/);
  const sections: InitSection[] = [];
  const diagnostics: Diagnostic[] = [];
  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i]!;
    if (!raw.startsWith(' .z_init_')) continue;
    const m = SECTION_RE.exec(raw.length > 4096 ? raw.slice(0, 4096) : raw);
    let placement = m?.[8] !== undefined ? PLACEMENT_RE.exec(` ${m[8]}`) : null;
    let line = i + 1;
    // ld writes a long section name on a line of its own and the placement on the next.
    if (m && !placement && m[8] === undefined && i + 1 < lines.length) {
      placement = PLACEMENT_RE.exec(lines[i + 1]!);
      if (placement) i++;
    }
    if (!m || !placement) {
      diagnostics.push({
        code: 'IMPORT_ZEPHYR_MAP_LINE',
        severity: 'warning',
        message: `line ${line} names an init section but does not read as \`.z_init_<LEVEL>_P_<prio>_SUB_<sub>_  0xADDRESS 0xSIZE object\`; it is left out`,
        location: { file, line, column: 2 },
      });
      continue;
    }
    const size = Number.parseInt(placement[2]!, 16);
    if (size === 0) continue; // an empty input section: nothing placed
    const level = ALIASES[m[2]!] ?? m[2]!;
    const prio = Number(m[3] ?? m[5] ?? m[7]);
    const subText = m[4] ?? m[6];
    sections.push({ section: m[1]!, level, prio, sub: subText === undefined ? null : Number(subText), address: BigInt(placement[1]!), size, object: placement[3]!.trim(), line });
  }
  sections.sort((a, b) => (a.address < b.address ? -1 : a.address > b.address ? 1 : 0));
  const wide = sections.some((s) => s.address > 0xffffffffn);
  if (sections.length === 0) {
    diagnostics.push({
      code: 'IMPORT_ZEPHYR_MAP',
      severity: 'error',
      message: 'no `.z_init_*` input sections found: is this the zephyr.map of a Zephyr 3.x build?',
      location: { file, line: 1, column: 1 },
    });
  }
  return { sections, entrySize: wide ? 16 : 8, diagnostics };
}

/** `libdrivers__i2c.a(i2c_ll_stm32.c.obj)` → `i2c_ll_stm32`; `app/libapp.a(main.c.obj)` → `main`. */
export function objectStem(object: string): string {
  const member = /\(([^()]+)\)\s*$/.exec(object)?.[1] ?? object.split('/').pop() ?? object;
  const stem = member.replace(/\.(c|cpp|S)?\.obj$|\.o$|\.obj$/, '').replace(/[^A-Za-z0-9_.+-]/g, '_');
  return /^[A-Za-z0-9_]/.test(stem) ? stem : `obj_${stem}`;
}
