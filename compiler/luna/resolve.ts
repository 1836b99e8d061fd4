/**
 * Resolving a plan of a thread-model profile (`luna`): images read, lanes unfolded, the default
 * schedule computed. Each step becomes an `Entry` of the profile's `steps` table whose key is its
 * place in the default schedule, so everything downstream that walks entries in order (the
 * compiled JSON, `graph`, the reporters) works unchanged; what orders them is `Compiled.luna`.
 */
import type { Diagnostic, Entry, PlanInfo, Profile, SourceRef } from '../types.js';
import { parseSize } from '../units.js';
import type { LunaModel } from './model.js';
import { readImages, type ImageSpec } from './images.js';
import { roundRobin, schedule } from './schedule.js';
import { unfold } from './unfold.js';
import { totalCostProblem } from '../checked-values.js';
import { append } from '../append.js';

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

export const DEFAULT_LUNA_MEMORY = 512 * 1024 * 1024;

export interface LunaResolved {
  plan: PlanInfo;
  entries: Entry[];
  luna: LunaModel;
  /** The default schedule (every step that can run). */
  order: string[];
  diagnostics: Diagnostic[];
}

export function resolveLuna(data: Obj, file: string, profile: Profile, files: string[]): LunaResolved {
  const diagnostics: Diagnostic[] = [];
  const at = (path: Array<string | number>): SourceRef => ({ file, path });
  const memory = data.memory === undefined ? DEFAULT_LUNA_MEMORY : parseSize(data.memory);
  if (memory === null) diagnostics.push({ code: 'schema', severity: 'error', message: `memory "${String(data.memory)}" is not a size`, source: at(['memory']) });
  const plan: PlanInfo = {
    name: String(data.name), profile: `${profile.name}@${profile.version}`, target: typeof data.target === 'string' ? data.target : null,
    memory: memory ?? DEFAULT_LUNA_MEMORY, cmdline: typeof data.cmdline === 'string' ? data.cmdline : '', argv: [], libparams: {},
    devices: [], mounts: [], initrd: null, files, source: at([]),
  };

  const specs: ImageSpec[] = [];
  if (isObj(data.ramdisk)) specs.push({ name: 'the ramdisk', fs: 'initrd', device: null, data: data.ramdisk, source: at(['ramdisk']) });
  const disks: string[] = [];
  (Array.isArray(data.disks) ? data.disks : []).forEach((d: unknown, i: number) => {
    if (!isObj(d)) return;
    const name = String(d.name);
    disks.push(name);
    (Array.isArray(d.partitions) ? d.partitions : []).forEach((p: unknown, k: number) => {
      if (!isObj(p)) return;
      const device = `${name}p${k + 1}`;
      disks.push(device);
      specs.push({ name: `/dev/${device}`, fs: String(p.fs ?? 'ext2'), device, data: p, source: at(['disks', i, 'partitions', k]) });
    });
  });
  const { images, users, groups } = readImages(specs, file, diagnostics);

  const unfolded = unfold({ kernel: isObj(data.kernel) ? data.kernel : {}, programs: isObj(data.programs) ? data.programs : {}, images, users, groups, disks, file });
  append(diagnostics, unfolded.diagnostics);
  const tooLong = totalCostProblem(unfolded.entries, 'steps');
  if (tooLong) diagnostics.push(tooLong);
  if (unfolded.diagnostics.some((d) => d.code === 'plan-too-large')) {
    // Refused whole (exit 2): scheduling tens of thousands of lanes is what the bound prevents.
    unfolded.lanes.length = 0;
    unfolded.entries.length = 0;
    unfolded.hb.length = 0;
  }
  const { order, blocked } = schedule(unfolded.lanes, unfolded.entries, unfolded.hb, roundRobin());
  const byId = new Map(unfolded.entries.map((e) => [e.id, e]));
  // Steps that can never run go last: the checker reports them (deadlock), the machine never reaches them.
  const full = [...order, ...blocked];
  full.forEach((id, i) => {
    byId.get(id)!.key = i;
  });
  const hostnameFile = images.find((i) => i.device !== null)?.nodes.find((n) => n.path === '/etc/hostname')?.text?.trim() ?? null;
  const luna: LunaModel = {
    lanes: unfolded.lanes, images, users, groups, hostname: hostnameFile, stages: profile.stages ?? [], disks, hb: unfolded.hb,
    restartLimit: profile.restartLimit ?? 3, blocked,
  };
  return { plan, entries: unfolded.entries, luna, order: full, diagnostics };
}
