import type { Command } from 'commander';
import { statSync } from 'node:fs';
import { relative } from 'node:path';
import { jsonFilesChunks, type FileReport } from '../../compiler/emit/json.js';
import { prettyTotal } from '../../compiler/emit/pretty.js';
import { isInputError } from '../../compiler/index.js';
import type { Diagnostic } from '../../compiler/types.js';
import { expandPlanArgs } from '../args.js';
import { exitCodeFor, failedBy, parseFormat, render, renderChunks, useColor } from '../diagnostics.js';
import { emit, emitChunks, EXIT_FAIL, noteInput, UsageError, writeFilesAtomic } from '../io.js';
import { checkOne, fixOne, type CheckedPlan, type FixRun } from './check-one.js';
import { watchPlans } from './check-watch.js';
import { findingsLimit, maxBytesOption, nonNegativeInt, shownLimit } from '../options.js';
import { DEFAULT_MAX_FINDINGS, groupThousands } from '../../compiler/check/cap.js';
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
    .option('--max-findings <n>', `list at most N findings of one rule per plan and count the rest (default ${groupThousands(DEFAULT_MAX_FINDINGS)}; \`all\`)`, findingsLimit)
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
  if (opts.base !== undefined && !isFolder(opts.base)) throw new UsageError(`--base ${opts.base}: no such folder (SARIF URIs are made relative to it)`);
  const plans = expandPlanArgs(args);
  const files: FileReport[] = [];
  const texts = new Map<string, string>();
  const pretty: string[] = [];
  const configs = new Set<string>();
  // file → the first plan of the run that includes it; plans that are no plan on their own wait
  // for the end, when every includer has been read.
  const includedBy = new Map<string, string>();
  const waiting = new Set<FileReport>();
  for (const plan of plans) noteInput(plan);
  // On a terminal each plan's report shows as soon as it is ready; into a file, all of them.
  const show = (report: FileReport) => {
    if (format !== 'pretty') return;
    const text = render('pretty', report.diagnostics, report.filePath, (f) => texts.get(f), { suppressed: report.suppressed ?? [], ...(opts.maxShown !== undefined ? { limit: opts.maxShown } : {}) });
    if (opts.output === undefined) emit(undefined, text);
    else pretty.push(text);
  };
  for (const plan of plans) {
    const loadOptions = { ...(opts.maxBytes ? { maxBytes: opts.maxBytes } : {}), ...(opts.maxFindings !== undefined ? { maxFindings: opts.maxFindings } : {}) };
    let checked: CheckedPlan;
    if (opts.fix) {
      const run = await fixOne(plan, loadOptions);
      if (run.changed.size > 0) writeFilesAtomic([...run.changed].map(([path, text]) => ({ path, text })));
      reportFixes(run);
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
    for (const f of source.files) if (f.kind === 'fragment' && f.file !== source.root && !includedBy.has(f.file)) includedBy.set(f.file, source.root);
    if (config.file) {
      noteInput(config.file);
      read?.add(config.file);
      texts.set(config.file, config.text);
    }
    const report: FileReport = { filePath: source.root, diagnostics, suppressed };
    files.push(report);
    if (plans.length > 1 && !source.fragment && diagnostics.some(isInputError)) waiting.add(report);
    else show(report);
  }
  for (const report of waiting) {
    const includer = includedBy.get(report.filePath);
    if (includer !== undefined) report.diagnostics = [includedFragment(report.filePath, includer, texts.get(report.filePath) ?? '')];
    show(report);
  }
  const all: Diagnostic[] = [];
  for (const f of files) append(all, f.diagnostics);
  let code = files.reduce((worst, f) => Math.max(worst, exitCodeFor(f.diagnostics, opts.strict)), 0);
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

/** What `--fix` did, on stderr: each fix applied, and a pass taken back. */
function reportFixes(run: FixRun): void {
  const show = (f: string) => {
    const rel = relative(process.cwd(), f);
    return rel && !rel.startsWith('..') ? rel : f;
  };
  for (const a of run.applied) process.stderr.write(`bootplan: fixed ${show(a.file)}:${a.line}: ${a.description}\n`);
  if (run.takenBack) {
    const { fixes, before, after } = run.takenBack;
    const one = fixes.length === 1;
    const where = fixes.map((a) => `${show(a.file)}:${a.line} (${a.description})`).join(', ');
    process.stderr.write(`bootplan: --fix took back ${one ? 'the fix' : `${fixes.length} fixes`} at ${where}: with ${one ? 'it' : 'them'} the plan has ${after} finding${after === 1 ? '' : 's'}, without ${one ? 'it' : 'them'} ${before}; ${one ? 'it is' : 'they are'} not written\n`);
  }
  if (run.applied.length > 0) process.stderr.write(`bootplan: --fix applied ${run.applied.length} fix${run.applied.length === 1 ? '' : 'es'} to ${[...run.changed.keys()].map(show).join(', ')}; the report below is of the fixed plan\n`);
}

/**
 * A file the run gives as a plan, which is no plan on its own, but which another plan of the run
 * includes: it is checked through that plan, as a `fragment: true` file would be.
 */
function includedFragment(file: string, includer: string, text: string): Diagnostic {
  const rel = (f: string) => relative(process.cwd(), f) || f;
  // At its first key, past the header comments.
  const lines = text.slice(0, 64 * 1024).split('\n');
  const at = Math.max(0, lines.findIndex((l) => /^[^#\s]/.test(l)));
  const key = /^[^:#\s]+/.exec(lines[at] ?? '')?.[0].length ?? 1;
  return {
    code: 'fragment', severity: 'note', message: `included by ${rel(includer)}, and no plan on its own: checked through the plans that include it`,
    location: { file, line: at + 1, column: 1, endLine: at + 1, endColumn: 1 + key }, hint: 'say `fragment: true` in it (language 1.1) to have it skipped wherever it is given',
  };
}

function isFolder(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}
