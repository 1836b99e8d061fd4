/**
 * `open-stdio`: opens file descriptors 0, 1 and 2 on the console (posix-tty's init). What the
 * boot can see of it is the capability `fd:stdio`; the machine models no descriptor table.
 */
import type { EffectExecutor } from './context.js';

export const executeOpenStdio: EffectExecutor = (ctx) => {
  // The file descriptions live on the heap; their bytes are not charged, so that the heap total
  // stays what the checker adds up from `alloc` (see the out-of-memory rule).
  ctx.use('alloc');
  ctx.provide('fd:stdio');
  return 0;
};
