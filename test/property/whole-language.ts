/**
 * The differential test of issue 8, inside the project: plans over the whole plan language, run
 * under declared, reverse and random link orders, and three checks that tie the checker to the
 * machine — a plan `check` passes never faults; every witness replays to the fault it names; no
 * stage throws anything but an input error (the CLI's exit 3).
 *
 * A case starts from a plan of the existing generators (correct or with one injected bug: most
 * of them check clean, so soundness has something to hold for) and applies a few **extensions**,
 * each reaching a part of the language those generators do not: hand-written capabilities that
 * stand for machine state, host folders and initrds with broken contents, a `vfs.fstab` on the
 * command line with a driver nobody knows, two mounts of one mount point (and mounts stacked where
 * the profile stacks them), `returns` beside a
 * `fail` effect, catalogs moved into an included file, fully random entries with random effects
 * and options, and more (EXTENSIONS lists them). An extension is free to make the plan wrong:
 * the checks only ask that the checker and the machine agree about it.
 */
import fc from 'fast-check';
import jsYaml from 'js-yaml';
import { check, compile, loadPlanText } from '../../compiler/index.js';
import { InputError, type Compiled, type Diagnostic } from '../../compiler/types.js';
import { replayWitness, run } from '../../runtime/index.js';
import { writeCpio, type CpioWriteEntry } from '../../runtime/vfs/cpio.js';
import { memoryHost, type HostFs } from '../../runtime/vfs/host.js';
import { correctCase, linkOrdersFor, maybeBrokenCase, orderName, witnessProblem, type PlanCase } from './harness.js';
import { HOST_FILES, PLAN_FILE } from './rich-arbitraries.js';

const bytes = (text: string) => new TextEncoder().encode(text);

/** A host file of a case: contents, or a symlink. */
export type HostFile = string | Uint8Array | { symlink: string };

/** Host files every whole-language case may name, broken ones included. */
export const WHOLE_HOST_FILES: Record<string, string | Uint8Array> = {
  ...HOST_FILES,
  '/plan/afile': 'a file where a folder is expected\n',
  '/plan/bare_fs/hello.txt': 'a share without dev/ or tmp/\n',
  '/plan/bad.cpio': bytes('this is not a cpio archive at all'),
  '/plan/refused.cpio': writeCpio([
    { name: 'dev', type: 'dir' },
    { name: 'tmp', type: 'dir' },
    { name: '../escape', type: 'file', data: bytes('outside\n') },
  ]),
  '/plan/devfile.cpio': writeCpio([
    { name: 'dev', type: 'file', data: bytes('not a directory\n') },
    { name: 'tmp', type: 'dir' },
  ]),
  '/plan/bare.cpio': writeCpio([{ name: 'etc', type: 'dir' }, { name: 'etc/motd', type: 'file', data: bytes('hi\n') }]),
};

export const WHOLE_HOST: HostFs = memoryHost(WHOLE_HOST_FILES);

/** WHOLE_HOST with a case's own host files (a generated initrd) added. */
export function hostFor(hostFiles: Record<string, HostFile> | undefined): HostFs {
  return hostFiles && Object.keys(hostFiles).length > 0 ? memoryHost({ ...WHOLE_HOST_FILES, ...hostFiles }) : WHOLE_HOST;
}

/** Every extension the generator applies; the coverage test asks that each is drawn. */
export const EXTENSIONS = [
  'hand-dev', 'hand-mount', 'hand-fd', 'hostdir', 'initrd', 'cmdline-fstab', 'double-mount', 'returns-and-fail',
  'no-main', 'ctor-alloc', 'after-self', 'ninep-from-net', 'include', 'multi-effect', 'mkmp', 'term-only-alloc',
  'extract-into', 'prio-out-of-range', 'random-entry', 'extra-device', 'memory', 'target', 'initrd-contents',
  'stack-mounts', 'tied-fs',
] as const;
export type Extension = (typeof EXTENSIONS)[number];

export interface WholeCase {
  base: PlanCase;
  extensions: Array<{ kind: Extension; a: number; b: number }>;
  /** The plan file and the included files, as text. */
  text: string;
  files: Record<string, string>;
  /** Host files the case adds to WHOLE_HOST_FILES (a generated initrd), absolute paths. */
  hostFiles: Record<string, HostFile>;
  /** The pieces of the generated initrd (INITRD_PIECES), when there is one. */
  initrdPieces: string[];
  /** Every plan-language field path (`devices.hostdir`, `effect.mount.mkmp`, ...) the case uses. */
  fields: Set<string>;
}

type Plan = Record<string, unknown>;
type Entry = Record<string, unknown>;
const pick = <T>(list: readonly T[], n: number): T => list[n % list.length]!;

