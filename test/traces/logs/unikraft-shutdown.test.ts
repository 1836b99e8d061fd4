import { describe, expect, it } from 'vitest';
import { parseUnikraftLog } from '../../../traces/logs/unikraft.js';

// ukboot's exit path after 0.17 logs "Shutting down system (%d)"; before, "Halting system (%d)".
describe('the teardown line of either Unikraft line', () => {
  for (const line of ['Shutting down system', 'Halting system']) {
    it(`"${line} (3)" starts a CRASH teardown, "${line} (0)" a HALT`, () => {
      const crash = [`[ 0.1] Info: [libukboot] <boot.c @  421> ${line} (3)`, '[ 0.2] Info: [libkvmplat] <shutdown.c @   59> Unikraft halted'].join('\n');
      const events = parseUnikraftLog(crash).events;
      expect(events[0]).toMatchObject({ ev: 'phase', name: 'teardown', target: 'CRASH' });
      expect(events.at(-1)).toMatchObject({ ev: 'halt', target: 'CRASH' });
      const halt = [`[ 0.1] Info: [libukboot] <boot.c @  421> ${line} (0)`, '[ 0.2] Info: [libkvmplat] <shutdown.c @   59> Unikraft halted'].join('\n');
      expect(parseUnikraftLog(halt).events.at(-1)).toMatchObject({ ev: 'halt', target: 'HALT' });
    });
  }
});
