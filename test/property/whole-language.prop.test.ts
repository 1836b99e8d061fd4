/**
 * The differential test of issue 8 as a property (few hundred cases; `npm run differential` for
 * long runs over fresh seeds): plans over the whole language (whole-language.ts).
 *
 * Held over every case: no stage throws anything but an input error (the CLI's exit 3 is never
 * reached); a plan `check` passes boots to a normal halt in every link order tried; every
 * error's witness replays to what it names.
 */
import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { RUNS } from './arbitraries.js';
import { seedsArb } from './harness.js';
import { check, compile, loadPlanText } from '../../compiler/index.js';
import { PLAN_FILE } from './rich-arbitraries.js';
import { differential, EXTENSIONS, INITRD_PIECES, linuxStackCase, wholeCase, WHOLE_HOST, type Extension } from './whole-language.js';

describe('whole language: the checker and the machine agree', () => {
  it('no plan reaches an internal error (compile, check, run under every order, witness replay)', () => {
    fc.assert(fc.property(wholeCase, seedsArb, (c, seeds) => {
      const internal = differential({ text: c.text, files: c.files, profile: c.base.profile, hostFiles: c.hostFiles }, seeds).filter((f) => f.kind === 'internal-error');
      expect(internal).toEqual([]);
    }), { numRuns: RUNS });
  });

  it('clean check ⇒ clean boot in every order, and every witness replays', () => {
    fc.assert(fc.property(wholeCase, seedsArb, (c, seeds) => {
      expect(differential({ text: c.text, files: c.files, profile: c.base.profile, hostFiles: c.hostFiles }, seeds)).toEqual([]);
    }), { numRuns: RUNS });
  });
});

describe('Linux stacks mounts (mountOver: stack): the checker and the machine agree', () => {
  it('clean check ⇒ clean boot, and every witness replays, over plans of stacked mounts', () => {
    fc.assert(fc.property(linuxStackCase, (c) => {
      expect(differential({ text: c.text, files: {}, profile: 'linux@6.1' }, [1, 2, 3])).toEqual([]);
    }), { numRuns: RUNS });
  });

  it('the generator makes correct and broken ones, with mounts stacked on one point', () => {
    let clean = 0;
    let broken = 0;
    let stacked = 0;
    for (const c of fc.sample(linuxStackCase, { numRuns: 200, seed: 42 })) {
      const { compiled, diagnostics } = compile(loadPlanText(PLAN_FILE, c.text));
      const errors = [...diagnostics, ...check(compiled!, { host: WHOLE_HOST })].filter((d) => d.severity === 'error');
      if (errors.length === 0) clean++;
      else broken++;
      const points = compiled!.plan.mounts.map((m) => m.at);
      if (errors.length === 0 && new Set(points).size < points.length) stacked++;
    }
    expect(clean).toBeGreaterThan(20);
    expect(broken).toBeGreaterThan(20);
    expect(stacked).toBeGreaterThan(10);
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

  it('generated initrds come with every piece, correct and broken', () => {
    const seen = new Set<string>();
    for (const c of fc.sample(wholeCase, { numRuns: 1000, seed: 42 })) c.initrdPieces.forEach((p) => seen.add(p));
    expect(INITRD_PIECES.filter((p) => !seen.has(p))).toEqual([]);
  });
});
