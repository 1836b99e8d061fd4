/**
 * FIXED: heap that is never taken — `alloc: 0`, a size too large to parse, a term-only entry's
 * `alloc`.
 *
 * Found by the whole-language differential test (whole-language.ts, extensions ctor-alloc and
 * term-only-alloc), shrunk.
 *
 * BUG (one state, two models): resolve added a use of `alloc` for any `alloc:` field, so a
 * constructor with `alloc: 0` was pre-init-use while the machine takes no heap for it and boots;
 * a size too large to parse silently became 0; a term-only entry's `alloc` (and its `alloc`
 * effects) counted towards out-of-memory although its init function is never called. Now
 * `alloc: 0` takes nothing and uses nothing, a size past what bootplan counts exactly is value-out-of-range at its line,
 * and a term-only entry takes no heap.
 */
import { expect, it } from 'vitest';
import { checkText, completenessProblems, soundnessProblem } from '../harness.js';
import { compile, loadPlanText } from '../../../compiler/index.js';
import { PLAN_FILE } from '../rich-arbitraries.js';

const HEAD = `bootplan: 1
name: generated
profile: unikraft@0.17
target: qemu/x86_64
`;

it('a constructor with alloc: 0 uses no heap: clean, and it boots', () => {
  const text = `${HEAD}libraries:
  ctoralloc:
    ctors:
      - { fn: ctor_alloc, prio: 3, alloc: 0 }
  app:
    main: {}
`;
  expect(checkText(text).errors).toEqual([]);
  expect(soundnessProblem(text)).toBeNull();
  // A real size is still pre-init-use, and its witness replays.
  const sized = text.replace('alloc: 0', 'alloc: 1Ki');
  expect(checkText(sized).errors.map((d) => d.code)).toEqual(['pre-init-use']);
  expect(completenessProblems(sized)).toEqual([]);
});

it.each([
  ['alloc: 999999999999999999999999Ki', 'alloc'],
  ["effects: [{ alloc: { size: '999999999999999999999999Ki' } }]", 'size'],
])('%s is value-out-of-range at its line, not a silent 0', (field, key) => {
  const text = `${HEAD}libraries:
  big:
    initcalls:
      - { fn: big_init, level: lib, prio: 3, ${field} }
`;
  const { diagnostics } = compile(loadPlanText(PLAN_FILE, text));
  const hit = diagnostics.find((d) => d.code === 'value-out-of-range');
  expect(hit?.message).toContain('999999999999999999999999Ki');
  expect(hit?.severity).toBe('error');
  expect(hit?.source?.path.at(-1)).toBe(key);
});

it('a term-only entry takes no heap: no out-of-memory, and it boots', () => {
  const text = `${HEAD}memory: 2Mi
libraries:
  termonly:
    initcalls:
      - { term: bye, level: lib, prio: 2, alloc: 1Gi, effects: [{ alloc: { size: 1Gi } }] }
  app:
    main: {}
`;
  expect(checkText(text).errors).toEqual([]);
  expect(soundnessProblem(text)).toBeNull();
  const called = text.replace('term: bye', 'fn: hello, term: bye');
  expect(checkText(called).errors.map((d) => d.code)).toEqual(['out-of-memory']);
  expect(completenessProblems(called)).toEqual([]);
});
