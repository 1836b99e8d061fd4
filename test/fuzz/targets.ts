/**
 * One fuzz target per reader of outside input: each takes text (or bytes) and answers with
 * diagnostics. A target "holds" when it returns; anything it throws fails the campaign, except
 * the one error type a reader documents for unreadable input (`InputError`, carrying located
 * diagnostics: the CLI's exit 2). Seeds are real files of the project and the shared fixtures;
 * the arbitraries mix arbitrary bytes, keyword soup and structured mutations of windows of them.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { check, compile, loadPlanText } from '../../compiler/index.js';
import { parseNm } from '../../compiler/nm.js';
import { InputError, type Diagnostic } from '../../compiler/types.js';
import { parseCatalog } from '../../import/catalog.js';
import { readKconfig } from '../../import/kconfig.js';
import { dockerRootfs } from '../../import/dockerfile.js';
import { parseKraftfile } from '../../import/kraftfile.js';
import { importLinuxSystemMap } from '../../import/linux-system-map.js';
import { evaluateBuild } from '../../import/makefile-uk.js';
import { importUnikraftNm } from '../../import/unikraft-nm.js';
import { scanUnikraftSource } from '../../import/unikraft-src.js';
import { readDevicetree } from '../../import/zephyr/devicetree.js';
import { readInitTable } from '../../import/zephyr/map.js';
import { run } from '../../runtime/run.js';
import { memoryHost } from '../../runtime/vfs/host.js';
import { writeJsonl } from '../../traces/jsonl.js';
import { parseJsonlTrace } from '../../traces/logs/jsonl.js';
import { parseLinuxInitcallLog } from '../../traces/logs/linux.js';
import { parseUnikraftLog } from '../../traces/logs/unikraft.js';
import { readSharedFixture } from '../shared-fixtures.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const text = (relative: string) => readFileSync(join(ROOT, relative), 'latin1');
const textsIn = (folder: string, pattern: RegExp) => readdirSync(join(ROOT, folder), { recursive: true, encoding: 'utf8' }).filter((f) => pattern.test(f)).sort().map((f) => text(join(folder, f)));

export interface FuzzTarget {
  name: string;
  /** Real inputs the structured mutations start from. */
  seeds: () => string[];
  /** Words of the format, for keyword soup. */
  words: string[];
  /** Reads one input; returns what it reported. Throws only on a bug. */
  read: (input: string) => Diagnostic[];
}

/** What a reader throws by design for unreadable input is its diagnostics. */
function diagnosticsOf(body: () => Diagnostic[]): Diagnostic[] {
  try {
    return body();
  } catch (err) {
    if (err instanceof InputError) return err.diagnostics;
    throw err;
  }
}

const planAround = (body: string) => `bootplan: 1\nname: fuzz\nprofile: unikraft@0.17\ntarget: qemu/x86_64\n${body}`;
const SIMPLE_PLAN = 'bootplan: 1\nname: fuzz\nprofile: ./my.yaml\ntarget: qemu/x86_64\nlibraries:\n  a:\n    initcalls:\n      - { fn: a_init, level: lib, uses: [alloc] }\n';
const CPIO_PLAN = planAround('initrd: initrd.cpio\nmounts:\n  - { dev: initrd0, at: /, fs: extract }\nlibraries:\n  vfscore:\n    initcalls:\n      - { fn: vfscore_automount, level: rootfs, prio: 4, effects: [{ mount: { from: fstab } }] }\n  app:\n    main: { uses: [\'mount:/\'] }\n');
const cpioPlan = compile(loadPlanText('/fuzz/plan.yaml', CPIO_PLAN)).compiled!;

/** Bytes carried in a latin-1 string (one char per byte), as the text targets are fed. */
function bytesOf(input: string): Uint8Array {
  const out = new Uint8Array(input.length);
  for (let i = 0; i < input.length; i++) out[i] = input.charCodeAt(i) & 0xff;
  return out;
}

const MAKEFILE_WRAP = (body: string) => ({ 'lib/Makefile.uk': '$(eval $(call import_lib,$(CONFIG_UK_BASE)/lib/fz))\n', 'lib/fz/Makefile.uk': body, 'lib/fz/a.c': '' } as Record<string, string>);

