/** Root causes first (compiler/check/group.ts) and the order `sortDiagnostics` keeps for them. */
import { describe, expect, it } from 'vitest';
import { groupCauses } from '../../../compiler/check/group.js';
import { sortDiagnostics, type Compiled, type Diagnostic } from '../../../compiler/index.js';
import { checkedFindings } from '../../helpers/checked-plan.js';

const at = (line: number, column = 1) => ({ file: '/p.yaml', line, column });

describe('groupCauses + sortDiagnostics', () => {
  it('a race between two entries of a cycle follows the cycle even when it is earlier in the file, and loses its priority hint', () => {
    const racy: Diagnostic = { code: 'race', severity: 'error', message: 'a uses x', location: at(3), subjects: ['a', 'b'], hint: 'write `prio: after(b)` on a (priority 4)' };
    const other: Diagnostic = { code: 'pre-init-use', severity: 'error', message: 'c uses alloc', location: at(5), subjects: ['c'] };
    const cycle: Diagnostic = { code: 'cycle', severity: 'error', message: 'dependency cycle: a → b → a', location: at(7), subjects: ['a', 'b'] };
    const out = sortDiagnostics(groupCauses([racy, other, cycle], null));
    expect(out.map((d) => d.code)).toEqual(['pre-init-use', 'cycle', 'race']);
    expect(racy.cause).toEqual({ code: 'cycle', message: cycle.message, location: cycle.location });
    expect(racy.hint).not.toContain('prio: after');
  });

  it('a race with one entry outside the cycle is not its consequence', () => {
    const racy: Diagnostic = { code: 'race', severity: 'error', message: 'c uses x', location: at(3), subjects: ['c', 'b'], hint: 'write `prio: after(b)` on c (priority 4)' };
    const cycle: Diagnostic = { code: 'cycle', severity: 'error', message: 'dependency cycle: a → b → a', location: at(7), subjects: ['a', 'b'] };
    sortDiagnostics(groupCauses([racy, cycle], null));
    expect(racy.cause).toBeUndefined();
    expect(racy.hint).toContain('prio: after(b)');
  });

  it('later uses of a capability nothing provides fold under the first; other capabilities stay apart', () => {
    const use = (line: number, capability: string): Diagnostic => ({ code: 'capability-never-provided', severity: 'error', message: `e${line} uses ${capability}`, location: at(line), capability, hint: `add an entry that provides \`${capability}\`` });
    const [a, b, c] = [use(9, 'fdtab'), use(4, 'fdtab'), use(6, 'vfs')];
    const out = sortDiagnostics(groupCauses([a, b, c], null));
    expect(out).toEqual([b, a, c]);
    expect(a.cause?.location?.line).toBe(4);
    expect(a.hint).toBeUndefined();
    expect(c.cause).toBeUndefined();
  });
});

