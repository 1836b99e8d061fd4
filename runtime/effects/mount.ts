/**
 * `mount`: one mount from the effect's arguments or the whole fstab (`from: fstab`: the plan's
 * `mounts` then the `vfs.fstab` parameter), as vfscore_automount does. A missing mount point is
 * ENOENT unless the `mkmp` ukopt asks to create it. The first error unmounts what this effect
 * mounted and ends the entry with that error (reference §5).
 */
import { extractMountsRamfs, mountCapability, mountRows, parentMount, rollbackMounts, ukopts } from '../../compiler/effects.js';
import type { Mount } from '../../compiler/types.js';
import { VfsError } from '../vfs/errno.js';
import { createDevfs } from '../vfs/devfs.js';
import { createRamfs, type FileSystem } from '../vfs/node.js';
import type { EffectContext, EffectExecutor } from './context.js';
import { failureOf } from './errno.js';
import { unpackInitrd } from './initrd.js';

export const executeMount: EffectExecutor = (ctx) => {
  const done: string[] = [];
  // Every row tried so far, failed ones included: the contract counts their mount points as this
  // effect's own whether or not they worked (only keepGoing gets past a failed one).
  const tried: string[] = [];
  let first: number | null = null;
  for (const m of mountRows(ctx.effect.args, ctx.machine.compiled.plan)) {
    try {
      mountOne(ctx, m, done, tried);
    } catch (err) {
      const { rc, detail } = failureOf(err);
      ctx.log(`Failed to mount ${m.dev} (${m.fs}) at ${m.at}: ${rc}: ${detail}`, 'vfscore');
      // keepGoing tries the remaining rows too, so a bad row behind a bad row shows as well.
      ctx.machine.recordError(ctx.entry.id, rc);
      first ??= rc;
      if (!ctx.machine.keepGoing) break;
    }
    tried.push(m.at);
  }
  if (first !== null) {
    // Unmount what this effect mounted, in the order vfscore does (compiler/effects.ts); what
    // will not come off is said and stays.
    for (const { point, rc } of rollbackMounts(ctx.machine.vfs, done)) ctx.log(`Failed to unmount ${point}: error ${rc}.`, 'vfscore');
    return first;
  }
  const mine = ctx.machine.mountsBy.get(ctx.entry.id) ?? [];
  ctx.machine.mountsBy.set(ctx.entry.id, [...mine, ...done]);
  return 0;
};

function mountOne(ctx: EffectContext, m: Mount, done: string[], tried: readonly string[]): void {
  const { vfs } = ctx.machine;
  if (m.at !== '/') {
    // The mount holding the mount point's directory, found the way the contract finds it (resolve
    // copied the contract's uses onto the effect: one source of truth): the nearest mount point
    // strictly above among those the contract names and those this effect already mounted. Asking
    // the mount table instead disagreed when a mount the contract counts on had failed (a replay
    // that keeps going): the point is then missing, a fault, not a breach of the contract.
    const named = ctx.effect.uses.filter((c) => c.startsWith('mount:')).map((c) => c.slice('mount:'.length));
    const parent = parentMount(m.at, [...named, ...tried]);
    // A parent this same effect mounted needs no capability (the contract leaves it out too).
    if (!tried.includes(parent)) ctx.use(mountCapability(parent));
    try {
      if (!vfs.exists(m.at)) {
        if (!ukopts(m).includes('mkmp')) throw new VfsError('ENOENT', `mount point ${m.at} does not exist (add the mkmp option to create it)`);
        vfs.mkdir(m.at, { parents: true, mountPoint: true });
      }
    } catch (err) {
      if (!ctx.machine.keepGoing) throw err;
      // keepGoing: the mount point's error is recorded and the source is still read, so that what
      // is wrong with it (the device, a 9p share's folder) shows too; then the mount fails.
      ctx.machine.recordError(ctx.entry.id, failureOf(err).rc);
      filesystemFor(ctx, m);
      throw err;
    }
  }
  ctx.use('alloc'); // the mount structure: on the heap, not charged (see open-stdio)
  const fs = filesystemFor(ctx, m);
  if (fs) {
    vfs.mount(m.at, fs);
    done.push(m.at);
    ctx.machine.log(ctx.machine.dialect.mounted(m.at, m.fs === 'extract' ? 'ramfs' : m.fs));
    ctx.machine.emit('mount', { id: ctx.entry.id, path: m.at, fs: m.fs, dev: m.dev });
  }
  if (m.fs === 'extract') {
    unpackInitrd(ctx, m.at);
    ctx.provide(`initrd:${m.at}`);
  }
  ctx.provide(mountCapability(m.at));
}

/** The filesystem to mount, or null for `extract` with `ramfs=0` (extract into what is there). */
function filesystemFor(ctx: EffectContext, m: Mount): FileSystem | null {
  switch (m.fs) {
    case 'ramfs':
      return createRamfs(m.dev);
    case 'devfs':
      return createDevfs();
    case '9pfs': {
      ctx.use(`dev:${m.dev}`);
      const device = ctx.machine.attached.get(m.dev);
      if (!device || device.kind !== 'virtio-9p') throw new VfsError('ENODEV', `no virtio-9p device with tag ${m.dev} is attached`);
      return ctx.machine.snapshot(device);
    }
    case 'extract': {
      return extractMountsRamfs(m, ctx.machine.vfs.mounted(m.at) !== undefined) ? createRamfs('initrd0') : null;
    }
    default:
      throw new VfsError('ENODEV', `unknown filesystem driver "${m.fs}"`);
  }
}
