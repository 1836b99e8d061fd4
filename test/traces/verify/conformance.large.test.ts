/**
 * The DESIGN figure "verify a 5,000-line Linux initcall_debug log in under 100 ms", on a log that
 * is all initcalls: 2,500 `calling`/`initcall` pairs against a 2,500-entry plan.
 */
import { describe, expect, it } from 'vitest';
import { compile, loadPlanText } from '../../../compiler/index.js';
import { parseAnyTrace } from '../../../traces/logs/detect.js';
import { verifyTrace } from '../../../traces/verify/conformance.js';

const LEVELS = ['early', 'pure', 'core', 'postcore', 'arch', 'subsys', 'fs', 'rootfs', 'device', 'late'];

describe('verify speed', () => {
  it('parses and verifies 5,000 initcall lines against a 2,500-entry plan', () => {
    const libraries: string[] = [];
    for (let m = 0; m < 50; m++) {
      const entries = Array.from({ length: 50 }, (_, i) => `      - { fn: m${m}_init_${i}, level: ${LEVELS[(m * 50 + i) % LEVELS.length]} }`);
      libraries.push(`  mod${m}:\n    initcalls:\n${entries.join('\n')}`);
    }
    const yaml = `bootplan: 1\nname: big\nprofile: linux@6.1\nlibraries:\n${libraries.join('\n')}\n`;
    const { compiled } = compile(loadPlanText('big.yaml', yaml));
    const byId = new Map(compiled!.entries.map((e) => [e.id, e]));
    const log: string[] = [];
    let us = 1_000_000;
    for (const id of compiled!.order) {
      const e = byId.get(id);
      if (!e) continue;
      const stamp = () => `[${String(Math.floor(us / 1e6)).padStart(5)}.${String(us % 1e6).padStart(6, '0')}]`;
      log.push(`${stamp()} calling  ${e.fn}+0x0/0x40 @ 1\r`);
      us += 37;
      log.push(`${stamp()} initcall ${e.fn}+0x0/0x40 returned 0 after 0 usecs\r`);
      us += 11;
    }
    expect(log).toHaveLength(5000);
    const text = log.join('\n');
    const report = verifyTrace(compiled!, parseAnyTrace(text));
    expect(report.summary).toMatchObject({ mapped: 2500, missing: 0, outOfOrder: 0 });
    // Speed is the benchmark's to measure (npm run bench), never a timed assertion here.
  });
});
