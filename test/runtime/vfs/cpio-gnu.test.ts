/**
 * Interoperability with GNU cpio, the tool that makes real initrds. Needs `cpio` on PATH
 * (`apt-get install -y cpio`); skipped, loudly, without it.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, readlinkSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readCpio, writeCpio } from '../../../runtime/vfs/cpio.js';

const hasCpio = spawnSync('cpio', ['--version']).status === 0;
if (!hasCpio) console.warn('GNU cpio is not installed: skipping the interoperability tests (apt-get install -y cpio)');

const work = mkdtempSync(join(tmpdir(), 'bootplan-cpio-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe.skipIf(!hasCpio)('GNU cpio', () => {
  const tree = join(work, 'tree');
  mkdirSync(join(tree, 'etc'), { recursive: true });
  writeFileSync(join(tree, 'etc', 'hosts'), '127.0.0.1 localhost\n');
  writeFileSync(join(tree, 'init'), Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0, 1, 2]));
  symlinkSync('etc/hosts', join(tree, 'hosts'));
  const list = 'etc\netc/hosts\ninit\nhosts\n';

  for (const format of ['newc', 'crc'] as const) {
    it(`reads an archive GNU cpio wrote (-H ${format})`, () => {
      const archive = execFileSync('cpio', ['-o', '-H', format, '--quiet'], { cwd: tree, input: list });
      const entries = readCpio(new Uint8Array(archive));
      expect(entries.map((e) => [e.name, e.type])).toEqual([['etc', 'dir'], ['etc/hosts', 'file'], ['init', 'file'], ['hosts', 'symlink']]);
      expect(new TextDecoder().decode(entries[1]!.data)).toBe('127.0.0.1 localhost\n');
      expect([...entries[2]!.data]).toEqual([0x7f, 0x45, 0x4c, 0x46, 0, 1, 2]);
      expect(new TextDecoder().decode(entries[3]!.data)).toBe('etc/hosts');
    });
  }

  it('writes archives GNU cpio extracts', () => {
    const out = join(work, 'out');
    mkdirSync(out);
    const archive = writeCpio([
      { name: 'etc', type: 'dir' },
      { name: 'etc/motd', type: 'file', data: new TextEncoder().encode('hello\n') },
      { name: 'motd', type: 'symlink', data: new TextEncoder().encode('etc/motd') },
    ], { checksum: true });
    execFileSync('cpio', ['-i', '-d', '--quiet'], { cwd: out, input: archive });
    expect(readFileSync(join(out, 'etc', 'motd'), 'utf8')).toBe('hello\n');
    expect(readlinkSync(join(out, 'motd'))).toBe('etc/motd');
  });
});
