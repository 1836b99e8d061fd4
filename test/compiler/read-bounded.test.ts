import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readBounded } from '../../compiler/read-bounded.js';

const dir = mkdtempSync(join(tmpdir(), 'bootplan-read-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('readBounded', () => {
  it('reads a regular file whole', () => {
    const f = join(dir, 'a.txt');
    writeFileSync(f, 'x'.repeat(3 * 1024 * 1024 + 5));
    const r = readBounded(f, 8 * 1024 * 1024);
    expect(r.ok && r.bytes.length).toBe(3 * 1024 * 1024 + 5);
  });

  it('reads bytes as written, an empty file, and a file longer than its size says (it grew)', () => {
    const f = join(dir, 'c.bin');
    const bytes = Buffer.from(Array.from({ length: 70000 }, (_, i) => (i * 7) % 256));
    writeFileSync(f, bytes);
    const r = readBounded(f, 1 << 20);
    expect(r.ok && r.bytes.equals(bytes)).toBe(true);
    const empty = join(dir, 'empty.txt');
    writeFileSync(empty, '');
    const e = readBounded(empty, 1024);
    expect(e.ok && e.bytes.length).toBe(0);
    // A /proc file is a regular file whose size says 0: read past the one byte its size gives room for.
    const proc = readBounded('/proc/self/maps', 1 << 24);
    expect(proc.ok && proc.bytes.length).toBeGreaterThan(100);
    expect(proc.ok && proc.bytes.toString('latin1').split('\n')[0]).toBe(readFileSync('/proc/self/maps', 'latin1').split('\n')[0]);
    const grew = readBounded('/proc/self/maps', 10);
    expect(!grew.ok && grew.problem.kind).toBe('too-big');
    expect(!grew.ok && grew.problem.message).toMatch(/grew past/);
  });

  it('refuses a file over the limit, a device, a folder and a missing file, each with its reason', () => {
    const f = join(dir, 'b.txt');
    writeFileSync(f, 'y'.repeat(100));
    const big = readBounded(f, 99);
    expect(!big.ok && big.problem.kind).toBe('too-big');
    const dev = readBounded('/dev/zero', 1024);
    expect(!dev.ok && dev.problem.kind).toBe('special');
    const folder = readBounded(dir, 1024);
    expect(!folder.ok && folder.problem.kind).toBe('folder');
    const missing = readBounded(join(dir, 'nope'), 1024);
    expect(!missing.ok && missing.problem.kind).toBe('missing');
  });
});