function libraries(plan: Plan): Record<string, Record<string, Entry[] | Entry>> {
  return (plan.libraries ??= {}) as Record<string, Record<string, Entry[] | Entry>>;
}

function isUnikraft(plan: Plan): boolean {
  return String(plan.profile).startsWith('unikraft');
}

/** A level name of the plan's profile for an initcall. */
function levelOf(plan: Plan, n: number): string {
  const p = String(plan.profile);
  if (p.startsWith('unikraft')) return pick(['early', 'plat', 'lib', 'rootfs', 'sys', 'late'], n);
  if (p.startsWith('linux')) return pick(['early', 'pure', 'core', 'postcore', 'arch', 'subsys', 'fs', 'device', 'late'], n);
  return pick(['PRE_KERNEL_1', 'PRE_KERNEL_2', 'POST_KERNEL', 'APPLICATION'], n);
}

function initcall(plan: Plan, fields: Entry, level: string, prio: number): Entry {
  const e: Entry = { ...fields, level };
  if (!String(plan.profile).startsWith('linux')) e.prio = prio;
  return e;
}

function addEntry(plan: Plan, lib: string, list: 'ctors' | 'initcalls' | 'init_array', entry: Entry): void {
  const l = (libraries(plan)[lib] ??= {});
  ((l[list] ??= []) as Entry[]).push(entry);
}

function allEntries(plan: Plan): Array<{ lib: string; list: string; entry: Entry }> {
  const out: Array<{ lib: string; list: string; entry: Entry }> = [];
  for (const [lib, l] of Object.entries(libraries(plan))) {
    for (const [list, v] of Object.entries(l)) {
      if (list === 'main' && v && typeof v === 'object') out.push({ lib, list, entry: v as Entry });
      else if (Array.isArray(v)) for (const entry of v) out.push({ lib, list, entry });
    }
  }
  return out;
}

const CAPS = ['alloc', 'sched', 'devices', 'dev:fs0', 'dev:net0', 'mount:/', 'mount:/dev', 'mount:/tmp', 'fd:stdio', 'initrd0', 'initrd:/', 'netdev', 'cap0', 'cap1', 'thread:worker'];

/** A random effect of any kind with random options (some of them nonsense for the plan). */
function randomEffect(n: number, m: number): Record<string, unknown> {
  switch (n % 8) {
    case 0: {
      if (m % 4 === 0) return { mount: { from: 'fstab' } };
      const fs = pick(['ramfs', '9pfs', 'devfs', 'extract'], m);
      const dev = fs === '9pfs' ? pick(['fs0', 'fs1', 'net0'], m >> 2) : fs === 'extract' ? 'initrd0' : 'none';
      const mount: Record<string, unknown> = { dev, at: pick(['/', '/dev', '/tmp', '/mnt', '/mnt/deep'], m >> 3), fs };
      if (m & 32) mount.mkmp = (m & 64) !== 0;
      if (m & 128) mount.opts = 'mkmp';
      return { mount };
    }
    case 1: return { 'extract-initrd': m % 3 === 0 ? {} : { to: pick(['/', '/tmp', '/dev', '/nowhere'], m) } };
    case 2: return { 'probe-buses': {} };
    case 3: return { 'open-stdio': {} };
    case 4: return { alloc: { size: pick(['1Ki', '64Ki', '3', '0', '1Gi', '999999999999999999999999Ki'], m) } };
    case 5: return { 'spawn-thread': m % 2 === 0 ? {} : { name: pick(['worker', 'net', 'io'], m) } };
    case 6: return { log: { msg: pick(['hello', 'a # hash', ''], m) } };
    default: return { fail: { rc: pick([-12, -1, 0, 3], m) } };
  }
}


/**
 * What a generated initrd is made of: correct pieces (directories the fstab needs or lacks, files,
 * symlinks, nested paths, `.`, device nodes the extractor skips, a checksummed archive, a folder
 * packed like kraft packs a rootfs) and broken ones (names the extractor refuses, a file where a
 * directory must be, a file over a directory, a wrong checksum, a truncated archive).
 */
export const INITRD_PIECES = [
  'dir:dev', 'dir:tmp', 'dir:mnt', 'dir:etc', 'file', 'symlink', 'nested', 'dot', 'other', 'checksum', 'folder',
  'broken:absolute', 'broken:dotdot', 'broken:through-symlink', 'broken:file-over-dir', 'broken:file-as-dir', 'broken:bad-checksum', 'broken:truncated',
] as const;
const BROKEN_PIECES = INITRD_PIECES.filter((p) => p.startsWith('broken:'));

