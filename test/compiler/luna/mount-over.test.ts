/** The thread model's filesystem reads the profile's `mountOver` too: Luna stacks, `busy` refuses. */
import { describe, expect, it } from 'vitest';
import { LunaFs } from '../../../compiler/luna/fs.js';
import type { MountOver } from '../../../compiler/types.js';

const ROOT = { uid: 0, gid: 0, groups: [] };
const fsWith = (mountOver: MountOver) => new LunaFs({ images: [], groupId: () => null, userId: () => null, mountOver });

describe('LunaFs mount over a mount point', () => {
  it('stack: a second tmpfs on /tmp goes on top, and umount takes the top one', () => {
    const fs = fsWith('stack');
    expect(fs.mount('tmpfs', null, '/', null, ROOT)).toBeNull();
    expect(fs.mount('tmpfs', null, '/', null, ROOT)).toBeNull();
    expect(fs.mounts.map((m) => m.at)).toEqual(['/', '/']);
    expect(fs.umount('/', ROOT)).toBeNull();
    expect(fs.mounts.map((m) => m.at)).toEqual(['/']);
  });

  it('busy: the second mount of a point is EBUSY', () => {
    const fs = fsWith('busy');
    expect(fs.mount('tmpfs', null, '/', null, ROOT)).toBeNull();
    expect(fs.mount('tmpfs', null, '/', null, ROOT)).toBe('EBUSY');
    expect(fs.mounts.map((m) => m.at)).toEqual(['/']);
  });
});
