/**
 * FIXED: an extraction into a mount point makes it (issue 8).
 *
 * BUG: mount-point-missing counted an extraction into the folder above an fstab row's mount point
 * as making the point, but not an extraction into the point itself (or beneath it), which creates
 * it on the way (`extract-initrd` makes its target folder, as mkdir -p does). Such an extraction
 * runs before the point is mounted only past a fault (it uses the mount: mount-before-mounted's),
 * which is where witnesses are replayed (keepGoing): there the fstab row mounts on a folder that
 * exists, the checker said it could not, and its witness did not replay. Found by the
 * differential, seed 5772156 at 10,000 plans (a Zephyr plan).
 */
import { describe, expect, it } from 'vitest';
import { run } from '../../../runtime/index.js';
import { memoryHost } from '../../../runtime/vfs/host.js';
import { checkText } from '../harness.js';
import { differential } from '../whole-language.js';

const hostFiles = { '/plan/rootfs/motd': 'hi\n' };
const host = memoryHost(hostFiles);
const plan = (to: string) => `bootplan: 1
name: generated
profile: unikraft@0.17
target: qemu/x86_64
initrd: rootfs
mounts:
  - { dev: none, at: /mnt, fs: ramfs }
libraries:
  root:
    initcalls:
      - { fn: mount_root, level: rootfs, prio: 1, effects: [{ mount: { dev: none, at: /, fs: ramfs } }] }
      - { fn: unpack, level: rootfs, prio: 2, effects: [{ extract-initrd: { to: ${to} } }] }
  vfscore:
    initcalls:
      - { fn: vfscore_automount, level: rootfs, prio: 4, effects: [{ mount: { from: fstab } }] }
`;

describe('an extraction into the mount point', () => {
  for (const to of ['/mnt', '/mnt/deep']) {
    it(`extract-initrd to ${to} before the fstab: the use of /mnt is the error; past it the fstab mounts /mnt`, () => {
      const text = plan(to);
      const { compiled, errors } = checkText(text, host);
      expect(errors.map((d) => d.code)).toEqual(['mount-before-mounted']);
      expect(run(compiled, { host }).outcome.fault).toMatchObject({ id: 'root.unpack', capability: 'mount:/mnt' });
      const past = run(compiled, { host, keepGoing: true });
      expect(past.console).toContain('VFS: mounting ramfs at /mnt');
      expect(past.console).not.toContain('Failed to mount none (ramfs) at /mnt');
      expect(differential({ text, files: {}, profile: 'unikraft@0.17', hostFiles }, [1, 2, 3])).toEqual([]);
    });
  }

  it('an extraction elsewhere makes nothing: /mnt is still missing, and the machine agrees', () => {
    const text = plan('/srv');
    const { compiled, errors } = checkText(text, host);
    expect(errors.map((d) => d.code)).toContain('mount-point-missing');
    expect(run(compiled, { host }).outcome).toMatchObject({ target: 'CRASH', failed: { id: 'vfscore.vfscore_automount', rc: -2 } });
  });
});
