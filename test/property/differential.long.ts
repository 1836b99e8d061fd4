/**
 * The long run of the differential test (issue 8): `npm run differential -- [CASES] [SEED]`
 * (defaults 500 and a fresh seed) generates CASES whole-language plans from SEED, runs each
 * through `differential`, prints a table of the disagreements found grouped into classes by the
 * shape of their message (`SHOW=<text>` prints an example plan of each class whose shape contains
 * it), and fails when there is any. Not part of `npm test`: vitest.config.ts includes *.test.ts only.
 */
import fc from 'fast-check';
import { expect, it } from 'vitest';
import { differential, wholeCase } from './whole-language.js';

const cases = Number(process.env.BOOTPLAN_DIFF_CASES ?? 500);
const seed = Number(process.env.BOOTPLAN_DIFF_SEED ?? Date.now() % 0xffffffff);
it(`differential: ${cases} whole-language plans`, () => {
const samples = fc.sample(fc.tuple(wholeCase, fc.array(fc.nat({ max: 0xffffffff }), { minLength: 3, maxLength: 3 })), { numRuns: cases, seed });
const classes = new Map<string, { count: number; example: string; extensions: string }>();
const totals = { plans: 0, clean: 0, 'crash-after-clean-check': 0, 'witness-does-not-replay': 0, 'internal-error': 0 };
for (const [c, seeds] of samples) {
  totals.plans++;
  const findings = differential({ text: c.text, files: c.files, profile: c.base.profile, hostFiles: c.hostFiles }, seeds);
  if (findings.length === 0) totals.clean++;
  const kinds = new Set<string>();
  for (const f of findings) {
    kinds.add(f.kind);
    const shape = `${f.kind}: ${f.detail.replace(/random:\d+/g, 'random:N').replace(/`[^`]*`/g, '`X`').replace(/"[^"]*"/g, '"X"').replace(/\b[\w.-]+\.\w+\b/g, 'ID').replace(/\d+/g, 'N').slice(0, 160)}`;
    const k = classes.get(shape) ?? { count: 0, example: `${f.detail}\n${fc.stringify(c)}`, extensions: c.extensions.map((x) => x.kind).join(',') };
    k.count++;
    classes.set(shape, k);
  }
  for (const k of kinds) totals[k as keyof typeof totals]++;
}
console.log(`seed ${seed}: ${JSON.stringify(totals)}`);
for (const [shape, k] of [...classes].sort((a, b) => b[1].count - a[1].count)) console.log(`${String(k.count).padStart(5)}  ${shape}   [${k.extensions}]`);
if (process.env.SHOW) for (const [shape, k] of classes) if (shape.includes(process.env.SHOW)) { console.log(`\n=== ${shape}\n${k.example}`); }
  expect(totals.plans - totals.clean, 'plans where the checker and the machine disagree').toBe(0);
}, 3_600_000);
