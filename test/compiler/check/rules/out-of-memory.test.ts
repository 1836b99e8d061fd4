import { describe, expect, it } from 'vitest';
import { LUNA_EXAMPLE } from '../../../../compiler/check/rules/examples.js';
import { findings } from '../../../helpers/findings.js';
import { checkText } from '../../../helpers/plans.js';
import { witnessProblem } from '../../../property/harness.js';

const HEAD = 'bootplan: 1\nname: t\nprofile: unikraft@0.17\ntarget: qemu/x86_64\n';

const unikraft = (memory: string, initcalls: string[]) => `${HEAD}memory: ${memory}\nlibraries:\n  a:\n    initcalls:\n${initcalls.map((i) => `      - ${i}\n`).join('')}`;

async function replays(text: string): Promise<void> {
  const { compiled, diagnostics } = await checkText(text);
  const d = diagnostics.find((x) => x.code === 'out-of-memory')!;
  expect(witnessProblem(compiled!, d.witness!)).toBeNull();
}

describe('out-of-memory, Unikraft', () => {
  it('names the entry whose allocation no longer fits, in boot order, not the first that allocates', async () => {
    // b is declared first but runs second (prio 2): the heap reaches 1.5Mi at b.
    const text = unikraft('1Mi', ['{ fn: b, level: lib, prio: 2, alloc: 768Ki }', '{ fn: c, level: lib, prio: 1, alloc: 768Ki }']);
    expect(await findings(text, { code: 'out-of-memory' })).toMatchInlineSnapshot(`
      [
        {
          "at": "9:9",
          "code": "out-of-memory",
          "hint": "raise memory to at least 1536Ki",
          "message": "\`a.b\` allocates 768Ki, bringing the heap to 1536Ki of 1Mi: it gets -ENOMEM",
          "severity": "error",
          "subjects": [
            "a.b",
          ],
          "witness": {
            "expect": {
              "entry": "a.b",
              "kind": "return",
              "rc": -12,
            },
            "order": [
              "core.multiboot_entry",
              "core.ukplat_entry",
              "core.libparam",
              "core.alloc",
              "core.tls",
              "core.irq",
              "core.time",
              "core.sched",
              "a.c",
              "a.b",
              "core.banner",
            ],
          },
        },
      ]
    `);
    await replays(text);
  });

  it('is quiet when the allocations fill the memory exactly', async () => {
    expect(await findings(unikraft('1Mi', ['{ fn: b, level: lib, prio: 2, alloc: 512Ki }', '{ fn: c, level: lib, prio: 1, alloc: 512Ki }']), { code: 'out-of-memory' })).toEqual([]);
  });

  it('counts each allocation rounded up to 16 bytes', async () => {
    // 1 byte takes 16: 64 allocations of 1 byte take 1Ki.
    const many = (bytes: number) => Array.from({ length: 64 }, (_, i) => `{ fn: f${i}, level: lib, prio: 1, alloc: ${bytes} }`);
    expect(await findings(unikraft('1Ki', many(16)), { code: 'out-of-memory' })).toEqual([]);
    const found = await findings(unikraft('1008', many(1)), { code: 'out-of-memory' });
    expect(found.map((f) => f.message)).toEqual(['`a.f63` allocates 1, bringing the heap to 1Ki of 1008: it gets -ENOMEM']);
  });

  it('leaves out what runs before the heap exists', async () => {
    // A constructor runs before the allocator is initialized: it faults (pre-init-use) and takes nothing.
    const text = `${HEAD}memory: 1Mi\nlibraries:\n  a:\n    ctors:\n      - { fn: early, prio: 0, alloc: 768Ki }\n    initcalls:\n      - { fn: late, level: lib, prio: 1, alloc: 768Ki }\n`;
    expect(await findings(text, { code: 'out-of-memory' })).toEqual([]);
    // The constructor is there, and faults for using the heap before it exists.
    expect((await findings(text)).map((f) => `${f.code} ${f.subjects?.join(' ')}`)).toEqual(['pre-init-use a.early core.alloc']);
  });
});

/** A made-up kernel whose heap exists from the start (`initial: [alloc]`): its table runs first, at positions 0, 1, ... */
const HEAP_FIRST = `name: heap-first
version: '1'
title: a heap from the start (test model)
ties: unspecified
log: unikraft
mainNonZero: halt
initial: [alloc]
tables:
  - name: initcalls
    role: initcall
    title: init table
    levels:
      - { name: core, number: 1, macro: core_init }
    prio: { min: 0, max: 3, default: 3 }
    canFail: true
    terms: false
phases:
  - table: initcalls
  - step: { name: done, title: done, provides: [], cost: 10us }
capabilities:
  - { name: alloc, doc: 'the heap' }
`;

describe('out-of-memory, a profile whose heap exists from the start', () => {
  it('counts every entry', async () => {
    const text = 'bootplan: 1\nname: t\nprofile: ./heap-first.yaml\nmemory: 1Mi\nlibraries:\n  a:\n    initcalls:\n      - { fn: b, level: core, prio: 0, alloc: 768Ki }\n      - { fn: c, level: core, prio: 1, alloc: 768Ki }\n';
    const found = await findings(text, { code: 'out-of-memory', files: { '/virtual/heap-first.yaml': HEAP_FIRST } });
    expect(found.map((f) => f.message)).toEqual(['`a.c` allocates 768Ki, bringing the heap to 1536Ki of 1Mi: it gets -ENOMEM']);
  });
});

/** HEAP_FIRST without `initial: [alloc]`: nothing provides the heap but an entry that says so. */
const HEAP_BY_ENTRY = HEAP_FIRST.replace('initial: [alloc]\n', '');

