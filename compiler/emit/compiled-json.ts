/** The compiled plan as a stable JSON document (what `bootplan compile` writes). */
import type { Compiled } from '../types.js';
import { LEVEL_SHIFT, PHASE_SHIFT } from '../resolve.js';

export interface CompiledJson {
  bootplan: 1;
  plan: Compiled['plan'];
  profile: string;
  entries: Array<Omit<Compiled['entries'][number], 'key'> & { key: { phase: number; level: number; prio: number } }>;
  steps: Compiled['steps'];
  graph: { nodes: string[]; edges: Compiled['edges'] };
  order: string[];
  dropped: Compiled['dropped'];
}

export function unpackKey(key: number): { phase: number; level: number; prio: number } {
  const phase = Math.floor(key / PHASE_SHIFT);
  const rest = key - phase * PHASE_SHIFT;
  return { phase, level: Math.floor(rest / LEVEL_SHIFT), prio: rest % LEVEL_SHIFT };
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