describe('groupCauses: edge cases of the pass', () => {
  const racy = (): Diagnostic => ({ code: 'race', severity: 'error', message: 'a uses x', location: at(3), subjects: ['a', 'b'], hint: 'write `prio: after(b)` on a (priority 4)' });
  const cycle = (): Diagnostic => ({ code: 'cycle', severity: 'error', message: 'dependency cycle: a → b → a', location: at(7), subjects: ['a', 'b'] });

  it('two findings are enough to group', () => {
    const [r, c] = [racy(), cycle()];
    groupCauses([r, c], null);
    expect(r).toStrictEqual({ ...racy(), cause: { code: 'cycle', message: c.message, location: at(7) }, hint: 'break the cycle above first: no levels or priorities can satisfy this requirement while it stands' });
  });

  it('inside a cycle only requirements between two of its entries fold: not a one-entry finding, not another kind', () => {
    const one: Diagnostic = { code: 'pre-init-use', severity: 'error', message: 'a uses alloc', location: at(2), subjects: ['a'] };
    const other: Diagnostic = { code: 'term-order', severity: 'error', message: 'term of a uses x', location: at(4), subjects: ['a', 'b'] };
    const none: Diagnostic = { code: 'race', severity: 'error', message: 'somewhere', location: at(5) };
    groupCauses([one, other, none, cycle()], null);
    expect([one.cause, other.cause, none.cause]).toEqual([undefined, undefined, undefined]);
  });

  it('a cause without a place is carried without one; a consequence of a consequence names the first cause', () => {
    const root: Diagnostic = { code: 'cycle', severity: 'error', message: 'dependency cycle: a → b → a', subjects: ['a', 'b'] };
    const r = racy();
    groupCauses([r, root], null);
    expect(r.cause).toStrictEqual({ code: 'cycle', message: root.message });
    const first: Diagnostic = { code: 'capability-never-provided', severity: 'error', message: 'a uses fdtab', location: at(2), capability: 'fdtab', hint: 'add a provider' };
    const later: Diagnostic = { code: 'capability-never-provided', severity: 'error', message: 'c uses fdtab', location: at(6), capability: 'fdtab', hint: 'provide it' };
    groupCauses([later, first], null);
    expect(later.cause).toStrictEqual({ code: 'capability-never-provided', message: 'a uses fdtab', location: at(2) });
    expect(later.hint).toBe('provide it');
  });

  it('the first use is the first by line, then by column', () => {
    const use = (line: number, column: number): Diagnostic => ({ code: 'capability-never-provided', severity: 'error', message: `use ${line}:${column}`, location: at(line, column), witness: { expect: { kind: 'fault', entry: 'e', capability: 'fdtab' }, order: [] } });
    const [late, right, left] = [use(9, 1), use(4, 30), use(4, 12)];
    groupCauses([late, right, left], null);
    expect([late.cause?.message, right.cause?.message, left.cause]).toEqual(['use 4:12', 'use 4:12', undefined]);
  });
});

