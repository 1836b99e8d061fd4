/**
 * duplicate-registration, whole findings: a function registered twice (with and without a first
 * registration left to point at), a second main, a term function registered twice or also as an
 * init function; steps of a thread-model program that look alike are not registrations.
 * (../duplicate-registration.test.ts walks the corners of the term lookup.)
 */
import { describe, expect, it } from 'vitest';
import { LUNA_EXAMPLE } from '../../../../compiler/check/rules/examples.js';
import { findings } from '../../../helpers/findings.js';
import { HEAD } from '../../../helpers/plans.js';

const plan = (libraries: string) => `${HEAD}libraries:\n${libraries}`;
const CODE = { code: 'duplicate-registration', severity: 'error' } as const;

describe('duplicate-registration', () => {
  it('reports each registration after the first, pointing at the first', async () => {
    const text = plan('  a:\n    initcalls:\n      - { fn: a_init, level: lib, prio: 1 }\n      - { fn: a_init, level: lib, prio: 2 }\n      - { fn: a_init, level: sys, prio: 2 }\n');
    const again = (at: string, id: string) => ({ ...CODE, at, message: 'a.a_init is registered more than once: it would run twice', hint: 'remove one registration', related: [{ at: '8:9', message: 'first registered here' }], subjects: [id] });
    expect(await findings(text, { code: 'duplicate-registration' })).toEqual([again('9:9', 'a.a_init#2'), again('10:9', 'a.a_init#3')]);
  });

  it('numbers copies past the ninth too: the tenth registration is #10', async () => {
    const rows = Array.from({ length: 10 }, (_, i) => `      - { fn: a_init, level: lib, prio: ${i % 9 + 1} }\n`).join('');
    const found = await findings(plan(`  a:\n    initcalls:\n${rows}`), { code: 'duplicate-registration' });
    expect(found.map((f) => f.subjects![0])).toEqual(Array.from({ length: 9 }, (_, i) => `a.a_init#${i + 2}`));
    expect(found.at(-1)).toMatchObject({ at: '17:9', related: [{ at: '8:9', message: 'first registered here' }] });
  });

  it('has nothing to point at when the build dropped the first registration', async () => {
    const text = plan('  a:\n    initcalls:\n      - { fn: a_init, level: lib, prio: 10 }\n      - { fn: a_init, level: lib, prio: 2 }\n');
    expect(await findings(text, { code: 'duplicate-registration' })).toEqual([
      { ...CODE, at: '9:9', message: 'a.a_init is registered more than once: it would run twice', hint: 'remove one registration', subjects: ['a.a_init#2'] },
    ]);
  });

  it('reports every main after the first', async () => {
    const text = plan('  a:\n    main: {}\n  b:\n    main: {}\n  c:\n    main: { fn: c_main }\n');
    const second = (at: string, lib: string, id: string) => ({ ...CODE, at, message: `${lib} declares a second main (the first is a.main); an image has one`, hint: 'keep main in one library', related: [{ at: '7:11', message: 'the first main' }], subjects: [id] });
    expect(await findings(text, { code: 'duplicate-registration' })).toEqual([second('9:11', 'b', 'b.main'), second('11:11', 'c', 'c.c_main')]);
  });

  it('reports a term registered twice and a term that is also an init function', async () => {
    const text = plan('  a:\n    initcalls:\n      - { fn: a_one, level: lib, term: a_t }\n      - { fn: a_two, level: lib, term: a_t }\n      - { fn: a_t, level: lib }\n');
    expect(await findings(text, { code: 'duplicate-registration' })).toEqual([
      {
        ...CODE,
        at: '8:40',
        message: 'a.a_t is registered as an init function and as the term function of a.a_one: it would run at boot and again at teardown',
        hint: 'remove one of the two registrations',
        related: [{ at: '10:9', message: 'registered as an init function here' }],
        subjects: ['a.a_one', 'a.a_t'],
      },
      {
        ...CODE,
        at: '9:40',
        message: 'term function a.a_t is registered twice (by a.a_one and a.a_two): it would run twice at teardown',
        hint: "keep one registration (both branches of an `#if … #elif`? import with the build's `.config`)",
        related: [{ at: '8:40', message: 'first registered as the term of a.a_one' }],
        subjects: ['a.a_two', 'a.a_one'],
      },
    ]);
  });

  it('reports a term an entry with an init function shares with a term-only entry, either one first', async () => {
    const messages = async (rows: string) => (await findings(plan(`  a:\n    initcalls:\n${rows}`), { code: 'duplicate-registration' })).map((f) => [f.at, f.message]);
    expect(await messages('      - { term: t, level: lib }\n      - { fn: f, level: lib, term: t }\n')).toEqual([
      ['9:36', 'term function a.t is registered twice (by a.t and a.f): it would run twice at teardown'],
    ]);
    expect(await messages('      - { fn: f, level: lib, term: t }\n      - { term: t, level: lib }\n')).toEqual([
      ['9:17', 'term function a.t is registered twice (by a.f and a.t): it would run twice at teardown'],
    ]);
  });

  it('finds the first init function of a term\'s name in a library whose name has a dot', async () => {
    const text = plan('  lib.sub:\n    initcalls:\n      - { fn: f, level: lib, term: t }\n      - { fn: t, level: lib, prio: 1 }\n      - { fn: t, level: lib, prio: 2 }\n');
    expect((await findings(text, { code: 'duplicate-registration' })).map((f) => [f.at, f.message, f.related])).toEqual([
      ['8:36', 'lib.sub.t is registered as an init function and as the term function of lib.sub.f: it would run at boot and again at teardown', [{ at: '9:9', message: 'registered as an init function here' }]],
      ['10:9', 'lib.sub.t is registered more than once: it would run twice', [{ at: '9:9', message: 'first registered here' }]],
    ]);
  });

  it('is quiet for alike steps of a program, one main, and functions registered once', async () => {
    const luna = `${LUNA_EXAMPLE}ramdisk:\n  files:\n    /bin/preinit: { mode: '0755' }\nprograms:\n  /bin/preinit:\n    - { name: setup }\n    - { name: setup }\n    - { idle: {} }\n`;
    expect(await findings(luna, { code: 'duplicate-registration' })).toEqual([]);
    const once = plan('  a:\n    initcalls:\n      - { fn: a_init, level: lib, term: a_term }\n      - { fn: a_other, level: lib }\n  app:\n    main: {}\n');
    expect(await findings(once, { code: 'duplicate-registration' })).toEqual([]);
  });
});
