import type { Command } from 'commander';
import { relative } from 'node:path';
import { jsonFilesChunks, type FileReport } from '../../compiler/emit/json.js';
import { prettyTotal } from '../../compiler/emit/pretty.js';
import type { Diagnostic } from '../../compiler/types.js';
import { expandPlanArgs } from '../args.js';
import { exitCodeFor, failedBy, parseFormat, render, renderChunks, useColor } from '../diagnostics.js';
import { emit, emitChunks, EXIT_FAIL, noteInput, writeFilesAtomic } from '../io.js';
import { checkOne, fixOne, type CheckedPlan } from './check-one.js';
import { watchPlans } from './check-watch.js';
import { findingsLimit, maxBytesOption, nonNegativeInt, shownLimit } from '../options.js';
import { DEFAULT_MAX_FINDINGS } from '../../compiler/check/cap.js';
import { append } from '../../compiler/append.js';

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
    .option('--max-findings <n>', `list at most N findings of one rule per plan and count the rest (default ${DEFAULT_MAX_FINDINGS.toLocaleString('en')}; \`all\`)`, findingsLimit)
    .option('--base <dir>', 'SARIF: URIs relative to this folder (%SRCROOT%), default the working directory')
    .option('--fix', 'apply the fixes the findings carry (safe, one value each: misspelt names, `prio: after(...)` for a race, unused allows), check again, write the plans whole or not at all')
    .option('--watch', 'check again whenever a plan or a file it includes changes (Ctrl-C stops)')
    .action(async (args: string[], opts: CheckOptions) => {
      if (opts.watch) return watchPlans(args, opts, runCheck);
      process.exitCode = await runCheck(args, opts);
    });
}

export interface CheckOptions { format: string; strict?: boolean; maxWarnings?: number; maxShown?: number; output?: string; maxBytes?: number; maxFindings?: number; base?: string; fix?: boolean; watch?: boolean }

/** One run of `check` over the arguments: prints the report, returns the exit code. Every file read is added to `read`. */
export async function runCheck(args: string[], opts: CheckOptions, read?: Set<string>): Promise<number> {
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
    const loadOptions = { ...(opts.maxBytes ? { maxBytes: opts.maxBytes } : {}), ...(opts.maxFindings !== undefined ? { maxFindings: opts.maxFindings } : {}) };
    let checked: CheckedPlan;
    if (opts.fix) {
      const run = await fixOne(plan, loadOptions);
      if (run.changed.size > 0) writeFilesAtomic([...run.changed].map(([path, text]) => ({ path, text })));
      const show = (f: string) => {
        const rel = relative(process.cwd(), f);
        return rel && !rel.startsWith('..') ? rel : f;
      };
      for (const a of run.applied) process.stderr.write(`bootplan: fixed ${show(a.file)}:${a.line}: ${a.description}\n`);
      if (run.applied.length > 0) process.stderr.write(`bootplan: --fix applied ${run.applied.length} fix${run.applied.length === 1 ? '' : 'es'} to ${[...run.changed.keys()].map(show).join(', ')}; the report below is of the fixed plan\n`);
      checked = run.checked;
    } else {
      checked = await checkOne(plan, { ...loadOptions, configDone: configs });
    }
    const { source, diagnostics, suppressed, config } = checked;
    for (const [f, t] of source.texts) {
      texts.set(f, t);
      noteInput(f);
      read?.add(f);
    }
    if (config.file) {
      noteInput(config.file);
      read?.add(config.file);
      texts.set(config.file, config.text);
    }
    files.push({ filePath: source.root, diagnostics, suppressed });
    append(all, diagnostics);
    code = Math.max(code, exitCodeFor(diagnostics, opts.strict));
    // On a terminal each plan's report shows as soon as it is ready; into a file, all of them.
    const shown = () => render('pretty', diagnostics, source.root, (f) => texts.get(f), { suppressed, ...(opts.maxShown !== undefined ? { limit: opts.maxShown } : {}) });
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
  if (format === 'json') emitChunks(opts.output, jsonFilesChunks(files));
  if (format === 'sarif') emitChunks(opts.output, renderChunks(format, all, plans.length === 1 ? plans[0]! : '', (f) => texts.get(f), { exitCode: code, suppressed: files.flatMap((f) => f.suppressed ?? []), ...(opts.base ? { base: opts.base } : {}) }));
  const why = failedBy(all, { ...(opts.strict ? { strict: true } : {}), ...(opts.maxWarnings !== undefined ? { maxWarnings: opts.maxWarnings } : {}) });
  if (why) process.stderr.write(why);
  return code;
}
