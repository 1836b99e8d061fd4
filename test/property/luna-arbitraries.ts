/**
 * Generated multi-stage plans of the thread model (profile luna): a kernel that starts [kinit],
 * [kinit] mounting the ramdisk and starting PID 1, and up to five programs whose steps provide,
 * use and await capabilities, mount and unmount tmpfs, make directories, listen and connect on
 * sockets, spawn later programs (waiting for them or not), exec, and exit — correct and broken
 * alike. The plans are JSON (which is YAML), their images inline.
 */
import fc from 'fast-check';

const CAPS = ['a', 'b', 'c'];
const DIRS = ['/d1', '/d2', '/d1/x', '/nowhere'];
const SOCKETS = ['/d1/s.sock', '/d2/t.sock'];

type Step = Record<string, unknown>;

const stepArb = (self: number, programs: number): fc.Arbitrary<Step> => {
  const later = Array.from({ length: programs - self - 1 }, (_, k) => self + 1 + k);
  const options: Array<fc.Arbitrary<Step>> = [
    fc.constantFrom(...CAPS).map((c) => ({ name: `make-${c}`, provides: [c] })),
    fc.constantFrom(...CAPS).map((c) => ({ name: `need-${c}`, uses: [c] })),
    fc.constantFrom(...CAPS).map((c) => ({ await: c })),
    fc.constantFrom(...DIRS).map((d) => ({ mount: { fs: 'tmpfs', at: d } })),
    fc.constantFrom(...DIRS).map((d) => ({ umount: d })),
    fc.constantFrom(...DIRS).map((d) => ({ mkdir: d })),
    fc.constantFrom(...SOCKETS).map((p) => ({ listen: p })),
    fc.constantFrom(...SOCKETS).map((p) => ({ connect: p })),
    fc.constantFrom('/bin/p0', '/bin/missing').map((p) => ({ open: p })),
    fc.constantFrom('512Ki', '1Mi', '1536Ki').map((size) => ({ name: 'take', alloc: size })),
  ];
  if (later.length > 0) options.push(fc.record({ k: fc.constantFrom(...later), wait: fc.boolean() }).map(({ k, wait }) => ({ spawn: { path: `/bin/p${k}`, ...(wait ? { wait: true } : {}) } })));
  return fc.oneof(...options);
};

export interface LunaCase {
  text: string;
  programs: number;
}

export const lunaPlanArb: fc.Arbitrary<LunaCase> = fc.integer({ min: 1, max: 5 }).chain((programs) =>
  fc.record({
    bodies: fc.tuple(...Array.from({ length: programs }, (_, i) => fc.array(stepArb(i, programs), { maxLength: 6 }))),
    ends: fc.array(fc.constantFrom('idle', 'exit', 'none', 'exec-missing'), { minLength: programs, maxLength: programs }),
    scanLate: fc.boolean(),
  }).map(({ bodies, ends, scanLate }) => {
    const programsObj: Record<string, Step[]> = {};
    bodies.forEach((body, i) => {
      const end = ends[i]!;
      programsObj[`/bin/p${i}`] = [...body, ...(end === 'idle' ? [{ idle: {} }] : end === 'exit' ? [{ exit: 0 }] : end === 'exec-missing' ? [{ exec: '/bin/missing' }] : [])];
    });
    programsObj['/bin/missing'] = [{ idle: {} }];
    const files: Record<string, unknown> = { '/d1': { dir: true }, '/d2': { dir: true, mode: '1777' } };
    for (let i = 0; i < programs; i++) files[`/bin/p${i}`] = { mode: '0755' };
    const kinit: Step[] = [
      { mount: { fs: 'initrd', at: '/' } },
      ...(scanLate ? [] : [{ 'scan-disks': {} }]),
      { spawn: { path: '/bin/p0', pid: 1 } },
      ...(scanLate ? [{ 'scan-disks': {} }] : []),
      { exit: 0 },
    ];
    const plan = {
      bootplan: 1, name: 'generated', profile: 'luna', memory: '2Mi',
      ramdisk: { files },
      kernel: { start: [{ name: 'init-threading', provides: ['sched'] }, { spawn: { thread: 'kinit' } }], threads: { kinit } },
      programs: programsObj,
    };
    return { text: JSON.stringify(plan, null, 1), programs };
  }));