describe('out-of-memory, a profile whose heap an entry provides', () => {
  it('leaves out what the entry that provides the heap allocates itself', async () => {
    // a.b's heap is not there before it returns: it faults (use-before-provide) and takes none, so a.c's 768Ki fits.
    expect(HEAP_BY_ENTRY).not.toContain('initial');
    const text = 'bootplan: 1\nname: t\nprofile: ./heap-later.yaml\nmemory: 1Mi\nlibraries:\n  a:\n    initcalls:\n      - { fn: b, level: core, prio: 0, provides: [alloc], alloc: 768Ki }\n      - { fn: c, level: core, prio: 1, alloc: 768Ki }\n';
    const found = await findings(text, { files: { '/virtual/heap-later.yaml': HEAP_BY_ENTRY } });
    expect(found.map((f) => `${f.code} ${f.subjects?.join(' ')}`)).toEqual(['use-before-provide a.b']);
  });
});

/** preinit takes `sizes` one step after another, while /bin/cache (spawned, waited for or not) takes 1Mi. */
const luna = (wait: boolean, sizes: string[]) => `${LUNA_EXAMPLE.replace('profile: luna\n', 'profile: luna\nmemory: 4Mi\n')}ramdisk:
  files:
    /bin/preinit: { mode: '0755' }
    /bin/cache: { mode: '0755' }
programs:
  /bin/preinit:
    - { spawn: { path: /bin/cache${wait ? ', wait: true' : ''} } }
${sizes.map((s, i) => `    - { name: take-${i}, alloc: ${s} }\n`).join('')}    - { idle: {} }
  /bin/cache:
    - { name: fill, alloc: 1Mi }
`;

describe('out-of-memory, Luna', () => {
  it('is a violation when what happens before the step already fills memory', async () => {
    const text = luna(true, ['2Mi', '2Mi']);
    expect(await findings(text, { code: 'out-of-memory' })).toMatchInlineSnapshot(`
      [
        {
          "at": "23:7",
          "code": "out-of-memory",
          "hint": "raise memory to at least 5Mi",
          "message": "\`preinit.take-1\` takes 2Mi, bringing the memory taken to 5Mi of 4Mi in every schedule: it gets ENOMEM",
          "severity": "error",
          "subjects": [
            "preinit.take-1",
          ],
          "witness": {
            "expect": {
              "capability": "ENOMEM memory",
              "entry": "preinit.take-1",
              "kind": "fault",
            },
            "order": [
              "kernel.init-threading",
              "kernel.spawn:kinit",
              "kinit.mount:/",
              "kinit.scan-disks",
              "kinit.spawn:preinit",
              "kinit.exit",
              "preinit.spawn:cache",
              "cache.fill",
              "preinit.wait:cache",
              "preinit.take-0",
              "preinit.take-1",
              "preinit.idle",
            ],
          },
        },
      ]
    `);
    await replays(text);
  });

  it('is a race when only a schedule that runs a concurrent step first fills it', async () => {
    const text = luna(false, ['1Mi', '2Mi', '512Ki']);
    expect(await findings(text, { code: 'out-of-memory' })).toMatchInlineSnapshot(`
      [
        {
          "at": "24:7",
          "code": "out-of-memory",
          "hint": "raise memory to at least 4608Ki, or order the steps so that they do not all hold memory at once",
          "message": "\`preinit.take-2\` takes 512Ki, bringing the memory taken to 4608Ki of 4Mi in a schedule that runs cache.fill first: it gets ENOMEM",
          "severity": "error",
          "subjects": [
            "preinit.take-2",
            "cache.fill",
          ],
          "witness": {
            "expect": {
              "capability": "ENOMEM memory",
              "entry": "preinit.take-2",
              "kind": "fault",
            },
            "order": [
              "kernel.init-threading",
              "kernel.spawn:kinit",
              "kinit.mount:/",
              "kinit.scan-disks",
              "kinit.spawn:preinit",
              "preinit.spawn:cache",
              "preinit.take-0",
              "preinit.take-1",
              "cache.fill",
              "preinit.take-2",
              "kinit.exit",
              "preinit.idle",
            ],
          },
        },
      ]
    `);
    await replays(text);
  });

  it('names every concurrent step the schedule runs first', async () => {
    const text = `${LUNA_EXAMPLE.replace('profile: luna\n', 'profile: luna\nmemory: 4Mi\n')}ramdisk:
  files:
    /bin/preinit: { mode: '0755' }
    /bin/c0: { mode: '0755' }
    /bin/c1: { mode: '0755' }
programs:
  /bin/preinit:
    - { spawn: { path: /bin/c0 } }
    - { spawn: { path: /bin/c1 } }
    - { name: take-0, alloc: 1Mi }
    - { name: take-1, alloc: 2Mi }
    - { name: take-2, alloc: 512Ki }
    - { idle: {} }
  /bin/c0:
    - { name: fill, alloc: 512Ki }
  /bin/c1:
    - { name: fill, alloc: 512Ki }
`;
    const found = await findings(text, { code: 'out-of-memory' });
    expect(found.map((f) => [f.message, f.subjects])).toEqual([[
      '`preinit.take-2` takes 512Ki, bringing the memory taken to 4608Ki of 4Mi in a schedule that runs c0.fill, c1.fill first: it gets ENOMEM',
      ['preinit.take-2', 'c0.fill', 'c1.fill'],
    ]]);
    await replays(text);
  });

  it('is quiet when everything fits', async () => {
    expect(await findings(luna(false, ['1Mi', '2Mi']), { code: 'out-of-memory' })).toEqual([]);
  });
});
