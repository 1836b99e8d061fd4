/**
 * link-order-dependency: where ties go by link order (Linux), a dependency inside one level that
 * holds only because the provider is linked first: a use (with its capability, for the evidence
 * notes), an `after`, a `before`, a term function's use (in a profile of one's own with link-order
 * ties and term functions). The other link order is an error of its own rule.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { findings } from '../../../helpers/findings.js';

const LINUX = 'bootplan: 1\nname: t\nprofile: linux@6.1\nlibraries:\n';
const two = (first: string, second: string) => `${LINUX}  crypto:\n    initcalls:\n      - { fn: crypto_init, level: subsys${first} }\n  net:\n    initcalls:\n      - { fn: net_init, level: subsys${second} }\n`;
const AFTER = {
  code: 'link-order-dependency',
  severity: 'warning',
  at: '10:9',
  message: '`net.net_init` must run after `crypto.crypto_init` in the same level (subsys): holds by link order (crypto.crypto_init is linked first)',
  hint: 'move crypto.crypto_init to an earlier level to stop relying on link order',
  related: [{ at: '7:9', message: 'crypto.crypto_init (subsys): linked first' }],
  subjects: ['net.net_init', 'crypto.crypto_init'],
};

describe('link-order-dependency', () => {
  it('names the use, the level and the entry linked first', async () => {
    expect(await findings(two(', provides: [crypto-api]', ', uses: [crypto-api]'), { code: 'link-order-dependency' })).toEqual([{
      code: 'link-order-dependency',
      severity: 'warning',
      at: '10:9',
      message: '`net.net_init` uses `crypto-api` from `crypto.crypto_init` in the same level (subsys): holds by link order (crypto.crypto_init is linked first)',
      hint: 'move crypto.crypto_init to an earlier level to stop relying on link order',
      related: [{ at: '7:9', message: 'crypto.crypto_init (subsys): linked first' }],
      subjects: ['net.net_init', 'crypto.crypto_init'],
      capability: 'crypto-api',
    }]);
  });

  it('says "must run after" for `after` and for `before`, located at the later entry', async () => {
    expect(await findings(two('', ', after: [crypto.crypto_init]'), { code: 'link-order-dependency' })).toEqual([AFTER]);
    expect(await findings(two(', before: [net.net_init]', ''), { code: 'link-order-dependency' })).toEqual([AFTER]);
  });

  it('names a term function\'s use where ties go by link order', async () => {
    const profile = readFileSync('specs/profiles/unikraft@0.17.yaml', 'utf8').replace('ties: unspecified', 'ties: link-order');
    const text = `bootplan: 1\nname: t\nprofile: ./linked.yaml\ntarget: qemu/x86_64\nlibraries:\n  a:\n    initcalls:\n      - { fn: a_init, level: lib, prio: 2, provides: [x], term: a_term }\n  b:\n    initcalls:\n      - { fn: b_init, level: lib, prio: 2, term: { fn: b_term, uses: [x] } }\n`;
    expect(await findings(text, { code: 'link-order-dependency', files: { '/virtual/linked.yaml': profile } })).toEqual([{
      code: 'link-order-dependency',
      severity: 'warning',
      at: '11:9',
      message: '`b.b_init` uses `x` from `a.a_init` in the same level (lib): holds by link order (a.a_init is linked first)',
      hint: 'move a.a_init to an earlier level to stop relying on link order',
      related: [{ at: '8:9', message: 'a.a_init (lib 2): linked first' }],
      subjects: ['b.b_init', 'a.a_init'],
      capability: 'x',
    }]);
  });

  it('is quiet across levels, and an error (not this warning) the other way round', async () => {
    const levels = `${LINUX}  crypto:\n    initcalls:\n      - { fn: crypto_init, level: arch, provides: [crypto-api] }\n  net:\n    initcalls:\n      - { fn: net_init, level: subsys, uses: [crypto-api] }\n`;
    expect(await findings(levels)).toEqual([]);
    const reversed = `${LINUX}  net:\n    initcalls:\n      - { fn: net_init, level: subsys, uses: [crypto-api] }\n  crypto:\n    initcalls:\n      - { fn: crypto_init, level: subsys, provides: [crypto-api] }\n`;
    expect((await findings(reversed)).map((f) => f.code)).toEqual(['use-before-provide']);
  });
});