describe('groupCauses in a checked plan', () => {
  const HEAD = 'bootplan: 1\nname: t\nprofile: unikraft@0.17\ntarget: qemu/x86_64\n';
  const lib = (lines: string) => `${HEAD}libraries:\n  a:\n    initcalls:\n${lines}`;
  /** The findings without their witnesses and fixes (other tests read those). */
  const grouped = async (text: string, files?: Record<string, string>) => (await checkedFindings(text, files ? { files } : {})).map(({ witness: _w, fixes: _f, ...f }) => f);
  const UNKNOWN_KEY = { code: 'unknown-key', message: 'unknown key "levl" in libraries.a.initcalls[0]; did you mean "level"?', at: '8:23' };

  it('an entry left out for its input error explains the uses of what it provides and every name of it', async () => {
    const plan = lib(`      - { fn: a_init, levl: lib, prio: 0, provides: [fdtab] }
      - { fn: b_init, level: lib, prio: 1, uses: [fdtab] }
      - { fn: c_init, level: lib, prio: 2, after: [a.a_init] }
      - { fn: d_init, level: lib, prio: after(a.a_init) }
`);
    const because = 'a.a_init exists, but it is left out of the check for its input error: fix that above';
    expect(await grouped(plan)).toEqual([
      { ...UNKNOWN_KEY, severity: 'error', hint: 'allowed here: fn, level, prio, term, uses, provides, after, before, effects, cost, alloc, returns, evidence, note, pinned, ordinal', related: [{ message: 'this entry is left out of the check; the rest of the plan is checked without it' }] },
      { code: 'capability-never-provided', severity: 'error', at: '9:51', message: '`a.b_init` uses `fdtab`, which nothing provides', hint: 'a.a_init would provide `fdtab`, but it is left out of the check for its input error: fix that above', subjects: ['a.b_init'], cause: UNKNOWN_KEY },
      { code: 'unknown-entry-ref', severity: 'error', at: '10:52', message: 'after: "a.a_init" in a.c_init names no entry; did you mean "a.b_init"?', hint: because, cause: UNKNOWN_KEY },
      { code: 'unknown-entry-ref', severity: 'error', at: '11:41', message: 'after(a.a_init) in the priority of a.d_init names no entry; did you mean "a.b_init"?', hint: because, cause: UNKNOWN_KEY },
    ]);
  });

  it('an entry the build drops explains a missing capability (its hint replaced) and a use that comes too early (its hint kept)', async () => {
    const plan = lib(`      - { fn: z_init, level: lib, prio: 0 }
      - { fn: d_init, level: lib, prio: before(a.z_init), provides: [vfs, x] }
      - { fn: e_init, level: lib, prio: 5, uses: [vfs, x] }
      - { fn: f_init, level: lib, prio: 7, provides: [x] }
`);
    const dropped = { code: 'prio-out-of-range', message: 'before(a.z_init) gives priority -1 for a.d_init, outside 0..9 (a.z_init is at 0); in C, UK_PRIO_BEFORE(0) does not compile', at: '9:41' };
    expect(await grouped(plan)).toEqual([
      { ...dropped, severity: 'error', hint: 'move a.z_init later, or give a.d_init a level before lib' },
      {
        code: 'capability-never-provided', severity: 'error', at: '10:51', message: '`a.e_init` uses `vfs`, which nothing provides: only a.d_init would, and the build drops it (before(a.z_init) leaves the priority range)',
        hint: 'a.d_init would provide `vfs`, but the build drops it (before(a.z_init) leaves the priority range): fix that above', related: [{ at: '9:9', message: 'a.d_init is dropped' }], subjects: ['a.e_init'], cause: dropped,
      },
      {
        code: 'use-before-provide', severity: 'error', at: '10:56', message: '`a.e_init` (lib 5) uses `x`, which `a.f_init` provides but runs only later (lib 7): it fails in every boot',
        hint: 'move a.f_init before lib 5, or a.e_init after lib 7', related: [{ at: '11:55', message: 'a.f_init (lib 7): provided here' }], subjects: ['a.e_init', 'a.f_init'], cause: dropped,
      },
    ]);
  });

  it('an entry that fails explains the findings on what it provides, except its own', async () => {
    const fails = { code: 'entry-fails', message: '`a.a_init` returns -1: the boot stops there with CRASH, after running the term functions of the entries before it', at: '8:79' };
    const plan = lib(`      - { fn: a_init, level: lib, prio: 1, uses: [x], provides: [x], returns: -1 }
      - { fn: b_init, level: lib, prio: 1, provides: [x] }
      - { fn: c_init, level: lib, prio: 0, uses: [x] }
`);
    expect((await grouped(plan)).map((f) => ({ code: f.code, subjects: f.subjects, cause: f.cause }))).toEqual([
      { code: 'race', subjects: ['a.a_init', 'a.b_init'] },
      { code: 'entry-fails', subjects: ['a.a_init'] },
      { code: 'use-before-provide', subjects: ['a.c_init', 'a.a_init'], cause: fails },
    ]);
  });

  it('uses of one missing capability fold under the first in each file', async () => {
    const plan = `${HEAD}include: [cat.yaml]
libraries:
  a:
    initcalls:
      - { fn: a_init, level: lib, prio: 1, uses: [fdtab] }
      - { fn: b_init, level: lib, prio: 2, uses: [fdtab] }
      - { fn: c_init, level: lib, prio: 2, uses: [vfs] }
`;
    const files = { 'cat.yaml': 'bootplan: 1\nlibraries:\n  b:\n    initcalls:\n      - { fn: b_init, level: lib, prio: 0, uses: [fdtab] }\n' };
    const missing = (at: string, id: string, cap: string) => ({ code: 'capability-never-provided', severity: 'error', at, message: `\`${id}\` uses \`${cap}\`, which nothing provides`, hint: `add an entry that provides \`${cap}\`, or remove the use`, subjects: [id] });
    expect(await grouped(plan, files)).toEqual([
      missing('cat.yaml 5:51', 'b.b_init', 'fdtab'),
      missing('9:51', 'a.a_init', 'fdtab'),
      { ...missing('10:51', 'a.b_init', 'fdtab'), hint: undefined, cause: { code: 'capability-never-provided', message: '`a.a_init` uses `fdtab`, which nothing provides', at: '9:51' } },
      missing('11:51', 'a.c_init', 'vfs'),
    ]);
  });
});

