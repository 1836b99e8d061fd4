/** `fail`: the entry returns `rc` (default -1) once its effects are done. Uses nothing. */
import { failReturn } from '../../compiler/effects.js';
import type { EffectExecutor } from './context.js';

export const executeFail: EffectExecutor = (ctx) => {
  ctx.setReturn(failReturn(ctx.effect.args.rc));
  return 0;
};
