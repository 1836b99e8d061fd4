/** `fail`: the entry returns `rc` (default -1) once its effects are done. Uses nothing. */
import type { EffectExecutor } from './context.js';

export const executeFail: EffectExecutor = (ctx) => {
  const rc = ctx.effect.args.rc;
  ctx.setReturn(typeof rc === 'number' && Number.isInteger(rc) ? rc : -1);
  return 0;
};
