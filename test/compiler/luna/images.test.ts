/**
 * Thread-model images read by the compiler: a folder, a cpio (newc) archive (with its owners and
 * modes, and entries that climb out refused), inline files; and the bound on how far a plan unfolds.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { check, compile, loadPlan, loadPlanText } from '../../../compiler/index.js';
import { writeCpio } from '../../../compiler/cpio.js';
import { LUNA_EXAMPLE } from '../../../compiler/check/rules/examples.js';
import { run } from '../../../runtime/index.js';

const dir = mkdtempSync(join(tmpdir(), 'bootplan-luna-img-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const enc = (s: string) => new TextEncoder().encode(s);

function planWith(ramdisk: string): string {
  return `${LUNA_EXAMPLE}ramdisk:\n${ramdisk}programs:\n  /bin/preinit:\n    - { open: /etc/motd }\n    - { idle: {} }\n`;
}

describe('ramdisk contents from a cpio archive', () => {
  it('boots from the archive: its files, modes and text are the image', () => {
    writeFileSync(join(dir, 'ramdisk.cpio'), writeCpio([
      { name: 'bin', type: 'dir', mode: 0o755 },
      { name: 'bin/preinit', type: 'file', mode: 0o755, data: enc('stand-in') },
      { name: 'etc', type: 'dir', mode: 0o755 },
      { name: 'etc/motd', type: 'file', mode: 0o644, data: enc('hello\n') },
    ]));
    writeFileSync(join(dir, 'a.yaml'), planWith('  contents: ramdisk.cpio\n'));
    const { compiled, diagnostics } = compile(loadPlan(join(dir, 'a.yaml')));
    expect(diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(compiled!.luna!.images[0]!.nodes.find((n) => n.path === '/etc/motd')).toMatchObject({ kind: 'file', mode: 0o644, text: 'hello\n' });
    expect(check(compiled!).filter((d) => d.severity === 'error')).toEqual([]);
    expect(run(compiled!).outcome.target).toBe('HALT');
  });

  it('an archive without /bin/preinit is exec-missing, and one that climbs out is refused at the field', () => {
    writeFileSync(join(dir, 'bad.cpio'), writeCpio([{ name: '../escape', type: 'file', mode: 0o644, data: enc('x') }, { name: 'etc/motd', type: 'file', mode: 0o644, data: enc('') }]));
    writeFileSync(join(dir, 'b.yaml'), planWith('  contents: bad.cpio\n'));
    const { compiled, diagnostics } = compile(loadPlan(join(dir, 'b.yaml')));
    const refused = diagnostics.find((d) => d.code === 'image-unreadable');
    expect(refused?.message).toContain('climbs out of the image root');
    expect(refused?.source?.path).toEqual(['ramdisk', 'contents']);
    expect(check(compiled!).map((d) => d.code)).toContain('exec-missing');
  });

  it('a damaged archive is image-unreadable, never a crash', () => {
    writeFileSync(join(dir, 'broken.cpio'), enc('070701 not really'));
    writeFileSync(join(dir, 'c.yaml'), planWith('  contents: broken.cpio\n'));
    const { diagnostics } = compile(loadPlan(join(dir, 'c.yaml')));
    expect(diagnostics.map((d) => d.code)).toContain('image-unreadable');
  });
});

it('a contents folder on a special filesystem (/proc) is refused at the field through the shared bounded walk, not read', () => {
  const { diagnostics } = compile(loadPlanText(join(dir, 'p.yaml'), planWith('  contents: /proc\n')));
  const d = diagnostics.find((x) => x.code === 'host-folder-special');
  expect(d?.source?.path).toEqual(['ramdisk', 'contents']);
});

it('a plan whose programs start copies of themselves is plan-too-large (exit 2), refused whole and quickly', () => {
  const text = `${LUNA_EXAMPLE}ramdisk:\n  files:\n    /bin/preinit: { mode: '0755' }\nprograms:\n  /bin/preinit:\n    - { spawn: { path: /bin/preinit } }\n    - { spawn: { path: /bin/preinit } }\n    - { idle: {} }\n`;
  const { compiled, diagnostics } = compile(loadPlanText('/x/too-large.yaml', text));
  expect(diagnostics.map((d) => d.code)).toContain('plan-too-large');
  expect(compiled?.entries ?? []).toEqual([]);
});
