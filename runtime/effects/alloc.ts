/** `alloc`: takes `size` bytes of heap; -ENOMEM when they do not fit. */
import { parseSize } from '../../compiler/units.js';
import { ERRNO } from '../vfs/errno.js';
import type { EffectExecutor } from './context.js';

export const executeAlloc: EffectExecutor = (ctx) => {
  const size = parseSize(ctx.effect.args.size) ?? 0;
  return ctx.allocate(size) === 0 ? -ERRNO.ENOMEM : 0;
};
