/**
 * `spawn-thread`: creates a thread on the cooperative scheduler. Threads are recorded but never
 * preempt the boot, as with uksched's cooperative scheduler.
 */
import type { EffectExecutor } from './context.js';

export const executeSpawnThread: EffectExecutor = (ctx) => {
  const name = typeof ctx.effect.args.name === 'string' ? ctx.effect.args.name : 'worker';
  ctx.use('sched');
  // The stack comes from the heap, uncharged like every structure the plan does not size itself.
  ctx.use('alloc');
  const tid = ++ctx.machine.threads + 1; // tid 1 is the "init" thread running the boot
  ctx.machine.emit('spawn', { id: ctx.entry.id, name, pid: tid });
  ctx.provide(`thread:${name}`);
  return 0;
};
