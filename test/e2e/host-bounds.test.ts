/**
 * Host folders are read within bounds, through the CLI: a 9p `hostdir` of /proc does not hang
 * `run` (exit 2, located at the field), nor does one that holds /proc; a plan's `initrd:` that is a
 * folder boots as the cpio the machine packs from it, and nothing is written to the host.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const BIN = join(process.cwd(), 'bin', 'bootplan');
const PLANS = join(process.cwd(), 'specs', 'plans', 'unikraft');
const dir = mkdtempSync(join(tmpdir(), 'bootplan-host-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function bootplan(...args: string[]) {
  const r = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' }, timeout: 60_000 });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

describe('host folders are bounded', () => {
  const base = readFileSync(join(PLANS, 'helloworld-9pfs.yaml'), 'utf8');
  for (const hostdir of ['/proc', '/']) {
    it(`a 9p hostdir of ${hostdir}: exit 2 at the field, at once`, () => {
      const plan = join(dir, `share-${hostdir === '/' ? 'root' : 'proc'}.yaml`);
      writeFileSync(plan, base.replace('hostdir: guest_fs/', `hostdir: ${hostdir}`));
      const started = Date.now();
      const r = bootplan('run', plan);
      expect(r.code).toBe(2);
      expect(r.stdout).toContain('error[host-folder-special]');
      const line = base.split('\n').findIndex((l) => l.includes('hostdir: guest_fs/')) + 1;
      expect(r.stdout).toContain(`${plan}:${line}:`);
      expect(Date.now() - started).toBeLessThan(30_000);
    });
  }

  it('an initrd that is a folder: packed in memory and extracted, the host untouched', () => {
    const work = join(dir, 'rootfs-plan');
    mkdirSync(join(work, 'rootfs', 'etc'), { recursive: true });
    writeFileSync(join(work, 'rootfs', 'etc', 'motd'), 'hello from the rootfs folder\n');
    const plan = join(work, 'plan.yaml');
    writeFileSync(plan, [
      'bootplan: 1', 'name: rootfs-folder', 'profile: unikraft@0.17', 'target: qemu/x86_64', 'initrd: rootfs',
      'mounts:', '  - { dev: initrd0, at: /, fs: extract }',
      'libraries:', '  vfscore:', '    initcalls:',
      '      - { fn: vfscore_automount, level: rootfs, prio: 4, effects: [{ mount: { from: fstab } }] }',
      '  app:', "    main: { uses: ['mount:/'] }", '',
    ].join('\n'));
    expect(bootplan('check', plan).code).toBe(0);
    const r = bootplan('run', plan);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/Extracting initrd @ 0x[0-9a-f]+ \(\d+ bytes, source: "initrd0"\) to \//);
    expect(readdirSync(work).sort()).toEqual(['plan.yaml', 'rootfs']);
  });
});
