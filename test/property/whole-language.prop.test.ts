/**
 * The differential test of issue 8 as a property (few hundred cases; `npm run differential` for
 * long runs over fresh seeds): plans over the whole language (whole-language.ts).
 *
 * Held over every case: no stage throws anything but an input error (the CLI's exit 3 is never
 * reached). Held over the cases whose extensions are only of the classes fixed so far
 * (FIXED): a plan `check` passes boots to a normal halt in every link order tried. The classes still open are listed in the closing note of the branch.
 */
import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { RUNS } from './arbitraries.js';
import { seedsArb } from './harness.js';
import { differential, EXTENSIONS, wholeCase, type Extension } from './whole-language.js';

/**
 * Extensions whose crash-after-clean-check classes are fixed: a correct base plan with only
 * these checks clean only when it boots clean. (Witnesses in plans with several errors, and the
 * other extensions, are the open classes `npm run differential` still lists.)
 */
const FIXED: ReadonlySet<Extension> = new Set(['hand-dev', 'double-mount']);

describe('whole language: the checker and the machine agree', () => {
  it('no plan reaches an internal error (compile, check, run under every order, witness replay)', () => {
    fc.assert(fc.property(wholeCase, seedsArb, (c, seeds) => {
      const internal = differential({ text: c.text, files: c.files, profile: c.base.profile }, seeds).filter((f) => f.kind === 'internal-error');
      expect(internal).toEqual([]);
    }), { numRuns: RUNS });
  });

  it('plans of the fixed classes: clean check ⇒ clean boot in every order', () => {
    const fixedCase = wholeCase.filter((c) => c.base.bug === null && c.extensions.every((x) => FIXED.has(x.kind)));
    fc.assert(fc.property(fixedCase, seedsArb, (c, seeds) => {
      const findings = differential({ text: c.text, files: c.files, profile: c.base.profile }, seeds);
      expect(findings.filter((f) => f.kind !== 'witness-does-not-replay')).toEqual([]);
    }), { numRuns: Math.max(20, Math.floor(RUNS / 4)) });
  });
});

describe('whole-language generator coverage', () => {
  const schema = JSON.parse(readFileSync(new URL('../../schemas/plan.schema.json', import.meta.url), 'utf8')) as {
    properties: Record<string, unknown>;
    $defs: Record<string, { properties?: Record<string, { properties?: Record<string, unknown> }>; items?: { properties?: Record<string, unknown> } }>;
  };
  // What a plan file can hold that the generator must reach (language 1.1's evidence, overlay,
  // extends and fragments belong to other generators: roundtrip-plan and overlay-split).
  // The thread model's fields (Luna) have their own generator: test/property/luna.prop.test.ts.
  const OTHER = new Set(['plan.ramdisk', 'plan.disks', 'plan.kernel', 'plan.programs', 'plan.extends', 'plan.overlay', 'plan.fragment', 'plan.note', 'entry.evidence', 'main.evidence', 'entry.ordinal', 'main.fn', 'main.provides', 'main.after', 'main.before', 'main.cost', 'main.alloc', 'main.returns', 'main.note', 'mount.note', 'library.note']);
  const wanted = [
    ...Object.keys(schema.properties).map((k) => `plan.${k}`),
    ...Object.keys(schema.$defs.devices?.items?.properties ?? {}).map((k) => `device.${k}`),
    ...Object.keys(schema.$defs.mounts?.items?.properties ?? {}).map((k) => `mount.${k}`),
    ...Object.keys((schema.$defs.library?.properties ?? {})).map((k) => `library.${k}`),
    ...Object.keys((schema.$defs.entry?.properties ?? {})).map((k) => `entry.${k}`),
    ...Object.keys((schema.$defs.main?.properties ?? {})).map((k) => `main.${k}`),
    ...Object.entries(schema.$defs.effect?.properties ?? {}).flatMap(([kind, v]) => [`effect.${kind}`, ...Object.keys(v.properties ?? {}).map((a) => `effect.${kind}.${a}`)]),
  ].filter((f) => !OTHER.has(f));

  it('every plan field and effect option of plan.schema.json is generated', () => {
    const seen = new Set<string>();
    const kinds = new Set<Extension>();
    for (const c of fc.sample(wholeCase, { numRuns: 600, seed: 42 })) {
      c.fields.forEach((f) => seen.add(f));
      c.extensions.forEach((x) => kinds.add(x.kind));
    }
    expect(wanted.length).toBeGreaterThan(40);
    expect(wanted.filter((f) => !seen.has(f))).toEqual([]);
    expect(EXTENSIONS.filter((k) => !kinds.has(k))).toEqual([]);
  });
});
