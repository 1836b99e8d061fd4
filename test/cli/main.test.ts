/** The CLI imports only the command that runs (cli/main.ts `commandsFor`). */
import { describe, expect, it } from 'vitest';
import { commandsFor } from '../../cli/main.js';

describe('commandsFor', () => {
  it('loads one command module for a known command, and every one for help or a usage error', async () => {
    expect(await commandsFor(['check', 'plan.yaml'])).toHaveLength(1);
    expect(await commandsFor(['import', 'linux'])).toHaveLength(1);
    const all = await commandsFor([]);
    expect(all.length).toBe(13);
    expect(await commandsFor(['--help'])).toHaveLength(all.length);
    expect(await commandsFor(['chek'])).toHaveLength(all.length);
  });

  it('loads none for --version alone, and all when it comes with more', async () => {
    expect(await commandsFor(['--version'])).toHaveLength(0);
    expect(await commandsFor(['-V'])).toHaveLength(0);
    expect((await commandsFor(['--version', 'check'])).length).toBeGreaterThan(1);
  });

  it('registers the command it loaded under its own name', async () => {
    const { Command } = await import('commander');
    for (const name of ['check', 'run', 'verify', 'import', 'profile']) {
      const program = new Command('bootplan');
      for (const register of await commandsFor([name])) register(program);
      expect(program.commands.map((c) => c.name())).toEqual([name]);
    }
  });
});
