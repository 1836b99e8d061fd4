/** Luna from the command line, as a user runs it: check, run with --show and --trace, verify the trace and the console, replay a witness. */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const BIN = join(process.cwd(), 'bin', 'bootplan');
const PLAN = join(process.cwd(), 'specs', 'plans', 'luna', 'luna.yaml');
const dir = mkdtempSync(join(tmpdir(), 'bootplan-luna-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const bootplan = (...args: string[]) => spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', cwd: dir, env: { ...process.env, NO_COLOR: '1' } });

describe('bootplan on the bundled Luna plan', () => {
  it('checks clean, boots with the seed\'s tables, and verifies its own trace and console', () => {
    expect(bootplan('check', PLAN).status).toBe(0);
    const r = bootplan('run', PLAN, '--show', 'processes,mounts', '--trace', 'luna.jsonl', '--console', 'luna.log');
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('After the kernel stage\nFile system\n/ - initial ramdisk\n/sys/config - copy of the configuration file for the bootloader\n/boot/moon - the kernel itself\n/bin/preinit - the first user program run in the boot process\nProcesses\n/bin/preinit - PID 1\n[kinit] - PID 2 (Exited, soon to be reaped)\n');
    expect(r.stdout).toContain('/usr/bin/init --user - PID 17\n/usr/bin/terminal - PID 18\n/bin/sh - PID 19\n');
    expect(readFileSync(join(dir, 'luna.jsonl'), 'utf8')).toContain('"ev":"pivot-root"');
    for (const trace of ['luna.jsonl', 'luna.log']) {
      const v = bootplan('verify', PLAN, '--trace', trace);
      expect([trace, v.status, v.stdout]).toEqual([trace, 0, expect.stringContaining('0 out of order')]);
    }
  });

  it('refuses --show for a plan without processes (exit 2)', () => {
    const r = bootplan('run', join(process.cwd(), 'specs', 'plans', 'unikraft', 'helloworld.yaml'), '--show', 'processes');
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('no processes or stages');
  });

  it('reports taskbar without wsys, and the witness replays from the JSON report', () => {
    const broken = readFileSync(PLAN, 'utf8').replace('user: selene, groups: [wsys] }', 'user: selene }').replaceAll('contents: ramdisk/', `contents: ${join(process.cwd(), 'specs/plans/luna/ramdisk')}/`).replaceAll('contents: root/', `contents: ${join(process.cwd(), 'specs/plans/luna/root')}/`);
    writeFileSync(join(dir, 'broken.yaml'), broken);
    const check = bootplan('check', 'broken.yaml');
    expect(check.status).toBe(1);
    expect(check.stdout).toMatch(/error\[permission-denied\]: `99-login\/taskbar\.connect:\/tmp\/wsys\.sock`/);
    writeFileSync(join(dir, 'w.json'), bootplan('check', '--format', 'json', 'broken.yaml').stdout);
    const replay = bootplan('run', 'broken.yaml', '--link-order', 'witness:w.json#1', '--console', 'w.log');
    expect(replay.status).toBe(1);
    expect(replay.stderr).not.toContain('did not happen');
    expect(readFileSync(join(dir, 'w.log'), 'utf8')).toContain('! fault in 99-login/taskbar.connect:/tmp/wsys.sock: connect /tmp/wsys.sock: EACCES');
  });
});
