/**
 * Plan → YAML → plan: a generated plan object, written out by the `yaml` package and by js-yaml
 * under many styles (flow or block, quoted or plain, indents, line widths), loads with
 * `loadPlanText` and compiles to the same thing as the generator's own text: the same entries
 * (ids, keys, uses, provides, after, before, terms, effects, ...), plan settings, edges, default
 * order and diagnostics.
 */
import fc from 'fast-check';
import jsYaml from 'js-yaml';
import { describe, expect, it } from 'vitest';
import YAML from 'yaml';
import { check, compile, loadPlanText } from '../../compiler/index.js';
import type { PlanObject } from '../../import/plan-object.js';
import { writePlan } from '../../import/write-plan.js';
import { RUNS } from './arbitraries.js';
import { anyCase } from './harness.js';
import { PLAN_FILE } from './rich-arbitraries.js';

/** Everything compile and check produce, without source positions (they differ between styles). */
function compiledView(text: string, files: Record<string, string> = {}): unknown {
  const source = loadPlanText(PLAN_FILE, text, files);
  const { compiled, diagnostics } = compile(source);
  const all = compiled ? [...diagnostics, ...check(compiled)] : diagnostics;
  const strip = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(strip);
    if (value === null || typeof value !== 'object') return value;
    return Object.fromEntries(Object.entries(value).filter(([k]) => k !== 'source' && k !== 'location' && k !== 'related').map(([k, v]) => [k, strip(v)]));
  };
  return {
    entries: strip(compiled?.entries ?? null),
    steps: strip(compiled?.steps ?? null),
    plan: strip(compiled ? { ...compiled.plan, files: undefined } : null),
    edges: compiled?.edges ?? null,
    order: compiled?.order ?? null,
    dropped: strip(compiled?.dropped ?? null),
    diagnostics: all.map((d) => `${d.severity} ${d.code}: ${d.message}`).sort(),
  };
}

const yamlStyle = fc.record({
  defaultStringType: fc.constantFrom('PLAIN', 'QUOTE_DOUBLE', 'QUOTE_SINGLE', 'BLOCK_LITERAL', 'BLOCK_FOLDED') as fc.Arbitrary<'PLAIN' | 'QUOTE_DOUBLE' | 'QUOTE_SINGLE' | 'BLOCK_LITERAL' | 'BLOCK_FOLDED'>,
  defaultKeyType: fc.constantFrom(null, 'PLAIN', 'QUOTE_DOUBLE') as fc.Arbitrary<null | 'PLAIN' | 'QUOTE_DOUBLE'>,
  collectionStyle: fc.constantFrom('any', 'block', 'flow') as fc.Arbitrary<'any' | 'block' | 'flow'>,
  indent: fc.constantFrom(2, 3, 4),
  // Not 20: yaml 2.9 then folds double-quoted and block scalars into text it reads back
  // differently (e.g. "nobody-provides-thiundefinedthis" in flow style) — its bug, not ours.
  lineWidth: fc.constantFrom(0, 60, 80),
  // Not indentSeq: false either: an empty list under a key then comes out as `uses:\n[]`, which
  // yaml itself cannot read back.
});

const jsYamlStyle = fc.record({
  flowLevel: fc.constantFrom(-1, 0, 1, 2, 3, 4),
  quotingType: fc.constantFrom("'", '"') as fc.Arbitrary<"'" | '"'>,
  forceQuotes: fc.boolean(),
  indent: fc.constantFrom(2, 4),
  noArrayIndent: fc.boolean(),
  lineWidth: fc.constantFrom(-1, 20, 80),
  condenseFlow: fc.boolean(),
}).map((style) => ({
  ...style,
  // js-yaml 4.1 with forceQuotes and condenseFlow together writes keys as `'"main"'`: its bug.
  forceQuotes: style.forceQuotes && !style.condenseFlow,
}));

describe('plan → YAML → plan', () => {
  it('the yaml package, any style: the same compiled plan', () => {
    fc.assert(fc.property(anyCase, yamlStyle, (g, style) => {
      const text = YAML.stringify(g.plan, style);
      expect(YAML.parse(text), 'yaml reads back what it wrote').toEqual(g.plan);
      expect(compiledView(text)).toEqual(compiledView(g.text));
    }), { numRuns: RUNS });
  });

  it('js-yaml, any style: the same compiled plan', () => {
    fc.assert(fc.property(anyCase, jsYamlStyle, (g, style) => {
      const text = jsYaml.dump(g.plan, { ...style, noRefs: true });
      expect(jsYaml.load(text), 'js-yaml reads back what it wrote').toEqual(g.plan);
      expect(compiledView(text)).toEqual(compiledView(g.text));
    }), { numRuns: RUNS });
  });

  it('writePlan (the importers\' writer, comments and flow entries): the same compiled plan', () => {
    fc.assert(fc.property(anyCase, fc.array(fc.string({ maxLength: 30 }), { maxLength: 3 }), (g, header) => {
      const libraries = Object.keys((g.plan.libraries ?? {}) as object);
      const libraryComments = Object.fromEntries(libraries.map((lib, i) => [lib, header.slice(0, i % 3)]));
      const text = writePlan({ plan: g.plan as unknown as PlanObject, header, libraryComments, diagnostics: [] });
      expect(compiledView(text)).toEqual(compiledView(g.text));
    }), { numRuns: RUNS });
  });

  it('the first libraries (and the devices and mounts) moved into an included catalog: the same compiled plan', () => {
    fc.assert(fc.property(anyCase, fc.nat(), (g, cut) => {
      // Included files are read first, so the catalog's libraries keep their declaration order.
      const libraries = Object.entries((g.plan.libraries ?? {}) as Record<string, unknown>);
      const k = cut % (libraries.length + 1);
      const catalog: Record<string, unknown> = { bootplan: 1, libraries: Object.fromEntries(libraries.slice(0, k)) };
      const root: Record<string, unknown> = { ...g.plan, include: ['catalog.yaml'], libraries: Object.fromEntries(libraries.slice(k)) };
      // Devices and the fstab may live in the catalog too (whole, so their order stays).
      for (const key of cut % 2 === 1 ? ['devices', 'mounts'] : []) {
        if (root[key] === undefined) continue;
        catalog[key] = root[key];
        delete root[key];
      }
      const files = { '/plan/catalog.yaml': jsYaml.dump(catalog, { noRefs: true }) };
      expect(compiledView(jsYaml.dump(root, { noRefs: true }), files)).toEqual(compiledView(g.text));
    }), { numRuns: RUNS });
  });
});
