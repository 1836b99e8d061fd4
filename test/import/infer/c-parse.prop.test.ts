/** The C reader never throws, and never moves a line: evidence points at the real file's lines. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { loadGrammar, parseFile, prepareText } from '../../../import/infer/c-parse.js';

const lines = (s: string) => s.split('\n').length;

// Pieces of real-looking C, glued in any order: macros the grammar cannot know among them.
const piece = fc.constantFrom(
  'static int f(void *a __unused) {', 'UK_SYSCALL_R_DEFINE(int, mkdir, const char *, p,\n mode_t, m)', '{', '}', '(', ')', ';', ',',
  'uk_list_for_each_entry(p, &l,\n list) {', '__containerof(p, struct dev,\n list)', '#define X(a) \\\n (a)', '#if CONFIG_X\n', '#else\n', '#endif\n',
  'x = uk_malloc(a, 4);', 'mount("", "/dev", "devfs", 0, 0);', '"str\\"ing"', "'\\''", '/* c */', '// c\n', '\n', ' ', 'DECONST(char *, s)',
);
const cText = fc.array(fc.oneof(piece, fc.string({ maxLength: 8 })), { maxLength: 40 }).map((parts) => parts.join(''));

describe('prepareText and parseFile', () => {
  it('keep every line where it was', () => {
    fc.assert(fc.property(fc.oneof(cText, fc.string({ maxLength: 200 })), (text) => {
      expect(lines(prepareText(text).text)).toBe(lines(text));
    }), { numRuns: 300 });
  });

  it('never throw, and report lines inside the file', async () => {
    const grammar = await loadGrammar();
    fc.assert(fc.property(fc.oneof(cText, fc.string({ maxLength: 200 })), (text) => {
      const parsed = parseFile(grammar, 'x.c', text, () => true);
      const n = lines(text);
      for (const fn of parsed.functions) {
        expect(fn.line).toBeGreaterThanOrEqual(1);
        expect(fn.line).toBeLessThanOrEqual(n);
        for (const call of fn.calls) expect(call.line).toBeLessThanOrEqual(n);
      }
      if (parsed.firstError) expect(parsed.firstError.line).toBeLessThanOrEqual(n);
    }), { numRuns: 300 });
  });

  it('reads a syscall definition as the function it defines, on its own line', async () => {
    const grammar = await loadGrammar();
    const text = '#include <x.h>\n\nUK_SYSCALL_R_DEFINE(int, mkdir, const char *, path,\n\t\t    mode_t, mode)\n{\n\treturn uk_malloc(0, 1) != 0;\n}\n';
    const parsed = parseFile(grammar, 'x.c', text, () => false);
    expect(parsed.errors).toBe(0);
    expect(parsed.functions.map((f) => [f.name, f.line, f.aliases, f.calls.map((c) => [c.callee, c.line])])).toEqual([
      ['mkdir', 3, ['uk_syscall_r_mkdir', 'uk_syscall_e_mkdir'], [['uk_malloc', 6]]],
    ]);
  });

  it('reads Linux and Zephyr annotations and syscall definitions (for their importers)', async () => {
    const grammar = await loadGrammar();
    const text = [
      'static int __init foo_init(void)', '{', '\treturn kmalloc(4, GFP_KERNEL) != NULL;', '}',
      'SYSCALL_DEFINE2(mkdir, const char __user *, pathname, umode_t, mode)', '{', '\treturn do_mkdirat(AT_FDCWD, getname(pathname), mode);', '}',
      'static ALWAYS_INLINE int z_init(const struct device *dev) { return k_malloc(4) != 0; }', '',
    ].join('\n');
    const parsed = parseFile(grammar, 'l.c', text, () => false);
    expect(parsed.errors).toBe(0);
    expect(parsed.functions.map((f) => [f.name, f.line, f.calls.map((c) => c.callee)])).toEqual([
      ['foo_init', 1, ['kmalloc']], ['sys_mkdir', 5, ['do_mkdirat', 'getname']], ['z_init', 9, ['k_malloc']],
    ]);
  });
});
