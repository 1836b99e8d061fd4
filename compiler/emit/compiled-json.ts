/** The compiled plan as a stable JSON document (what `bootplan compile` writes). */
import type { Compiled } from '../types.js';
import { LEVEL_SHIFT, PHASE_SHIFT, PRIO_SHIFT } from '../resolve.js';

export interface CompiledJson {
  bootplan: 1;
  plan: Compiled['plan'];
  profile: string;
  entries: Array<Omit<Compiled['entries'][number], 'key'> & { key: { phase: number; level: number; prio: number; sub: number } }>;
  steps: Compiled['steps'];
  graph: { nodes: string[]; edges: Compiled['edges'] };
  order: string[];
  dropped: Compiled['dropped'];
}

/** The parts of a sort key; `prio` is counted from the table's lowest priority, `sub` is 0 or ordinal + 1. */
export function unpackKey(key: number): { phase: number; level: number; prio: number; sub: number } {
  const phase = Math.floor(key / PHASE_SHIFT);
  let rest = key - phase * PHASE_SHIFT;
  const level = Math.floor(rest / LEVEL_SHIFT);
  rest -= level * LEVEL_SHIFT;
  const prio = Math.floor(rest / PRIO_SHIFT);
  return { phase, level, prio, sub: rest - prio * PRIO_SHIFT };
}

export function toCompiledJson(compiled: Compiled): CompiledJson {
  return {
    bootplan: 1,
    plan: compiled.plan,
    profile: `${compiled.profile.name}@${compiled.profile.version}`,
    entries: compiled.entries.map((e) => ({ ...e, key: unpackKey(e.key) })),
    steps: compiled.steps,
    graph: { nodes: compiled.order, edges: compiled.edges },
    order: compiled.order,
    dropped: compiled.dropped,
  };
}
