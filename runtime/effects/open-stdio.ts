/** `open-stdio`: opens file descriptors 0, 1 and 2 on the console (posix-tty's init). */
import type { EffectExecutor } from './context.js';

export const executeOpenStdio: EffectExecutor = (ctx) => {
  // The file descriptions live on the heap; their bytes are not charged, so that the heap total
  // stays what the checker adds up from `alloc` (see the out-of-memory rule).
  ctx.use('alloc');
  for (const fd of [0, 1, 2]) ctx.machine.fds.set(fd, fd === 0 ? 'console:in' : 'console:out');
  ctx.provide('fd:stdio');
  return 0;
};