/** A generated initrd: its pieces and the host files that hold it (a cpio, or a folder). */
function generatedInitrd(a: number, b: number): { pieces: string[]; path: string; files: Record<string, HostFile> } {
  let x = (a * 4099 + b) >>> 0 || 1;
  const next = () => {
    x ^= x << 13; x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5; x >>>= 0;
    return x;
  };
  const pieces: string[] = INITRD_PIECES.filter((p) => !p.startsWith('broken:') && p !== 'folder' && next() % 2 === 0);
  if (next() % 8 === 0) pieces.push('folder');
  else if (next() % 3 === 0) pieces.push(pick(BROKEN_PIECES, next()));
  const has = (p: string) => pieces.includes(p);
  if (has('folder')) {
    const root = '/plan/gen_root';
    const files: Record<string, HostFile> = {};
    for (const d of ['dev', 'tmp', 'mnt', 'etc']) if (has(`dir:${d}`)) files[`${root}/${d}/.keep`] = '';
    if (has('file')) files[`${root}/etc/motd`] = 'hello from a folder\n';
    if (has('nested')) files[`${root}/mnt/deep/x.txt`] = 'deep\n';
    if (has('symlink')) files[`${root}/hello.txt`] = { symlink: '/etc/motd' };
    files[`${root}/README`] = 'a rootfs folder\n';
    return { pieces: pieces.filter((p) => p !== 'checksum' && p !== 'dot' && p !== 'other'), path: 'gen_root', files };
  }
  const entries: CpioWriteEntry[] = [];
  if (has('broken:bad-checksum')) entries.push({ name: 'bad.txt', type: 'file', data: bytes('checksummed\n') });
  for (const d of ['dev', 'tmp', 'mnt', 'etc']) if (has(`dir:${d}`)) entries.push({ name: d, type: 'dir' });
  if (has('dot')) entries.push({ name: '.', type: 'dir' }, { name: './etc/./issue', type: 'file', data: bytes('dots\n') });
  if (has('file')) entries.push({ name: 'etc/motd', type: 'file', data: bytes('hello from the initrd\n') });
  if (has('symlink')) entries.push({ name: 'hello.txt', type: 'symlink', data: bytes('/etc/motd') });
  if (has('nested')) entries.push({ name: 'mnt/deep/x.txt', type: 'file', data: bytes('deep\n') });
  if (has('other')) entries.push({ name: 'dev/console', type: 'other' });
  if (has('broken:absolute')) entries.push({ name: '/etc/passwd', type: 'file', data: bytes('root\n') });
  if (has('broken:dotdot')) entries.push({ name: 'etc/../../escape', type: 'file', data: bytes('out\n') });
  if (has('broken:through-symlink')) entries.push({ name: 'lnk', type: 'symlink', data: bytes('/') }, { name: 'lnk/etc/x', type: 'file', data: bytes('x\n') });
  if (has('broken:file-over-dir')) entries.push({ name: 'tmp', type: 'dir' }, { name: 'tmp', type: 'file', data: bytes('over\n') });
  if (has('broken:file-as-dir')) entries.push({ name: 'dev', type: 'file', data: bytes('not a directory\n') }, { name: 'dev/null', type: 'file' });
  let archive = writeCpio(entries, { checksum: has('checksum') || has('broken:bad-checksum') });
  // The first entry's data starts at byte 120 (110-byte header, "bad.txt\0", padding).
  if (has('broken:bad-checksum')) archive[120] ^= 1;
  if (has('broken:truncated')) archive = archive.subarray(0, Math.max(1, next() % archive.length));
  return { pieces, path: 'gen.cpio', files: { '/plan/gen.cpio': archive } };
}

/** Mount rows `stackMounts` draws from: several at one point, at / over what is there, and under it. */
const STACK_ROWS: ReadonlyArray<Record<string, string>> = [
  { dev: 'none', at: '/', fs: 'ramfs' },
  { dev: 'fs0', at: '/', fs: '9pfs' },
  { dev: 'initrd0', at: '/', fs: 'extract' },
  { dev: 'none', at: '/tmp', fs: 'ramfs' },
  { dev: 'none', at: '/tmp', fs: 'ramfs', opts: 'mkmp' },
  { dev: 'none', at: '/dev', fs: 'devfs', opts: 'mkmp' },
  { dev: 'none', at: '/tmp', fs: 'devfs' },
  { dev: 'none', at: '/mnt', fs: 'ramfs', opts: 'mkmp' },
  { dev: 'none', at: '/mnt', fs: 'ramfs' },
];

/**
 * Mounts that land on points already mounted: fstab rows drawn from STACK_ROWS (at / over the
 * initial rootfs of Linux, twice at one point, under a point a later row covers), a single mount
 * effect of another entry over / or /tmp, and a user of one of the points. Linux stacks them;
 * vfscore and Zephyr refuse the second (EBUSY). Correct and broken plans come out alike.
 */
