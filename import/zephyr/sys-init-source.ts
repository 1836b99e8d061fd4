/**
 * Names SYS_INIT entries from the sources when there is no zephyr.elf: a map gives each entry's
 * object file (`main.c.obj`), level and priority, and the sources say which `SYS_INIT(fn, LEVEL,
 * PRIO)` / `SYS_INIT_NAMED(name, fn, LEVEL, PRIO)` that file has (include/zephyr/init.h). A
 * priority written as a macro matches by level alone, and only when that leaves one candidate.
 */
import type { CompiledFile } from '../infer/types.js';

export interface SysInitSource {
  fn: string;
  level: string;
  /** null when the priority is a macro (`CONFIG_APPLICATION_INIT_PRIORITY`). */
  prio: number | null;
  file: string;
  line: number;
}

const SYS_INIT_RE = /\bSYS_INIT(_NAMED)?\s*\(\s*([A-Za-z_]\w*)\s*,\s*(?:([A-Za-z_]\w*)\s*,\s*)?([A-Z_0-9]+)\s*,\s*([A-Za-z_0-9]+)\s*\)/g;

/** Every SYS_INIT of the sources, by the base name of its file (`main.c`). */
export function findSysInits(files: readonly CompiledFile[]): Map<string, SysInitSource[]> {
  const byBase = new Map<string, SysInitSource[]>();
  for (const f of files) {
    if (!f.path.endsWith('.c') || !f.text.includes('SYS_INIT')) continue;
    for (const m of f.text.matchAll(SYS_INIT_RE)) {
      if (m[1] && m[3] === undefined) continue; // SYS_INIT_NAMED needs four arguments
      const fn = m[1] ? m[3]! : m[2]!;
      const level = m[4] === 'PRE_KERNEL' ? 'PRE_KERNEL_1' : m[4]!;
      const prio = /^\d{1,4}$/.test(m[5]!) ? Number(m[5]) : null;
      const line = f.text.slice(0, m.index).split('\n').length;
      const base = f.path.split('/').pop()!;
      const list = byBase.get(base) ?? [];
      list.push({ fn, level, prio, file: f.path, line });
      byBase.set(base, list);
    }
  }
  return byBase;
}

/** The SYS_INIT of `objectBase` (`main.c`) at this level and priority, if exactly one fits. */
export function matchSysInit(index: Map<string, SysInitSource[]>, objectBase: string, level: string, prio: number, taken: Set<SysInitSource>): SysInitSource | undefined {
  const candidates = (index.get(objectBase) ?? []).filter((s) => s.level === level && !taken.has(s));
  const exact = candidates.filter((s) => s.prio === prio);
  if (exact.length >= 1) return exact[0];
  const open = candidates.filter((s) => s.prio === null);
  return open.length === 1 ? open[0] : undefined;
}
