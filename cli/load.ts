/** Load and compile a plan for commands that need a compiled plan; bad input ends the command (exit 2/1). */
import { compile, isInputError, loadPlan, locate, type PlanSource } from '../compiler/index.js';
import type { Compiled, Diagnostic } from '../compiler/types.js';
import { render } from './diagnostics.js';
import { EXIT_FAIL, EXIT_INPUT, noteInput } from './io.js';

export class ExitError extends Error {
  constructor(readonly exitCode: number, readonly output: string) {
    super(`exit ${exitCode}`);
  }
}

/**
 * A compiled plan, or an ExitError carrying the printed diagnostics: bad input (exit 2) or errors
 * that leave the plan without a meaning (unknown levels, entries, profiles: exit 1). Checker
 * findings do not stop it: `run` must be able to boot a plan with a race to show the race.
 */
export async function compileOrExit(path: string, options: { maxBytes?: number } = {}): Promise<{ source: PlanSource; compiled: Compiled; diagnostics: Diagnostic[] }> {
  noteInput(path);
  const source = loadPlan(path, options.maxBytes ? { maxBytes: options.maxBytes } : {});
  for (const file of source.texts.keys()) noteInput(file);
  const { compiled, diagnostics } = compile(source);
  if (!compiled || diagnostics.some((d) => d.severity === 'error')) {
    await locate(source, diagnostics);
    const texts = new Map(source.texts);
    const shown = diagnostics.filter((d) => d.severity === 'error');
    throw new ExitError(diagnostics.some(isInputError) ? EXIT_INPUT : EXIT_FAIL, render('pretty', shown, source.root, (f) => texts.get(f)));
  }
  return { source, compiled, diagnostics };
}