export function stackMounts(plan: Plan, a: number, b: number): void {
  let x = ((a * 2654435761) ^ (b * 40503)) >>> 0 || 1;
  const next = () => {
    x ^= x << 13; x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5; x >>>= 0;
    return x;
  };
  const rows = Array.from({ length: 2 + (next() % 4) }, () => ({ ...pick(STACK_ROWS, next()) }));
  const mounts = (plan.mounts ??= []) as Array<Record<string, unknown>>;
  mounts.push(...rows);
  if (rows.some((r) => r.fs === '9pfs')) {
    const devices = (plan.devices ??= []) as Array<Record<string, unknown>>;
    if (!devices.some((d) => d.tag === 'fs0')) devices.push({ kind: 'virtio-9p', tag: 'fs0', hostdir: 'guest_fs' });
    if (!allEntries(plan).some(({ entry }) => JSON.stringify(entry.effects ?? []).includes('probe-buses'))) {
      addEntry(plan, 'ukbus', 'initcalls', initcall(plan, { fn: 'bus_probe', effects: [{ 'probe-buses': {} }] }, levelOf(plan, 1), 0));
    }
  }
  if (rows.some((r) => r.fs === 'extract')) plan.initrd ??= 'initrd.cpio';
  if (!allEntries(plan).some(({ entry }) => JSON.stringify(entry.effects ?? []).includes('fstab'))) {
    addEntry(plan, 'vfscore', 'initcalls', initcall(plan, { fn: 'vfscore_automount', effects: [{ mount: { from: 'fstab' } }] }, levelOf(plan, 3), 4));
  }
  if (b & 4) addEntry(plan, 'stacker', 'initcalls', initcall(plan, { fn: 'mount_over', effects: [{ mount: { dev: 'none', at: pick(['/', '/tmp'], b >> 3), fs: 'ramfs' } }] }, levelOf(plan, 4 + ((b >> 4) % 2)), 5));
  const used = pick(rows, b >> 5).at!;
  addEntry(plan, 'stackuser', 'initcalls', initcall(plan, { fn: 'use_point', uses: [`mount:${used}`] }, levelOf(plan, 8), 9));
}

/** Linux plans made of stacked mounts alone (mountOver: stack), correct and broken. */
export const linuxStackCase: fc.Arbitrary<{ text: string; rows: number }> = fc
  .tuple(fc.nat({ max: 1 << 14 }), fc.nat({ max: 1 << 12 }))
  .map(([a, b]) => {
    const plan: Plan = { bootplan: 1, name: 'stacked', profile: 'linux@6.1' };
    stackMounts(plan, a, b);
    const text = jsYaml.dump(plan, { noRefs: true, lineWidth: -1 });
    return Object.defineProperty({ text, rows: (plan.mounts as unknown[]).length }, fc.toStringMethod, { value: () => text, enumerable: false });
  });

