/**
 * Zephyr's console: init functions print nothing (as on a real board); the kernel prints its
 * banner before `main`, and a fault prints the fatal-error lines of the default handler.
 */
import { NO_LINES, type ConsoleDialect } from './line.js';

const noLines = () => NO_LINES;

export const zephyrDialect: ConsoleDialect = {
  bootStart: noLines,
  step(step) {
    return step.log.map((msg) => ({ lib: 'kernel', msg }));
  },
  tableStart: noLines,
  call(entry, facts) {
    return entry.kind === 'main' ? [{ msg: `*** Booting Zephyr OS build v${facts.profile.version}.0.0 ***` }] : NO_LINES;
  },
  returned: noLines,
  initError: noLines,
  weakMain() {
    return null;
  },
  halting: noLines,
  term: noLines,
  mounted: noLines,
  extracting: noLines,
  unmount: noLines,
  halted: noLines,
  fault(who, capability) {
    return [
      { lib: 'os', msg: `***** MPU FAULT ***** in ${who.fn}: ${capability} is not initialized yet` },
      { lib: 'os', msg: '>>> ZEPHYR FATAL ERROR 0: CPU exception on CPU 0' },
      { lib: 'os', msg: 'Halting system' },
    ];
  },
};
