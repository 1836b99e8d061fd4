/** `# bootplan-allow:` comments (compiler/allow.ts): what line range each covers, what it accepts. */
import { describe, expect, it } from 'vitest';
import { applyAllows, findAllows } from '../../compiler/allow.js';
import type { Diagnostic } from '../../compiler/types.js';

const TEXT = `libraries:
  a:
    initcalls:
      # bootplan-allow: race, link-order-dependency -- the reason
      # (a second comment line)
      - fn: a_init
        level: lib
        uses: [x]
      - { fn: b_init, level: lib }  # bootplan-allow: race
      - { fn: c_init, level: lib }
`;

const at = (code: string, line: number): Diagnostic => ({ code, severity: 'warning', message: code, location: { file: 'p.yaml', line, column: 9 } });

describe('findAllows', () => {
  it('an own-line allow covers the whole node below it; a trailing one its own line', () => {
    expect(findAllows('p.yaml', TEXT).map(({ line, codes, from, to }) => ({ line, codes, from, to }))).toEqual([
      { line: 4, codes: ['race', 'link-order-dependency'], from: 6, to: 8 },
      { line: 9, codes: ['race'], from: 9, to: 9 },
    ]);
  });
});

describe('applyAllows', () => {
  it('accepts a named finding on any line of the entry, keeps others, reports an allow used by nothing', () => {
    const { diagnostics, suppressed } = applyAllows('p.yaml', new Map([['p.yaml', TEXT]]), [at('race', 8), at('race', 10), at('unused-capability', 6)]);
    expect(suppressed.map((d) => [d.code, d.location?.line])).toEqual([['race', 8]]);
    expect(diagnostics.map((d) => [d.code, d.location?.line, d.subjects])).toEqual([
      ['race', 10, undefined], ['unused-capability', 6, undefined],
      ['unused-allow', 4, ['link-order-dependency']], ['unused-allow', 9, ['race']],
    ]);
  });

  it('never accepts an input error, and says nothing of allows in included files', () => {
    const input: Diagnostic = { code: 'yaml-syntax', severity: 'error', message: 'bad', location: { file: 'p.yaml', line: 7, column: 1 } };
    const { diagnostics } = applyAllows('root.yaml', new Map([['p.yaml', TEXT.replace('race, ', 'yaml-syntax, ')]]), [input]);
    expect(diagnostics).toEqual([input]);
  });
});