describe('groupCauses: every kind of cause', () => {
  const HEAD = 'bootplan: 1\nname: t\nprofile: unikraft@0.17\ntarget: qemu/x86_64\n';

  it('each stage error that leaves an entry out or drops it explains the uses of what the entry would provide', async () => {
    const plan = `${HEAD}libraries:
  a:
    initcalls:
      - { fn: a1, levl: lib, provides: [c1] }
      - { fn: a2, level: lib, uses: 5, provides: [c2] }
      - { fn: a4, level: lib, evidence: [], provides: [c4] }
      - { fn: a5, level: lib, prio: after(a.nope), provides: [c5] }
      - { fn: a6, provides: [c6] }
      - { fn: u, level: late, uses: [c1, c2, c4, c5, c6] }
`;
    const left = (id: string, cap: string) => `${id} would provide \`${cap}\`, but it is left out of the check for its input error: fix that above`;
    const dropped = (id: string, cap: string, why: string) => `${id} would provide \`${cap}\`, but the build drops it (${why}): fix that above`;
    expect((await checkedFindings(plan)).map((f) => ({ code: f.code, at: f.at, hint: f.code === 'capability-never-provided' ? f.hint : undefined, cause: f.cause && `${f.cause.code} ${f.cause.at}` }))).toEqual([
      { code: 'unknown-key', at: '8:19' },
      { code: 'capability-never-provided', at: '13:38', hint: left('a.a1', 'c1'), cause: 'unknown-key 8:19' },
      { code: 'schema', at: '9:37' },
      { code: 'capability-never-provided', at: '13:42', hint: left('a.a2', 'c2'), cause: 'schema 9:37' },
      { code: 'language-version', at: '10:31' },
      { code: 'capability-never-provided', at: '13:46', hint: left('a.a4', 'c4'), cause: 'language-version 10:31' },
      { code: 'unknown-entry-ref', at: '11:37' },
      { code: 'capability-never-provided', at: '13:50', hint: dropped('a.a5', 'c5', 'its priority refers to a.nope, which does not exist'), cause: 'unknown-entry-ref 11:37' },
      { code: 'unknown-level', at: '12:9' },
      { code: 'capability-never-provided', at: '13:54', hint: dropped('a.a6', 'c6', 'it has no level'), cause: 'unknown-level 12:9' },
    ]);
  });

  it('a dropped bus probe explains the mount whose device it would attach, without "add the probe"', async () => {
    const plan = `${HEAD}devices:
  - { kind: virtio-9p, tag: fs0, hostdir: guest_fs }
libraries:
  ukbus:
    initcalls:
      - { fn: uk_bus_lib_init, level: platform, prio: 0, effects: [{ probe-buses: {} }] }
  vfscore:
    initcalls:
      - { fn: vfscore_automount, level: rootfs, prio: 4, effects: [{ mount: { dev: fs0, at: /, fs: 9pfs } }] }
  app:
    main: { uses: ['mount:/'] }
`;
    const missing = (await checkedFindings(plan, { code: 'mount-source-missing' }))[0]!;
    expect({ hint: missing.hint, cause: missing.cause?.code }).toEqual({ hint: 'ukbus.uk_bus_lib_init would provide `dev:fs0`, but the build drops it (it has no level): fix that above', cause: 'unknown-level' });
  });

  it('every kind of requirement between two entries of a cycle folds under it', () => {
    const cycleOf = (): Diagnostic => ({ code: 'cycle', severity: 'error', message: 'dependency cycle: a → b → a', location: at(9), subjects: ['a', 'b'] });
    const codes = ['race', 'order-violated', 'use-before-provide', 'link-order-dependency', 'mount-before-mounted', 'pre-init-use'];
    const found = codes.map((code, i): Diagnostic => ({ code, severity: 'error', message: `${code} a b`, location: at(i + 1), subjects: ['a', 'b'] }));
    groupCauses([...found, cycleOf()], null);
    expect(found.map((d) => d.cause?.code)).toEqual(codes.map(() => 'cycle'));
  });
});

