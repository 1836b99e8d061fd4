/**
 * The broken variants of the bundled Luna plan under test/fixtures/luna: each gets its rule, and
 * each witness of it replays on the machine to the fault it names. The unchanged plan checks clean.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import jsYaml from 'js-yaml';
import { describe, expect, it } from 'vitest';
import { check, compile, loadPlanText } from '../../../compiler/index.js';
import { replayWitness } from '../../../runtime/index.js';

const PLAN = resolve('specs/plans/luna/luna.yaml');
const DIR = 'test/fixtures/luna';

interface Variant { rule: string; replace?: Array<{ from: string; to: string }>; partition?: Record<string, unknown> }

/** The bundled plan with a variant's changes (kept next to it, so its folders resolve the same). */
export function variantText(v: Variant): string {
  let text = readFileSync(PLAN, 'utf8');
  for (const r of v.replace ?? []) {
    expect(text.split(r.from).length - 1, `"${r.from.slice(0, 40)}…" occurs once`).toBe(1);
    text = text.replace(r.from, r.to);
  }
  const anchor = '        files:\n          /dev: { dir: true }\n';
  expect(text.includes(anchor)).toBe(true);
  const extra = Object.entries(v.partition ?? {}).map(([path, value]) => `          ${path}: ${JSON.stringify(value)}\n`).join('');
  return text.replace(anchor, anchor + extra);
}

function checked(text: string) {
  const { compiled, diagnostics } = compile(loadPlanText(join(resolve('specs/plans/luna'), 'variant.yaml'), text));
  expect(diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  return { compiled: compiled!, diagnostics: check(compiled!) };
}

describe('the bundled Luna plan', () => {
  it('checks clean', () => {
    const { diagnostics } = checked(readFileSync(PLAN, 'utf8'));
    expect(diagnostics.filter((d) => d.severity !== 'note')).toEqual([]);
  });
});

const variants = readdirSync(DIR).filter((f) => f.endsWith('.yaml'));

describe.each(variants)('%s', (file) => {
  const v = jsYaml.load(readFileSync(join(DIR, file), 'utf8')) as Variant;
  it(`is reported as ${v.rule}, and its witness replays`, () => {
    const { compiled, diagnostics } = checked(variantText(v));
    const found = diagnostics.filter((d) => d.code === v.rule);
    expect(found.length, diagnostics.map((d) => `${d.code}: ${d.message}`).join('\n')).toBeGreaterThan(0);
    for (const d of found.filter((x) => x.witness)) {
      const replay = replayWitness(compiled, d.witness!);
      expect({ rule: d.code, expect: d.witness!.expect, matched: replay.matched, observed: replay.observed }).toMatchObject({ matched: true });
    }
    expect(found.some((d) => d.witness) || v.rule === 'needless-root').toBe(true);
  });
});

it('has a variant for every rule the issue names', () => {
  const rules = variants.map((f) => (jsYaml.load(readFileSync(join(DIR, f), 'utf8')) as Variant).rule).sort();
  expect(rules).toEqual(['exec-missing', 'path-missing', 'permission-denied', 'pivot-root-invalid', 'race', 'service-order', 'service-restart-loop']);
});
