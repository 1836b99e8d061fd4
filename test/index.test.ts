/** The package's public API works as the README shows it. */
import { describe, expect, it } from 'vitest';
import * as bootplan from '../index.js';

describe('library API', () => {
  it('loads, compiles, checks, locates and runs a plan', async () => {
    const source = bootplan.loadPlan('specs/plans/unikraft/helloworld.yaml');
    const { compiled, diagnostics } = bootplan.compile(source);
    expect(compiled).not.toBeNull();
    diagnostics.push(...bootplan.check(compiled!));
    expect((await bootplan.locate(source, diagnostics)).filter((d) => d.severity === 'error')).toEqual([]);
    const result = bootplan.run(compiled!, { linkOrder: { kind: 'reverse' } });
    expect(result.outcome.target).toBe('HALT');
    expect(bootplan.verifyTrace(compiled!, result.events).diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  });
});
