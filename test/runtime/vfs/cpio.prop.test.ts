import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CpioError, readCpio, writeCpio, type CpioWriteEntry } from '../../../runtime/vfs/cpio.js';

const name = fc.stringMatching(/^[a-zA-Z0-9._\- \u00e9\u4e2d]{1,40}(\/[a-zA-Z0-9._-]{1,20}){0,3}$/).filter((n) => n !== 'TRAILER!!!');
const entry: fc.Arbitrary<CpioWriteEntry> = fc.oneof(
  fc.record({ name, type: fc.constant('file' as const), data: fc.uint8Array({ maxLength: 300 }), mode: fc.integer({ min: 0, max: 0o7777 }), mtime: fc.integer({ min: 0, max: 0xffffffff }), uid: fc.integer({ min: 0, max: 65535 }) }),
  fc.record({ name, type: fc.constant('dir' as const), mode: fc.integer({ min: 0, max: 0o7777 }) }),
  fc.record({ name, type: fc.constant('symlink' as const), data: fc.stringMatching(/^[a-z/.]{1,60}$/).map((s) => new TextEncoder().encode(s)) }),
);

describe('cpio newc', () => {
  it('reads back what it writes, entry for entry', () => {
    fc.assert(
      fc.property(fc.array(entry, { maxLength: 12 }), fc.boolean(), (entries, checksum) => {
        const back = readCpio(writeCpio(entries, { checksum }));
        expect(back.map((e) => ({ name: e.name, type: e.type, data: [...e.data] }))).toEqual(
          entries.map((e) => ({ name: e.name, type: e.type, data: [...(e.data ?? new Uint8Array(0))] })),
        );
        back.forEach((e, i) => {
          const want = entries[i]!;
          if (want.mode !== undefined) expect(e.mode).toBe(want.mode);
          if (want.mtime !== undefined) expect(e.mtime).toBe(want.mtime);
        });
      }),
      { numRuns: 300 },
    );
  });

  it('never throws anything but CpioError on damaged archives, and never returns past the input', () => {
    fc.assert(
      fc.property(fc.array(entry, { minLength: 1, maxLength: 4 }), fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { maxLength: 6 }), fc.nat(), (entries, flips, cut) => {
        const archive = writeCpio(entries).slice();
        for (const [at, value] of flips) archive[at % archive.length] = value;
        const damaged = archive.subarray(0, archive.length - (cut % 64));
        try {
          const back = readCpio(damaged);
          const total = back.reduce((n, e) => n + e.data.length, 0);
          expect(total).toBeLessThanOrEqual(damaged.length);
        } catch (err) {
          expect(err).toBeInstanceOf(CpioError);
        }
      }),
      { numRuns: 400 },
    );
  });
});
