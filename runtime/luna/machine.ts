/**
 * The emulated machine for the thread model (Luna): runs a schedule — the default one, a random
 * or reverse one, or a checker witness — step by step. Processes get PIDs in spawn order (PID 1
 * reserved for preinit, never reused); each step first needs its capabilities (else a fault, as in
 * the key model), then does its operation on the filesystem model the checker reads
 * (`compiler/luna/fs.ts`): a refused exec, mount, connect faults with the errno. A faulting
 * process dies; PID 1 or a kernel thread faulting is a kernel panic. init restarts services with
 * Restart=true up to the profile's limit; [reap] frees threads that exited and were waited for.
 */
import { credsErrno, credsOfEntry, fsFault, fsFor, opSubject } from '../../compiler/luna/state.js';
import { ERRNO_TEXT, type LunaFs } from '../../compiler/luna/fs.js';
import type { LunaLane, LunaModel, LunaOp } from '../../compiler/luna/model.js';
import { schedule, type Pick } from '../../compiler/luna/schedule.js';
import { restartFault } from '../../compiler/check/rules/service-restart-loop.js';
import { blockedOn } from '../../compiler/check/rules/deadlock.js';
import { InputError, mountOverOf, type Compiled, type Entry } from '../../compiler/types.js';
import { OOM_FAULT } from '../../compiler/luna/memory.js';
import { formatSize } from '../../compiler/units.js';
import type { TraceEvent } from '../../traces/events.js';
import type { FaultInfo } from '../fault.js';
import type { LinkOrder, RunOptions } from '../options.js';
import { mulberry32 } from '../prng.js';
import { LimitReached } from '../errors.js';
import { DEFAULT_MAX_EVENTS } from '../options.js';

export interface ProcessRow {
  pid: number;
  title: string;
  state: 'running' | 'stopped' | 'exited' | 'dying';
  user: string;
}

export interface MountRow {
  at: string;
  title: string;
  fs: string;
}

export interface StageSnapshot {
  stage: string;
  processes: ProcessRow[];
  mounts: MountRow[];
}

interface Proc {
  pid: number;
  lane: LunaLane;
  title: string;
  state: ProcessRow['state'] | 'gone';
  user: string;
  ppid: number;
}

export interface LunaRun {
  events: TraceEvent[];
  faults: FaultInfo[];
  snapshots: StageSnapshot[];
  crashed: string | null;
  limit?: 'events' | 'time';
}

/** The schedule a link-order option names, over the plan's steps. */
export function lunaSchedule(compiled: Compiled, linkOrder: LinkOrder | undefined): string[] {
  const luna = compiled.luna!;
  const blocked = new Set(luna.blocked);
  const kind = linkOrder?.kind ?? 'declared';
  if (kind === 'declared') return compiled.order.filter((id) => !blocked.has(id));
  if (kind === 'witness') {
    // A witness read from JSON without an order is the default schedule (as for the key model).
    const w = (linkOrder as { witness: { order: readonly string[] } }).witness;
    return (w.order.length > 0 ? [...w.order] : compiled.order).filter((id) => !blocked.has(id));
  }
  let pick: Pick;
  if (kind === 'reverse') pick = (r) => r[r.length - 1]!;
  else {
    const rnd = mulberry32((linkOrder as { seed: number }).seed);
    pick = (r) => r[rnd() % r.length]!;
  }
  return schedule(luna.lanes, compiled.entries, luna.hb, pick).order;
}

function who(lane: LunaLane, proc: { pid: number; title: string } | undefined): string {
  if (lane.kind === 'kernel') return 'kernel';
  if (lane.kind === 'kthread') return lane.title;
  const base = (proc?.title ?? lane.title).split(' ')[0]!;
  return `${base.slice(base.lastIndexOf('/') + 1)}(${proc?.pid ?? '?'})`;
}

