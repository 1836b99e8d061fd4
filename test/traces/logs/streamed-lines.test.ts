/**
 * Logs read as they stream (`LogText` chunks): any split of a log into chunks reads as the whole
 * text does, a line longer than MAX_STREAM_LINE is cut rather than held, and the bounded chunk
 * reader refuses what the whole-file reader refuses and stops at the byte limit part way.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { readBoundedChunks, ReadStopped } from '../../../compiler/read-bounded.js';
import { parseAnyTrace } from '../../../traces/logs/detect.js';
import { forEachLine, MAX_STREAM_LINE } from '../../../traces/logs/parsed-log.js';
import { readSharedFixture } from '../../shared-fixtures.js';

const dir = mkdtempSync(join(tmpdir(), 'bootplan-stream-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const linesOf = (text: string | Iterable<string>) => {
  const out: Array<[number, string]> = [];
  forEachLine(text, (line, n) => out.push([n, line]));
  return out;
};

/** `text` cut at the given offsets. */
function chunked(text: string, cuts: number[]): string[] {
  const at = [...new Set(cuts.map((c) => c % (text.length + 1)))].sort((a, b) => a - b);
  const out: string[] = [];
  let from = 0;
  for (const c of at) {
    out.push(text.slice(from, c));
    from = c;
  }
  out.push(text.slice(from));
  return out;
}

describe('forEachLine over chunks', () => {
  it('gives the lines the whole text gives, for any chunking (\\r\\n split across chunks too)', () => {
    fc.assert(fc.property(fc.array(fc.constantFrom('a', 'b', '\n', '\r', '\r\n', 'xyz'), { maxLength: 60 }).map((p) => p.join('')), fc.array(fc.nat(), { maxLength: 8 }), (text, cuts) => {
      expect(linesOf(chunked(text, cuts))).toEqual(linesOf(text));
    }), { numRuns: 500 });
  });

  it('reads the real Unikraft and Linux logs the same way chunked as whole', () => {
    for (const name of ['unikraft-0.17-rich/boot.log', 'linux-6.1/initcall_debug.log']) {
      const text = readSharedFixture(name);
      const whole = parseAnyTrace(text, { file: 't' });
      const streamed = parseAnyTrace(chunked(text, [1, 4096, 65_537, 100_003, 500_009]), { file: 't' });
      expect(streamed.format).toBe(whole.format);
      expect(streamed.events).toEqual(whole.events);
      expect(streamed.diagnostics).toEqual(whole.diagnostics);
    }
  });

  it('cuts a line longer than MAX_STREAM_LINE instead of holding it, and goes on with the next', () => {
    const long = 'x'.repeat(MAX_STREAM_LINE);
    const lines = linesOf(['a\n', long, long, long, '\nb']);
    expect(lines.map(([n, l]) => [n, l.length])).toEqual([[1, 1], [2, MAX_STREAM_LINE], [3, 1]]);
  });
});

describe('readBoundedChunks', () => {
  it('reads a file in chunks; past the limit it stops part way with ReadStopped', () => {
    const file = join(dir, 'log.txt');
    writeFileSync(file, 'line\n'.repeat(1000));
    const ok = readBoundedChunks(file, 1_000_000);
    expect(ok.ok && [...ok.chunks].join('')).toBe('line\n'.repeat(1000));
    // The size at open is under the limit; the file then grows past it while it is read.
    const small = join(dir, 'grows.txt');
    writeFileSync(small, 'x');
    const read = readBoundedChunks(small, 10);
    expect(read.ok).toBe(true);
    writeFileSync(small, 'y'.repeat(100));
    expect(() => [...(read as { chunks: Iterable<string> }).chunks]).toThrow(ReadStopped);
  });

  it('refuses at once what is not a regular file, or too big by its size', () => {
    expect(readBoundedChunks('/dev/zero', 100)).toMatchObject({ ok: false, problem: { kind: 'special' } });
    expect(readBoundedChunks(dir, 100)).toMatchObject({ ok: false, problem: { kind: 'folder' } });
    expect(readBoundedChunks(join(dir, 'none'), 100)).toMatchObject({ ok: false, problem: { kind: 'missing' } });
    const file = join(dir, 'big.txt');
    writeFileSync(file, 'z'.repeat(200));
    expect(readBoundedChunks(file, 100)).toMatchObject({ ok: false, problem: { kind: 'too-big' } });
  });
});
