import { describe, expect, it } from 'vitest';
import { readCatalog, parseCatalog } from '../../../import/linux/catalog.js';
import { inferFromC } from '../../../import/linux/c-infer.js';
import { loadCParser } from '../../../import/linux/c-parser.js';
import { findProfile } from '../../../compiler/profiles.js';

const linux = readCatalog('linux');

async function infer(files: Record<string, string>, fn: string, file: string, maxDepth?: number) {
  const parser = await loadCParser();
  const result = inferFromC(parser, Object.entries(files).map(([path, text]) => ({ path, text })), [{ id: fn, fn, file }], linux, maxDepth === undefined ? {} : { maxDepth });
  return { ...result, entry: result.entries.get(fn)! };
}

describe('inferFromC', () => {
  it('follows calls into other files of the tree and names the chain', async () => {
    const { entry } = await infer({
      'a.c': 'static int __init a_init(void)\n{\n\treturn helper();\n}\n',
      'lib/b.c': 'int helper(void)\n{\n\treturn deeper(4);\n}\nstatic int deeper(int n)\n{\n\tkfree(kmalloc(n, 0));\n\treturn 0;\n}\n',
    }, 'a_init', 'a.c');
    expect(entry.uses).toEqual(['alloc']);
    expect(entry.evidence[0]).toMatchObject({ uses: 'alloc', at: 'lib/b.c:7', call: 'kmalloc', via: ['helper (lib/b.c:1)', 'deeper (lib/b.c:5)'] });
  });

  it('stops at the depth bound and says so', async () => {
    const { entry, diagnostics } = await infer({ 'a.c': 'static int one(void) { return kzalloc(1, 0) != 0; }\nstatic int a_init(void) { return one(); }\n' }, 'a_init', 'a.c', 0);
    expect(entry.uses).toEqual([]);
    expect(diagnostics.map((d) => [d.code, d.location?.file, d.location?.line])).toEqual([['IMPORT_DEPTH_BOUND', 'a.c', 2]]);
  });

  it('terminates on recursion, direct and mutual', async () => {
    const { entry, stats } = await infer({ 'a.c': 'static int even(int n);\nstatic int odd(int n) { return n ? even(n - 1) : vmalloc(8) != 0; }\nstatic int even(int n) { return n ? odd(n - 1) : even(0); }\nstatic int a_init(void) { return odd(3); }\n' }, 'a_init', 'a.c');
    expect(entry.uses).toEqual(['alloc']);
    expect(stats.functionsFollowed).toBe(3);
  });

  it('makes a note of what it cannot name, never a guess', async () => {
    const { entry } = await infer({ 'a.c': 'static struct bus_type *pick(void);\nstatic int a_init(void)\n{\n\tbus_register(pick());\n\tops->start();\n\treturn register_filesystem(&unknown_fs);\n}\n' }, 'a_init', 'a.c');
    expect(entry.provides).toEqual([]);
    expect(entry.unresolved).toEqual([
      'a.c:4: bus_register(pick()) — cannot name `bus:{arg0}` from its arguments',
      'a.c:5: ops->start(...) — a call through a pointer',
      'a.c:6: register_filesystem(&unknown_fs) — cannot name `fs:{arg0.name}` from its arguments',
    ]);
    expect(entry.uses).toEqual(['driver-core', 'vfs']); // what needs no argument is still known
  });

  it('reads nested and dotted designated initializers', async () => {
    const { entry } = await infer({
      'c.c': 'static struct skcipher_alg a = { .base.cra_name = "xts(aes)" };\nstatic struct ahash_alg h = { .halg = { .base = { .cra_name = "sha9" } } };\nstatic int c_init(void) { crypto_register_skcipher(&a); return crypto_register_ahash(&h); }\n',
    }, 'c_init', 'c.c');
    expect(entry.provides).toEqual(['crypto:xts(aes)', 'crypto:sha9']);
  });
});

describe('the catalogs', () => {
  for (const system of ['linux', 'zephyr']) {
    it(`${system}: every fact cites its source and names capabilities the profile has or a prefixed one`, () => {
      const catalog = readCatalog(system);
      const lookup = findProfile(system);
      expect('profile' in lookup).toBe(true);
      const known = new Set(('profile' in lookup ? lookup.profile.capabilities : []).map((c) => c.name));
      expect(catalog.functions.size).toBeGreaterThan(10);
      for (const [name, f] of catalog.functions) {
        expect(f.fact, name).toMatch(/^(torvalds\/linux@v6\.1|zephyrproject-rtos\/zephyr) \S+/);
        for (const cap of [...f.uses, ...f.provides]) expect(known.has(cap) || /^[a-z_-]+:/.test(cap), `${name}: ${cap}`).toBe(true);
      }
    });
  }

  it('refuses a catalog with an unknown key or no fact', () => {
    expect(() => parseCatalog('catalog: 1\nsystem: x\nfunctions:\n  f: { uses: [a] }\n', 'x.yaml')).toThrow(/no `fact`/);
    expect(() => parseCatalog("catalog: 1\nsystem: x\nfunctions:\n  f: { use: [a], fact: 'y' }\n", 'x.yaml')).toThrow(/unknown key/);
  });
});