export function runLuna(compiled: Compiled, options: RunOptions): LunaRun {
  const luna: LunaModel = compiled.luna!;
  const order = lunaSchedule(compiled, options.linkOrder);
  const byId = new Map(compiled.entries.map((e) => [e.id, e]));
  const lanes = new Map(luna.lanes.map((l) => [l.id, l]));
  const events: TraceEvent[] = [];
  const budget = Math.max(1, options.maxEvents ?? DEFAULT_MAX_EVENTS) - 1;
  let t = 0;
  const push = (e: Omit<TraceEvent, 'seq' | 't'>) => {
    if (events.length >= budget) throw new LimitReached('events', `event limit of ${budget + 1} reached`);
    events.push({ seq: events.length, t, ...e } as TraceEvent);
  };
  const fs: LunaFs = fsFor(luna, [], mountOverOf(compiled.profile));
  const caps = new Set(compiled.profile.initial ?? []);
  const procs = new Map<string, Proc>();
  const done = new Set<string>();
  const skipped = new Set<string>();
  const dead = new Set<string>();
  const faults: FaultInfo[] = [];
  const snapshots: StageSnapshot[] = [];
  let nextPid = 2;
  let crashed: string | null = null;
  const keepGoing = options.keepGoing === true;
  const userName = (uid: number) => luna.users.find((u) => u.uid === uid)?.name ?? String(uid);
  const log = (lane: LunaLane, msg: string) => push({ ev: 'log', lib: who(lane, procs.get(lane.id)), msg });
  const lastStageMarked = new Set(compiled.entries.flatMap((e) => (e.luna?.stage ? [e.luna.stage] : [])));

  const snapshot = (stage: string) => {
    const processes = [...procs.values()]
      .filter((p) => p.state !== 'gone')
      .sort((a, b) => a.pid - b.pid)
      .map((p) => ({ pid: p.pid, title: p.title, state: p.state as ProcessRow['state'], user: p.user }));
    snapshots.push({ stage, processes, mounts: mountRows(fs) });
  };

  // [oom] runs when 1/4, then 1/8 of physical memory is left, and purges the disk caches.
  const memory = compiled.plan.memory;
  let memUsed = 0;
  const fired = new Set<number>();
  const oomCheck = () => {
    const oom = [...procs.values()].find((p) => p.lane.id === 'oom' && p.state === 'running');
    if (!oom) return;
    for (const part of [4, 8]) {
      if (fired.has(part) || memory - memUsed > memory / part) continue;
      fired.add(part);
      log(oom.lane, `memory low: ${formatSize(memory - memUsed)} of ${formatSize(memory)} left (below 1/${part}): purged the disk caches`);
    }
  };

  const reap = () => {
    const reaper = [...procs.values()].find((p) => p.lane.id === 'reap' && p.state === 'running');
    // [reap] is woken whenever a thread is dying; it runs before the next step.
    if (!reaper) return;
    for (const p of procs.values()) {
      if (p.state !== 'dying') continue;
      p.state = 'gone';
      log(reaper.lane, `freed ${p.title} (PID ${p.pid})`);
    }
  };

  const fault = (entry: Entry, capability: string, reason: string, errno?: string) => {
    const info: FaultInfo = { kind: 'fault', id: entry.id, capability, missing: [capability], reason };
    faults.push(info);
    push({ ev: 'fault', id: entry.id, lib: entry.lib, fn: entry.fn!, capability, missing: [capability], reason, ...(errno ? { errno } : {}) });
    const lane = lanes.get(entry.luna!.lane)!;
    log(lane, `fault: ${reason}`);
    if (keepGoing) return;
    const proc = procs.get(lane.id);
    dead.add(lane.id);
    if (lane.kind !== 'process' || proc?.pid === 1) {
      crashed ??= reason;
      return;
    }
    if (proc) {
      proc.state = 'exited';
      push({ ev: 'exit', pid: proc.pid, status: 255 });
    }
  };

  const parentSupervises = (lane: LunaLane): boolean => {
    const parent = lane.parent ? lanes.get(lane.parent) : undefined;
    if (!parent) return false;
    const last = byId.get(parent.steps[parent.steps.length - 1] ?? '');
    return last?.luna?.op.op === 'idle' && last.luna.op.what === 'supervise' && done.has(last.id);
  };

  const execute = (entry: Entry): void => {
    const info = entry.luna!;
    const lane = lanes.get(info.lane)!;
    const op: LunaOp = info.op;
    const proc = procs.get(lane.id);
    push({ ev: 'call', id: entry.id, lib: entry.lib, fn: entry.fn!, ...(proc ? { pid: proc.pid } : {}) });
    t += entry.cost;
    if (t > (options.maxTimeNs ?? Infinity)) throw new LimitReached('time', `time limit of ${options.maxTimeNs} ns reached`);
    const missing = entry.uses.filter((c) => !caps.has(c));
    if (missing.length > 0) {
      fault(entry, missing[0]!, `${entry.id} uses ${missing[0]}, which does not exist yet`);
      if (!keepGoing) return;
    }
    const creds = credsOfEntry(entry);
    const credErr = credsErrno(op, creds, luna);
    if (credErr) {
      const target = op.op === 'setuid' ? op.user : (op as { user: string }).user;
      fault(entry, fsFault(credErr, `${op.op === 'setuid' ? 'setuid' : 'spawn-as'}:${target}`), `${op.op} as ${target}: ${credErr} (${ERRNO_TEXT[credErr]})`, credErr);
      if (!keepGoing) return;
    }
    if (!credErr) {
      const errno = fs.apply(op, creds);
      if (errno) {
        const path = opSubject(op);
        fault(entry, fsFault(errno, path), `${op.op} ${path}: ${errno} (${ERRNO_TEXT[errno]})`, errno);
        if (!keepGoing) {
          return;
        }
      } else {
        describe(entry, lane, op);
      }
    }
    if (op.op === 'do' && typeof entry.fn === 'string') log(lane, entry.fn);
    if (entry.alloc > 0) {
      if (memUsed + entry.alloc > memory) {
        fault(entry, OOM_FAULT, `${entry.id} takes ${formatSize(entry.alloc)}, past the ${formatSize(memory)} of memory (${formatSize(memUsed)} taken)`, 'ENOMEM');
        if (!keepGoing) return;
      } else {
        memUsed += entry.alloc;
        oomCheck();
      }
    }
    for (const c of entry.provides) caps.add(c);
  };

  const describe = (entry: Entry, lane: LunaLane, op: LunaOp): void => {
    const proc = procs.get(lane.id);
    switch (op.op) {
      case 'spawn': {
        const child = lanes.get(op.lane)!;
        const pid = child.pid ?? nextPid++;
        const user = userName(child.creds.uid);
        const p: Proc = { pid, lane: child, title: child.title, state: child.stopped ? 'stopped' : 'running', user, ppid: proc?.pid ?? 0 };
        procs.set(child.id, p);
        push({ ev: 'spawn', id: entry.id, name: child.title, pid, ppid: p.ppid, user });
        log(lane, child.service ? `starting service ${child.service.file} (${child.title}, PID ${pid}, ${user})` : `started ${child.title} (PID ${pid}, ${user})`);
        break;
      }
      case 'start': {
        const p = procs.get(op.lane);
        if (p) p.state = 'running';
        log(lane, `${lanes.get(op.lane)!.title} may run`);
        break;
      }
      case 'exec':
        if (proc) proc.title = op.argv.join(' ');
        push({ ev: 'exec', id: entry.id, pid: proc?.pid ?? 0, path: op.path });
        log(lane, `exec ${op.argv.join(' ')}`);
        break;
      case 'exit':
        if (proc) {
          proc.state = lane.kind === 'kthread' || parentSupervises(lane) ? 'dying' : 'exited';
          push({ ev: 'exit', id: entry.id, pid: proc.pid, status: op.status });
        }
        log(lane, `exited with status ${op.status}`);
        dead.add(lane.id);
        break;
      case 'wait': {
        const child = procs.get(op.lane);
        if (child && child.state === 'exited') child.state = 'dying';
        break;
      }
      case 'mount':
        push({ ev: 'mount', id: entry.id, path: op.at, fs: op.fs, dev: op.dev ?? 'none' });
        log(lane, `mounted ${op.fs}${op.dev ? ` ${op.dev}` : ''} on ${op.at}`);
        break;
      case 'umount':
        push({ ev: 'umount', id: entry.id, path: op.at });
        log(lane, `unmounted ${op.at}`);
        break;
      case 'pivot-root': {
        const old = op.old.slice(op.new.length) || '/';
        push({ ev: 'pivot-root', id: entry.id, new: op.new, old });
        log(lane, `pivot_root: ${op.new} is now /, the old root is on ${old}`);
        break;
      }
      case 'scan-disks':
        for (const d of luna.disks) fs.devices.add(d);
        log(lane, `found ${luna.disks.join(', ') || 'no disks'}`);
        break;
      case 'hostname':
        log(lane, `hostname: ${(fs.text(op.path) ?? '').trim()}`);
        break;
      case 'listen':
        log(lane, `listening on ${op.path}`);
        break;
      case 'connect':
        log(lane, `connected to ${op.path}`);
        break;
      case 'setuid':
        if (proc) proc.user = op.user;
        log(lane, `now running as ${op.user}${op.group ? `:${op.group}` : ''}`);
        break;
      default:
        break;
    }
  };

  push({ ev: 'log', lib: 'kernel', msg: `Luna booting ${compiled.plan.name} (${Math.round(compiled.plan.memory / 1024 / 1024)} MiB)` });
  let limit: LunaRun['limit'];
  try {
    for (const id of order) {
      if (crashed !== null) break;
      const entry = byId.get(id);
      if (!entry?.luna) throw new InputError([{ code: 'bad-witness', severity: 'error', message: `the schedule names ${id}, which is not a step of this plan` }]);
      const lane = lanes.get(entry.luna.lane)!;
      if ((dead.has(lane.id) && !keepGoing) || (lane.kind !== 'kernel' && !procs.has(lane.id))) {
        skipped.add(id); // its process died, or was never spawned (its spawner died first)
        continue;
      }
      for (const e of luna.hb) {
        if (e.to !== id || done.has(e.from) || skipped.has(e.from)) continue;
        const fromLane = byId.get(e.from)?.luna?.lane;
        if (fromLane && (dead.has(fromLane) || !procs.has(fromLane))) continue;
        throw new InputError([{ code: 'bad-witness', severity: 'error', message: `the schedule runs ${id} before ${e.from}, which happens before it in every boot (${e.kind}): not a schedule of this plan` }]);
      }
      execute(entry);
      done.add(id);
      // A program that runs out of steps returns from main: exit(0).
      const lastOfLane = lane.steps[lane.steps.length - 1] === id;
      const op = entry.luna.op.op;
      if (lastOfLane && op !== 'exit' && op !== 'idle' && lane.kind === 'process' && !dead.has(lane.id)) {
        const proc = procs.get(lane.id);
        if (proc) {
          proc.state = parentSupervises(lane) ? 'dying' : 'exited';
          push({ ev: 'exit', pid: proc.pid, status: 0 });
        }
        dead.add(lane.id);
      }
      if (entry.luna.stage) snapshot(entry.luna.stage);
      reap();
    }
    if (crashed === null) {
      restarts();
      for (const id of luna.blocked) {
        const e = byId.get(id)!;
        const op = e.luna!.op;
        if ((op.op === 'await' || op.op === 'wait') && procs.has(e.luna!.lane)) fault(e, blockedOn(op), `${id} waits forever for ${blockedOn(op)}`);
      }
      for (const stage of luna.stages) if (!lastStageMarked.has(stage) && snapshots.every((s) => s.stage !== stage)) snapshot(stage);
    }
  } catch (err) {
    if (!(err instanceof LimitReached)) throw err;
    limit = err.limit;
    crashed ??= err.reason;
  }
  return { events, faults, snapshots, crashed, ...(limit ? { limit } : {}) };

  function restarts(): void {
    for (const lane of luna.lanes) {
      const service = lane.service;
      if (!service?.restart || !parentSupervises(lane)) continue;
      const ended = dead.has(lane.id);
      if (!ended) continue;
      let count = 0;
      while (count < luna.restartLimit) {
        count++;
        const parent = lanes.get(lane.parent!)!;
        const pid = nextPid++;
        const p: Proc = { pid, lane, title: lane.title, state: 'running', user: userName(lane.creds.uid), ppid: procs.get(parent.id)?.pid ?? 0 };
        procs.set(lane.id, p);
        dead.delete(lane.id);
        push({ ev: 'spawn', id: lane.spawnedBy!, name: lane.title, pid, ppid: p.ppid, user: p.user });
        log(parent, `restarting service ${service.file} (PID ${pid}, restart ${count} of ${luna.restartLimit})`);
        for (const id of lane.steps) {
          if (dead.has(lane.id)) break;
          const e = byId.get(id)!;
          if (e.luna!.op.op === 'spawn') continue; // a restarted service's children are not started again
          execute(e);
        }
        const lastOp = byId.get(lane.steps[lane.steps.length - 1]!)!.luna!.op.op;
        if (!dead.has(lane.id) && lastOp !== 'idle') {
          push({ ev: 'exit', pid, status: 0 });
          dead.add(lane.id);
        }
        if (!dead.has(lane.id)) return;
      }
      const first = byId.get(lane.steps[0]!)!;
      fault(first, restartFault(service.file), `service ${service.file} keeps dying: restarted ${luna.restartLimit} times, giving up`);
    }
  }
}

