import type { Command } from 'commander';
import { checkPlan } from '../../compiler/index.js';
import type { Diagnostic } from '../../compiler/types.js';
import { exitCodeFor, parseFormat, render } from '../diagnostics.js';
import { emit, noteInput } from '../io.js';
import { maxBytesOption } from '../options.js';

export function register(program: Command): void {
  program
    .command('check')
    .description('prove every boot order of the plan correct, or print the order that breaks it')
    .argument('<plans...>', 'boot plan files (YAML)')
    .option('-f, --format <format>', 'pretty | json | sarif', 'pretty')
    .option('--strict', 'warnings fail too (exit 1)')
    .option('-o, --output <file>', 'write the report to a file (whole or not at all)')
    .option('--max-bytes <n>', 'largest plan file accepted', maxBytesOption)
    .option('--base <dir>', 'SARIF: URIs relative to this folder (%SRCROOT%), default the working directory')
    .action(async (plans: string[], opts: { format: string; strict?: boolean; output?: string; maxBytes?: number; base?: string }) => {
      const format = parseFormat(opts.format);
      const all: Diagnostic[] = [];
      const texts = new Map<string, string>();
      const pretty: string[] = [];
      let code = 0;
      for (const plan of plans) noteInput(plan);
      for (const plan of plans) {
        const { source, diagnostics } = await checkPlan(plan, opts.maxBytes ? { maxBytes: opts.maxBytes } : {});
        for (const [f, t] of source.texts) {
          texts.set(f, t);
          noteInput(f);
        }
        all.push(...diagnostics);
        code = Math.max(code, exitCodeFor(diagnostics, opts.strict));
        // On a terminal each plan's report shows as soon as it is ready; into a file, all of them.
        if (format === 'pretty' && opts.output === undefined) emit(undefined, render('pretty', diagnostics, source.root, (f) => texts.get(f)));
        else if (format === 'pretty') pretty.push(render('pretty', diagnostics, source.root, (f) => texts.get(f)));
      }
      if (format === 'pretty' && opts.output !== undefined) emit(opts.output, pretty.join(''));
      if (format !== 'pretty') emit(opts.output, render(format, all, plans.length === 1 ? plans[0]! : '', (f) => texts.get(f), { exitCode: code, ...(opts.base ? { base: opts.base } : {}) }));
      process.exitCode = code;
    });
}
