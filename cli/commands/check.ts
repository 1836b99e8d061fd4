import type { Command } from 'commander';
import { applyAllows } from '../../compiler/allow.js';
import { checkPlan, sortDiagnostics } from '../../compiler/index.js';
import { jsonFiles, type FileReport } from '../../compiler/emit/json.js';
import { prettyTotal } from '../../compiler/emit/pretty.js';
import type { Diagnostic } from '../../compiler/types.js';
import { expandPlanArgs } from '../args.js';
import { applyConfig, configFor } from '../config.js';
import { exitCodeFor, failedBy, parseFormat, render, useColor } from '../diagnostics.js';
import { emit, EXIT_FAIL, noteInput } from '../io.js';
import { maxBytesOption, nonNegativeInt, shownLimit } from '../options.js';

export function register(program: Command): void {
  program
    .command('check')
    .description('prove every boot order of the plan correct, or print the order that breaks it')
    .argument('<plans...>', 'plan files, folders (every plan under them) or quoted globs (`*`, `**`, `?`, `[...]`)')
    .option('-f, --format <format>', 'pretty | json | sarif', 'pretty')
    .option('--strict', 'warnings fail too (exit 1)')
    .option('--max-warnings <n>', 'more than N warnings fail the run (exit 1)', nonNegativeInt('--max-warnings'))
    .option('-o, --output <file>', 'write the report to a file (whole or not at all)')
    .option('--max-shown <n>', 'pretty: print at most N findings per plan, then count the rest (default 200; `all`)', shownLimit)
    .option('--max-bytes <n>', 'largest plan file accepted', maxBytesOption)
    .option('--base <dir>', 'SARIF: URIs relative to this folder (%SRCROOT%), default the working directory')
    .action(async (args: string[], opts: { format: string; strict?: boolean; maxWarnings?: number; maxShown?: number; output?: string; maxBytes?: number; base?: string }) => {
      const format = parseFormat(opts.format);
      const plans = expandPlanArgs(args);
      const all: Diagnostic[] = [];
      const files: FileReport[] = [];
      const texts = new Map<string, string>();
      const pretty: string[] = [];
      const configs = new Set<string>();
      let code = 0;
      for (const plan of plans) noteInput(plan);
      for (const plan of plans) {
        const { source, diagnostics: found } = await checkPlan(plan, opts.maxBytes ? { maxBytes: opts.maxBytes } : {});
        for (const [f, t] of source.texts) {
          texts.set(f, t);
          noteInput(f);
        }
        const config = configFor(source.root);
        // A bad config is said once, with the first plan it applies to.
        const configProblems = config.file && !configs.has(config.file) ? config.diagnostics : [];
        if (config.file) {
          noteInput(config.file);
          configs.add(config.file);
          texts.set(config.file, config.text);
        }
        const allowed = applyAllows(source.root, source.texts, found);
        const diagnostics = sortDiagnostics([...configProblems, ...applyConfig(config, allowed.diagnostics)]);
        files.push({ filePath: source.root, diagnostics, suppressed: allowed.suppressed });
        all.push(...diagnostics);
        code = Math.max(code, exitCodeFor(diagnostics, opts.strict));
        // On a terminal each plan's report shows as soon as it is ready; into a file, all of them.
        const shown = () => render('pretty', diagnostics, source.root, (f) => texts.get(f), { suppressed: allowed.suppressed, ...(opts.maxShown !== undefined ? { limit: opts.maxShown } : {}) });
        if (format === 'pretty' && opts.output === undefined) emit(undefined, shown());
        else if (format === 'pretty') pretty.push(shown());
      }
      const warnings = all.filter((d) => d.severity === 'warning');
      const tooMany = opts.maxWarnings !== undefined && warnings.length > opts.maxWarnings;
      if (tooMany) code = Math.max(code, EXIT_FAIL);
      if (format === 'pretty' && plans.length > 1) {
        const total = `\n${prettyTotal(files.map((f) => ({ file: f.filePath, diagnostics: f.diagnostics })), { color: opts.output === undefined && useColor(), cwd: process.cwd() })}`;
        if (opts.output === undefined) emit(undefined, total);
        else pretty.push(total);
      }
      if (format === 'pretty' && opts.output !== undefined) emit(opts.output, pretty.join(''));
      if (format === 'json') emit(opts.output, jsonFiles(files));
      if (format === 'sarif') emit(opts.output, render(format, all, plans.length === 1 ? plans[0]! : '', (f) => texts.get(f), { exitCode: code, suppressed: files.flatMap((f) => f.suppressed ?? []), ...(opts.base ? { base: opts.base } : {}) }));
      const why = failedBy(all, { ...(opts.strict ? { strict: true } : {}), ...(opts.maxWarnings !== undefined ? { maxWarnings: opts.maxWarnings } : {}) });
      if (why) process.stderr.write(why);
      process.exitCode = code;
    });
}
