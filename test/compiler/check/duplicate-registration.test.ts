/**
 * duplicate-registration on term functions: which entries it names and where, in the corners the
 * lookup of a term among init functions has (a later init, its own function, main, term-only
 * entries, dotted library names, an init registered twice), and where the id `lib.fn` is not
 * the first init function's (dropped, a term-only entry's, a main's, a core step's).
 */
import { describe, expect, it } from 'vitest';
import { checkText } from '../../helpers/plans.js';

const HEAD = 'bootplan: 1\nname: t\nprofile: unikraft@0.17\ntarget: qemu/x86_64\n';
const lib = (name: string, ...entries: string[]) => `  ${name}:\n    initcalls:\n${entries.map((e) => `      - { ${e} }\n`).join('')}`;
const CASES: Record<string, string> = {
  'a term that is an init function registered later': HEAD + 'libraries:\n' + lib('a', 'fn: a_other, level: lib, prio: 1, term: a_init', 'fn: a_init, level: lib, prio: 2'),
  'an entry whose term is its own function': HEAD + 'libraries:\n' + lib('a', 'fn: a_init, level: lib, term: a_init'),
  'the same term twice and also an init function': HEAD + 'libraries:\n' + lib('a', 'fn: a_one, level: lib, term: a_t', 'fn: a_two, level: lib, term: a_t', 'fn: a_t, level: lib'),
  'term-only entries twice': HEAD + 'libraries:\n' + lib('a', 'term: a_t, level: lib', 'term: a_t, level: lib'),
  'a term-only entry and an init function of that name': HEAD + 'libraries:\n' + lib('a', 'term: a_t, level: lib', 'fn: a_t, level: lib'),
  'an init function and a term-only entry of that name': HEAD + 'libraries:\n' + lib('a', 'fn: a_t, level: lib', 'term: a_t, level: lib'),
  'a term named like the function of another library': HEAD + 'libraries:\n' + lib('a', 'fn: a_one, level: lib, term: b_init') + lib('b', 'fn: b_init, level: lib'),
  'a term named like main': HEAD + 'libraries:\n' + lib('a', 'fn: a_one, level: lib, term: main') + '    main: { fn: main }\n',
  'a term named like main, in a library whose name has a dot': HEAD + 'libraries:\n' + lib('a.b', 'fn: one, level: lib, term: main') + '    main: { fn: main }\n',
  'dotted library names: an init function registered twice and used as a term': HEAD + 'libraries:\n' + lib('a.b', 'fn: a_init, level: lib', 'fn: a_init, level: lib, prio: 3', 'fn: a_x, level: lib, term: a_init'),
  "dotted library names: a term named 'null' beside a term-only entry": HEAD + 'libraries:\n' + lib('a.b', 'term: t_only, level: lib', "fn: f, level: lib, term: 'null'"),
  'dotted library names: the ids meet': HEAD + 'libraries:\n' + lib('a', 'fn: a_one, level: lib, term: b.c') + lib('a.b', 'fn: c, level: lib'),
  'dotted library names: the same term twice': HEAD + 'libraries:\n' + lib('a.b', 'fn: one, level: lib, term: t', 'fn: two, level: lib, term: t'),
  'an init function registered twice and used as a term': HEAD + 'libraries:\n' + lib('a', 'fn: a_init, level: lib', 'fn: a_init, level: lib, prio: 3', 'fn: a_x, level: lib, term: a_init'),
  // The term-only entry holds the id `a.null`, and its missing function is no init function 'null'.
  "a term named 'null' beside a term-only entry of that name": HEAD + 'libraries:\n' + lib('a', "fn: f, level: lib, term: 'null'", "term: 'null', level: lib"),
  "dotted library names: a term named 'null' beside a term-only entry of that name": HEAD + 'libraries:\n' + lib('a.b', "fn: f, level: lib, term: 'null'", "term: 'null', level: lib"),
};

const EXPECTED: Record<string, Array<[string, number, number[]]>> = {
  'a term that is an init function registered later': [['a.a_init is registered as an init function and as the term function of a.a_other: it would run at boot and again at teardown',8,[9]]],
  'an entry whose term is its own function': [],
  'the same term twice and also an init function': [['a.a_t is registered as an init function and as the term function of a.a_one: it would run at boot and again at teardown',8,[10]],['term function a.a_t is registered twice (by a.a_one and a.a_two): it would run twice at teardown',9,[8]]],
  'term-only entries twice': [['a.a_t is registered more than once: it would run twice',9,[8]]],
  'a term-only entry and an init function of that name': [['a.a_t is registered more than once: it would run twice',9,[8]]],
  'an init function and a term-only entry of that name': [['a.a_t is registered more than once: it would run twice',9,[8]]],
  'a term named like the function of another library': [],
  'a term named like main': [],
  'a term named like main, in a library whose name has a dot': [],
  'dotted library names: an init function registered twice and used as a term': [['a.b.a_init is registered more than once: it would run twice',9,[8]],['a.b.a_init is registered as an init function and as the term function of a.b.a_x: it would run at boot and again at teardown',10,[8]]],
  "dotted library names: a term named 'null' beside a term-only entry": [],
  'dotted library names: the ids meet': [['a.b.c is registered as an init function and as the term function of a.a_one: it would run at boot and again at teardown',8,[11]]],
  'dotted library names: the same term twice': [['term function a.b.t is registered twice (by a.b.one and a.b.two): it would run twice at teardown',9,[8]]],
  'an init function registered twice and used as a term': [['a.a_init is registered more than once: it would run twice',9,[8]],['a.a_init is registered as an init function and as the term function of a.a_x: it would run at boot and again at teardown',10,[8]]],
  "a term named 'null' beside a term-only entry of that name": [['term function a.null is registered twice (by a.f and a.null): it would run twice at teardown',9,[8]]],
  "dotted library names: a term named 'null' beside a term-only entry of that name": [['term function a.b.null is registered twice (by a.b.f and a.b.null): it would run twice at teardown',9,[8]]],
};

