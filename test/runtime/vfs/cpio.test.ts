import { describe, expect, it } from 'vitest';
import { CpioError, readCpio, writeCpio } from '../../../runtime/vfs/cpio.js';

const text = (s: string) => new TextEncoder().encode(s);

/** A newc header with the given field values (hex, 8 digits each) in front of a name. */
function header(fields: Partial<Record<'mode' | 'filesize' | 'namesize' | 'check', string>>, magic = '070701'): string {
  const f = { mode: '000081A4', filesize: '00000000', namesize: '00000002', check: '00000000', ...fields };
  return magic + ['00000001', f.mode, '0', '0', '1', '0', f.filesize, '0', '0', '0', '0', f.namesize, f.check].map((v) => v.padStart(8, '0')).join('');
}

describe('readCpio', () => {
  it('reads files, directories and symlinks up to the trailer', () => {
    const archive = writeCpio([
      { name: 'etc', type: 'dir' },
      { name: 'etc/hosts', type: 'file', data: text('127.0.0.1 localhost\n'), mode: 0o600 },
      { name: 'bin', type: 'symlink', data: text('usr/bin') },
    ]);
    const entries = readCpio(archive);
    expect(entries.map((e) => [e.name, e.type, e.mode])).toEqual([['etc', 'dir', 0o755], ['etc/hosts', 'file', 0o600], ['bin', 'symlink', 0o644]]);
    expect(new TextDecoder().decode(entries[1]!.data)).toBe('127.0.0.1 localhost\n');
    expect(new TextDecoder().decode(entries[2]!.data)).toBe('usr/bin');
  });

  it('ignores what follows the trailer (padding to a block)', () => {
    const archive = writeCpio([{ name: 'a', type: 'file', data: text('x') }]);
    const padded = new Uint8Array(archive.length + 512);
    padded.set(archive);
    expect(readCpio(padded)).toHaveLength(1);
  });

  it('checks the 070702 checksum', () => {
    const good = writeCpio([{ name: 'a', type: 'file', data: text('abc') }], { checksum: true });
    expect(readCpio(good)[0]!.name).toBe('a');
    const bad = good.slice();
    const at = new TextDecoder().decode(good).indexOf('abc');
    bad[at] = 'z'.charCodeAt(0);
    expect(() => readCpio(bad)).toThrow(/checksum of "a"/);
  });

  const cases: Array<[string, Uint8Array, RegExp]> = [
    ['an empty input', new Uint8Array(0), /ends without TRAILER/],
    ['a truncated header', text('070701000000'), /truncated header \(12 of 110 bytes\)/],
    ['a bad magic', text('070707' + '0'.repeat(104)), /bad magic "070707"/],
    ['a binary magic', new Uint8Array(110).fill(0xc7), /bad magic/],
    ['a non-hex field', text(header({ filesize: 'zz000001' }) + 'a\0'), /field filesize is not 8 hex digits: "zz000001"/],
    ['a 4 GiB size field', text(header({ filesize: 'FFFFFFFF' }) + 'a\0\0\0\0\0'), /claims 4294967295 bytes of data but only 4 remain/],
    ['a name size of 0', text(header({ namesize: '00000000' })), /name size 0 is outside/],
    ['a huge name size', text(header({ namesize: 'FFFFFFFF' })), /name size 4294967295 is outside/],
    ['a name running past the end', text(header({ namesize: '00000100' }) + 'ab'), /truncated name/],
    ['a name without NUL', text(header({}) + 'ab'), /not NUL-terminated/],
    ['a missing trailer', text(header({}) + 'a\0'), /ends without TRAILER/],
    ['an empty symlink', text(header({ mode: '0000A1FF' }) + 'a\0\0\0\0\0'), /symlink "a" has a target of 0 bytes/],
  ];
  for (const [what, bytes, message] of cases) {
    it(`refuses ${what} with a clear error`, () => {
      let error: unknown;
      try {
        readCpio(bytes);
      } catch (err) {
        error = err;
      }
      expect(error).toBeInstanceOf(CpioError);
      expect((error as Error).message).toMatch(message);
    });
  }

  it('reports where the damage is', () => {
    const archive = writeCpio([{ name: 'a', type: 'file', data: text('1') }, { name: 'b', type: 'file', data: text('2') }]);
    const second = new TextDecoder().decode(archive).indexOf('070701', 1);
    const broken = archive.slice();
    broken[second] = 'X'.charCodeAt(0);
    expect(() => readCpio(broken)).toThrow(new RegExp(`at byte ${second}\\)`));
  });
});

describe('writeCpio', () => {
  it('writes the newc layout: 110-byte header, name padded to 4, data padded to 4', () => {
    const archive = writeCpio([{ name: 'ab', type: 'file', data: text('hello') }]);
    const ascii = new TextDecoder().decode(archive);
    expect(ascii.slice(0, 6)).toBe('070701');
    expect(ascii.slice(6 + 6 * 8, 6 + 7 * 8)).toBe('00000005'); // filesize
    expect(ascii.slice(110, 113)).toBe('ab\0');
    expect(ascii.slice(116, 121)).toBe('hello'); // 110 + 3 rounds up to 116
    expect(ascii.indexOf('TRAILER!!!')).toBe(124 + 110); // 5 data bytes round up to 8
    expect(archive.length % 4).toBe(0);
  });

  it('is deterministic', () => {
    const entries = [{ name: 'x', type: 'file' as const, data: text('1') }];
    expect(writeCpio(entries)).toEqual(writeCpio(entries));
  });

  it('refuses empty names', () => {
    expect(() => writeCpio([{ name: '', type: 'file' }])).toThrow(/empty name/);
  });
});