describe('groupCauses: which stage error drops which entry, and which entry fails', () => {
  const src = (file: string, ...path: Array<string | number>) => ({ file, path });
  const entryAt = (i: number) => src('/p.yaml', 'libraries', 'a', 'initcalls', i);
  /** A compiled plan that holds only what the pass reads. */
  const plan = (parts: { dropped?: Compiled['dropped']; skipped?: Compiled['skipped']; entries?: Array<{ id: string; provides: string[] }> }) => ({ dropped: [], entries: [], ...parts }) as unknown as Compiled;
  const drop = (id: string, provides: string[], source = entryAt(0)) => ({ id, reason: 'its priority is out of range', provides, source });
  const stage = (code: string, source?: ReturnType<typeof src>, line = 1): Diagnostic => ({ code, severity: 'error', message: `${code} at ${line}`, location: at(line), ...(source ? { source } : {}) });
  const use = (cap: string, line: number, subjects: string[] | null = ['a.u']): Diagnostic => ({ code: 'capability-never-provided', severity: 'error', message: `a.u uses ${cap}`, location: at(line), capability: cap, hint: `add an entry that provides \`${cap}\``, ...(subjects ? { subjects } : {}) });

  it('the error that drops an entry is the one inside that entry, in its own file, of a stage-error kind', () => {
    const other = stage('prio-out-of-range', entryAt(1), 2);
    const elsewhere = stage('prio-out-of-range', src('/q.yaml', 'libraries', 'a', 'initcalls', 0), 3);
    const racy: Diagnostic = { ...stage('race', entryAt(0), 4), capability: 'y', subjects: ['a.z', 'a.d'] };
    const own = stage('prio-out-of-range', src('/p.yaml', 'libraries', 'a', 'initcalls', 0, 'prio'), 5);
    const [x, y] = [use('x', 6), use('y', 7)];
    x.message = 'a.u uses x, which only "a.d" (a.d) would provide';
    groupCauses([other, elsewhere, racy, own, x, y], plan({ dropped: [drop('a.d', ['x', 'y'])] }));
    expect([x.cause?.message, y.cause?.message]).toEqual(['prio-out-of-range at 5', 'prio-out-of-range at 5']);
    // a use that names the dropped entry is still a use: its hint says what the entry would provide
    expect([x.hint, y.hint]).toEqual(['a.d would provide `x`, but the build drops it (its priority is out of range): fix that above', 'a.d would provide `y`, but the build drops it (its priority is out of range): fix that above']);
    // the race names the dropped entry itself: not a consequence of its drop
    expect([other.cause, elsewhere.cause, own.cause, racy.cause]).toEqual([undefined, undefined, undefined, undefined]);
  });

  it('an error outside the entry is not its cause: at the entry\'s parent, at a shorter path whose next key reads "undefined"', () => {
    const parent = stage('prio-out-of-range', src('/p.yaml', 'libraries'), 2);
    const x = use('x', 6);
    groupCauses([parent, x], plan({ dropped: [drop('a.d', ['x'], src('/p.yaml', 'libraries', 'undefined'))] }));
    expect(x.cause).toBeUndefined();
  });

  it('an error found only by its place (no source path) is not inside any entry; a dropped entry with no error found explains nothing', () => {
    const located = stage('schema', undefined, 2);
    const nowhere: Diagnostic = { code: 'schema', severity: 'error', message: 'bad plan' };
    const x = use('x', 6);
    groupCauses([nowhere, located, x], plan({ dropped: [drop('a.d', ['x'], { file: '/p.yaml', path: [] })] }));
    expect(x.cause).toBeUndefined();
    const y = use('y', 7);
    groupCauses([stage('race', entryAt(0), 1), y], plan({ skipped: [drop('a.e', ['y'])] }));
    expect(y.cause).toBeUndefined();
  });

  it('an error found by its source alone (not yet located) still explains the uses', () => {
    const own: Diagnostic = { code: 'unknown-key', severity: 'error', message: 'unknown key', source: entryAt(0) };
    const x = use('x', 6);
    groupCauses([own, x], plan({ skipped: [drop('a.d', ['x'])] }));
    expect(x.cause).toStrictEqual({ code: 'unknown-key', message: 'unknown key' });
  });

  it('a finding without subjects about what a dropped entry provides folds under its error; a stage error names no entry and is never its own cause', () => {
    const own = stage('unknown-entry-ref', entryAt(0), 2);
    own.message = 'after: "a.d" in a.d names no entry';
    const x = use('x', 6, null);
    groupCauses([own, x], plan({ skipped: [drop('a.d', ['x'])] }));
    expect(own.cause).toBeUndefined();
    expect(x.cause?.code).toBe('unknown-entry-ref');
  });

  it('with no compiled plan, stage errors and failing entries explain nothing', () => {
    const fails: Diagnostic = { code: 'entry-fails', severity: 'error', message: 'a.f returns -1', location: at(1), subjects: ['a.f'] };
    const x = use('x', 6);
    groupCauses([stage('prio-out-of-range', entryAt(0), 2), fails, x], null);
    expect(x.cause).toBeUndefined();
  });

  it('a failing entry explains the findings on what it provides, whichever entry of the plan it is; not other capabilities, not findings without a capability', () => {
    const fails: Diagnostic = { code: 'entry-fails', severity: 'error', message: 'a.f returns -1', location: at(1), subjects: ['a.f'] };
    const [x, y] = [use('x', 6), use('y', 7, null)];
    const plain: Diagnostic = { code: 'race', severity: 'error', message: 'a.u and a.v', location: at(8), subjects: ['a.u', 'a.v'] };
    const [z, w] = [use('z', 9), use('w', 10, ['a.f'])];
    groupCauses([fails, x, y, plain, z, w], plan({ entries: [{ id: 'a.e', provides: ['z'] }, { id: 'a.f', provides: ['x', 'y', 'w'] }] }));
    expect([x.cause?.code, y.cause?.code, plain.cause, z.cause, w.cause]).toEqual(['entry-fails', 'entry-fails', undefined, undefined, undefined]);
  });

  it('a failing entry the plan does not hold, or one a finding does not name, explains nothing', () => {
    const unnamed: Diagnostic = { code: 'entry-fails', severity: 'error', message: 'something returns -1', location: at(1) };
    const unknown: Diagnostic = { code: 'entry-fails', severity: 'error', message: 'a.g returns -1', location: at(2), subjects: ['a.g'] };
    const x = use('x', 6);
    groupCauses([unnamed, unknown, x], plan({ entries: [{ id: 'a.f', provides: ['x'] }] }));
    expect(x.cause).toBeUndefined();
  });

  it('only uses of a missing capability fold under its first use: not a race on it, not a use whose capability is unknown', () => {
    const first = use('x', 2);
    const racy: Diagnostic = { code: 'race', severity: 'error', message: 'a.v races on x', location: at(3), capability: 'x', subjects: ['a.v', 'a.w'] };
    const [blind1, blind2]: Diagnostic[] = [3, 4].map((line) => ({ code: 'capability-never-provided', severity: 'error', message: `use at ${line}`, location: at(line), subjects: ['a.u'] }));
    groupCauses([first, racy, blind1!, blind2!], null);
    expect([first.cause, racy.cause, blind1!.cause, blind2!.cause]).toEqual([undefined, undefined, undefined, undefined]);
  });

  it('findings not yet located sort first and fold together', () => {
    const [a, b] = [use('x', 0), use('x', 0)].map((d) => { delete d.location; return d; });
    const c = use('y', 0);
    delete c.location;
    groupCauses([a!, b!, c, use('y', 2)], null);
    expect([a!.cause, b!.cause?.message, c.cause]).toEqual([undefined, 'a.u uses x', undefined]);
  });

  it('two uses on one line: the one further left is the first, wherever it is in the list', () => {
    for (const leftFirst of [false, true]) {
      const [right, left] = [{ ...use('x', 4), location: at(4, 30), message: 'right' }, { ...use('x', 4), location: at(4, 12), message: 'left' }];
      groupCauses(leftFirst ? [left, right] : [right, left], null);
      expect([right.cause?.message, left.cause]).toEqual(['left', undefined]);
    }
  });
});
