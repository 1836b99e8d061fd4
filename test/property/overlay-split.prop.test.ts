/**
 * Plan → base + overlay → plan (language 1.1): a generated plan becomes an "import" (the plan with
 * a tail of some entries' `uses` taken out) and a user's plan that `extends` it and puts those uses
 * back through `overlay`. Both compile to the same thing as the original: the same entries, plan
 * settings, graph edges, default order and diagnostics.
 */
import fc from 'fast-check';
import jsYaml from 'js-yaml';
import { describe, expect, it } from 'vitest';
import { check, compile, loadPlanText } from '../../compiler/index.js';
import { RUNS } from './arbitraries.js';
import { anyCase } from './harness.js';
import { PLAN_FILE } from './rich-arbitraries.js';

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/** What compile and check produce, without positions and without where overlay fields came from. */
function compiledView(text: string, files: Record<string, string> = {}): unknown {
  const source = loadPlanText(PLAN_FILE, text, files);
  const { compiled, diagnostics } = compile(source);
  const all = compiled ? [...diagnostics, ...check(compiled)] : diagnostics;
  const strip = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(strip);
    if (value === null || typeof value !== 'object') return value;
    return Object.fromEntries(Object.entries(value).filter(([k]) => !['source', 'location', 'related', 'origins'].includes(k)).map(([k, v]) => [k, strip(v)]));
  };
  return {
    entries: strip(compiled?.entries ?? null),
    plan: strip(compiled ? { ...compiled.plan, files: undefined } : null),
    edges: compiled?.edges ?? null,
    order: compiled?.order ?? null,
    diagnostics: all.map((d) => `${d.severity} ${d.code}: ${d.message}`).sort(),
  };
}

/** The overlay id of a raw entry, as `resolve` names it. */
function idOf(lib: string, raw: Obj, main: boolean): string | null {
  if (main) return `${lib}.main`;
  const name = typeof raw.fn === 'string' ? raw.fn : typeof raw.term === 'string' ? raw.term : isObj(raw.term) ? raw.term.fn : null;
  return typeof name === 'string' ? `${lib}.${name}` : null;
}

/** Split `plan` into an import without a tail of some uses, and the overlay that adds them back. */
function split(plan: Obj, seed: number): { base: Obj; overlay: Record<string, { uses: string[] }> } {
  const base: Obj = structuredClone({ ...plan, bootplan: 1.1 });
  const overlay: Record<string, { uses: string[] }> = {};
  const libs = isObj(base.libraries) ? base.libraries : {};
  const raws: Array<{ id: string; raw: Obj }> = [];
  for (const [lib, body] of Object.entries(libs)) {
    if (!isObj(body)) continue;
    for (const list of ['ctors', 'initcalls', 'init_array']) {
      for (const raw of Array.isArray(body[list]) ? body[list] : []) {
        const id = isObj(raw) ? idOf(lib, raw, false) : null;
        if (id) raws.push({ id, raw });
      }
    }
    if (isObj(body.main)) raws.push({ id: `${lib}.main`, raw: body.main });
  }
  const count = new Map<string, number>();
  for (const { id } of raws) count.set(id, (count.get(id) ?? 0) + 1);
  raws.forEach(({ id, raw }, i) => {
    // An overlay applies to every registration of an id: move uses only from entries with one.
    if (count.get(id) !== 1 || !Array.isArray(raw.uses) || raw.uses.length === 0 || !raw.uses.every((u) => typeof u === 'string')) return;
    const uses = raw.uses as string[];
    const k = (seed + i * 7) % (uses.length + 1);
    if (k === 0) return;
    overlay[id] = { uses: uses.slice(uses.length - k) };
    raw.uses = uses.slice(0, uses.length - k);
  });
  return { base, overlay };
}

describe('plan → base + overlay → plan', () => {
  it('some uses moved into an overlay of a plan that extends the rest: the same compiled plan', () => {
    fc.assert(fc.property(anyCase, fc.nat(), (g, seed) => {
      const plan = g.plan as Obj;
      fc.pre(typeof plan.name === 'string' && typeof plan.profile === 'string' && !('include' in plan));
      const { base, overlay } = split(plan, seed);
      const user = { bootplan: 1.1, name: plan.name, extends: 'base.yaml', ...(Object.keys(overlay).length > 0 ? { overlay } : {}) };
      const files = { '/plan/base.yaml': jsYaml.dump(base, { noRefs: true }) };
      expect(compiledView(jsYaml.dump(user, { noRefs: true }), files)).toEqual(compiledView(g.text));
    }), { numRuns: RUNS });
  });
});
