import { describe, expect, it } from 'vitest';
import { readKconfig } from '../../import/kconfig.js';
import { evaluateBuild } from '../../import/makefile-uk.js';

/** A build of in-memory files: `lib/Makefile.uk` imports each `lib/<name>`. */
function build(files: Record<string, string>, config: string | null, target = { plat: 'kvm', arch: 'x86_64' }) {
  const all: Record<string, string> = { ...files };
  const read = (p: string) => all[p] ?? null;
  return evaluateBuild({ read, exists: (p) => p in all, roots: { libs: [] }, config: config === null ? null : readKconfig(config, '.config').config, target });
}

const LIB = (name: string, body: string) => ({
  'lib/Makefile.uk': `$(eval $(call import_lib,$(CONFIG_UK_BASE)/lib/${name}))\n`,
  [`lib/${name}/Makefile.uk`]: body,
  [`lib/${name}/a.c`]: '', [`lib/${name}/b.c`]: '', [`lib/${name}/c.c`]: '', [`lib/${name}/d.c`]: '',
});

describe('evaluateBuild', () => {
  it('addlib_s under a CONFIG_ switch, SRCS-$(CONFIG_X), ifeq/else ifeq, := and = and +=', () => {
    const files = LIB('foo', [
      '$(eval $(call addlib_s,libfoo,$(CONFIG_LIBFOO)))',
      'FOO_DIR = $(LIBFOO_BASE)',
      'LIBFOO_SRCS-y += $(FOO_DIR)/a.c|isr',
      'LIBFOO_SRCS-$(CONFIG_LIBFOO_B) += $(LIBFOO_BASE)/b.c',
      'ifeq ($(CONFIG_LIBFOO_MODE),"fast")',
      'LIBFOO_SRCS += $(LIBFOO_BASE)/c.c',
      'else ifeq ($(CONFIG_LIBFOO_MODE),"slow")',
      'LIBFOO_SRCS += $(LIBFOO_BASE)/d.c',
      'endif',
      'define LONG',
      'LIBFOO_SRCS-y += $(LIBFOO_BASE)/never.c',
      'endef',
    ].join('\n'));
    const on = build(files, 'CONFIG_LIBFOO=y\nCONFIG_LIBFOO_MODE="slow"\n');
    expect(on.libraries.map((l) => [l.name, l.base])).toContainEqual(['libfoo', 'lib/foo']);
    expect(on.libraries.find((l) => l.name === 'libfoo')!.sources).toEqual(['lib/foo/d.c', 'lib/foo/a.c']);
    const b = build(files, 'CONFIG_LIBFOO=y\nCONFIG_LIBFOO_B=y\nCONFIG_LIBFOO_MODE="fast"\n');
    expect(b.libraries.find((l) => l.name === 'libfoo')!.sources).toEqual(['lib/foo/c.c', 'lib/foo/a.c', 'lib/foo/b.c']);
    expect(build(files, '# CONFIG_LIBFOO is not set\n').libraries.map((l) => l.name)).not.toContain('libfoo');
    // Without a configuration every switch and every branch.
    expect(build(files, null).libraries.find((l) => l.name === 'libfoo')!.sources.sort()).toEqual(['lib/foo/a.c', 'lib/foo/b.c', 'lib/foo/c.c', 'lib/foo/d.c']);
  });

  it('links platform libraries of the target first, then the others in import order', () => {
    const files = {
      'lib/Makefile.uk': '$(eval $(call import_lib,$(CONFIG_UK_BASE)/lib/one))\n$(eval $(call import_lib,$(CONFIG_UK_BASE)/lib/two))\n',
      'lib/one/Makefile.uk': '$(eval $(call addlib,libone))\n',
      'lib/two/Makefile.uk': '$(eval $(call addlib,libtwo))\n',
      'arch/x86/Makefile.uk': '$(eval $(call addlib,libcontext))\n',
      'drivers/Makefile.uk': '$(eval $(call import_lib,$(CONFIG_UK_BASE)/drivers/uart))\n',
      'drivers/uart/Makefile.uk': '$(eval $(call addplatlib_s,kvm,libuart,$(CONFIG_UART)))\n$(eval $(call addplatlib_s,xen,libxenuart,y))\n',
      'plat/Makefile.uk': '$(eval $(call import_lib,$(CONFIG_UK_BASE)/plat/kvm))\n',
      'plat/kvm/Makefile.uk': '$(eval $(call addplatlib,kvm,libkvmplat))\n',
    };
    expect(build(files, 'CONFIG_UART=y\n').libraries.map((l) => l.name)).toEqual(['libuart', 'libkvmplat', 'libone', 'libtwo', 'libcontext']);
    expect(build(files, 'CONFIG_UART=y\n', { plat: 'xen', arch: 'x86_64' }).libraries.map((l) => l.name)).toEqual(['libxenuart', 'libone', 'libtwo', 'libcontext']);
  });

  it('make functions, user functions through $(call), and $(eval) of generated text', () => {
    const files = LIB('fn', [
      'pick = $(if $(filter y,$(1)),$(2),)',
      'NAMES := $(patsubst %.o,%.c,a.o b.o)',
      '$(eval $(call addlib,lib$(strip  fn )))',
      'LIBFN_SRCS-y += $(addprefix $(LIBFN_BASE)/,$(NAMES))',
      'LIBFN_SRCS-y += $(call pick,$(CONFIG_X),$(LIBFN_BASE)/c.c)',
      '$(eval LIBFN_SRCS-y += $(LIBFN_BASE)/d.c)',
      'LIBFN_SRCS-y += $(subst x,,$(LIBFN_BASE)/xxnope.c)',
    ].join('\n'));
    const r = build(files, 'CONFIG_X=y\n');
    const fn = r.libraries.find((l) => l.name === 'libfn')!;
    expect(fn.sources).toEqual(['lib/fn/a.c', 'lib/fn/b.c', 'lib/fn/c.c', 'lib/fn/d.c']);
    expect(fn.missing).toEqual(['lib/fn/nope.c']);
  });

  it('unknown constructs are notes with file:line, never failures; includes are bounded', () => {
    const files = LIB('odd', [
      '$(eval $(call addlib,libodd))',
      'X := $(call something_new,1)',
      'include $(LIBODD_BASE)/Makefile.uk',
      'Y := $(shell ls)',
      'else',
      'endif',
      'Z := $(unclosed',
      'ifeq (a b c)',
      'endif',
      'ifeq (1,1)',
    ].join('\n'));
    const r = build(files, '');
    expect(r.libraries.map((l) => l.name)).toContain('libodd');
    const at = r.diagnostics.map((d) => `${d.location?.file}:${d.location?.line}`);
    expect(at).toContain('lib/odd/Makefile.uk:2');
    expect(at).toContain('lib/odd/Makefile.uk:4');
    expect(at).toContain('lib/odd/Makefile.uk:5');
    expect(r.diagnostics.some((d) => /deeper than/.test(d.message))).toBe(true);
    expect(r.diagnostics.every((d) => d.code === 'IMPORT_MAKEFILE_UNKNOWN' && d.severity === 'note')).toBe(true);
  });

  it('a variable that refers to itself and a function that calls itself end, with a note', () => {
    const files = LIB('loop', [
      '$(eval $(call addlib,libloop))',
      'A = $(A) x',
      'B := $(A)',
      'f = $(call f,$(1))',
      'C := $(call f,1)',
      'LIBLOOP_SRCS-y += $(LIBLOOP_BASE)/a.c',
    ].join('\n'));
    const r = build(files, '');
    expect(r.libraries.find((l) => l.name === 'libloop')!.sources).toEqual(['lib/loop/a.c']);
    expect(r.diagnostics.map((d) => d.message).join('\n')).toMatch(/`A` refers to itself/);
    expect(r.diagnostics.map((d) => d.message).join('\n')).toMatch(/call f,…\)` nests deeper/);
  });
});

describe('readKconfig', () => {
  it('reads y, m, n, strings, numbers and "is not set"', () => {
    const { config, diagnostics } = readKconfig('CONFIG_A=y\nCONFIG_B=m\nCONFIG_C=n\nCONFIG_D="x y"\nCONFIG_E=0x1f\nCONFIG_F=-3\n# CONFIG_G is not set\nCONFIG_G=y\n# CONFIG_G is not set\n', 'c');
    expect(diagnostics).toEqual([]);
    expect(Object.fromEntries([...config.values].map(([k, v]) => [k, [v.kind, v.raw]]))).toEqual({
      CONFIG_A: ['bool', 'y'], CONFIG_B: ['tristate-module', 'm'], CONFIG_D: ['string', '"x y"'], CONFIG_E: ['number', '0x1f'], CONFIG_F: ['number', '-3'],
    });
    expect([...config.unset].sort()).toEqual(['CONFIG_C', 'CONFIG_G']);
  });
});
