/**
 * The thread model (profile `luna`): what a multi-stage plan compiles to. Inside one lane — the
 * kernel's `_start`, a kernel thread, or a process across its execs — steps run in program order;
 * across lanes, order comes only from the blocking operations (spawn, start, wait for a child's
 * exit, await a capability). The checker decides "A before B" on the happens-before relation
 * these make; the emulated machine runs schedules that respect it. Both read this one shape.
 */
import type { SourceRef } from '../types.js';

/** Process credentials. */
export interface Creds {
  uid: number;
  gid: number;
  /** Supplementary groups (ids), sorted. */
  groups: number[];
}

/** One operation of a step, with its arguments resolved (argv substituted, paths absolute). */
export type LunaOp =
  | { op: 'do' }
  | { op: 'spawn'; lane: string; thread: boolean; path: string | null; argv: string[]; stopped: boolean; user: string | null }
  | { op: 'start'; lane: string }
  | { op: 'exec'; path: string; argv: string[] }
  | { op: 'exit'; status: number }
  | { op: 'wait'; lane: string }
  | { op: 'await'; capability: string }
  | { op: 'mount'; fs: string; dev: string | null; at: string; title: string | null }
  | { op: 'umount'; at: string }
  | { op: 'pivot-root'; new: string; old: string }
  | { op: 'mkdir'; path: string }
  | { op: 'chown'; path: string; user: string; group: string }
  | { op: 'chmod'; path: string; mode: number }
  | { op: 'listen'; path: string; mode: number; group: string | null }
  | { op: 'connect'; path: string }
  | { op: 'open'; path: string; write: boolean }
  | { op: 'hostname'; path: string }
  | { op: 'setuid'; user: string; group: string | null }
  | { op: 'scan-disks' }
  | { op: 'idle'; what: 'idle' | 'supervise' | 'reap' | 'oom' };

export type LunaOpKind = LunaOp['op'];

/** What `Entry.luna` holds for a step. */
export interface LunaStepInfo {
  lane: string;
  /** Position in the lane (0-based). */
  seq: number;
  op: LunaOp;
  /** The program running the step (its path), null for kernel code. */
  program: string | null;
  /** The stage that ends after this step (`kernel`, `preinit`...), for `--show`. */
  stage?: string;
  /** Credentials the step runs with (fixed by the lane's spawn and its own setuid steps). */
  creds: Creds | null;
}

export interface LunaService {
  /** File name under the service directory (`00-home`): the order init starts them in. */
  file: string;
  dir: string;
  name: string;
  command: string[];
  restart: boolean;
  wait: boolean;
  user: string | null;
  /** The step that starts the services of `dir` (one per directory and step). */
  source: SourceRef;
  /** Where the plan writes the service file (its `files:` entry), else `source`. */
  fileSource: SourceRef;
}

export interface LunaLane {
  id: string;
  kind: 'kernel' | 'kthread' | 'process';
  /** What `ps` shows: `[kinit]`, `/usr/bin/init --user`. */
  title: string;
  parent: string | null;
  /** The step that spawns it (null for `kernel`). */
  spawnedBy: string | null;
  /** The PID the system reserves for it (preinit: 1). */
  pid: number | null;
  stopped: boolean;
  /** Entry ids in program order. */
  steps: string[];
  /** Credentials at spawn. */
  creds: Creds;
  service: LunaService | null;
  /** The lane ends in an idle step: it never exits by itself. */
  daemon: boolean;
}

export interface FsImageNode {
  path: string;
  kind: 'dir' | 'file';
  mode: number;
  uid: number;
  gid: number;
  /** Text of small files (service files, passwd, scripts); absent for others. */
  text?: string;
  size: number;
  /** Where the plan writes the file (its `files:` entry); absent for a folder's or an archive's. */
  source?: SourceRef;
}

/** The contents of a filesystem image: the ramdisk or a partition. Read once, by the compiler. */
export interface FsImage {
  name: string;
  /** `initrd` or `ext2` */
  fs: string;
  /** Device name (`cd0p2`) for partitions; null for the ramdisk. */
  device: string | null;
  nodes: FsImageNode[];
  /** What `--show mounts` lists of the image when it is mounted at `/` (the seed's `/sys/config - copy of ...`). */
  listing: Array<{ show: string; title: string }>;
  source: SourceRef;
}

export interface LunaUser { name: string; uid: number; gid: number; home: string }
export interface LunaGroup { name: string; gid: number; members: string[] }

/** A happens-before edge between two steps, with what makes it. */
export interface HbEdge {
  from: string;
  to: string;
  kind: 'program' | 'spawn' | 'start' | 'wait' | 'await';
}

export interface LunaModel {
  lanes: LunaLane[];
  images: FsImage[];
  users: LunaUser[];
  groups: LunaGroup[];
  hostname: string | null;
  /** Stage names in order (from the profile). */
  stages: string[];
  /** Devices `scan-disks` registers, in order (`cd0`, `cd0p1`, ...). */
  disks: string[];
  /** Edges of the happens-before relation (its transitive closure is the order). */
  hb: HbEdge[];
  /** How many times init restarts a service before it gives up (profile data). */
  restartLimit: number;
  /** Steps no schedule can reach (a deadlock): the checker reports them, the machine never runs them. */
  blocked: string[];
}
