/** `log`: prints one line. Uses nothing. */
import type { EffectExecutor } from './context.js';

export const executeLog: EffectExecutor = (ctx) => {
  const msg = ctx.effect.args.msg;
  ctx.log(typeof msg === 'string' ? msg : String(msg ?? ''));
  return 0;
};
