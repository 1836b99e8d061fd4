/**
 * The registered functions of a Unikraft source scan as inference wants them: one per init,
 * constructor and term function, with the plan entry's id (`LIB.FN`; a term function's id is
 * `LIB.TERM`, the name `applyInference` looks it up by).
 */
import type { RegisteredFunction } from './types.js';

/** What this needs of a registration (import/unikraft-src.ts `SourceRegistration`). */
export interface ScannedRegistration {
  table: 'early' | 'ctors' | 'inittab';
  lib: string;
  fn: string | null;
  term: string | null;
  file: string;
  line: number;
}

export function registeredFunctions(registrations: readonly ScannedRegistration[]): RegisteredFunction[] {
  const out: RegisteredFunction[] = [];
  for (const r of registrations) {
    if (r.fn) out.push({ id: `${r.lib}.${r.fn}`, fn: r.fn, file: r.file, line: r.line, role: r.table === 'ctors' ? 'ctor' : r.table === 'early' ? 'early' : 'initcall' });
    if (r.term) out.push({ id: `${r.lib}.${r.term}`, fn: r.term, file: r.file, line: r.line, role: 'term' });
  }
  return out;
}
