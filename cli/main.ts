/**
 * The command-line shell: parse arguments, call the compiler and the runtime, print, exit.
 * Exit codes: 0 clean, 1 errors found (or a boot that faulted), 2 bad input or usage, 3 a bug.
 */
import { Command, CommanderError } from 'commander';
import { InputError } from '../compiler/types.js';
import { render } from './diagnostics.js';
import { EXIT_INPUT, UsageError } from './io.js';
import { ExitError } from './load.js';
import { VERSION } from './version.js';

type Register = (program: Command) => void;

/**
 * Each command's module, imported only when that command runs: `check` does not pay for the
 * importers, the runtime or the trace readers (start-up is most of a small plan's time). The
 * order is the order `--help` lists them in.
 */
const COMMAND_MODULES: ReadonlyArray<readonly [string, () => Promise<{ register: Register }>]> = [
  ['check', () => import('./commands/check.js')],
  ['compile', () => import('./commands/compile.js')],
  ['graph', () => import('./commands/graph.js')],
  ['explain', () => import('./commands/explain.js')],
  ['schema', () => import('./commands/schema.js')],
  ['emit', () => import('./commands/emit.js')],
  ['fix', () => import('./commands/fix.js')],
  ['run', () => import('./commands/run.js')],
  ['verify', () => import('./commands/verify.js')],
  ['analyze', () => import('./commands/analyze.js')],
  ['import', () => import('./commands/import.js')],
  ['profile', () => import('./commands/profile.js')],
  ['init', () => import('./commands/init.js')],
];

/**
 * The modules to load for `argv`: the named command's alone, none for `--version` alone (a
 * pre-commit hook or an editor asking which bootplan it has), or all of them (help, usage errors).
 */
export async function commandsFor(argv: readonly string[]): Promise<Register[]> {
  const name = argv[0];
  if (argv.length === 1 && (name === '--version' || name === '-V')) return [];
  const one = COMMAND_MODULES.find(([n]) => n === name);
  const chosen = one ? [one] : COMMAND_MODULES;
  const modules = await Promise.all(chosen.map(([, load]) => load()));
  return modules.map((m) => m.register);
}

/** What an argument or option names when its placeholder is one of these: a path. */
const PATH_PLACEHOLDER = /<(?:[a-z]+-)?(?:plans?|files?|dir|summaries)(?:\.\.\.)?>/i;

/**
 * An empty path given on purpose (`--trace ''`, `check ''`) is a usage error, said before the
 * command runs: read, it would resolve to the working directory; written, to nothing.
 */
function refuseEmptyPaths(action: Command): void {
  const values = action.opts<Record<string, unknown>>();
  for (const option of action.options) {
    if (!PATH_PLACEHOLDER.test(option.flags)) continue;
    const value = values[option.attributeName()];
    if (value === '' || (Array.isArray(value) && value.includes(''))) throw new UsageError(`${option.long ?? option.flags}: the path is empty`);
  }
  action.registeredArguments.forEach((arg, i) => {
    const value: unknown = action.processedArgs[i];
    if (PATH_PLACEHOLDER.test(`<${arg.name()}${arg.variadic ? '...' : ''}>`) && (value === '' || (Array.isArray(value) && value.includes('')))) {
      throw new UsageError(`the ${arg.name().replace(/s$/, '')} path is empty: give a file${arg.variadic ? ', a folder or a quoted glob' : ''}`);
    }
  });
}

export async function main(argv: string[]): Promise<number> {
  const program = new Command('bootplan')
    .description('declarative boot plans: compile, prove the order, emulate, verify traces')
    .version(VERSION)
    .exitOverride()
    .configureOutput({ writeErr: (s) => process.stderr.write(s) });
  for (const register of await commandsFor(argv)) register(program);
  for (const cmd of program.commands) cmd.exitOverride();
  program.hook('preAction', (_program, action) => refuseEmptyPaths(action));
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
