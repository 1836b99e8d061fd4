import { describe, expect, it } from 'vitest';
import { expandMacros, type MacroBody } from '../../import/c-macros.js';

function table(defs: Record<string, string>): (name: string) => MacroBody | undefined {
  const map = new Map<string, MacroBody>();
  for (const [head, body] of Object.entries(defs)) {
    const m = /^(\w+)(?:\(([^)]*)\))?$/.exec(head)!;
    map.set(m[1]!, { params: m[2] === undefined ? null : m[2].split(',').map((p) => p.trim()).filter((p) => p !== ''), body });
  }
  return (name) => map.get(name);
}

describe('expandMacros', () => {
  it('pastes the library name into a generated function and stops at the registration macro', () => {
    const lookup = table({
      __LIBNAME__: 'libukbus_pci',
      'UK_BUS_REGISTER(b)': '_UK_BUS_REGISTER(__LIBNAME__, b, 2)',
      '_UK_BUS_REGFNNAME(x, y)': 'x##y',
      '_UK_BUS_REGISTER_CTOR(CTOR, prio)': 'UK_CTOR_PRIO(CTOR, prio)',
      '_UK_BUS_REGISTER(libname, b, prio)': 'static void _UK_BUS_REGFNNAME(libname, _uk_bus_register)(void) { _uk_bus_register((b)); } _UK_BUS_REGISTER_CTOR(_UK_BUS_REGFNNAME(libname, _uk_bus_register), prio)',
      'UK_CTOR_PRIO(fn, p)': 'should not appear',
    });
    const out = expandMacros('UK_BUS_REGISTER(&ph.b)', { lookup, stop: new Set(['UK_CTOR_PRIO']) });
    expect(out.text).toBe('static void libukbus_pci_uk_bus_register(void) { _uk_bus_register((&ph.b)); } UK_CTOR_PRIO(libukbus_pci_uk_bus_register, 2)');
    expect(out.truncated).toBe(false);
  });

  it('expands arguments before substitution but not next to ## or #', () => {
    const lookup = table({ 'AFTER(x)': '_AFTER(x)', '_AFTER(x)': '_AFTER_##x', _AFTER_0: '1', PRIO: '0', 'STR(x)': '#x' });
    expect(expandMacros('AFTER(PRIO)', { lookup }).text).toBe('1');
    expect(expandMacros('STR(PRIO)', { lookup }).text).toBe('"PRIO"');
  });

  it('never expands a macro inside itself, and bounds the work', () => {
    expect(expandMacros('A', { lookup: table({ A: 'B + A', B: 'A' }) }).text).toBe('A + A');
    const big = table({ 'F(x)': 'F(x) F(x)', X: 'F(X)' });
    expect(expandMacros('X', { lookup: big, maxSteps: 50 }).truncated).toBe(false);
    const explode = table({ 'G(x)': 'x x', A1: 'G(A2)', A2: 'G(A3)', A3: 'G(A4)', A4: 'G(A5)', A5: 'G(A6)', A6: 'G(A7)', A7: 'G(z)' });
    expect(expandMacros('A1 A1 A1', { lookup: explode, maxSteps: 20 }).truncated).toBe(true);
  });

  it('gives up on arguments nested too deep (quadratic work) instead of hanging or crashing', () => {
    const nested = (n: number) => `${'F('.repeat(n)}x${')'.repeat(n)}`;
    const lookup = table({ 'F(x)': '[x]' });
    expect(expandMacros(nested(100), { lookup, maxSteps: 1_000_000 })).toEqual({ text: `${'['.repeat(100)}x${']'.repeat(100)}`, truncated: false });
    // 4,000 levels fit in the 8 KiB an invocation may span; 60,000 are far past it.
    for (const n of [4_000, 60_000]) {
      const started = performance.now();
      expect(expandMacros(nested(n), { lookup, maxSteps: 1_000_000 }).truncated).toBe(true);
      expect(performance.now() - started).toBeLessThan(3_000);
    }
  });

  it('leaves a function-like macro without arguments alone', () => {
    expect(expandMacros('F + 1', { lookup: table({ 'F(x)': 'x' }) }).text).toBe('F + 1');
  });
});
