/**
 * The bundled Luna plan reproduces the seed's process tables after every stage, entry by entry
 * (../shared/seeds/luna-boot-process.txt, "File system and process layout"), and its mount tables
 * (the mounts and, where the plan's images give a `listing`, the seed's lines about their files).
 */
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compile, loadPlan } from '../../../compiler/index.js';
import { run } from '../../../runtime/index.js';
import { processLine, renderTables } from '../../../traces/luna-tables.js';

const SEED: Record<string, { processes: string[]; mounts: string[] }> = {
  kernel: {
    mounts: ['/ - initial ramdisk', '/sys/config - copy of the configuration file for the bootloader', '/boot/moon - the kernel itself', '/bin/preinit - the first user program run in the boot process'],
    processes: ['/bin/preinit - PID 1', '[kinit] - PID 2 (Exited, soon to be reaped)', '[x86_64-io] - PID 3', '[reap] - PID 4', '[oom] - PID 5'],
  },
  preinit: {
    mounts: ['/ - ext2 root partition', '/dev - device file system', '/usr, /etc, /home... - other directories contained in the root partition'],
    processes: ['/usr/bin/init - PID 1', '[x86_64-io] - PID 3', '[reap] - PID 4', '[oom] - PID 5'],
  },
  init: {
    mounts: ['/ - ext2 root partition', '/dev - device file system', '/dev/shm - POSIX shared memory file system', '/dev/pts - POSIX pseudoterminal file system', '/tmp - system temporary file directory', '/usr, /etc, /home... - other directories contained in the root partition', '/home/selene - temporary home directory'],
    processes: ['/usr/bin/init - PID 1', '[x86_64-io] - PID 3', '[reap] - PID 4', '[oom] - PID 5', '/usr/bin/startui - PID 13'],
  },
  startui: {
    mounts: ['/ - ext2 root partition', '/dev - device file system', '/dev/shm - POSIX shared memory file system', '/dev/pts - POSIX pseudoterminal file system', '/tmp - system temporary file directory', '/usr, /etc, /home... - other directories contained in the root partition', '/home/selene - temporary home directory'],
    processes: ['/usr/bin/init - PID 1', '[x86_64-io] - PID 3', '[reap] - PID 4', '[oom] - PID 5', '/usr/bin/startui - PID 13', '/usr/bin/wind - PID 14', '/usr/bin/launch - PID 15', '/usr/bin/taskbar - PID 16', '/usr/bin/init --user - PID 17', '/usr/bin/terminal - PID 18', '/bin/sh - PID 19'],
  },
};

describe('the bundled Luna plan on the machine', () => {
  const { compiled } = compile(loadPlan(resolve('specs/plans/luna/luna.yaml')));
  const result = run(compiled!);

  it('boots to the graphical session', () => {
    expect(result.outcome.target).toBe('HALT');
    expect(result.console).toContain('terminal(18): started /bin/sh (PID 19, selene)');
  });

  it.each(Object.keys(SEED))('reproduces the seed\'s tables after the %s stage, entry by entry', (stage) => {
    const snap = result.snapshots!.find((s) => s.stage === stage)!;
    expect(snap).toBeDefined();
    expect(snap.processes.map(processLine)).toEqual(SEED[stage]!.processes);
    expect(snap.mounts.map((m) => `${m.at} - ${m.title}`)).toEqual(SEED[stage]!.mounts);
  });

  it('prints the stages in order, in the seed\'s layout', () => {
    const text = renderTables(result.snapshots!, ['processes', 'mounts']);
    expect(text.split('\n').filter((l) => l.startsWith('After the'))).toEqual(['After the kernel stage', 'After the preinit stage', 'After the init stage', 'After the startui stage']);
  });

  it('writes spawn, exec, exit, mount, umount and pivot-root events with their fields', () => {
    const kinds = new Set(result.events.map((e) => e.ev));
    for (const k of ['spawn', 'exec', 'exit', 'mount', 'umount', 'pivot-root']) expect(kinds.has(k as never), k).toBe(true);
    expect(result.events.find((e) => e.ev === 'spawn' && e.pid === 1)).toMatchObject({ name: '/bin/preinit', ppid: 2, user: 'root' });
    expect(result.events.find((e) => e.ev === 'pivot-root')).toMatchObject({ new: '/osroot', old: '/mnt' });
    expect(result.events.find((e) => e.ev === 'exec')).toMatchObject({ pid: 1, path: '/usr/bin/init' });
  });

  it('gives the same PIDs in random and reverse schedules (the seed\'s PIDs do not depend on the schedule)', () => {
    for (const linkOrder of [{ kind: 'reverse' as const }, { kind: 'random' as const, seed: 7 }, { kind: 'random' as const, seed: 99 }]) {
      const r = run(compiled!, { linkOrder });
      expect(r.outcome.target, JSON.stringify(linkOrder)).toBe('HALT');
      const pids = r.events.filter((e) => e.ev === 'spawn').map((e) => `${e.name} ${e.pid}`).sort();
      expect(pids).toEqual(result.events.filter((e) => e.ev === 'spawn').map((e) => `${e.name} ${e.pid}`).sort());
    }
  });
});
