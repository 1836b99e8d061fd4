/**
 * What the machine says of each witness the checker gives for `code` on a plan text: null for a
 * witness whose order fails where it says (test/property/harness.ts's witnessProblem), else why not.
 */
import { expect } from 'vitest';
import { memoryHost, type HostFs } from '../../../../compiler/host.js';
import type { Compiled, Witness } from '../../../../compiler/types.js';
import { replayWitness } from '../../../../runtime/index.js';
import { witnessProblem } from '../../../property/harness.js';
import { checkText, exampleHost } from '../../../helpers/plans.js';

/** Checks the plan text and asks `judge` of each witness `code`'s findings carry ('no witness' for one without). */
async function eachWitness(text: string, code: string, hostFiles: Record<string, string> | undefined, files: Record<string, string>, judge: (compiled: Compiled, witness: Witness, host: HostFs) => string | null): Promise<(string | null)[]> {
  const host = exampleHost(hostFiles, '/virtual');
  const { compiled, diagnostics } = await checkText(text, files, '/virtual/plan.yaml', host);
  return diagnostics.filter((d) => d.code === code).map((d) => (d.witness ? judge(compiled!, d.witness, host ?? memoryHost({})) : 'no witness'));
}

export function witnessProblems(text: string, code: string, hostFiles?: Record<string, string>, files: Record<string, string> = {}): Promise<(string | null)[]> {
  return eachWitness(text, code, hostFiles, files, witnessProblem);
}

/** Asserts that `code` finds something in the plan text and that every finding's witness replays. */
export async function expectReplays(text: string, code: string): Promise<void> {
  const problems = await witnessProblems(text, code);
  expect(problems).not.toEqual([]);
  expect(problems).toEqual(problems.map(() => null));
}

/**
 * What the keep-going replay (runtime/replay.ts, the one a plan with several errors is held to)
 * says of each witness for `code`: null where it shows the named failure, else what it saw.
 */
export function keptReplays(text: string, code: string, hostFiles?: Record<string, string>): Promise<(string | null)[]> {
  return eachWitness(text, code, hostFiles, {}, (compiled, witness, host) => {
    const replay = replayWitness(compiled, witness, { host });
    return replay.matched ? null : replay.observed;
  });
}
