/** `extract-initrd`: unpacks the initrd (cpio newc) into a directory of a mounted filesystem. */
import { normalizePath } from '../vfs/path.js';
import type { EffectExecutor } from './context.js';
import { failureOf } from './errno.js';
import { unpackInitrd } from './initrd.js';

export const executeExtractInitrd: EffectExecutor = (ctx) => {
  const to = normalizePath(typeof ctx.effect.args.to === 'string' ? ctx.effect.args.to : '/');
  const { vfs } = ctx.machine;
  try {
    // The mount it writes into is the one its contract names (resolve copied the contract onto
    // the effect: one source of truth). Asking the mount table instead disagreed when a mount
    // the plan declares had failed (a replay that keeps going) or came from another effect.
    for (const cap of ctx.effect.uses.filter((c) => c.startsWith('mount:'))) ctx.use(cap);
    if (!vfs.exists(to)) vfs.mkdir(to, { parents: true });
    unpackInitrd(ctx, to);
  } catch (err) {
    const { rc, detail } = failureOf(err);
    ctx.log(`Failed to extract initrd0 to ${to}: ${rc}: ${detail}`, 'vfscore');
    return rc;
  }
  ctx.provide(`initrd:${to}`);
  return 0;
};
