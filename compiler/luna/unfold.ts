/**
 * Unfolding a thread-model plan into lanes of steps: the kernel's `_start`, the kernel threads it
 * spawns, and every process — each program's steps (from `programs:`) inlined where it is spawned
 * or exec'd, with `$1`… replaced by its arguments, init's service directories and `/bin/sh`'s
 * scripts read from the root partition's image. What happens across lanes becomes
 * happens-before edges: spawn, start, wait (a child's last step before its parent's wait), await.
 */
import type { Diagnostic, Entry, SourceRef } from '../types.js';
import { checkedCost, checkedSize } from '../checked-values.js';
import type { Creds, FsImage, HbEdge, LunaGroup, LunaLane, LunaOp, LunaService, LunaStepInfo, LunaUser } from './model.js';
import { normalizePath } from './fs.js';
import { scriptCommands, servicesIn } from './services.js';

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Operation keys a step may carry (at most one). */
export const LUNA_OPS = [
  'spawn', 'start', 'exec', 'exit', 'wait', 'await', 'mount', 'umount', 'pivot-root', 'mkdir', 'chown', 'chmod',
  'listen', 'connect', 'open', 'hostname', 'setuid', 'scan-disks', 'services', 'script', 'idle', 'supervise', 'reap', 'oom',
] as const;

export const MAX_LANES = 5000;
export const MAX_STEPS = 50_000;
export const MAX_DEPTH = 16;

export interface UnfoldInput {
  kernel: Obj;
  programs: Obj;
  images: FsImage[];
  users: LunaUser[];
  groups: LunaGroup[];
  /** Devices scan-disks registers. */
  disks: string[];
  file: string;
}

export interface Unfolded {
  lanes: LunaLane[];
  entries: Entry[];
  hb: HbEdge[];
  diagnostics: Diagnostic[];
}

const ROOT: Creds = { uid: 0, gid: 0, groups: [] };

export function credsOf(user: LunaUser, groups: readonly LunaGroup[], extra: readonly number[] = []): Creds {
  const member = groups.filter((g) => g.members.includes(user.name)).map((g) => g.gid);
  return { uid: user.uid, gid: user.gid, groups: [...new Set([...member, ...extra])].sort((a, b) => a - b) };
}

function stepLabel(op: LunaOp, name: string | undefined): string {
  if (name) return name;
  switch (op.op) {
    case 'spawn': return `spawn:${op.lane.slice(op.lane.lastIndexOf('/') + 1)}`;
    case 'start': return `start:${op.lane.slice(op.lane.lastIndexOf('/') + 1)}`;
    case 'wait': return `wait:${op.lane.slice(op.lane.lastIndexOf('/') + 1)}`;
    case 'exec': return `exec:${op.path}`;
    case 'exit': return 'exit';
    case 'await': return `await:${op.capability}`;
    case 'mount': case 'umount': return `${op.op}:${op.at}`;
    case 'pivot-root': return `pivot-root:${op.new}`;
    case 'mkdir': case 'chown': case 'chmod': case 'listen': case 'connect': case 'open': case 'hostname': return `${op.op}:${op.path}`;
    case 'setuid': return `setuid:${op.user}`;
    case 'scan-disks': return 'scan-disks';
    case 'idle': return op.what;
    case 'do': return 'step';
  }
}

/** The contract of an operation: capabilities it uses and provides (besides what the step declares). */
export function opContract(op: LunaOp, disks: readonly string[]): { uses: string[]; provides: string[] } {
  switch (op.op) {
    case 'spawn': return { uses: ['sched'], provides: [] };
    case 'mount': {
      const dev = op.dev !== null && op.dev.startsWith('/dev/') ? op.dev.slice('/dev/'.length) : null;
      return { uses: dev !== null && disks.includes(dev) ? [`device:${dev}`] : [], provides: [] };
    }
    case 'scan-disks': return { uses: [], provides: disks.map((d) => `device:${d}`) };
    case 'listen': return { uses: [], provides: [`listen:${op.path}`] };
    case 'connect': return { uses: [`listen:${op.path}`], provides: [] };
    case 'await': return { uses: [op.capability], provides: [] };
    case 'hostname': return { uses: [], provides: ['hostname'] };
    default: return { uses: [], provides: [] };
  }
}