describe('duplicate-registration of term functions, by case', () => {
  for (const [name, text] of Object.entries(CASES)) {
    it(name, async () => {
      const { diagnostics } = await checkText(text);
      const errors = diagnostics.filter((d) => d.severity === 'error');
      expect(errors.every((d) => d.code === 'duplicate-registration')).toBe(true);
      expect(errors.map((d) => [d.message, d.location?.line, (d.related ?? []).map((r) => r.location?.line)])).toEqual(EXPECTED[name]);
    });
  }
});

/** Plans whose other errors (a dropped entry) are not this rule's: only its findings are compared. */
const HELD_ELSEWHERE: Record<string, string> = {
  'a term naming an init function whose first registration is dropped': HEAD + 'libraries:\n' + lib('a', 'fn: a_init, level: lib, prio: 10', 'fn: a_init, level: lib, prio: 2', 'fn: a_x, level: lib, term: a_init'),
  'a term naming a dropped init function registered once': HEAD + 'libraries:\n' + lib('a', 'fn: a_init, level: lib, prio: 10', 'fn: a_x, level: lib, term: a_init'),
  'a term named like a core step, in a library core that registers it': HEAD + 'libraries:\n' + lib('core', 'fn: alloc, level: lib', 'fn: core_x, level: lib, term: alloc'),
  'a term named like a core step': HEAD + 'libraries:\n' + lib('core', 'fn: core_x, level: lib, term: alloc'),
  'a term after a term-only entry of its name and an init function': HEAD + 'libraries:\n' + lib('a', 'term: a_t, level: lib', 'fn: a_t, level: lib', 'fn: a_x, level: lib, term: a_t'),
  'a term named like main, with an init function of that name': HEAD + 'libraries:\n' + lib('a', 'fn: a_one, level: lib, term: main', 'fn: main, level: lib') + '    main: { fn: main }\n',
  'a term named like a main that holds the id': HEAD + 'libraries:\n' + '  a:\n    main: { fn: a_t }\n    initcalls:\n      - { fn: a_one, level: lib, term: a_t }\n      - { fn: a_t, level: lib }\n',
  // The first kept registration is found (not the last) in its own library, after another's.
  'a term naming an init function whose first registration is dropped, in the second library': HEAD + 'libraries:\n' + lib('z', 'fn: z_init, level: lib') + lib('a', 'fn: a_init, level: lib, prio: 10', 'fn: a_init, level: lib, prio: 2', 'fn: a_init, level: lib, prio: 3', 'fn: a_x, level: lib, term: a_init'),
  // `a` + `b.c` and `a.b` + `c` are one id: the init function is found in the other library.
  'dotted library names: the ids meet where the first registration is dropped': HEAD + 'libraries:\n' + lib('a', 'fn: f, level: lib, term: b.c') + lib('a.b', 'fn: c, level: lib, prio: 10', 'fn: c, level: lib, prio: 2', 'fn: c, level: lib, prio: 3'),
};

const HELD_EXPECTED: Record<string, Array<[string, number, number[]]>> = {
  'a term naming an init function whose first registration is dropped': [['a.a_init is registered more than once: it would run twice',9,[]],['a.a_init is registered as an init function and as the term function of a.a_x: it would run at boot and again at teardown',10,[9]]],
  'a term naming a dropped init function registered once': [],
  'a term named like a core step, in a library core that registers it': [['core.alloc has the name of the profile\'s core step "Initialize memory allocator"',8,[]],['core.alloc is registered as an init function and as the term function of core.core_x: it would run at boot and again at teardown',9,[8]]],
  'a term named like a core step': [],
  'a term after a term-only entry of its name and an init function': [['a.a_t is registered more than once: it would run twice',9,[8]],['term function a.a_t is registered twice (by a.a_t and a.a_x): it would run twice at teardown',10,[8]]],
  'a term named like main, with an init function of that name': [['a.main is registered as an init function and as the term function of a.a_one: it would run at boot and again at teardown',8,[9]],['a.main is registered more than once: it would run twice',10,[9]]],
  'a term named like a main that holds the id': [['a.a_t is registered more than once: it would run twice',7,[10]],['a.a_t is registered as an init function and as the term function of a.a_one: it would run at boot and again at teardown',9,[10]]],
  'a term naming an init function whose first registration is dropped, in the second library': [['a.a_init is registered more than once: it would run twice',12,[]],['a.a_init is registered more than once: it would run twice',13,[]],['a.a_init is registered as an init function and as the term function of a.a_x: it would run at boot and again at teardown',14,[12]]],
  'dotted library names: the ids meet where the first registration is dropped': [['a.b.c is registered as an init function and as the term function of a.f: it would run at boot and again at teardown',8,[12]],['a.b.c is registered more than once: it would run twice',12,[]],['a.b.c is registered more than once: it would run twice',13,[]]],
};

describe('duplicate-registration of term functions, where the id is held by something else', () => {
  for (const [name, text] of Object.entries(HELD_ELSEWHERE)) {
    it(name, async () => {
      const { diagnostics } = await checkText(text);
      const found = diagnostics.filter((d) => d.code === 'duplicate-registration');
      expect(found.map((d) => [d.message, d.location?.line, (d.related ?? []).map((r) => r.location?.line)])).toEqual(HELD_EXPECTED[name]);
    });
  }
});
