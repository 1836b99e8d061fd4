/** `probe-buses`: uk_bus_lib_init — registers bus handlers and attaches every device of the plan. */
import type { EffectExecutor } from './context.js';

export const executeProbeBuses: EffectExecutor = (ctx) => {
  const { machine } = ctx;
  ctx.use('alloc'); // device structures: on the heap, not charged (see open-stdio)
  if (machine.compiled.profile.log === 'unikraft') {
    ctx.log('Initialize bus handlers...', 'ukbus');
    ctx.log('Probe buses...', 'ukbus');
  }
  for (const device of machine.compiled.plan.devices) {
    machine.attached.set(device.tag, device);
    ctx.provide(`dev:${device.tag}`);
    if (device.kind === 'virtio-net') ctx.provide('netdev');
    if (device.kind === 'virtio-blk') ctx.provide('blkdev');
  }
  ctx.provide('devices');
  return 0;
};