/** Applies one extension; writes the included files and host files it makes, if any. */
function extend(plan: Plan, files: Record<string, string>, kind: Extension, a: number, b: number, host: { files: Record<string, HostFile>; pieces: string[] }): void {
  const uk = isUnikraft(plan);
  switch (kind) {
    case 'hand-dev': {
      // A bus probe that says what it provides instead of naming the probe-buses effect.
      for (const { entry } of allEntries(plan)) {
        if (Array.isArray(entry.effects)) entry.effects = (entry.effects as Array<Record<string, unknown>>).filter((e) => !('probe-buses' in e));
      }
      const devices = (plan.devices ??= [{ kind: 'virtio-9p', tag: 'fs0', hostdir: 'guest_fs' }]) as Array<Record<string, unknown>>;
      addEntry(plan, 'handbus', 'initcalls', initcall(plan, { fn: 'bus_init', provides: ['devices', ...devices.map((d) => `dev:${String(d.tag)}`)] }, levelOf(plan, 1), 0));
      if (b % 2 === 0) addEntry(plan, 'handbus', 'initcalls', initcall(plan, { fn: 'bus_user', uses: [`dev:${String(devices[0]!.tag)}`] }, levelOf(plan, 3 + (a % 2)), 9));
      return;
    }
    case 'hand-mount': {
      const at = pick(['/', '/dev', '/tmp'], a);
      addEntry(plan, 'handfs', 'initcalls', initcall(plan, { fn: 'fs_init', provides: [`mount:${at}`] }, levelOf(plan, 2), 0));
      const app = (libraries(plan).app ??= {}) as Record<string, Entry>;
      const main = (app.main ??= {});
      main.uses = [...((main.uses as string[]) ?? []), `mount:${at}`];
      if (b % 2 === 0) main.effects = [{ 'open-stdio': {} }];
      return;
    }
    case 'hand-fd': {
      addEntry(plan, 'handfd', 'initcalls', initcall(plan, { fn: 'fd_init', provides: [pick(['fd:stdio', 'initrd:/', 'netdev', 'thread:worker'], a)] }, levelOf(plan, 1), 0));
      const app = (libraries(plan).app ??= {}) as Record<string, Entry>;
      const main = (app.main ??= {});
      main.uses = [...((main.uses as string[]) ?? []), pick(['fd:stdio', 'initrd:/', 'netdev', 'thread:worker'], a)];
      return;
    }
    case 'hostdir': {
      const devices = plan.devices as Array<Record<string, unknown>> | undefined;
      if (!devices?.length) return;
      const d = pick(devices, b);
      d.hostdir = pick(['missing_fs', 'afile', 'bare_fs', 'guest_fs', './guest_fs/', 'guest_fs/hello.txt'], a);
      return;
    }
    case 'initrd': {
      plan.initrd = pick(['initrd.cpio', 'bad.cpio', 'missing.cpio', 'refused.cpio', 'devfile.cpio', 'bare.cpio', 'guest_fs'], a);
      return;
    }
    case 'cmdline-fstab': {
      const fs = pick(['ext9', 'ramfs', 'devfs', '9pfs', 'extract'], a);
      const dev = fs === '9pfs' ? 'fs0' : fs === 'extract' ? 'initrd0' : 'none';
      const at = pick(['/tmp', '/dev', '/mnt', '/'], b);
      const old = String(plan.cmdline ?? '-- /hello.txt');
      const word = `"${dev}:${at}:${fs}${b % 3 === 0 ? ':::mkmp' : ''}"`;
      const m = /vfs\.fstab=\[([^\]]*)\]/.exec(old);
      plan.cmdline = m ? old.replace(m[0], `vfs.fstab=[${m[1]} ${word}]`) : `vfs.fstab=[${word}] ${old.includes('--') ? old : `-- ${old}`}`;
      return;
    }
    case 'double-mount': {
      const at = pick(['/', '/tmp', '/dev'], a);
      const fs = at === '/dev' ? 'devfs' : 'ramfs';
      if (b % 2 === 0) {
        const mounts = (plan.mounts ??= []) as Array<Record<string, unknown>>;
        mounts.push({ dev: 'none', at, fs }, { dev: 'none', at, fs });
      } else {
        addEntry(plan, 'twice', 'initcalls', initcall(plan, { fn: 'mount_a', effects: [{ mount: { dev: 'none', at, fs } }] }, levelOf(plan, 3), 1));
        addEntry(plan, 'twice', 'initcalls', initcall(plan, { fn: 'mount_b', effects: [{ mount: { dev: 'none', at, fs } }] }, levelOf(plan, 3), 1 + (a % 2)));
      }
      return;
    }
    case 'returns-and-fail':
      addEntry(plan, 'contra', 'initcalls', initcall(plan, { fn: 'both', returns: pick([0, -5, 1], a), effects: [{ fail: { rc: pick([-12, 0, 2], b) } }] }, levelOf(plan, 4), 5));
      return;
    case 'no-main':
      delete libraries(plan).app;
      return;
    case 'ctor-alloc':
      if (uk) addEntry(plan, 'ctoralloc', 'ctors', { fn: 'ctor_alloc', prio: a % 10, alloc: pick([0, '0', '999999999999999999999999Ki', '1Ki', 'abc'], b) });
      return;
    case 'after-self':
      addEntry(plan, 'selfish', 'initcalls', initcall(plan, { fn: 'me', after: ['selfish.me'], ...(b % 2 ? { before: ['selfish.me'] } : {}) }, levelOf(plan, 3), 4));
      return;
    case 'ninep-from-net': {
      const devices = (plan.devices ??= []) as Array<Record<string, unknown>>;
      if (!devices.some((d) => d.tag === 'net0')) devices.push({ kind: 'virtio-net', tag: 'net0' });
      addEntry(plan, 'netfs', 'initcalls', initcall(plan, { fn: 'mount_net', effects: [{ mount: { dev: 'net0', at: pick(['/mnt', '/tmp'], a), fs: '9pfs', mkmp: true } }] }, levelOf(plan, 4), 8));
      return;
    }
    case 'include': {
      const libs = libraries(plan);
      const names = Object.keys(libs).filter((n) => n !== 'app');
      if (!names.length) return;
      const name = pick(names, a);
      const fragment: Plan = { bootplan: 1, fragment: true, libraries: { [name]: libs[name] } };
      if (b % 2 === 0 && plan.devices) {
        fragment.devices = plan.devices;
        delete plan.devices;
      }
      delete libs[name];
      const file = b % 3 === 0 ? 'cat/lib.yaml' : 'catalog.yaml';
      files[`/plan/${file}`] = jsYaml.dump(fragment, { noRefs: true, lineWidth: -1 });
      plan.include = [...((plan.include as string[]) ?? []), file];
      return;
    }
    case 'multi-effect':
      if (uk) {
        addEntry(plan, 'multi', 'initcalls', initcall(plan, {
          fn: 'mount_all',
          effects: [{ mount: { dev: 'none', at: '/', fs: 'ramfs' } }, { mount: { dev: 'none', at: pick(['/dev', '/tmp'], a), fs: pick(['devfs', 'ramfs'], b), ...(b % 3 === 0 ? { opts: 'mkmp' } : { mkmp: true }) } }],
        }, 'rootfs', 3));
      }
      return;
    case 'mkmp': {
      const mounts = (plan.mounts ??= []) as Array<Record<string, unknown>>;
      mounts.push({ dev: 'none', at: pick(['/mnt', '/mnt/deep', '/tmp'], a), fs: 'ramfs', ...(b % 2 ? { opts: 'mkmp' } : {}) });
      if (!allEntries(plan).some(({ entry }) => JSON.stringify(entry.effects ?? []).includes('fstab'))) {
        addEntry(plan, 'vfscore', 'initcalls', initcall(plan, { fn: 'vfscore_automount', effects: [{ mount: { from: 'fstab' } }] }, levelOf(plan, 3), 4));
      }
      return;
    }
    case 'term-only-alloc':
      if (uk) addEntry(plan, 'termonly', 'initcalls', initcall(plan, { term: 'bye', alloc: pick(['1Gi', '64Ki', '1'], a), ...(b % 2 ? { effects: [{ alloc: { size: '1Gi' } }] } : {}) }, levelOf(plan, b), 2));
      return;
    case 'extract-into':
      addEntry(plan, 'unpack', 'initcalls', initcall(plan, { fn: 'unpack', uses: b % 2 ? ['mount:/'] : [], effects: [{ 'extract-initrd': { to: pick(['/', '/tmp', '/dev', '/mnt'], a) } }] }, levelOf(plan, 4), 9));
      if (b % 3 === 0) plan.initrd ??= 'initrd.cpio';
      return;
    case 'prio-out-of-range':
      addEntry(plan, 'outofrange', 'initcalls', { fn: 'too_far', level: levelOf(plan, a), prio: pick([10, 100, -1, 1000], b), provides: ['cap9'] });
      if (a % 2 === 0) addEntry(plan, 'outofrange', 'initcalls', initcall(plan, { fn: 'user', uses: ['cap9'] }, levelOf(plan, 5), 9));
      return;
    case 'random-entry': {
      const list = uk ? pick(['ctors', 'initcalls', 'init_array'] as const, a) : 'initcalls';
      const e: Entry = list === 'initcalls' ? initcall(plan, { fn: `rnd${a % 97}` }, levelOf(plan, a >> 2), (a >> 4) % 10) : list === 'ctors' ? { fn: `rnd${a % 97}`, prio: (a >> 4) % 10 } : { fn: `rnd${a % 97}` };
      if (b & 1) e.uses = [pick(CAPS, b >> 1)];
      if (b & 2) e.provides = [pick(CAPS, b >> 3)];
      if (b & 4) e.effects = [randomEffect(b >> 5, a >> 3), ...(b & 8 ? [randomEffect(a >> 6, b >> 7)] : [])];
      if (b & 16 && list === 'initcalls' && uk) e.term = b & 64 ? 'rnd_term' : { fn: 'rnd_term', uses: [pick(CAPS, a >> 5)] };
      if (a & 512) e.returns = pick([-1, 0, 1, -12], b >> 9);
      if (a & 1024) e.alloc = pick(['64Ki', '1Mi', '0', 7], b >> 10);
      if (a & 2048) e.pinned = true;
      if (a & 4096) e.cost = pick(['1us', '2ms', '0ns'], b);
      if (a & 8192) e.note = 'random entry';
      addEntry(plan, `rndlib${b % 3}`, list, e);
      return;
    }
    case 'extra-device': {
      const devices = (plan.devices ??= []) as Array<Record<string, unknown>>;
      const tag = pick(['fs1', 'net0', 'blk0', 'fs0'], a);
      if (devices.some((d) => d.tag === tag)) return;
      const kindOf = tag.startsWith('fs') ? 'virtio-9p' : tag === 'net0' ? 'virtio-net' : 'virtio-blk';
      devices.push({ kind: kindOf, tag, ...(kindOf === 'virtio-9p' && b % 2 ? { hostdir: pick(['guest_fs', 'bare_fs', 'missing_fs'], b >> 1) } : {}), ...(b % 5 === 0 ? { note: 'extra' } : {}) });
      return;
    }
    case 'memory':
      plan.memory = pick(['64Mi', '2Mi', '256Ki', 1048576, '1Gi'], a);
      return;
    case 'target':
      if (uk) plan.target = pick(['qemu/x86_64', 'fc/x86_64', 'qemu/arm64', 'xen/x86_64'], a);
      return;
    case 'stack-mounts':
      stackMounts(plan, a, b);
      return;
    case 'tied-fs': {
      // Two entries at one key whose filesystem effects may not commute: an extraction and a
      // mount at or under where it unpacks (nothing orders them: fs-tie's), on a root mounted first.
      const mounts = (plan.mounts ??= []) as Array<Record<string, unknown>>;
      if (!mounts.some((m) => m.at === '/')) mounts.unshift({ dev: 'none', at: '/', fs: 'ramfs' });
      if (!allEntries(plan).some(({ entry }) => JSON.stringify(entry.effects ?? []).includes('fstab'))) {
        addEntry(plan, 'vfscore', 'initcalls', initcall(plan, { fn: 'vfscore_automount', effects: [{ mount: { from: 'fstab' } }] }, levelOf(plan, 3), 4));
      }
      plan.initrd ??= 'initrd.cpio';
      const to = pick(['/', '/tmp', '/mnt'], a);
      const under = to === '/' ? '' : to;
      const mount = { dev: 'none', at: pick([`${under}/etc`, `${under}/tmp`, `${under}/data`, '/mnt', `${under}/etc/motd`], b), fs: pick(['ramfs', 'devfs'], b >> 3), ...(b & 32 ? { mkmp: false } : {}) };
      const unpack = initcall(plan, { fn: 'unpack_here', effects: [{ 'extract-initrd': { to } }] }, levelOf(plan, 3), 7);
      const mounter = initcall(plan, { fn: 'mount_here', effects: [{ mount }] }, levelOf(plan, 3), 7);
      for (const e of (b >> 6) % 2 === 0 ? [unpack, mounter] : [mounter, unpack]) addEntry(plan, 'tiedfs', 'initcalls', e);
      return;
    }
    case 'initrd-contents': {
      const initrd = generatedInitrd(a, b);
      plan.initrd = initrd.path;
      Object.assign(host.files, initrd.files);
      host.pieces.splice(0, host.pieces.length, ...initrd.pieces);
      const extracts = allEntries(plan).some(({ entry }) => JSON.stringify(entry.effects ?? []).includes('extract'))
        || ((plan.mounts as Array<Record<string, unknown>> | undefined) ?? []).some((m) => m.fs === 'extract');
      if (!extracts) {
        if (b % 2 === 0) {
          const mounts = (plan.mounts ??= []) as Array<Record<string, unknown>>;
          if (!mounts.some((m) => m.at === '/')) mounts.unshift({ dev: 'initrd0', at: '/', fs: 'extract' });
          mounts.push({ dev: 'none', at: pick(['/tmp', '/dev', '/mnt', '/mnt/deep'], a >> 3), fs: 'ramfs', ...(a & 1 ? { opts: 'mkmp' } : {}) });
          if (!allEntries(plan).some(({ entry }) => JSON.stringify(entry.effects ?? []).includes('fstab'))) {
            addEntry(plan, 'vfscore', 'initcalls', initcall(plan, { fn: 'vfscore_automount', effects: [{ mount: { from: 'fstab' } }] }, levelOf(plan, 3), 4));
          }
        } else {
          addEntry(plan, 'ungen', 'initcalls', initcall(plan, { fn: 'unpack_gen', effects: [{ 'extract-initrd': { to: pick(['/', '/tmp', '/mnt'], a >> 2) } }] }, levelOf(plan, 5), 9));
        }
      }
      return;
    }
  }
}

