/**
 * The thread model's state analysis: for every step that reads or changes the filesystem (exec,
 * mount, pivot_root, connect, ...), whether it succeeds in every schedule. The operations that
 * overlap its paths must be ordered among themselves (else `fs-race`); then the state a step sees
 * is the image plus a prefix of them — at least those that happen before it, at most those it
 * does not happen before — and the step is replayed on `LunaFs`, the machine's own model, after
 * each such prefix. Fails after all of them: a violation; after some: a race, with the schedule.
 */
import { mountOverOf, type Compiled, type Entry, type MountOver } from '../types.js';
import type { Graph } from '../graph.js';
import { LunaFs, mutates, opPaths, overlaps, type Errno } from './fs.js';
import type { Creds, LunaModel, LunaOp } from './model.js';

const ROOT: Creds = { uid: 0, gid: 0, groups: [] };
/** Pairs of filesystem changes compared for races: a bound, for plans with very many. */
const MAX_MUTATORS = 4000;

export interface StateFinding {
  entry: Entry;
  errno: Errno;
  /** The path the errno is about. */
  path: string;
  status: 'violation' | 'race';
  /** For a race: the operation whose effect (when it ran before the step) breaks it, or whose absence does. */
  after: Entry | null;
  /** What the machine names as the missing thing when it faults (`ENOENT /usr/bin/init`). */
  fault: string;
}

export interface FsRace {
  a: Entry;
  b: Entry;
}

export interface StateAnalysis {
  findings: StateFinding[];
  races: FsRace[];
}

/** What the machine names in a fault for an errno at a path. */
export function fsFault(errno: string, path: string): string {
  return `${errno} ${path}`;
}

/** The path an operation's errno is about, for messages. */
export function opSubject(op: LunaOp): string {
  return opPaths(op)[0] ?? '/';
}

export function fsFor(model: LunaModel, devices: readonly string[], mountOver: MountOver): LunaFs {
  return new LunaFs({
    images: model.images,
    devices,
    mountOver,
    groupId: (name) => model.groups.find((g) => g.name === name)?.gid ?? null,
    userId: (name) => model.users.find((u) => u.name === name)?.uid ?? null,
  });
}

export function credsOfEntry(entry: Entry): Creds {
  return entry.luna?.creds ?? ROOT;
}

/**
 * Credential changes a step makes that the kernel refuses: setuid or spawning as another user
 * without being root. Fixed per step (credentials follow program order), so both sides call this.
 */
export function credsErrno(op: LunaOp, creds: Creds, model: LunaModel): Errno | null {
  if (creds.uid === 0) return null;
  if (op.op === 'setuid') return model.users.find((u) => u.name === op.user)?.uid === creds.uid ? null : 'EPERM';
  if (op.op === 'spawn' && op.user !== null) return model.users.find((u) => u.name === op.user)?.uid === creds.uid ? null : 'EPERM';
  return null;
}

const cache = new WeakMap<Compiled, StateAnalysis>();

export function analyzeState(compiled: Compiled, graph: Graph): StateAnalysis {
  const hit = cache.get(compiled);
  if (hit) return hit;
  const model = compiled.luna!;
  const hb = graph.hb!;
  const blocked = new Set(model.blocked);
  const scheduled = new Set(compiled.order.filter((id) => !blocked.has(id)));
  const entries = [...compiled.entries].sort((x, y) => x.key - y.key);
  const mutators = entries.filter((e) => e.luna && mutates(e.luna.op));
  const findings: StateFinding[] = [];
  const races: FsRace[] = [];
  // Two changes at overlapping paths that nothing orders: the state after them depends on the schedule.
  for (let i = 0; i < mutators.length && i < MAX_MUTATORS; i++) {
    const a = mutators[i]!;
    if (!scheduled.has(a.id)) continue;
    const pa = opPaths(a.luna!.op);
    for (let j = i + 1; j < mutators.length && j < MAX_MUTATORS; j++) {
      const b = mutators[j]!;
      if (!scheduled.has(b.id) || !hb.concurrent(a.id, b.id)) continue;
      if (!opPaths(b.luna!.op).some((p) => pa.some((q) => overlaps(p, q)))) continue;
      races.push({ a, b });
    }
  }
  const racing = new Set(races.flatMap((r) => [r.a.id, r.b.id]));
  for (const e of entries) {
    const op = e.luna?.op;
    if (!op || !scheduled.has(e.id)) continue;
    const creds = credsOfEntry(e);
    const credErr = credsErrno(op, creds, model);
    if (credErr) {
      const who = op.op === 'setuid' ? op.user : (op as { user: string }).user;
      findings.push({ entry: e, errno: credErr, path: `user ${who}`, status: 'violation', after: null, fault: fsFault(credErr, `${op.op === 'setuid' ? 'setuid' : 'spawn-as'}:${who}`) });
      continue;
    }
    const paths = opPaths(op);
    if (paths.length === 0) continue;
    // What certainly ran before it, and the changes at its paths that may or may not have.
    const must = mutators.filter((m) => m !== e && scheduled.has(m.id) && hb.before(m.id, e.id));
    const chain = mutators.filter((m) => m !== e && scheduled.has(m.id) && hb.concurrent(m.id, e.id) && opPaths(m.luna!.op).some((p) => paths.some((q) => overlaps(p, q))));
    if (chain.some((m) => racing.has(m.id))) continue; // fs-race says so; no single answer here
    const failing: Array<{ k: number; errno: Errno }> = [];
    for (let k = 0; k <= chain.length; k++) {
      const last = k > 0 ? chain[k - 1]! : null;
      const fs = fsFor(model, model.disks, mountOverOf(compiled.profile));
      for (const m of mutators) {
        if (m === e || !scheduled.has(m.id)) continue;
        const ran = must.includes(m) || (last !== null && (m === last || hb.before(m.id, last.id)));
        if (ran) fs.apply(m.luna!.op, credsOfEntry(m));
      }
      const errno = fs.apply(op, creds);
      if (errno) failing.push({ k, errno });
    }
    if (failing.length === 0) continue;
    const path = opSubject(op);
    const first = failing[0]!;
    const status = failing.length === chain.length + 1 ? 'violation' : 'race';
    findings.push({ entry: e, errno: first.errno, path, status, after: status === 'race' && first.k > 0 ? chain[first.k - 1]! : null, fault: fsFault(first.errno, path) });
  }
  // A process dies at its first failing step: what it (or a child it would start later) does after
  // that never runs, so only the first failure of each process is a finding.
  const laneParent = new Map(model.lanes.map((l) => [l.id, l.parent]));
  const above = (a: string, b: string): boolean => {
    for (let l: string | null | undefined = b; l; l = laneParent.get(l)) if (l === a) return true;
    return false;
  };
  const kept: StateFinding[] = [];
  for (const f of findings) {
    if (kept.some((g) => above(g.entry.luna!.lane, f.entry.luna!.lane) && hb.before(g.entry.id, f.entry.id))) continue;
    kept.push(f);
  }
  const analysis = { findings: kept, races };
  cache.set(compiled, analysis);
  return analysis;
}
