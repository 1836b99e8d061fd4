/**
 * Linux's console with `initcall_debug` (init/main.c): `calling  fn+0x0/0xSIZE @ PID` and
 * `initcall fn+0x0/0xSIZE returned RC after N usecs`, two spaces after `calling`, console
 * initcalls from PID 0, the rest from kernel_init (PID 1). A failing initcall is logged and the
 * boot goes on.
 */
import { symbolSize } from './symbols.js';
import { NO_LINES, type ConsoleDialect, type LogLine } from './line.js';

const kernel = (msg: string): LogLine => ({ lib: 'kernel', msg });
const symbol = (fn: string) => `${fn}+0x0/0x${symbolSize(fn).toString(16)}`;

/** PID of the caller: console initcalls run from start_kernel (the idle task). */
export function linuxCallerPid(level: string | null): number {
  return level === 'console' || level === 'con' ? 0 : 1;
}

function panic(reason: string): LogLine[] {
  return [kernel(`Kernel panic - not syncing: ${reason}`), kernel(`---[ end Kernel panic - not syncing: ${reason} ]---`)];
}

export const linuxDialect: ConsoleDialect = {
  bootStart(facts) {
    return [kernel(`Linux version ${facts.profile.version}.0 (bootplan@emulated) #1 SMP`), kernel(`Command line: ${facts.plan.cmdline}`)];
  },
  step(step) {
    return step.log.map(kernel);
  },
  tableStart() {
    return NO_LINES;
  },
  call(entry, facts) {
    if (entry.kind === 'main') {
      const init = facts.plan.argv[0]?.startsWith('/') ? facts.plan.argv[0] : '/sbin/init';
      return [kernel(`Run ${init} as init process`)];
    }
    return [kernel(`calling  ${symbol(entry.fn ?? '0x0')} @ ${linuxCallerPid(entry.level)}`)];
  },
  returned(entry, rc, durationNs) {
    if (entry.kind === 'main') return NO_LINES;
    return [kernel(`initcall ${symbol(entry.fn ?? '0x0')} returned ${rc} after ${Math.floor(durationNs / 1000)} usecs`)];
  },
  initError() {
    return NO_LINES;
  },
  weakMain() {
    return null;
  },
  halting(target, exitCode) {
    if (target === 'HALT') return [kernel('reboot: System halted')];
    return panic(`Attempted to kill init! exitcode=0x${((exitCode & 0xff) << 8).toString(16).padStart(8, '0')}`);
  },
  term() {
    return NO_LINES;
  },
  mounted() {
    return NO_LINES;
  },
  extracting() {
    return [kernel('Unpacking initramfs...')];
  },
  unmount() {
    return NO_LINES;
  },
  halted() {
    return NO_LINES;
  },
  fault(who) {
    return [
      kernel('BUG: kernel NULL pointer dereference, address: 0000000000000000'),
      kernel(`RIP: 0010:${who.fn}+0x1c/0x${symbolSize(who.fn).toString(16)}`),
      ...panic('Fatal exception'),
    ];
  },
};

/** The symbol text Linux prints for `fn`, exported for tests and the trace's `symSize`. */
export const linuxSymbol = symbol;
