/** The Zephyr readers and the boot-log matcher take any bytes without throwing. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { matchBootLog } from '../../../import/linux/boot-log.js';
import { readDevicetree } from '../../../import/zephyr/devicetree.js';
import { readElf } from '../../../import/zephyr/elf.js';
import { readInitTable } from '../../../import/zephyr/map.js';

const mapLike = fc.array(
  fc.oneof(
    fc.string(),
    fc.constantFrom(' .z_init_POST_KERNEL_P_50_SUB_00008_', '                0x08005a40        0x8 lib.a(x.c.obj)', ' .z_init_EARLY0_ 0x0 0x0 a', ' .z_init_SMP_P_1_SUB_0_'),
  ),
  { maxLength: 30 },
);
const headerLike = fc.array(
  fc.oneof(fc.string(), fc.constantFrom('#define DT_N_S_a_PATH "/a"', '#define DT_N_S_a_ORD 3', '#define DT_N_S_a_REQUIRES_ORDS \\', '\t1, /* / */ \\', '#define DT_N_NODELABEL_x DT_N_S_a')),
  { maxLength: 30 },
);

describe('readers never throw', () => {
  it('readInitTable', () => {
    fc.assert(fc.property(mapLike, (lines) => {
      const t = readInitTable(lines.join('\n'));
      expect(t.sections.every((s) => s.size > 0)).toBe(true);
    }), { numRuns: 300 });
  });

  it('readDevicetree', () => {
    fc.assert(fc.property(headerLike, (lines) => {
      const dt = readDevicetree(lines.join('\n'));
      expect([...dt.byOrdinal.values()].every((n) => typeof n.path === 'string')).toBe(true);
    }), { numRuns: 300 });
  });

  it('readElf', () => {
    const elfish = fc.uint8Array({ maxLength: 400 }).map((b) => {
      const out = new Uint8Array(Math.max(64, b.length));
      out.set(b);
      out.set([0x7f, 0x45, 0x4c, 0x46], 0);
      return out;
    });
    fc.assert(fc.property(fc.oneof(fc.uint8Array({ maxLength: 200 }), elfish), (bytes) => {
      const r = readElf(bytes);
      expect('image' in r || typeof r.error === 'string').toBe(true);
    }), { numRuns: 500 });
  });

  it('matchBootLog', () => {
    fc.assert(fc.property(fc.string({ maxLength: 400 }), (text) => {
      expect(matchBootLog(text, []).runs.size).toBe(0);
    }), { numRuns: 200 });
  });
});
