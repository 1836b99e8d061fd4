/** Every effect kind's implementation, by the kind names of compiler/effects.ts. */
import type { EffectExecutor } from './context.js';
import { executeAlloc } from './alloc.js';
import { executeExtractInitrd } from './extract-initrd.js';
import { executeFail } from './fail.js';
import { executeLog } from './log.js';
import { executeMount } from './mount.js';
import { executeOpenStdio } from './open-stdio.js';
import { executeProbeBuses } from './probe-buses.js';
import { executeSpawnThread } from './spawn-thread.js';

export const EXECUTORS: Readonly<Record<string, EffectExecutor>> = {
  mount: executeMount,
  'extract-initrd': executeExtractInitrd,
  'probe-buses': executeProbeBuses,
  'open-stdio': executeOpenStdio,
  alloc: executeAlloc,
  'spawn-thread': executeSpawnThread,
  log: executeLog,
  fail: executeFail,
};

export { createEffectContext, FaultSignal, type CallState, type EffectContext, type EffectExecutor } from './context.js';
