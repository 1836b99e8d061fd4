/**
 * FIXED: filesystem state over tie orders (issue 8).
 *
 * BUG: the checker's filesystem replay ran the default order only. Two entries at one key whose
 * mounts and extractions do not commute, with no capability between them, boot differently in
 * different link orders, and the checker saw one of them: an extraction into / tied with a mount
 * of /data (mkmp: false) that needs the directory the archive brings passed `check`, and the link
 * order that runs the mount first stops the boot with ENOENT. Rule fs-tie replays both orders of
 * every such pair on the machine's VFS; its witness is the order that fails (or, when neither
 * fails, the one that leaves another tree). Found with the whole-language extension tied-fs.
 *
 * Also: a single mount with `mkmp: false` on a point that is missing in the default order passed
 * `check` (mount-point-missing looked at fstab rows only); it is now found by the same replay.
 */
import { describe, expect, it } from 'vitest';
import { replayWitness, run } from '../../../runtime/index.js';
import { memoryHost } from '../../../runtime/vfs/host.js';
import { checkText, witnessProblem } from '../harness.js';
import { differential, WHOLE_HOST_FILES } from '../whole-language.js';

const HOST_FILES = { ...WHOLE_HOST_FILES, '/plan/rootfs/data/.keep': '', '/plan/rootfs/etc/motd': 'hi\n' };
const HOST = memoryHost(HOST_FILES);
const hostFiles = { '/plan/rootfs/data/.keep': '', '/plan/rootfs/etc/motd': 'hi\n' };

const plan = (mount: string, mountPrio = '5') => `bootplan: 1
name: generated
profile: unikraft@0.17
target: qemu/x86_64
initrd: rootfs
mounts:
  - { dev: none, at: /, fs: ramfs }
libraries:
  vfscore:
    initcalls:
      - { fn: vfscore_automount, level: rootfs, prio: 4, effects: [{ mount: { from: fstab } }] }
  unpack:
    initcalls:
      - { fn: unpack_initrd, level: rootfs, prio: 5, effects: [{ extract-initrd: { to: / } }] }
  data:
    initcalls:
      - { fn: mount_data, level: rootfs, prio: ${mountPrio}, effects: [{ mount: ${mount} }] }
`;
const agree = (text: string) => differential({ text, files: {}, profile: 'unikraft@0.17', hostFiles }, [1, 2, 3]);

describe('fs-tie', () => {
  it('a mount that needs what a tied extraction brings fails in the other link order: the witness replays it', () => {
    const text = plan('{ dev: none, at: /data, fs: ramfs, mkmp: false }');
    const { compiled, errors } = checkText(text, HOST);
    // Before: no error, and the reverse link order stopped the boot (mount_data returned -2).
    expect(errors.map((d) => d.code)).toEqual(['fs-tie']);
    const d = errors[0]!;
    expect(d.subjects).toEqual(['data.mount_data', 'unpack.unpack_initrd']);
    expect(d.witness!.expect).toEqual({ kind: 'return', entry: 'data.mount_data', rc: -2 });
    expect(replayWitness(compiled, d.witness!, { host: HOST }).matched).toBe(true);
    expect(witnessProblem(compiled, d.witness!, HOST)).toBeNull();
    expect(run(compiled, { linkOrder: { kind: 'reverse' }, host: HOST }).outcome).toMatchObject({ target: 'CRASH', failed: { id: 'data.mount_data', rc: -2 } });
    expect(agree(text)).toEqual([]);
  });

  it('the path that differs is said whole when it holds a space', () => {
    const spaced = memoryHost({ ...WHOLE_HOST_FILES, '/plan/rootfs/etc/my motd': 'hi\n' });
    const { errors } = checkText(plan('{ dev: none, at: /etc, fs: ramfs }'), spaced);
    expect(errors.map((d) => d.code)).toEqual(['fs-tie']);
    expect(errors[0]!.message).toContain('(/etc/my motd is missing in the declared order, a file on ramfs:none (3 bytes) with data.mount_data first)');
  });

  it('a mount over a directory a tied extraction fills leaves another tree in each order: an order witness', () => {
    // Extraction first: /etc/motd is in the root and the ramfs hides it; mount first: the
    // archive's etc/ goes into the ramfs. Neither fails.
    const text = plan('{ dev: none, at: /etc, fs: ramfs }');
    const { compiled, errors } = checkText(text, HOST);
    expect(errors.map((d) => d.code)).toEqual(['fs-tie']);
    expect(errors[0]!.message).toContain('the tree they leave depends on the link order');
    // The difference is said by path, in words: what the declared order leaves there, what the other does.
    expect(errors[0]!.message).toContain('(/etc/motd is missing in the declared order, a file on ramfs:none (3 bytes) with data.mount_data first)');
    expect(errors[0]!.witness!.expect).toEqual({ kind: 'order', entry: 'data.mount_data', first: 'unpack.unpack_initrd' });
    expect(witnessProblem(compiled, errors[0]!.witness!, HOST)).toBeNull();
    expect(agree(text)).toEqual([]);
  });

  it('is quiet once the two have different priorities, and on effects that commute', () => {
    const ordered = plan('{ dev: none, at: /data, fs: ramfs, mkmp: false }', "'after(unpack.unpack_initrd)'");
    expect(checkText(ordered, HOST).errors).toEqual([]);
    expect(agree(ordered)).toEqual([]);
    // /srv is in neither the archive nor under what it unpacks: both orders leave one tree.
    const apart = plan('{ dev: none, at: /srv, fs: ramfs }');
    expect(checkText(apart, HOST).errors).toEqual([]);
    expect(agree(apart)).toEqual([]);
  });

  it('leaves Linux alone: its ties are link order, one boot', () => {
    const text = `bootplan: 1
name: generated
profile: linux@6.1
initrd: rootfs
libraries:
  unpack:
    initcalls:
      - { fn: unpack_initrd, level: fs, effects: [{ extract-initrd: { to: / } }] }
  data:
    initcalls:
      - { fn: mount_data, level: fs, effects: [{ mount: { dev: none, at: /etc, fs: ramfs } }] }
`;
    expect(checkText(text, HOST).errors.map((d) => d.code)).not.toContain('fs-tie');
  });
});

