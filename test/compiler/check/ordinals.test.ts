import { describe, expect, it } from 'vitest';
import { run } from '../../../runtime/index.js';
import { HEAD, checkText, codes } from '../../helpers/plans.js';

const zephyr = (i2c: string, sensor: string) => `bootplan: 1
name: dt
profile: zephyr@3
libraries:
  sensor:
    initcalls:
      - { fn: bme280_init, level: POST_KERNEL, prio: 50${sensor}, uses: [i2c1] }
  i2c:
    initcalls:
      - { fn: i2c_stm32_init, level: POST_KERNEL, prio: 50${i2c}, provides: [i2c1] }
`;

describe('Zephyr devicetree ordinals', () => {
  it('two devices at one level and priority are a race without ordinals', async () => {
    const { diagnostics } = await checkText(zephyr('', ''));
    expect(codes(diagnostics, 'error')).toEqual(['race']);
  });

  it('ordinals order them: the bus (smaller ordinal) first, proven, in every link order', async () => {
    const { compiled, diagnostics } = await checkText(zephyr(', ordinal: 10', ', ordinal: 12'));
    expect(codes(diagnostics, 'error')).toEqual([]);
    expect(compiled!.edges.find((e) => e.to === 'sensor.bme280_init')?.status).toBe('proven');
    for (const linkOrder of [{ kind: 'declared' as const }, { kind: 'reverse' as const }]) {
      const { outcome, events } = run(compiled!, { linkOrder });
      expect(outcome.target).toBe('HALT');
      const calls = events.filter((e) => e.ev === 'call').map((e) => e.id);
      expect(calls.indexOf('i2c.i2c_stm32_init')).toBeLessThan(calls.indexOf('sensor.bme280_init'));
    }
  });

  it('an ordinal the wrong way round is a violation, reported with the ordinals', async () => {
    const { diagnostics } = await checkText(zephyr(', ordinal: 12', ', ordinal: 10'));
    const d = diagnostics.find((x) => x.code === 'use-before-provide')!;
    expect(d.message).toMatch(/devicetree ordinal 10/);
  });

  it('is refused where the profile has no devicetree', async () => {
    const { diagnostics } = await checkText(`${HEAD}libraries:\n  a:\n    initcalls:\n      - { fn: f, level: lib, ordinal: 3 }\n`);
    expect(codes(diagnostics)).toContain('unknown-key');
  });
});