export const TARGETS: FuzzTarget[] = [
  {
    name: 'plan YAML',
    seeds: () => [...textsIn('specs/plans', /\.ya?ml$/), ...textsIn('test/fixtures/plans', /\.ya?ml$/)],
    words: ['bootplan:', '1', '1.1', 'name:', 'profile:', 'unikraft@0.17', 'libraries:', 'initcalls:', 'ctors:', 'early:', '- {', '}', 'fn:', 'level:', 'prio:', 'uses:', '[alloc]', 'after:', 'term:', 'exit:', 'effects:', 'mount:', 'include:', 'extends:', 'overlay:', '&a', '*a', '<<:', '\n', '  ', ':', '-', '{', '[', '"', "'", '#', 'memory:', '64Gi', 'cost:', '9999999s'],
    read: (input) => diagnosticsOf(() => {
      const source = loadPlanText('/fuzz/plan.yaml', input);
      const { compiled, diagnostics } = compile(source);
      return compiled ? [...diagnostics, ...check(compiled)] : diagnostics;
    }),
  },
  {
    name: 'profile',
    seeds: () => textsIn('specs/profiles', /\.yaml$/),
    words: ['name:', 'version:', 'tables:', 'phases:', '- step:', '- table:', 'role:', 'initcall', 'ctor', 'early', 'levels:', 'prio:', 'min:', 'max:', 'default:', 'canFail:', 'terms:', 'exitStatus:', 'termsWrite:', 'true', 'platforms:', 'provides:', '[]', '\n', '  ', '-', ':'],
    read: (input) => diagnosticsOf(() => {
      const { compiled, diagnostics } = compile(loadPlanText('/fuzz/plan.yaml', SIMPLE_PLAN, { '/fuzz/my.yaml': input }));
      return compiled ? [...diagnostics, ...check(compiled)] : diagnostics;
    }),
  },
  {
    name: 'catalog',
    seeds: () => textsIn('specs/catalogs', /\.yaml$/),
    words: ['catalog:', 'calls:', 'registrations:', 'libraries:', 'uses:', 'provides:', 'effects:', 'source:', 'fn:', '- {', '}', '\n', '  ', '-', ':'],
    read: (input) => parseCatalog('catalog.yaml', input).diagnostics,
  },
  {
    name: 'Unikraft console',
    seeds: () => [readSharedFixture('unikraft-0.17-rich/boot.log')],
    words: ['[    0.000000]', 'Info:', 'dbg:', 'CRIT:', '[libukboot]', '<boot.c @  381>', 'Call init function:', 'Call constructor:', '(0x10fa0)...', 'Init function at', 'returned error', 'Halting system (0)', 'Shutting down system (3)', 'Unikraft halted', 'Unikraft terminates with exit status 7 (target: 0)', 'Call term function:', '\n'],
    read: (input) => parseUnikraftLog(input, parseNm(readSharedFixture('unikraft-0.17-rich/nm.txt'))).diagnostics,
  },
  {
    name: 'Linux initcall_debug log',
    seeds: () => [readSharedFixture('linux-6.1/initcall_debug.log')],
    words: ['[    0.123456]', 'calling ', 'initcall ', ' returned ', ' after ', ' usecs', '+0x0/0x40', '@ 1', '-12', 'Run /sbin/init', 'reboot: System halted', '\n'],
    read: (input) => parseLinuxInitcallLog(input).diagnostics,
  },
  {
    name: 'JSON Lines trace',
    // A real trace: the emulated boot of a bundled plan.
    seeds: () => [writeJsonl(run(compile(loadPlanText(join(ROOT, 'specs/plans/unikraft/helloworld-9pfs.yaml'), text('specs/plans/unikraft/helloworld-9pfs.yaml'))).compiled!, { baseDir: join(ROOT, 'specs/plans/unikraft') }).events)],
    words: ['{"seq":0,"t":0,"ev":"call","id":"a.b"}', '{"seq":1,"t":5,"ev":"return","rc":-1}', '{"ev":"halt","target":"CRASH"}', '{', '}', '"seq":', '"t":', '1e999', '-0', 'null', '\n'],
    read: (input) => parseJsonlTrace(input).diagnostics,
  },
  {
    name: 'nm (Unikraft image)',
    seeds: () => [readSharedFixture('unikraft-0.17-rich/nm.txt')],
    words: ['0000000000112233', ' t ', ' T ', ' d ', '__uk_ctortab9_', '__uk_inittab41_', '__uk_inittab4x_', 'vfscore_automount', '__proto__', 'constructor', '_0x0', '\n'],
    read: (input) => importUnikraftNm(input, { file: 'nm.txt' }).diagnostics,
  },
  {
    name: 'System.map',
    seeds: () => [readSharedFixture('linux-6.1/System.map')],
    words: ['ffffffff81000000', ' t ', ' T ', ' d ', '__initcall__kmod_', '__initcall_', '6', '0s', 'rootfs', 'early', '_', 'constructor', 'hasOwnProperty', '\n'],
    read: (input) => importLinuxSystemMap(input, { file: 'System.map' }).diagnostics,
  },
  {
    name: 'zephyr.map',
    seeds: () => [text('test/fixtures/zephyr-build/nucleo-bad-prio.zephyr.map'), ...textsIn('test/fixtures/zephyr-build/nucleo', /zephyr\.map$/)],
    words: [' .z_init_', 'PRE_KERNEL_1', 'POST_KERNEL', 'APPLICATION', '_P_', '_SUB_', '0x0000000008001234', '0x10', 'libkernel.a(init.c.obj)', '__init_', '\n', ' '],
    read: (input) => {
      return readInitTable(input, 'zephyr.map').diagnostics;
    },
  },
  {
    name: 'devicetree_generated.h',
    seeds: () => textsIn('test/fixtures/zephyr-build/nucleo', /devicetree_generated\.h$/),
    words: ['#define', 'DT_N_S_soc', '_ORD', '_REQUIRES_ORDS', '_EXISTS', '1', '(', ')', ',', '\\\n', '\n'],
    read: (input) => {
      return readDevicetree(input).diagnostics;
    },
  },
  {
    name: 'Kconfig .config',
    seeds: () => [text('test/fixtures/unikraft-build/fixture.config'), text('test/fixtures/unikraft-earlytab/early.config')],
    words: ['CONFIG_', 'LIBVFSCORE', '=y', '=n', '=m', '="x"', '=0x10', '# CONFIG_X is not set', '=', '"', '\\', '\n'],
    read: (input) => readKconfig(input, '.config').diagnostics,
  },
  {
    name: 'Makefile.uk',
    seeds: () => textsIn('test/fixtures/unikraft-build/tree/lib', /Makefile\.uk$/),
    words: ['$(eval $(call addlib_s,libfz,$(CONFIG_LIBFZ)))', 'LIBFZ_SRCS-y += $(LIBFZ_BASE)/a.c', '$(', ')', '$$', 'ifeq', 'ifdef', 'else', 'endif', 'define', 'endef', 'include', ':=', '=', '+=', '$(call', '$(foreach', '$(shell', '$(error', ',', '\\\n', '\n'],
    read: (input) => {
      const files = MAKEFILE_WRAP(input);
      return evaluateBuild({ read: (p) => files[p] ?? null, exists: (p) => p in files, roots: { libs: [] }, config: null, target: { plat: 'kvm', arch: 'x86_64' } }).diagnostics;
    },
  },
  {
    name: 'C source (import unikraft --src)',
    seeds: () => textsIn('test/fixtures/unikraft-build/tree', /\.[ch]$/),
    words: ['#define', '#if', '#ifdef', '#else', '#endif', 'UK_CTOR_PRIO(', 'uk_rootfs_initcall_prio(', 'UK_BOOT_EARLYTAB_ENTRY(', 'UK_PRIO_AFTER(', 'UK_PRIO_LATEST', ',', ')', ';', '/*', '*/', '"', "'", '\\\n', '\n', '##', '__LIBNAME__'],
    read: (input) => scanUnikraftSource([{ path: 'lib/fz/fz.c', text: input }, { path: 'lib/fz/fz.h', text: input.slice(0, 200) }]).diagnostics,
  },
  {
    name: 'Kraftfile',
    seeds: () => textsIn('test/fixtures/init', /(Kraftfile|kraft\.yaml)$/),
    words: ['spec:', 'v0.6', 'name:', 'unikraft:', 'targets:', 'libraries:', 'volumes:', 'rootfs:', 'cmd:', '- ', './x:/y', 'qemu/x86_64', '\n', '  '],
    read: (input) => parseKraftfile('Kraftfile', input).diagnostics,
  },
  {
    name: 'Dockerfile rootfs (init --kraftfile)',
    seeds: () => [
      'FROM scratch\nCOPY ./rootfs /\n',
      '# syntax=docker/dockerfile:1\nFROM debian:bookworm AS build\nRUN a \\\n  && b\n\nFROM scratch\nCOPY --from=build /out /\nCOPY ["site", "/site"]\nCMD ["/x"]\n',
    ],
    words: ['FROM', 'scratch', 'AS', 'COPY', 'ADD', 'RUN', '--from=build', '--chown=0:0', '<<EOF', '["a", "/"]', './rootfs', '/', '..', '*', '# escape=`', '\\\n', '\n', ' '],
    read: (input) => {
      dockerRootfs(input, (p) => p === '' || p === 'rootfs', input.slice(0, 100));
      return [];
    },
  },
  {
    name: 'cpio initrd (booted)',
    seeds: () => [text('specs/plans/unikraft/nginx-rootfs.cpio')],
    words: ['070701', '070702', '00000000', '000081A4', '000041ED', '0000A1FF', 'TRAILER!!!', '\0', '../', '/', 'etc/passwd'],
    read: (input) => {
      const r = run(cpioPlan, { host: memoryHost({ '/fuzz/initrd.cpio': bytesOf(input) }), baseDir: '/fuzz' });
      return r.outcome.target === 'HALT' ? [] : [{ code: 'boot-failed', severity: 'error', message: r.outcome.reason }];
    },
  },
];

