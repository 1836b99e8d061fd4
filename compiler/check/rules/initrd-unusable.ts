import type { Diagnostic } from '../../types.js';
import { defaultReplay } from '../fs-replay.js';
import { named, type Rule } from '../rule.js';
import { defaultWitness } from '../witness.js';
import { UNIKRAFT_EXAMPLE } from './examples.js';

const PLAN = `${UNIKRAFT_EXAMPLE}mounts:
  - { dev: initrd0, at: /, fs: extract }
libraries:
  vfscore:
    initcalls:
      - { fn: vfscore_automount, level: rootfs, prio: 4, effects: [{ mount: { from: fstab } }] }
  devfs:
    initcalls:
      - { fn: devfs_automount, level: rootfs, prio: 5, effects: [{ mount: { dev: none, at: /dev, fs: devfs, mkmp: false } }] }
`;

export const initrdUnusable: Rule = {
  code: 'initrd-unusable',
  severity: 'error',
  title: 'unpacking the initrd fails, or leaves no directory where a mount needs one',
  doc: `An \`extract\` mount or an \`extract-initrd\` effect unpacks the plan's \`initrd\` (a cpio newc
archive, or a folder packed like kraft packs a rootfs). The machine fails the entry, and the boot
stops, when the file is missing (ENOENT; QEMU refuses a missing \`-initrd\` too) or larger than
512 MiB (EFBIG), when the archive is damaged, or holds an entry the extractor refuses (an absolute
name, \`..\`, a path through a symlink, a file over a directory: EINVAL), when the directory it
unpacks into is on a read-only filesystem (a 9p share here: EROFS), or when nothing is mounted
there (\`ramfs=0\` into nothing). A mount after the extraction fails when the directory it mounts
on is not in the archive (ENOENT, without \`mkmp\`) or is a file of it (ENOTDIR). The checker reads
the initrd the machine reads and replays the mounts and extractions of the default order with the
same filesystem code.

Fix: point \`initrd\` at the archive, repair it, put the mount points in it (or add \`mkmp\`), or
unpack into a ramfs.`,
  example: {
    failing: `${PLAN}initrd: rootfs.cpio
`,
    fixed: `${PLAN}initrd: rootfs
`,
    hostFiles: {
      'rootfs.cpio': 'a text file, not a cpio archive\n',
      'rootfs/dev/.keep': '',
      'rootfs/etc/motd': 'hello\n',
    },
  },
  check(ctx) {
    if (!ctx.host) return [];
    // Where failing entries do not stop the boot (Linux, Zephyr), the first failure when it is the
    // initrd's: the boot goes on without what that entry would have mounted or unpacked (and past
    // it the machine may fault on that, which the replay does not model).
    const { stop, failures } = defaultReplay(ctx.compiled, ctx.host);
    const failure = stop ?? failures[0];
    if (!failure?.initrd) return [];
    const { entry, effect, mount, rc, detail } = failure;
    const fstab = mount && mount.origin !== 'effect' ? ' from the fstab' : '';
    const what = !mount ? 'unpacks the initrd' : mount.fs === 'extract' ? `unpacks the initrd at ${mount.at}${fstab}` : `mounts ${mount.fs} at ${mount.at}${fstab}`;
    const out: Diagnostic = {
      code: this.code,
      severity: 'error',
      message: `${named(ctx.graph.byId.get(entry.id)!)} ${what}, which fails with ${rc}: ${detail}`,
      source: mount && mount.origin !== 'effect' ? mount.source : effect.source,
      related: [{ message: 'the initrd', source: { file: ctx.compiled.plan.source.file, path: ['initrd'] } }],
      hint: mount && !/\binitrd\b|cpio/.test(detail)
        ? `put ${mount.at} in the initrd as a directory, or add the mkmp ukopt`
        : 'point `initrd` at a cpio newc archive (or a folder) that unpacks, into a writable ramfs',
      witness: defaultWitness(ctx, { kind: 'return', entry: entry.id, rc }),
      subjects: [entry.id],
    };
    return [out];
  },
};