/** Every field path a plan uses, spelled as `plan.schema.json` names them (for the coverage test). */
export function fieldsOf(plan: Plan, files: Record<string, string>): Set<string> {
  const out = new Set<string>();
  const visit = (p: Plan) => {
    for (const k of Object.keys(p)) out.add(`plan.${k}`);
    for (const d of (p.devices as Plan[] | undefined) ?? []) for (const k of Object.keys(d)) out.add(`device.${k}`);
    for (const m of (p.mounts as Plan[] | undefined) ?? []) for (const k of Object.keys(m)) out.add(`mount.${k}`);
    for (const lib of Object.values((p.libraries as Record<string, Plan> | undefined) ?? {})) {
      for (const [list, v] of Object.entries(lib)) {
        out.add(`library.${list}`);
        for (const e of (Array.isArray(v) ? v : [v]) as Plan[]) {
          if (!e || typeof e !== 'object') continue;
          for (const k of Object.keys(e)) out.add(`${list === 'main' ? 'main' : 'entry'}.${k}`);
          for (const eff of (e.effects as Plan[] | undefined) ?? []) {
            for (const [kind, args] of Object.entries(eff)) {
              out.add(`effect.${kind}`);
              for (const a of Object.keys((args as Plan) ?? {})) out.add(`effect.${kind}.${a}`);
            }
          }
        }
      }
    }
  };
  visit(plan);
  for (const text of Object.values(files)) visit(jsYaml.load(text) as Plan);
  return out;
}

