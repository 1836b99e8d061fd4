/**
 * FIXED: share-unreadable's witness for a share mounted before the bus probe.
 *
 * Found by the whole-language differential test (whole-language.ts, extensions hostdir; seeds
 * 90210 and 424242), shrunk.
 *
 * BUG (a witness that does not replay): the fstab mounted the 9p share at rootfs 4 and the bus
 * probe ran at sys 1. share-unreadable asked only whether some entry probes, and named the
 * mount's ENOTDIR on the unreadable folder; the machine faults on `dev:fs0` first (the device is
 * not attached yet), which use-before-provide reports. share-unreadable now speaks only of mounts
 * after the first bus probe of the default order, the witness's.
 */
import { describe, expect, it } from 'vitest';
import { checkText } from '../harness.js';
import { differential, WHOLE_HOST } from '../whole-language.js';

const plan = (probeLevel: string) => `bootplan: 1
name: generated
profile: unikraft@0.17
target: fc/x86_64
devices:
  - { kind: virtio-9p, tag: fs0, hostdir: guest_fs/hello.txt }
mounts:
  - { dev: fs0, at: /, fs: 9pfs }
libraries:
  ukbus:
    initcalls:
      - { fn: uk_bus_lib_init, level: ${probeLevel}, prio: 1, effects: [{ probe-buses: {} }] }
  vfscore:
    initcalls:
      - { fn: vfscore_automount, level: rootfs, prio: 9, effects: [{ mount: { from: fstab } }] }
`;

describe('share-unreadable and the bus probe', () => {
  it('a mount before the probe is the ordering rules\' (the fault comes first), and every witness replays', () => {
    const text = plan('sys');
    const codes = checkText(text, WHOLE_HOST).errors.map((d) => d.code);
    expect(codes).not.toContain('share-unreadable');
    expect(codes).toContain('use-before-provide');
    expect(differential({ text, files: {}, profile: 'unikraft@0.17' }, [1, 2, 3])).toEqual([]);
  });

  it('a mount after the probe still reports the file shared as a folder', () => {
    const text = plan('plat');
    const errors = checkText(text, WHOLE_HOST).errors;
    expect(errors.map((d) => d.code)).toEqual(['share-unreadable']);
    expect(errors[0]!.witness?.expect).toEqual({ kind: 'return', entry: 'vfscore.vfscore_automount', rc: -20 });
    expect(differential({ text, files: {}, profile: 'unikraft@0.17' }, [1, 2, 3])).toEqual([]);
  });
});
