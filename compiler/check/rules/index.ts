/** Every rule, registered once. Order is only the order of `bootplan explain --list`. */
import type { Rule } from '../rule.js';
import { capabilityNeverProvided } from './capability-never-provided.js';
import { cycle } from './cycle.js';
import { duplicateRegistration } from './duplicate-registration.js';
import { entryFails } from './entry-fails.js';
import { lunaExecMissing } from './exec-missing.js';
import { lunaPathMissing } from './path-missing.js';
import { lunaPermissionDenied } from './permission-denied.js';
import { lunaPivotRootInvalid } from './pivot-root-invalid.js';
import { lunaFsOpFails } from './fs-op-fails.js';
import { lunaFsRace } from './fs-race.js';
import { fsTie } from './fs-tie.js';
import { lunaServiceOrder } from './service-order.js';
import { lunaServiceRestartLoop } from './service-restart-loop.js';
import { lunaNeedlessRoot } from './needless-root.js';
import { lunaDeadlock } from './deadlock.js';
import { initrdUnusable } from './initrd-unusable.js';
import { linkOrderDependency } from './link-order-dependency.js';
import { mountBeforeMounted } from './mount-before-mounted.js';
import { mountOrder } from './mount-order.js';
import { mountPointBusy } from './mount-point-busy.js';
import { mountPointMissing } from './mount-point-missing.js';
import { mountSourceMissing } from './mount-source-missing.js';
import { nothingProven } from './nothing-proven.js';
import { orderOnItself } from './order-on-itself.js';
import { orderViolated } from './order-violated.js';
import { outOfMemory } from './out-of-memory.js';
import { preInitUse } from './pre-init-use.js';
import { race } from './race.js';
import { shareUnreadable } from './share-unreadable.js';
import { stageReported } from './stage-reported.js';
import { stateByHand } from './state-by-hand.js';
import { termOrder } from './term-order.js';
import { unusedCapability } from './unused-capability.js';
import { useBeforeProvide } from './use-before-provide.js';
import { weakMain } from './weak-main.js';

export const CHECK_RULES: Rule[] = [
  useBeforeProvide, preInitUse, mountBeforeMounted, capabilityNeverProvided, mountSourceMissing,
  mountOrder, mountPointMissing, mountPointBusy, shareUnreadable, initrdUnusable, stateByHand, race, fsTie, orderViolated, orderOnItself, linkOrderDependency, cycle, duplicateRegistration, termOrder,
  entryFails, weakMain, outOfMemory,
  // The thread model (Luna): state in every schedule, services, privileges.
  lunaExecMissing, lunaPathMissing, lunaPermissionDenied, lunaPivotRootInvalid, lunaFsOpFails, lunaFsRace,
  lunaServiceOrder, lunaServiceRestartLoop, lunaNeedlessRoot, lunaDeadlock,
  unusedCapability,
  // Last: it speaks only when nothing before it did.
  nothingProven,
];

export const RULES: Rule[] = [...stageReported, ...CHECK_RULES];

export const RULES_BY_CODE = new Map(RULES.map((r) => [r.code, r]));
