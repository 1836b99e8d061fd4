import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { applyEdits } from '../../../compiler/fix/rewrite.js';
import { unifiedDiff } from '../../../compiler/fix/diff.js';

const PATH = ['libraries', 'a', 'initcalls', 0];

describe('applyEdits', () => {
  it('replaces a value in a flow map and keeps the comment after it', () => {
    const text = 'libraries:\n  a:\n    initcalls:\n      - { fn: x, level: lib, prio: 0 } # why\n';
    expect(applyEdits(text, [{ path: PATH, key: 'prio', value: 3 }])).toBe('libraries:\n  a:\n    initcalls:\n      - { fn: x, level: lib, prio: 3 } # why\n');
  });

  it('adds a missing prio at the end of a flow map', () => {
    const text = 'libraries:\n  a:\n    initcalls:\n      - { fn: x, level: lib }\n';
    expect(applyEdits(text, [{ path: PATH, key: 'prio', value: 1 }, { path: PATH, key: 'level', value: 'rootfs' }])).toBe('libraries:\n  a:\n    initcalls:\n      - { fn: x, level: rootfs, prio: 1 }\n');
  });

  it('adds a missing prio as a line of a block map, after a multi-line last value', () => {
    const text = 'libraries:\n  a:\n    initcalls:\n      - fn: x\n        level: lib\n        note: |-\n          two\n          lines\n      - fn: y\n';
    expect(applyEdits(text, [{ path: PATH, key: 'prio', value: 2 }])).toBe('libraries:\n  a:\n    initcalls:\n      - fn: x\n        level: lib\n        note: |-\n          two\n          lines\n        prio: 2\n      - fn: y\n');
  });

  it('adds a line after a last value with a trailing comment, and at the end of a file with no newline', () => {
    const text = 'libraries:\n  a:\n    initcalls:\n      - fn: x\n        level: lib # here';
    expect(applyEdits(text, [{ path: PATH, key: 'prio', value: 4 }])).toBe('libraries:\n  a:\n    initcalls:\n      - fn: x\n        level: lib # here\n        prio: 4\n');
  });

  it('keeps quoting style out of it: numbers as numbers, odd names quoted', () => {
    const text = "libraries:\n  a:\n    initcalls:\n      - { fn: x, level: 'lib', prio: 'after(b.y)' }\n";
    expect(applyEdits(text, [{ path: PATH, key: 'level', value: 'rootfs' }])).toBe("libraries:\n  a:\n    initcalls:\n      - { fn: x, level: rootfs, prio: 'after(b.y)' }\n");
  });

  it('refuses an entry whose value comes from an alias or a merge key (changing it there changes every use)', () => {
    const text = 'p: &p 3\nlibraries:\n  a:\n    initcalls:\n      - { fn: x, level: lib, prio: *p }\n';
    expect(applyEdits(text, [{ path: PATH, key: 'prio', value: 4 }])).toEqual({ error: 'the prio of the entry at libraries.a.initcalls.0 comes from an alias' });
    const aliasEntry = 'libraries:\n  a:\n    initcalls:\n      - &e { fn: x, level: lib }\n      - *e\n';
    expect(applyEdits(aliasEntry, [{ path: ['libraries', 'a', 'initcalls', 1], key: 'prio', value: 4 }])).toEqual({ error: 'no entry at libraries.a.initcalls.1' });
  });

  it('says so when the path names no entry', () => {
    expect(applyEdits('libraries: {}\n', [{ path: PATH, key: 'prio', value: 1 }])).toEqual({ error: 'no entry at libraries.a.initcalls.0' });
  });
});

/** Length of a longest common subsequence, by the textbook table. */
function lcsLength(x: readonly string[], y: readonly string[]): number {
  let row = new Array<number>(y.length + 1).fill(0);
  for (const a of x) {
    const next = [0];
    for (let j = 0; j < y.length; j++) next.push(a === y[j] ? row[j]! + 1 : Math.max(row[j + 1]!, next[j]!));
    row = next;
  }
  return row[y.length]!;
}

describe('unifiedDiff', () => {
  it('agrees with GNU diff -u on random edits', () => {
    const dir = mkdtempSync(join(tmpdir(), 'bootplan-diff-'));
    try {
      fc.assert(fc.property(fc.array(fc.constantFrom('a', 'b', 'c', 'd'), { maxLength: 30 }), fc.array(fc.constantFrom('a', 'b', 'c', 'e'), { maxLength: 30 }), (x, y) => {
        const before = x.map((l) => `${l}\n`).join('');
        const after = y.map((l) => `${l}\n`).join('');
        writeFileSync(join(dir, 'a'), before);
        writeFileSync(join(dir, 'b'), after);
        const gnu = spawnSync('diff', ['-u', 'a', 'b'], { cwd: dir, encoding: 'utf8' });
        if (gnu.error) throw new Error('GNU diff is needed for this test');
        const ours = unifiedDiff('p', before, after);
        // Both are shortest edit scripts; where several exist they may pick different ones, so
        // compare what matters: applying ours with patch(1) gives the new text.
        if (ours === '') {
          expect(before).toBe(after);
          return;
        }
        writeFileSync(join(dir, 'p'), before);
        const patched = spawnSync('patch', ['-s', '-o', '-', 'p'], { cwd: dir, input: ours, encoding: 'utf8' });
        expect(patched.status, patched.stderr).toBe(0);
        expect(patched.stdout).toBe(after);
        // A shortest edit script changes |x| + |y| - 2·LCS lines. GNU diff without --minimal may
        // change more (it discards lines that match too often), so it is an upper bound only.
        const changed = (text: string): number => text.split('\n').filter((l) => /^[-+][^-+]/.test(l) || /^[-+]$/.test(l)).length;
        expect(changed(ours)).toBe(x.length + y.length - 2 * lcsLength(x, y));
        expect(changed(ours)).toBeLessThanOrEqual(changed(gnu.stdout));
      }), { numRuns: 100 });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('is empty for equal texts', () => expect(unifiedDiff('p.yaml', 'a\n', 'a\n')).toBe(''));

  it('writes hunks with three lines of context that patch(1) reads', () => {
    const before = Array.from({ length: 20 }, (_, i) => `line ${i + 1}`).join('\n') + '\n';
    const after = before.replace('line 2\n', 'line two\n').replace('line 18\n', 'line 18\nline 18b\n');
    expect(unifiedDiff('p.yaml', before, after)).toBe([
      '--- a/p.yaml', '+++ b/p.yaml',
      '@@ -1,5 +1,5 @@', ' line 1', '-line 2', '+line two', ' line 3', ' line 4', ' line 5',
      '@@ -16,5 +16,6 @@', ' line 16', ' line 17', ' line 18', '+line 18b', ' line 19', ' line 20', '',
    ].join('\n'));
  });
});