/** The mount table as the seed lays it out: depth first from `/`, children in mount order. */
export function mountRows(fs: LunaFs): MountRow[] {
  const live = fs.mounts.filter((m, i) => fs.mounts.map((x) => x.at).lastIndexOf(m.at) === i);
  const out: MountRow[] = [];
  const visit = (at: string) => {
    const m = live.find((x) => x.at === at);
    if (m) out.push({ at: m.at, title: m.fs.title, fs: m.fs.type });
    const children = live.filter((x) => x.at !== at && (at === '/' ? x.at.startsWith('/') : x.at.startsWith(`${at}/`)) && parentMountOf(x.at, live.map((y) => y.at)) === at);
    // The root image's listing (what the seed shows of it) comes after the mounts beside the
    // paths it names and before those under them (/home/selene after "/usr, /etc, /home...").
    const listing = at === '/' ? m?.fs.listing ?? [] : [];
    const named = listing.flatMap((l) => l.show.split(',').map((p) => p.trim().replace(/\.\.\.$/, '')));
    const under = (p: string) => named.some((n) => n !== '' && (p === n || p.startsWith(`${n}/`)));
    for (const c of children.filter((x) => !under(x.at))) visit(c.at);
    for (const l of listing) out.push({ at: l.show, title: l.title, fs: 'listing' });
    for (const c of children.filter((x) => under(x.at))) visit(c.at);
  };
  visit('/');
  return out;
}

function parentMountOf(at: string, points: string[]): string {
  let best = '/';
  for (const p of points) if (p !== at && (p === '/' || at.startsWith(`${p}/`)) && p.length > best.length) best = p;
  return best;
}
