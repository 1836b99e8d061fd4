/**
 * Every reader of outside input, fuzzed (test/fuzz/targets.ts): none throws, each answers with
 * well-formed diagnostics. In `npm test` a CI-sized run (BOOTPLAN_FUZZ_RUNS, default 150 cases per
 * reader); `npm run fuzz` runs 10,000 per reader and prints the counts (appended by each test to the file
 * BOOTPLAN_FUZZ_REPORT names).
 */
import { appendFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { inputsFor, TARGETS, wellFormed } from './targets.js';

const RUNS = Number(process.env.BOOTPLAN_FUZZ_RUNS ?? 150);
const SEED = process.env.BOOTPLAN_FUZZ_SEED === undefined ? undefined : Number(process.env.BOOTPLAN_FUZZ_SEED);

describe('fuzz: every reader answers with diagnostics, never an exception', () => {
  for (const target of TARGETS) {
    it(target.name, () => {
      let withDiagnostics = 0;
      const started = performance.now();
      fc.assert(
        fc.property(inputsFor(target), (input) => {
          const diagnostics = target.read(input);
          expect(Array.isArray(diagnostics)).toBe(true);
          expect(diagnostics.filter((d) => !wellFormed(d))).toEqual([]);
          if (diagnostics.length > 0) withDiagnostics++;
        }),
        { numRuns: RUNS, ...(SEED !== undefined ? { seed: SEED } : {}) },
      );
      if (process.env.BOOTPLAN_FUZZ_REPORT) {
        appendFileSync(process.env.BOOTPLAN_FUZZ_REPORT, `${JSON.stringify({ target: target.name, cases: RUNS, withDiagnostics, ms: Math.round(performance.now() - started) })}\n`);
      }
    }, 3_600_000);
  }
});