describe('mount-point-missing: a single mount with mkmp: false', () => {
  it('on a point the default order has not made is reported, with a witness that replays', () => {
    const text = `bootplan: 1
name: generated
profile: unikraft@0.17
target: qemu/x86_64
mounts:
  - { dev: none, at: /, fs: ramfs }
libraries:
  vfscore:
    initcalls:
      - { fn: vfscore_automount, level: rootfs, prio: 4, effects: [{ mount: { from: fstab } }] }
  data:
    initcalls:
      - { fn: mount_data, level: rootfs, prio: 5, effects: [{ mount: { dev: none, at: /srv, fs: ramfs, mkmp: false } }] }
`;
    const { compiled, errors } = checkText(text, HOST);
    // Before: no error, and the boot stopped at mount_data with -2 in every order.
    expect(errors.map((d) => d.code)).toEqual(['mount-point-missing']);
    expect(witnessProblem(compiled, errors[0]!.witness!, HOST)).toBeNull();
    expect(agree(text)).toEqual([]);
    expect(checkText(text.replace(', mkmp: false', ''), HOST).errors).toEqual([]);
  });
});

describe('initrd-unusable where failing entries do not stop the boot', () => {
  it('zephyr@3: an fstab row the unpacked root lacks is the first failure; the boot goes on and faults later (whole-language seed 120603919)', () => {
    // Found by the whole-language property with the tied-fs extension, shrunk: the automount's
    // /dev row failed (the folder initrd has no dev/), so it unmounted / and mount:/ never came;
    // the tied pair after it faulted on mount:/. The checker reported only fs-tie, whose witness
    // named the replay's ENOENT instead of that fault. Now the first failure is initrd-unusable's,
    // and fs-tie leaves ties behind an earlier failure alone.
    const text = `bootplan: 1
name: generated
profile: zephyr@3
initrd: gen_root
mounts:
  - { dev: initrd0, at: /, fs: extract }
  - { dev: none, at: /dev, fs: ramfs }
libraries:
  vfscore:
    initcalls:
      - { fn: vfscore_automount, level: APPLICATION, prio: 4, effects: [{ mount: { from: fstab } }] }
  tiedfs:
    initcalls:
      - { fn: unpack_here, level: APPLICATION, prio: 7, effects: [{ extract-initrd: { to: / } }] }
      - { fn: mount_here, level: APPLICATION, prio: 7, effects: [{ mount: { dev: none, at: /etc, fs: ramfs } }] }
`;
    const files = { '/plan/gen_root/mnt/.keep': '', '/plan/gen_root/etc/.keep': '', '/plan/gen_root/README': 'x\n' };
    const { compiled, errors } = checkText(text, memoryHost({ ...WHOLE_HOST_FILES, ...files }));
    expect(errors.map((d) => d.code)).toEqual(['initrd-unusable']);
    expect(errors[0]!.witness!.expect).toEqual({ kind: 'return', entry: 'vfscore.vfscore_automount', rc: -2 });
    expect(witnessProblem(compiled, errors[0]!.witness!, memoryHost({ ...WHOLE_HOST_FILES, ...files }))).toBeNull();
    expect(differential({ text, files: {}, profile: 'zephyr@3', hostFiles: files }, [1, 2, 3])).toEqual([]);
  });
});
