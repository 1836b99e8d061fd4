import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
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
