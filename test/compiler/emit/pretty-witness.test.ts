/** The witness line pretty prints under a finding (compiler/emit/pretty.ts). */
import { describe, expect, it } from 'vitest';
import { pretty } from '../../../compiler/emit/pretty.js';
import type { Diagnostic, Witness } from '../../../compiler/types.js';

const text = 'line1\nline2\n';
const withWitness = (witness: Witness): Diagnostic => ({
  code: 'fs-tie', severity: 'error', message: 'm', location: { file: '/p.yaml', line: 1, column: 1 }, witness,
});
const witnessLine = (w: Witness) =>
  pretty({ diagnostics: [withWitness(w)], file: '/p.yaml', text: () => text }, { color: false, cwd: '/' }).split('\n').find((l) => l.includes('= witness:'))!;

describe('witness line', () => {
  it('an order witness that is its own move says the move once', () => {
    const line = witnessLine({ order: [], expect: { kind: 'order', entry: 'a.x', first: 'a.y' }, move: { entry: 'a.x', before: 'a.y' } });
    expect(line).toContain('= witness: the link order that runs a.x just before a.y (replay: bootplan check --format json p.yaml > w.json; bootplan run p.yaml --link-order witness:w.json#1)');
  });

  it('an order witness whose move is another one names both; fault and return witnesses say what happens', () => {
    expect(witnessLine({ order: [], expect: { kind: 'order', entry: 'a.x', first: 'a.y' }, move: { entry: 'a.z', before: 'a.y' } }))
      .toContain('the link order that runs a.z just before a.y in which a.x runs before a.y (replay');
    expect(witnessLine({ order: [], expect: { kind: 'return', entry: 'a.x', rc: -2 }, move: { entry: 'a.x', before: 'a.y' } }))
      .toContain('the link order that runs a.x just before a.y in which a.x returns -2 (replay');
    expect(witnessLine({ order: [], expect: { kind: 'order', entry: 'a.x', first: 'a.y' } }))
      .toContain('the default link order in which a.x runs before a.y (replay');
  });
});
