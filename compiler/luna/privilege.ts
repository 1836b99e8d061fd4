/** What only root may do in the thread model (the checker's needless-root and the machine agree on it). */
import type { Creds, LunaModel, LunaOp } from './model.js';

export function needsRoot(op: LunaOp, creds: Creds | null, model: LunaModel): boolean {
  switch (op.op) {
    case 'mount': case 'umount': case 'pivot-root': case 'chown': case 'hostname': case 'scan-disks': return true;
    case 'setuid': return model.users.find((u) => u.name === op.user)?.uid !== creds?.uid;
    case 'spawn': return op.user !== null && model.users.find((u) => u.name === op.user)?.uid !== creds?.uid;
    default: return false;
  }
}