export function unfold(input: UnfoldInput): Unfolded {
  const { users, groups } = input;
  const lanes: LunaLane[] = [];
  const laneById = new Map<string, LunaLane>();
  const entries: Entry[] = [];
  const hb: HbEdge[] = [];
  const diagnostics: Diagnostic[] = [];
  // Service directories and scripts are read from the image that holds them, partitions first.
  const byPartition = [...input.images.filter((i) => i.device !== null), ...input.images.filter((i) => i.device === null)];
  const imageWith = (path: string) => byPartition.find((i) => i.nodes.some((n) => n.path === path || n.path.startsWith(`${path}/`)));
  const threads = isObj(input.kernel.threads) ? input.kernel.threads : {};
  const error = (code: string, message: string, source: SourceRef, hint?: string) => diagnostics.push({ code, severity: 'error', message, source, ...(hint ? { hint } : {}) });
  let truncated = false;
  // A program's steps unfold once per process that runs it: a value out of range is said once.
  const saidAt = new Set<string>();
  const checkedValue = <T>(read: (sink: Diagnostic[]) => T): T => {
    const sink: Diagnostic[] = [];
    const value = read(sink);
    for (const d of sink) {
      const at = `${d.source?.file ?? ''}\0${(d.source?.path ?? []).join('\0')}`;
      if (!saidAt.has(at)) diagnostics.push(d);
      saidAt.add(at);
    }
    return value;
  };

  const newLane = (proposed: string, init: Omit<LunaLane, 'id' | 'steps' | 'daemon'>): LunaLane => {
    let id = proposed;
    for (let n = 2; laneById.has(id); n++) id = `${proposed}#${n}`;
    const lane: LunaLane = { id, ...init, steps: [], daemon: false };
    lanes.push(lane);
    laneById.set(id, lane);
    return lane;
  };
  const childId = (parent: LunaLane, name: string) => (parent.kind !== 'process' || parent.pid === 1 ? name : `${parent.id}/${name}`);
  const userNamed = (name: string) => users.find((u) => u.name === name);
  const groupNamed = (name: string) => groups.find((g) => g.name === name);

  /** `execs`: how many programs this process has exec'd so far (exec replaces the program, so a
   * chain of them is no deeper in processes, but one that comes back to itself never ends). */
  interface Ctx { lane: LunaLane; program: string | null; argv: string[]; creds: Creds; depth: number; execs: number; labels: Map<string, number> }

  const sub = (v: unknown, argv: string[]): string => String(v).replace(/\$(\d)/g, (_, d: string) => argv[Number(d)] ?? '');

  const addEntry = (ctx: Ctx, op: LunaOp, step: Obj, source: SourceRef, extra: Partial<LunaStepInfo> = {}): Entry | null => {
    if (entries.length >= MAX_STEPS) {
      if (!truncated) error('plan-too-large', `the plan unfolds into more than ${MAX_STEPS} steps`, source, 'a program that spawns itself? bound the recursion');
      truncated = true;
      return null;
    }
    const label0 = stepLabel(op, typeof step.name === 'string' ? step.name : undefined);
    const n = (ctx.labels.get(label0) ?? 0) + 1;
    ctx.labels.set(label0, n);
    const label = n === 1 ? label0 : `${label0}#${n}`;
    const contract = opContract(op, input.disks);
    const declaredUses = Array.isArray(step.uses) ? step.uses.map(String) : [];
    const declaredProvides = Array.isArray(step.provides) ? step.provides.map(String) : [];
    const uses = [...new Set([...declaredUses, ...contract.uses])];
    const provides = [...new Set([...declaredProvides, ...contract.provides])];
    const info: LunaStepInfo = { lane: ctx.lane.id, seq: ctx.lane.steps.length, op, program: ctx.program, creds: ctx.lane.kind === 'process' ? { ...ctx.creds } : null, ...extra };
    if (typeof step.stage === 'string') info.stage = step.stage;
    const entry: Entry = {
      id: `${ctx.lane.id}.${label}`, index: entries.length, lib: ctx.lane.id, fn: label, kind: 'step', table: 'steps', level: null, levelNumber: null,
      prio: 0, phase: 1, key: 0, uses, provides, declaredUses, after: [], before: [], effects: [],
      cost: checkedValue((sink) => checkedCost(step.cost, { file: source.file, path: [...source.path, 'cost'] }, sink)),
      alloc: step.alloc === undefined ? 0 : checkedValue((sink) => checkedSize(step.alloc, 'alloc', { file: source.file, path: [...source.path, 'alloc'] }, sink)),
      returns: 0, term: null,
      ...(typeof step.note === 'string' ? { note: step.note } : {}), source, luna: info,
    };
    const prev = ctx.lane.steps[ctx.lane.steps.length - 1];
    if (prev !== undefined) hb.push({ from: prev, to: entry.id, kind: 'program' });
    ctx.lane.steps.push(entry.id);
    entries.push(entry);
    return entry;
  };

  /** A spawned lane's first step happens after the step that spawned it. */
  const spawnEdge = (lane: LunaLane) => {
    const first = lane.steps[0];
    if (first !== undefined && lane.spawnedBy !== null) hb.push({ from: lane.spawnedBy, to: first, kind: 'spawn' });
  };

  const programSteps = (argv: string[]): { steps: unknown[]; key: string; file: string } | null => {
    const whole = argv.join(' ');
    const programs = input.programs;
    if (Array.isArray(programs[whole])) return { steps: programs[whole] as unknown[], key: whole, file: input.file };
    if (Array.isArray(programs[argv[0]!])) return { steps: programs[argv[0]!] as unknown[], key: argv[0]!, file: input.file };
    return null;
  };

  const spawnProcess = (ctx: Ctx, step: Obj, source: SourceRef, argv: string[], opts: { name?: string; user?: string | null; groups?: string[]; stopped?: boolean; pid?: number | null; service?: LunaService | null; wait?: boolean }): void => {
    const path = normalizePath(argv[0]!);
    const laneName = opts.name ?? (opts.service ? opts.service.file : path.slice(path.lastIndexOf('/') + 1));
    let creds = ctx.creds;
    const extra: number[] = [];
    for (const g of opts.groups ?? []) {
      const found = groupNamed(g);
      if (!found) error('unknown-user', `no group "${g}" in the root partition's /etc/group`, source);
      else extra.push(found.gid);
    }
    if (opts.user) {
      const u = userNamed(opts.user);
      if (!u) error('unknown-user', `no user "${opts.user}" in the root partition's /etc/passwd`, source, `users: ${users.map((x) => x.name).join(', ')}`);
      else creds = credsOf(u, groups, extra);
    } else if (extra.length > 0) creds = { ...creds, groups: [...new Set([...creds.groups, ...extra])].sort((a, b) => a - b) };
    const lane = newLane(childId(ctx.lane, laneName), {
      kind: 'process', title: argv.join(' '), parent: ctx.lane.id, spawnedBy: null, pid: opts.pid ?? null, stopped: opts.stopped === true, creds, service: opts.service ?? null,
    });
    const op: LunaOp = { op: 'spawn', lane: lane.id, thread: false, path, argv, stopped: lane.stopped, user: opts.user ?? null };
    const spawn = addEntry(ctx, op, step, source);
    if (!spawn) return;
    lane.spawnedBy = spawn.id;
    const child: Ctx = { lane, program: path, argv, creds, depth: ctx.depth + 1, execs: 0, labels: new Map() };
    runProgram(child, argv, source);
    spawnEdge(lane);
    if (opts.wait) {
      const w = addEntry(ctx, { op: 'wait', lane: lane.id }, { name: `wait:${lane.id.slice(lane.id.lastIndexOf('/') + 1)}` }, source);
      const last = lane.steps[lane.steps.length - 1];
      if (w && last !== undefined) hb.push({ from: last, to: w.id, kind: 'wait' });
    }
  };

  const runProgram = (ctx: Ctx, argv: string[], source: SourceRef): void => {
    if (ctx.depth > MAX_DEPTH) {
      error('spawn-depth', `processes nest deeper than ${MAX_DEPTH} levels at ${argv.join(' ')}: a program that starts itself?`, source);
      return;
    }
    const found = programSteps(argv);
    if (!found) {
      error('unknown-program', `the plan does not say what ${argv[0]} does`, source, `add \`${argv[0]}:\` under \`programs:\` with its steps`);
      return;
    }
    runSteps(ctx, found.steps, ['programs', found.key]);
  };

  const runSteps = (ctx: Ctx, steps: unknown[], base: Array<string | number>): void => {
    for (let i = 0; i < steps.length; i++) {
      const raw = steps[i];
      const source: SourceRef = { file: input.file, path: [...base, i] };
      if (!isObj(raw)) continue;
      const ops = LUNA_OPS.filter((k) => k in raw);
      if (ops.length > 1) {
        error('schema', `a step does one thing; this one has ${ops.join(' and ')}`, source, 'split it into two steps');
        continue;
      }
      const key = ops[0];
      const v = key === undefined ? undefined : raw[key];
      const argv = ctx.argv;
      switch (key) {
        case undefined:
          if (typeof raw.name !== 'string') error('schema', 'a step without an operation needs a `name`', source);
          else addEntry(ctx, { op: 'do' }, raw, source);
          break;
        case 'spawn': {
          const s = isObj(v) ? v : {};
          if (typeof s.thread === 'string') {
            const body = threads[s.thread];
            if (!Array.isArray(body)) {
              error('unknown-thread', `no kernel thread "${s.thread}" under kernel.threads`, source, `known: ${Object.keys(threads).join(', ') || 'none'}`);
              break;
            }
            const lane = newLane(s.thread, { kind: 'kthread', title: `[${s.thread}]`, parent: ctx.lane.id, spawnedBy: null, pid: null, stopped: s.stopped === true, creds: ROOT, service: null });
            const spawn = addEntry(ctx, { op: 'spawn', lane: lane.id, thread: true, path: null, argv: [], stopped: lane.stopped, user: null }, raw, source);
            if (!spawn) break;
            lane.spawnedBy = spawn.id;
            runSteps({ lane, program: null, argv: [], creds: ROOT, depth: ctx.depth + 1, execs: 0, labels: new Map() }, body, ['kernel', 'threads', s.thread]);
            spawnEdge(lane);
            break;
          }
          const path = typeof s.path === 'string' ? sub(s.path, argv) : '';
          if (!path.startsWith('/')) {
            error('schema', 'spawn needs `thread: NAME` (a kernel thread) or `path: /ABSOLUTE/PATH` (a program)', source);
            break;
          }
          const args = Array.isArray(s.args) ? s.args.map((a) => sub(a, argv)) : [];
          spawnProcess(ctx, raw, source, [path, ...args], {
            ...(typeof s.name === 'string' ? { name: s.name } : {}),
            user: typeof s.user === 'string' ? s.user : null,
            groups: Array.isArray(s.groups) ? s.groups.map(String) : [],
            stopped: s.stopped === true,
            pid: typeof s.pid === 'number' ? s.pid : null,
            wait: s.wait === true,
          });
          break;
        }
        case 'start': {
          const target = lanes.find((l) => l.id === String(v) || l.title === String(v) || l.title.split(' ')[0] === String(v));
          if (!target || !target.stopped) {
            error('unknown-thread', `start: no stopped thread or process "${String(v)}" was spawned before this step`, source, 'spawn it with `stopped: true` first');
            break;
          }
          const e = addEntry(ctx, { op: 'start', lane: target.id }, raw, source);
          const first = target.steps[0];
          if (e && first !== undefined) hb.push({ from: e.id, to: first, kind: 'start' });
          break;
        }
        case 'exec': {
          const s = isObj(v) ? v : { path: v };
          const path = normalizePath(sub(s.path, argv));
          const args = Array.isArray(s.args) ? s.args.map((a) => sub(a, argv)) : [];
          const e = addEntry(ctx, { op: 'exec', path, argv: [path, ...args] }, raw, source);
          if (!e) break;
          if (i < steps.length - 1) diagnostics.push({ code: 'unreachable-step', severity: 'warning', message: `the steps after \`exec ${path}\` never run: exec replaces the program`, source: { file: input.file, path: [...base, i + 1] }, hint: 'move them into the program exec runs, or before the exec' });
          if (ctx.execs >= MAX_DEPTH) {
            error('spawn-depth', `${ctx.lane.id} execs a program more than ${MAX_DEPTH} times in a row, the last ${path}: a program that (through others) execs itself?`, source, 'end the chain: one of the programs must do its work instead of exec-ing the next');
            return;
          }
          ctx.execs++;
          ctx.program = path;
          ctx.argv = [path, ...args];
          runProgram(ctx, ctx.argv, source);
          return;
        }
        case 'exit':
          addEntry(ctx, { op: 'exit', status: typeof v === 'number' ? v : 0 }, raw, source);
          return;
        case 'wait': {
          const target = lanes.find((l) => l.parent === ctx.lane.id && (l.id === String(v) || l.id.endsWith(`/${String(v)}`)));
          if (!target) {
            error('unknown-thread', `wait: this process spawned no child "${String(v)}"`, source);
            break;
          }
          const e = addEntry(ctx, { op: 'wait', lane: target.id }, raw, source);
          const last = target.steps[target.steps.length - 1];
          if (e && last !== undefined) hb.push({ from: last, to: e.id, kind: 'wait' });
          break;
        }
        case 'await':
          addEntry(ctx, { op: 'await', capability: String(v) }, raw, source);
          break;
        case 'mount': {
          const s = isObj(v) ? v : {};
          addEntry(ctx, { op: 'mount', fs: sub(s.fs ?? '', argv), dev: s.dev === undefined ? null : sub(s.dev, argv), at: normalizePath(sub(s.at ?? '/', argv)), title: typeof s.title === 'string' ? s.title : null }, raw, source);
          break;
        }
        case 'umount':
          addEntry(ctx, { op: 'umount', at: normalizePath(sub(v, argv)) }, raw, source);
          break;
        case 'pivot-root': {
          const s = isObj(v) ? v : {};
          addEntry(ctx, { op: 'pivot-root', new: normalizePath(sub(s.new ?? '/', argv)), old: normalizePath(sub(s.old ?? '/', argv)) }, raw, source);
          break;
        }
        case 'mkdir':
          addEntry(ctx, { op: 'mkdir', path: normalizePath(sub(v, argv)) }, raw, source);
          break;
        case 'chown': {
          const s = isObj(v) ? v : {};
          const [user, group] = sub(s.owner ?? '', argv).split(':') as [string, string | undefined];
          addEntry(ctx, { op: 'chown', path: normalizePath(sub(s.path ?? '', argv)), user, group: group ?? user }, raw, source);
          break;
        }
        case 'chmod': {
          const s = isObj(v) ? v : {};
          const mode = parseInt(sub(s.mode ?? '', argv), 8);
          if (!Number.isInteger(mode) || mode < 0 || mode > 0o7777) error('schema', `chmod: "${String(s.mode)}" is not an octal mode`, source);
          else addEntry(ctx, { op: 'chmod', path: normalizePath(sub(s.path ?? '', argv)), mode }, raw, source);
          break;
        }
        case 'listen': {
          const s = isObj(v) ? v : { path: v };
          const mode = s.mode === undefined ? 0o666 : parseInt(String(s.mode), 8);
          addEntry(ctx, { op: 'listen', path: normalizePath(sub(s.path, argv)), mode: Number.isInteger(mode) ? mode : 0o666, group: typeof s.group === 'string' ? s.group : null }, raw, source);
          break;
        }
        case 'connect':
          addEntry(ctx, { op: 'connect', path: normalizePath(sub(v, argv)) }, raw, source);
          break;
        case 'open': {
          const s = isObj(v) ? v : { path: v };
          addEntry(ctx, { op: 'open', path: normalizePath(sub(s.path, argv)), write: s.write === true }, raw, source);
          break;
        }
        case 'hostname':
          addEntry(ctx, { op: 'hostname', path: normalizePath(sub(v, argv)) }, raw, source);
          break;
        case 'setuid': {
          const s = isObj(v) ? v : { user: v };
          const user = String(s.user);
          const u = userNamed(user);
          const group = typeof s.group === 'string' ? s.group : null;
          const g = group === null ? undefined : groupNamed(group);
          if (!u || (group !== null && !g)) {
            error('unknown-user', `setuid: no ${!u ? `user "${user}" in` : `group "${group}" in`} the root partition's ${!u ? '/etc/passwd' : '/etc/group'}`, source);
            break;
          }
          addEntry(ctx, { op: 'setuid', user, group }, raw, source);
          ctx.creds = g ? { ...credsOf(u, groups), gid: g.gid } : credsOf(u, groups);
          break;
        }
        case 'scan-disks':
          addEntry(ctx, { op: 'scan-disks' }, raw, source);
          break;
        case 'services': {
          const dir = normalizePath(sub(v, argv));
          const rootImage = imageWith(dir);
          const files = servicesIn(rootImage, dir);
          const stage = typeof raw.stage === 'string' ? raw.stage : undefined;
          if (files.length === 0) diagnostics.push({ code: 'no-services', severity: 'warning', message: `${dir} holds no service files in ${rootImage?.name ?? 'the root partition'}`, source, hint: `add files such as ${dir}/10-name with a Command= line` });
          files.forEach((svc, k) => {
            for (const p of svc.problems) error('bad-service', `${dir}/${svc.file}: ${p}`, source);
            if (svc.command.length === 0) return;
            const service: LunaService = { file: svc.file, dir, name: svc.name, command: svc.command, restart: svc.restart, wait: svc.wait, user: svc.user, source, fileSource: svc.source ?? source };
            const last = k === files.length - 1;
            const stepRaw: Obj = { name: `start:${svc.file}`, ...(last && stage ? { stage } : {}) };
            spawnProcess(ctx, stepRaw, source, svc.command.map((c) => normalizeIfPath(c)), { name: svc.file, user: svc.user, service, wait: svc.wait });
          });
          break;
        }
        case 'script': {
          const path = sub(v, argv);
          if (path === '') {
            addEntry(ctx, { op: 'idle', what: 'idle' }, { ...raw, name: 'interactive' }, source);
            ctx.lane.daemon = true;
            return;
          }
          const file = normalizePath(path);
          const rootImage = imageWith(file);
          const node = rootImage?.nodes.find((n) => n.path === file);
          addEntry(ctx, { op: 'open', path: file, write: false }, { ...raw, name: `read:${file}` }, source);
          if (!node || node.text === undefined) break; // the read faults; the checker says why
          for (const words of scriptCommands(node.text)) {
            const prog = words[0]!.startsWith('/') ? words[0]! : lookupPath(rootImage, words[0]!);
            spawnProcess(ctx, {}, source, [prog, ...words.slice(1)], { wait: true });
          }
          break;
        }
        case 'idle': case 'supervise': case 'reap': case 'oom':
          addEntry(ctx, { op: 'idle', what: key }, raw, source);
          ctx.lane.daemon = true;
          return;
      }
    }
  };

  const kernelLane = newLane('kernel', { kind: 'kernel', title: '_start', parent: null, spawnedBy: null, pid: null, stopped: false, creds: ROOT, service: null });
  runSteps({ lane: kernelLane, program: null, argv: [], creds: ROOT, depth: 0, execs: 0, labels: new Map() }, Array.isArray(input.kernel.start) ? input.kernel.start : [], ['kernel', 'start']);
  // An await is a hand-off from the one step that provides what it waits for.
  for (const e of entries) {
    if (e.luna?.op.op !== 'await') continue;
    const cap = e.luna.op.capability;
    const from = entries.filter((p) => p !== e && p.provides.includes(cap));
    if (from.length === 1) hb.push({ from: from[0]!.id, to: e.id, kind: 'await' });
    else if (from.length > 1) error('await-ambiguous', `\`await: ${cap}\` in ${e.lib}: ${from.length} steps provide it (${from.slice(0, 3).map((p) => p.id).join(', ')}), so which one it waits for depends on the schedule`, e.source, 'await a capability exactly one step provides');
  }
  if (lanes.length > MAX_LANES) error('plan-too-large', `the plan unfolds into ${lanes.length} threads and processes (at most ${MAX_LANES})`, { file: input.file, path: ['kernel'] });
  return { lanes, entries, hb, diagnostics };
}

function normalizeIfPath(word: string): string {
  return word.startsWith('/') ? normalizePath(word) : word;
}

/** A command name found the way `/bin/sh` finds it: `/bin`, then `/usr/bin`. */
function lookupPath(image: FsImage | undefined, name: string): string {
  for (const dir of ['/bin', '/usr/bin']) if (image?.nodes.some((n) => n.path === `${dir}/${name}`)) return `${dir}/${name}`;
  return `/bin/${name}`;
}