const extensionArb = fc.record({ kind: fc.constantFrom(...EXTENSIONS), a: fc.nat({ max: 1 << 14 }), b: fc.nat({ max: 1 << 12 }) });

/** Whole-language cases: a base plan of the existing generators and 1..4 extensions. */
export const wholeCase: fc.Arbitrary<WholeCase> = fc
  .tuple(fc.oneof(correctCase, maybeBrokenCase), fc.array(extensionArb, { minLength: 1, maxLength: 4 }))
  .map(([base, extensions]) => {
    const plan = structuredClone(base.plan);
    const files: Record<string, string> = {};
    const host = { files: {} as Record<string, HostFile>, pieces: [] as string[] };
    for (const x of extensions) extend(plan, files, x.kind, x.a, x.b, host);
    const text = jsYaml.dump(plan, { noRefs: true, lineWidth: -1 });
    return Object.defineProperty({ base, extensions, text, files, hostFiles: host.files, initrdPieces: host.pieces, fields: fieldsOf(plan, files) }, fc.toStringMethod, {
      value: () => `extensions ${JSON.stringify(extensions)}:\n${text}${Object.entries(files).map(([f, t]) => `--- ${f}\n${t}`).join('')}${host.pieces.length ? `--- initrd pieces: ${host.pieces.join(', ')}\n` : ''}`,
      enumerable: false,
    });
  });

