import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { findings } from '../../../helpers/findings.js';
import { checkText } from '../../../helpers/plans.js';
import { witnessProblem } from '../../../property/harness.js';
import { expectReplays } from './witness-replays.js';

const head = (profile: string) => `bootplan: 1\nname: t\nprofile: ${profile}\n${profile.startsWith('unikraft') ? 'target: qemu/x86_64\n' : ''}`;
const UK = head('unikraft@0.17');

const replays = (text: string): Promise<void> => expectReplays(text, 'entry-fails');

describe('entry-fails', () => {
  it('reports an initcall that returns an error, with a witness that replays', async () => {
    const text = `${UK}libraries:\n  a:\n    initcalls:\n      - { fn: f, level: lib, prio: 4, returns: -5 }\n`;
    expect(await findings(text, { code: 'entry-fails' })).toMatchInlineSnapshot(`
      [
        {
          "at": "8:9",
          "code": "entry-fails",
          "hint": "remove \`returns\` (use \`bootplan run --fail\` to try a failure)",
          "message": "\`a.f\` returns -5: the boot stops there with CRASH, after running the term functions of the entries before it",
          "severity": "error",
          "subjects": [
            "a.f",
          ],
          "witness": {
            "expect": {
              "entry": "a.f",
              "kind": "return",
              "rc": -5,
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
              "a.f",
              "core.banner",
            ],
          },
        },
      ]
    `);
    await replays(text);
  });

  it('is quiet on an initcall that returns a positive value', async () => {
    expect(await findings(`${UK}libraries:\n  a:\n    initcalls:\n      - { fn: f, level: lib, prio: 4, returns: 1 }\n`, { code: 'entry-fails' })).toEqual([]);
  });

  it('reports an early entry that returns anything but 0', async () => {
    const text = `${UK}libraries:\n  a:\n    early:\n      - { fn: e, prio: 1, returns: 1 }\n`;
    expect((await findings(text, { code: 'entry-fails' })).map((f) => f.message)).toEqual(['`a.e` returns 1: the boot stops there with CRASH, after running the term functions of the entries before it']);
    expect(await findings(`${UK}libraries:\n  a:\n    early:\n      - { fn: e, prio: 1 }\n`, { code: 'entry-fails' })).toEqual([]);
  });

  it('reports an early entry that fails under a profile whose early table says it cannot fail: the machine crashes on it all the same', async () => {
    // A profile of one's own: Unikraft 0.17's, its early table marked `canFail: false`.
    const profile = readFileSync('specs/profiles/unikraft@0.17.yaml', 'utf8').replace(/canFail: true(\n    terms: false\n    badPrio: >-\n      the section name stops matching the linker's `\.uk_boot_earlytab)/, 'canFail: false$1');
    expect(profile).toContain("canFail: false\n    terms: false\n    badPrio: >-\n      the section name stops matching the linker's `.uk_boot_earlytab");
    const text = `bootplan: 1\nname: t\nprofile: ./mine.yaml\ntarget: qemu/x86_64\nlibraries:\n  a:\n    early:\n      - { fn: e, prio: 1, returns: -1, provides: [x] }\n    initcalls:\n      - { fn: u, level: lib, prio: 1, uses: [x] }\n`;
    const files = { '/virtual/mine.yaml': profile };
    // Only the failure: the boot stops at a.e, so its capability is not the next thing that goes wrong.
    expect((await findings(text, { files })).map((f) => [f.code, f.message])).toEqual([
      ['entry-fails', '`a.e` returns -1: the boot stops there with CRASH, after running the term functions of the entries before it'],
    ]);
    const { compiled, diagnostics } = await checkText(text, files);
    expect(witnessProblem(compiled!, diagnostics[0]!.witness!)).toBeNull();
  });

  it('is quiet where errors do not stop the boot (Linux)', async () => {
    expect(await findings(`${head('linux@6.1')}libraries:\n  a:\n    initcalls:\n      - { fn: f, level: device, returns: -19 }\n`, { code: 'entry-fails' })).toEqual([]);
  });

  it('reports a main that fails on Unikraft 0.13, where that is CRASH', async () => {
    const text = `${head('unikraft@0.13')}libraries:\n  app:\n    main: { returns: 1 }\n`;
    expect(await findings(text, { code: 'entry-fails' })).toMatchInlineSnapshot(`
      [
        {
          "at": "7:11",
          "code": "entry-fails",
          "hint": "remove \`returns\` (use \`bootplan run --fail\` to try a failure)",
          "message": "main of app returns 1; unikraft@0.13 treats a non-zero return as CRASH",
          "severity": "error",
          "subjects": [
            "app.main",
          ],
          "witness": {
            "expect": {
              "entry": "app.main",
              "kind": "return",
              "rc": 1,
            },
            "order": [
              "core.multiboot_entry",
              "core.ukplat_entry",
              "core.libparam",
              "core.alloc",
              "core.irq",
              "core.time",
              "core.sched",
              "core.banner",
              "app.main",
            ],
          },
        },
      ]
    `);
    await replays(text);
  });

  it('is quiet on a main that returns 0 on 0.13, or fails on 0.17 (a halt)', async () => {
    expect(await findings(`${head('unikraft@0.13')}libraries:\n  app:\n    main: { returns: 0 }\n`, { code: 'entry-fails' })).toEqual([]);
    expect(await findings(`${UK}libraries:\n  app:\n    main: { returns: 1 }\n`, { code: 'entry-fails' })).toEqual([]);
  });

  it('reads whether an initcall\'s error stops the boot from its table; an early entry\'s always does, as the machine has it', async () => {
    // An early table that says its errors do not stop the boot (the machine crashes on them all
    // the same: runtime/boot.ts, errorStopsBoot), then an init table whose errors do.
    const profile = `name: two-tables
version: '1'
title: two tables (test model)
ties: unspecified
log: unikraft
mainNonZero: halt
tables:
  - { name: lenient, role: early, title: lenient early table, prio: { min: 0, max: 3, default: 3 }, canFail: false, terms: false }
  - { name: strict, role: initcall, title: strict init table, levels: [{ name: s, number: 1, macro: strict_init }], prio: { min: 0, max: 3, default: 3 }, canFail: true, terms: false }
phases:
  - table: lenient
  - table: strict
capabilities: []
`;
    const text = (list: string) => `bootplan: 1\nname: t\nprofile: ./two-tables.yaml\nlibraries:\n  a:\n    ${list}:\n      - { fn: f, ${list === 'initcalls' ? 'level: s, ' : ''}returns: -1 }\n`;
    const files = { '/virtual/two-tables.yaml': profile };
    expect((await findings(text('initcalls'), { files })).map((f) => f.code)).toEqual(['entry-fails']);
    expect((await findings(text('early'), { files })).map((f) => f.code)).toEqual(['entry-fails']);
    const { compiled, diagnostics } = await checkText(text('early'), files);
    expect(witnessProblem(compiled!, diagnostics[0]!.witness!)).toBeNull();
  });

  it('is quiet on a term-only entry, which the init loop skips', async () => {
    expect(await findings(`${UK}libraries:\n  a:\n    initcalls:\n      - { term: t, level: lib, prio: 4, returns: -1 }\n`, { code: 'entry-fails' })).toEqual([]);
  });
});