/** Arbitrary bytes, as a latin-1 string. */
const bytes = fc.uint8Array({ maxLength: 4096 }).map((b) => String.fromCharCode(...b));

/** A window of a real file's lines with structured damage: lines cut, doubled, swapped, numbers made huge, bytes flipped. */
function mutated(seeds: readonly string[]): fc.Arbitrary<string> {
  const ops = fc.array(fc.tuple(fc.constantFrom('delete', 'duplicate', 'swap', 'huge', 'flip', 'truncate', 'insert', 'long'), fc.nat(), fc.nat(), fc.string({ maxLength: 8 })), { maxLength: 8 });
  // Half the windows are the top 2,000 lines (a whole plan or profile), so that most of a damaged file is still well-formed.
  const window = fc.oneof(fc.tuple(fc.constant(0), fc.constant(2000)), fc.tuple(fc.nat(), fc.integer({ min: 1, max: 300 })));
  return fc.tuple(fc.nat({ max: Math.max(0, seeds.length - 1) }), window, ops).map(([s, [start, size], list]) => {
    const all = (seeds[s] ?? '').split('\n');
    const from = all.length === 0 ? 0 : start % all.length;
    let lines = all.slice(from, from + size);
    for (const [op, a, b, str] of list) {
      if (lines.length === 0) break;
      const i = a % lines.length;
      const j = b % lines.length;
      if (op === 'delete') lines.splice(i, 1);
      else if (op === 'duplicate') lines.splice(i, 0, ...Array<string>(1 + (b % 50)).fill(lines[i]!));
      else if (op === 'swap') [lines[i], lines[j]] = [lines[j]!, lines[i]!];
      else if (op === 'huge') lines[i] = lines[i]!.replace(/\d+/, b % 2 ? '99999999999999999999999' : '-9007199254740993');
      else if (op === 'flip') lines[i] = lines[i]!.slice(0, b % (lines[i]!.length + 1)) + String.fromCharCode(a % 256) + lines[i]!.slice((b % (lines[i]!.length + 1)) + 1);
      else if (op === 'truncate') lines = lines.slice(0, i + 1).concat(lines[i + 1] === undefined ? [] : [lines[i + 1]!.slice(0, b % (lines[i + 1]!.length + 1))]);
      else if (op === 'insert') lines.splice(i, 0, str);
      else lines[i] = lines[i]! + 'x'.repeat(b % 20_000);
    }
    return lines.join('\n');
  });
}

/** Inputs for a target: a third each of bytes, keyword soup and mutated real files. */
export function inputsFor(target: FuzzTarget): fc.Arbitrary<string> {
  const seeds = target.seeds();
  const soup = fc.array(fc.constantFrom(...target.words), { maxLength: 200 }).map((w) => w.join(''));
  return fc.oneof(bytes, soup, ...(seeds.length > 0 ? [mutated(seeds)] : []));
}

/** A diagnostic as data, as every reporter expects it. */
export function wellFormed(d: Diagnostic): boolean {
  return typeof d.code === 'string' && d.code !== '' && ['error', 'warning', 'note'].includes(d.severity) && typeof d.message === 'string'
    && (d.location === undefined || (typeof d.location.file === 'string' && Number.isSafeInteger(d.location.line) && Number.isSafeInteger(d.location.column)));
}
