import { describe, expect, it } from 'vitest';
import { CpioError, readCpio, writeCpio, type CpioWriteEntry } from '../../../runtime/vfs/cpio.js';
import { ERRNO, VfsError } from '../../../runtime/vfs/errno.js';
import { extractCpio } from '../../../runtime/vfs/extract.js';
import { createRamfs } from '../../../runtime/vfs/node.js';
import { Vfs } from '../../../runtime/vfs/vfs.js';

const t = (s: string) => new TextEncoder().encode(s);
const archive = (entries: CpioWriteEntry[]) => readCpio(writeCpio(entries));

/** `/` with an `/outside` file and an empty `/target` to extract into. */
function machine(): Vfs {
  const vfs = new Vfs();
  vfs.mount('/', createRamfs());
  vfs.writeFile('/outside', t('keep'));
  vfs.mkdir('/target');
  return vfs;
}

/** Every path in the VFS, for "nothing else changed" assertions. */
function tree(vfs: Vfs, dir = '/'): string[] {
  return vfs.readdir(dir).flatMap((name) => {
    const path = dir === '/' ? `/${name}` : `${dir}/${name}`;
    const node = vfs.resolve(path, false).node;
    return node.kind === 'dir' ? [path, ...tree(vfs, path)] : [path];
  });
}

describe('extractCpio', () => {
  it('creates files, directories (also implied ones) and symlinks beneath the target', () => {
    const vfs = machine();
    const report = extractCpio(vfs, '/target', archive([
      { name: './etc', type: 'dir', mode: 0o700 },
      { name: 'etc/hosts', type: 'file', data: t('h') },
      { name: 'usr/bin/sh', type: 'file', data: t('#!') },
      { name: 'bin', type: 'symlink', data: t('usr/bin') },
      { name: 'dev/console', type: 'other' },
    ]));
    expect(report).toMatchObject({ files: 2, dirs: 1, symlinks: 1, skipped: ['dev/console'], bytes: 3 });
    expect(new TextDecoder().decode(vfs.readFile('/target/bin/sh'))).toBe('#!');
    expect(tree(vfs).filter((p) => !p.startsWith('/target'))).toEqual(['/outside']);
  });

  const escapes: Array<[string, CpioWriteEntry[], RegExp]> = [
    ['a `..` component', [{ name: '../outside', type: 'file', data: t('x') }], /contains "\.\."/],
    ['a `..` in the middle', [{ name: 'a/../../outside', type: 'file', data: t('x') }], /contains "\.\."/],
    ['an absolute path', [{ name: '/outside', type: 'file', data: t('x') }], /absolute path/],
    ['a path through a symlink planted first', [{ name: 'up', type: 'symlink', data: t('/') }, { name: 'up/outside', type: 'file', data: t('x') }], /through the symlink \/target\/up -> \//],
    ['a relative symlink out', [{ name: 'up', type: 'symlink', data: t('..') }, { name: 'up/outside', type: 'file', data: t('x') }], /through the symlink/],
  ];
  for (const [what, entries, message] of escapes) {
    it(`refuses ${what}, and writes nothing outside the target`, () => {
      const vfs = machine();
      expect(() => extractCpio(vfs, '/target', archive(entries))).toThrow(CpioError);
      expect(() => extractCpio(machine(), '/target', archive(entries))).toThrow(message);
      expect(new TextDecoder().decode(vfs.readFile('/outside'))).toBe('keep');
      expect(tree(vfs).filter((p) => !p.startsWith('/target'))).toEqual(['/outside']);
    });
  }

  it('replaces an existing file or symlink rather than writing through it', () => {
    const vfs = machine();
    vfs.symlink('/outside', '/target/link');
    extractCpio(vfs, '/target', archive([{ name: 'link', type: 'file', data: t('new') }]));
    expect(new TextDecoder().decode(vfs.readFile('/outside'))).toBe('keep');
    expect(new TextDecoder().decode(vfs.readFile('/target/link'))).toBe('new');
  });

  it('charges file data to the heap and fails with ENOMEM when it runs out', () => {
    let budget = 5;
    const allocate = (size: number) => (budget -= size) >= 0;
    const vfs = machine();
    let error: unknown;
    try {
      extractCpio(vfs, '/target', archive([{ name: 'a', type: 'file', data: t('1234') }, { name: 'b', type: 'file', data: t('5678') }]), { allocate });
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(VfsError);
    expect((error as VfsError).errno).toBe(ERRNO.ENOMEM);
    expect(vfs.readdir('/target')).toEqual(['a']);
  });

  it('refuses to write onto a read-only filesystem', () => {
    const vfs = machine();
    const ro = createRamfs('fs0');
    ro.readOnly = true;
    vfs.mount('/target', ro);
    expect(() => extractCpio(vfs, '/target', archive([{ name: 'a', type: 'file', data: t('1') }]))).toThrow(/read-only/);
  });
});
