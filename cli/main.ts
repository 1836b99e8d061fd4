/**
 * The command-line shell: parse arguments, call the compiler and the runtime, print, exit.
 * Exit codes: 0 clean, 1 errors found (or a boot that faulted), 2 bad input or usage, 3 a bug.
 */
import { Command, CommanderError } from 'commander';
import { InputError } from '../compiler/types.js';
import { render } from './diagnostics.js';
import { EXIT_INPUT, UsageError } from './io.js';
import { ExitError } from './load.js';
import { register as check } from './commands/check.js';
import { register as compile } from './commands/compile.js';
import { register as explain } from './commands/explain.js';
import { register as graph } from './commands/graph.js';
import { register as schema } from './commands/schema.js';
import { COMMANDS } from './commands/more.js';
import { VERSION } from './version.js';


export async function main(argv: string[]): Promise<number> {
  const program = new Command('bootplan')
    .description('declarative boot plans: compile, prove the order, emulate, verify traces')
    .version(VERSION)
    .exitOverride()
    .configureOutput({ writeErr: (s) => process.stderr.write(s) });
  for (const register of [check, compile, graph, explain, schema, ...COMMANDS]) register(program);
  for (const cmd of program.commands) cmd.exitOverride();
  try {
    await program.parseAsync(argv, { from: 'user' });
    return typeof process.exitCode === 'number' ? process.exitCode : 0;
  } catch (err) {
    if (err instanceof CommanderError) {
      // `--help` and `--version` asked for it; help shown because no command was given is a usage error.
      if (err.code === 'commander.helpDisplayed' || err.code === 'commander.version') return 0;
      return EXIT_INPUT;
    }
    if (err instanceof ExitError) {
      process.stdout.write(err.output);
      return err.exitCode;
    }
    if (err instanceof UsageError) {
      process.stderr.write(`bootplan: ${err.message}\n`);
      return EXIT_INPUT;
    }
    if (err instanceof InputError) {
      process.stdout.write(render('pretty', err.diagnostics, ''));
      return EXIT_INPUT;
    }
    process.stderr.write(`bootplan: internal error: ${err instanceof Error ? err.message : String(err)}\nThis is a bug in bootplan, not in your plan.${process.env.BOOTPLAN_DEBUG ? `\n${(err as Error).stack}` : ' Set BOOTPLAN_DEBUG=1 for the stack.'}\n`);
    return 3;
  }
}
