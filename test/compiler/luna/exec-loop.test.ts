/**
 * A program that execs itself (directly or through others) never ends: unfolding stops after 16
 * execs in one process with `spawn-depth`, located at the exec, where it used to recurse until the
 * stack ran out (an internal error from a plan).
 */
import { describe, expect, it } from 'vitest';
import { RULES } from '../../../compiler/check/rules/index.js';
import { findings } from '../../helpers/findings.js';

const SPAWN_DEPTH = RULES.find((r) => r.code === 'spawn-depth')!.example!;
const withPrograms = (programs: string) => SPAWN_DEPTH.failing.replace(/programs:\n[\s\S]*$/, `programs:\n${programs}`);

describe('an exec chain that comes back to itself', () => {
  it('is reported at the exec, not followed forever', async () => {
    const text = withPrograms('  /bin/preinit:\n    - { name: work }\n    - { exec: /bin/preinit }\n');
    const found = await findings(text, { code: 'spawn-depth' });
    expect(found).toHaveLength(1);
    expect(found[0]!.message).toBe('preinit execs a program more than 16 times in a row, the last /bin/preinit: a program that (through others) execs itself?');
    expect(found[0]!.hint).toBe('end the chain: one of the programs must do its work instead of exec-ing the next');
    expect(found[0]!.at).toMatch(/^\d+:\d+$/);
  });

  it('is reported when the loop spawns on every round, as in a self-restarting init', async () => {
    const text = withPrograms('  /bin/preinit:\n    - { spawn: { path: /bin/helper } }\n    - { exec: /bin/preinit }\n  /bin/helper:\n    - { idle: {} }\n').replace("/bin/preinit: { mode: '0755' }", "/bin/preinit: { mode: '0755' }\n    /bin/helper: { mode: '0755' }");
    expect((await findings(text, { code: 'spawn-depth' })).map((f) => f.message)).toEqual(['preinit execs a program more than 16 times in a row, the last /bin/preinit: a program that (through others) execs itself?']);
  });

  it('lets a chain of 16 execs through', async () => {
    // preinit execs p0, p0 execs p1, … p14 execs p15: 16 execs.
    const chain = Array.from({ length: 15 }, (_, i) => `  /bin/p${i}:\n    - { exec: /bin/p${i + 1} }\n`).join('');
    const files = Array.from({ length: 17 }, (_, i) => `    /bin/p${i}: { mode: '0755' }`).join('\n');
    const text = withPrograms(`  /bin/preinit:\n    - { exec: /bin/p0 }\n${chain}  /bin/p15:\n    - { idle: {} }\n`).replace("    /bin/preinit: { mode: '0755' }", `    /bin/preinit: { mode: '0755' }\n${files}`);
    expect((await findings(text)).filter((f) => f.code === 'spawn-depth' || f.severity === 'error')).toEqual([]);
    // A 17th is refused.
    const longer = text.replace('  /bin/p15:\n    - { idle: {} }\n', '  /bin/p15:\n    - { exec: /bin/p16 }\n  /bin/p16:\n    - { idle: {} }\n');
    expect((await findings(longer, { code: 'spawn-depth' })).map((f) => f.message)).toEqual(['preinit execs a program more than 16 times in a row, the last /bin/p16: a program that (through others) execs itself?']);
  });
});
