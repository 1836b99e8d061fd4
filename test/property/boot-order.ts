/**
 * The boot order of each profile, written out independently of the compiler (so that properties
 * compare two models, not the compiler with itself): the levels, and what the core provides by
 * each. Both plan generators build their slots from these.
 */
export const UK_LEVELS = ['early', 'plat', 'lib', 'rootfs', 'sys', 'late'];
export const UK_CORE_CTOR = ['bootinfo', 'cmdline'];
export const UK_CORE_INIT = ['bootinfo', 'cmdline', 'libparam', 'alloc', 'irq', 'time', 'sched'];
/** Unikraft after 0.17 (unikraft@0.21): the command line is parsed at early-table prio 0, before
 * the early table's other entries and the constructors; TLS follows the heap; the main thread
 * exists before the init table. */
export const UK21_CORE_EARLY = ['bootinfo', 'cmdline', 'libparam'];
export const UK21_CORE_CTOR = ['bootinfo', 'cmdline', 'libparam'];
export const UK21_CORE_INIT = ['bootinfo', 'cmdline', 'libparam', 'alloc', 'tls', 'irq', 'time', 'sched', 'thread:main'];

export const LINUX_LEVELS = ['console', 'early', 'pure', 'pure_sync', 'core', 'core_sync', 'postcore', 'postcore_sync', 'arch', 'arch_sync', 'subsys', 'subsys_sync', 'fs', 'fs_sync', 'rootfs', 'device', 'device_sync', 'late', 'late_sync'];

/** What the Linux core provides by the i-th level of LINUX_LEVELS. */
export function linuxCore(i: number): string[] {
  const base = ['bootinfo', 'cmdline', 'alloc', 'sched', 'irq', 'time'];
  if (i === 0) return base;
  if (i === 1) return [...base, 'vfs', 'mount:/', 'pid:1', 'workqueue'];
  return [...base, 'vfs', 'mount:/', 'pid:1', 'workqueue', 'smp', 'driver-core'];
}

const ZEPHYR_POST = ['bootinfo', 'irq', 'kernel', 'sched', 'alloc', 'time'];
/** Zephyr levels with what the core provides by each. */
export const ZEPHYR_LEVELS: Array<[level: string, core: string[]]> = [
  ['EARLY', ['bootinfo']],
  ['PRE_KERNEL_1', ['bootinfo', 'irq']],
  ['PRE_KERNEL_2', ['bootinfo', 'irq']],
  ['POST_KERNEL', ZEPHYR_POST],
  ['APPLICATION', ZEPHYR_POST],
];
