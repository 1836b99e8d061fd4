import { describe, expect, it } from 'vitest';
import { run } from '../../runtime/index.js';
import { symbolSize } from '../../traces/logs/symbols.js';
import { calls, compilePlan, linuxProfile, type EntrySpec } from './helpers.js';

const plan: EntrySpec[] = [
  { id: 'tty.con_init', level: 'console', cost: 2000 },
  { id: 'kernel.init_hw_perf_events', level: 'early', uses: ['alloc'] },
  { id: 'xen.xenbus_init', level: 'postcore', returns: -19 },
  { id: 'fs.proc_root_init', level: 'fs', uses: ['mount:/'], effects: [{ kind: 'mount', args: { dev: 'none', at: '/proc', fs: 'ramfs', mkmp: true } }] },
];

describe('a Linux boot', () => {
  it('logs a failing initcall and goes on', () => {
    const r = run(compilePlan(linuxProfile(), plan));
    expect(calls(r.events)).toEqual([
      'tty.con_init', 'tty.con_init=0', 'kernel.init_hw_perf_events', 'kernel.init_hw_perf_events=0',
      'xen.xenbus_init', 'xen.xenbus_init=-19', 'fs.proc_root_init', 'fs.proc_root_init=0',
    ]);
    expect(r.outcome).toEqual({ target: 'HALT', reason: 'boot completed', exitCode: 0 });
  });

  it('prints initcall_debug lines: two spaces after calling, fn+0x0/0xSIZE, @ 0 for console initcalls', () => {
    const r = run(compilePlan(linuxProfile(), plan));
    const size = symbolSize('con_init').toString(16);
    expect(r.console).toMatch(new RegExp(String.raw`^\[ {4}0\.\d{6}\] calling  con_init\+0x0/0x${size} @ 0$`, 'm'));
    expect(r.console).toMatch(new RegExp(String.raw`^\[ {4}0\.\d{6}\] initcall con_init\+0x0/0x${size} returned 0 after 2 usecs$`, 'm'));
    expect(r.console).toMatch(/^\[ {4}0\.\d{6}\] calling  xenbus_init\+0x0\/0x[0-9a-f]+ @ 1\n\[ {4}0\.\d{6}\] initcall xenbus_init\+0x0\/0x[0-9a-f]+ returned -19 after 1 usecs$/m);
    expect(r.console.endsWith('reboot: System halted\n')).toBe(true);
  });

  it('takes timestamps from the virtual clock: a call and its return differ by the cost', () => {
    const r = run(compilePlan(linuxProfile(), plan));
    const call = r.events.find((e) => e.ev === 'call' && e.id === 'tty.con_init')!;
    const ret = r.events.find((e) => e.ev === 'return' && e.id === 'tty.con_init')!;
    expect(ret.t - call.t).toBe(2000);
    // mm_init 5ms + sched_init 1ms + the platform step 50us come first.
    expect(call.t).toBe(6_050_000);
  });

  it('mounts on the initial rootfs the kernel provides', () => {
    const r = run(compilePlan(linuxProfile(), plan));
    expect(r.events.filter((e) => e.ev === 'mount').map((e) => [e.id, e.path])).toEqual([['core.vfs_caches_init', '/'], ['fs.proc_root_init', '/proc']]);
  });

  it('a fault is a kernel panic the Linux parser recognises', () => {
    const r = run(compilePlan(linuxProfile(), [{ id: 'a.early', level: 'console', uses: ['vfs'] }]));
    expect(r.outcome.fault).toMatchObject({ id: 'a.early', capability: 'vfs', provider: 'core.vfs_caches_init' });
    expect(r.console).toContain('Kernel panic - not syncing: Fatal exception\n');
  });
});