/** What one differential case found: a class name and the detail. */
export interface Finding {
  kind: 'crash-after-clean-check' | 'witness-does-not-replay' | 'internal-error';
  detail: string;
}

/** Runs one whole-language case through the three checks; returns what disagreed (empty: all held). */
export function differential(c: { text: string; files: Record<string, string>; profile: string; hostFiles?: Record<string, HostFile> }, seeds: readonly number[], host: HostFs = hostFor(c.hostFiles)): Finding[] {
  const out: Finding[] = [];
  const internal = (stage: string, err: unknown): Finding[] => {
    if (err instanceof InputError) return [];
    return [{ kind: 'internal-error', detail: `${stage}: ${err instanceof Error ? `${err.name}: ${err.message}` : String(err)}` }];
  };
  let compiled: Compiled | null;
  let diagnostics: Diagnostic[];
  try {
    const result = compile(loadPlanText(PLAN_FILE, c.text, c.files));
    compiled = result.compiled;
    diagnostics = result.diagnostics;
    if (compiled) diagnostics = [...diagnostics, ...check(compiled, { host })];
  } catch (err) {
    return internal('compile/check', err);
  }
  if (!compiled) return out;
  const errors = diagnostics.filter((d) => d.severity === 'error');
  if (errors.length === 0) {
    for (const linkOrder of linkOrdersFor(compiled.plan.profile, seeds)) {
      try {
        const { outcome, events } = run(compiled, { linkOrder, host });
        const fault = events.find((e) => e.ev === 'fault');
        if (outcome.target !== 'HALT' || fault || outcome.exitCode !== 0) {
          out.push({ kind: 'crash-after-clean-check', detail: `${orderName(linkOrder)}: ${outcome.target}: ${outcome.reason}` });
          break;
        }
      } catch (err) {
        out.push(...internal(`run ${orderName(linkOrder)}`, err));
        break;
      }
    }
  }
  for (const d of errors) {
    if (!d.witness) continue;
    try {
      // replayWitness carries on past other failures, so it holds in plans with several errors;
      // a plain run (the first failure is the one named) only where the error is the only one.
      const replay = replayWitness(compiled, d.witness, { host });
      const problem = !replay.matched ? `replayWitness observed ${replay.observed}` : errors.length === 1 ? witnessProblem(compiled, d.witness, host) : null;
      if (problem) out.push({ kind: 'witness-does-not-replay', detail: `${d.code}: ${problem}` });
    } catch (err) {
      out.push(...internal(`replay ${d.code}`, err));
    }
  }
  return out;
}
