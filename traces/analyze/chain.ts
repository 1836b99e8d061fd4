/**
 * The requirement graph over a timeline: the critical chain (the longest time-weighted chain of
 * requirements that ends at `main`), every entry's slack, and the entries nothing `main` needs
 * needs (candidates to defer). Only edges that ran forward in time count: an edge the trace broke
 * is `verify`'s finding, not a chain.
 */
import type { Compiled } from '../../compiler/types.js';
import type { BlameRow, Span } from './types.js';

export interface ChainResult {
  chain: Span[];
  ends: 'main' | 'longest';
  rows: BlameRow[];
  defer: Span[];
}

const end = (s: Span) => s.start + s.duration;

/** `spans` in start order; `total` is the end of the boot. */
export function criticalChain(compiled: Compiled, spans: readonly Span[], total: number): ChainResult {
  const pos = new Map<string, number>();
  spans.forEach((s, i) => {
    if (s.kind !== 'unplanned' && !pos.has(s.id)) pos.set(s.id, i);
  });
  const preds: number[][] = spans.map(() => []);
  const succs: number[][] = spans.map(() => []);
  for (const edge of compiled.edges) {
    const from = pos.get(edge.from);
    const to = pos.get(edge.to);
    if (from === undefined || to === undefined || from >= to) continue;
    preds[to]!.push(from);
    succs[from]!.push(to);
  }

  // Longest chain by duration, in start order (a topological order of the forward edges).
  const weight = new Array<number>(spans.length).fill(0);
  const via = new Array<number>(spans.length).fill(-1);
  for (let i = 0; i < spans.length; i++) {
    let best = -1;
    for (const p of preds[i]!) {
      if (best < 0 || weight[p]! > weight[best]! || (weight[p] === weight[best] && end(spans[p]!) > end(spans[best]!))) best = p;
    }
    weight[i] = spans[i]!.duration + (best >= 0 ? weight[best]! : 0);
    via[i] = best;
  }
  let target = -1;
  for (let i = spans.length - 1; i >= 0; i--) if (spans[i]!.kind === 'main' && (target < 0 || spans[i]!.start > spans[target]!.start)) target = i;
  const ends = target >= 0 ? 'main' : 'longest';
  if (target < 0) for (let i = 0; i < spans.length; i++) if (spans[i]!.kind !== 'unplanned' && (target < 0 || weight[i]! >= weight[target]!)) target = i;
  const chain: Span[] = [];
  for (let i = target; i >= 0; i = via[i]!) chain.push(spans[i]!);
  chain.reverse();

  // What the end of the chain needs, transitively.
  const needed = new Set<number>();
  if (target >= 0) {
    const stack = [target];
    while (stack.length > 0) {
      for (const p of preds[stack.pop()!]!) if (!needed.has(p)) (needed.add(p), stack.push(p));
    }
  }
  const mainStart = ends === 'main' ? spans[target]!.start : null;
  const rows: BlameRow[] = spans.map((s, i) => {
    let first = -1;
    for (const w of succs[i]!) if (first < 0 || spans[w]!.start < spans[first]!.start) first = w;
    if (i === target) return { ...s, slack: 0, neededBy: null };
    if (first >= 0) return { ...s, slack: Math.max(0, spans[first]!.start - end(s)), neededBy: spans[first]!.id };
    const horizon = mainStart !== null && s.start < mainStart ? mainStart : total;
    return { ...s, slack: Math.max(0, horizon - end(s)), neededBy: null };
  });
  const defer = spans
    .filter((s, i) => i !== target && !needed.has(i) && s.kind !== 'step' && s.kind !== 'unplanned' && s.kind !== 'main' && (mainStart === null || s.start < mainStart))
    .sort(slowestFirst);
  rows.sort(slowestFirst);
  return { chain, ends, rows, defer };
}

/** Slowest first; ties: earlier start, then id. */
export function slowestFirst(a: Span, b: Span): number {
  return b.duration - a.duration || a.start - b.start || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}
