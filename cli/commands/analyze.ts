import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { check, locate, type PlanSource } from '../../compiler/index.js';
import { FastLocator } from '../../compiler/fast-locate.js';
import type { Compiled, Diagnostic, EdgeReason } from '../../compiler/types.js';
import type { HtmlContext, HtmlNode } from '../../traces/analyze/html.js';
import { expandFileArgs } from '../args.js';
import { emit, EXIT_INPUT, UsageError } from '../io.js';
import { compileOrExit } from '../load.js';
import { positiveInt } from '../options.js';

const FORMATS = ['pretty', 'json', 'svg', 'html', 'chrome-trace'] as const;
type AnalyzeFormat = (typeof FORMATS)[number];

function readInput(path: string, what: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (err) {
    throw new UsageError(`cannot read the ${what} ${path}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`);
  }
}


function reasonText(reason: EdgeReason): string {
  switch (reason.kind) {
    case 'uses': return `uses ${reason.capability}`;
    case 'term-uses': return `term uses ${reason.capability}`;
    default: return reason.kind;
  }
}

/** What the HTML report shows about the plan: every node with its source line, every edge. */
function htmlContext(source: PlanSource, compiled: Compiled, base: Omit<HtmlContext, 'nodes' | 'edges' | 'texts'>, traceText: string | null): HtmlContext {
  // Every entry's line: the js-yaml pass, not `yaml`'s full parse (hundreds of ms on a kernel plan).
  const locator = new FastLocator(source.texts);
  const nodes: HtmlNode[] = compiled.steps.map((s) => ({ id: s.id, kind: 'step', title: s.title, uses: [], provides: s.provides, after: [], before: [] }));
  for (const e of compiled.entries) {
    const node: HtmlNode = { id: e.id, kind: e.kind, lib: e.lib, fn: e.fn, table: e.table, level: e.level, prio: e.prio, uses: e.uses, provides: e.provides, after: e.after, before: e.before, source: locator.locate(e.source) };
    if (e.note !== undefined) node.note = e.note;
    nodes.push(node);
  }
  const texts: Record<string, string> = Object.fromEntries(source.texts);
  if (base.trace !== null && traceText !== null) texts[base.trace] = traceText;
  return { ...base, nodes, edges: compiled.edges.map((e) => ({ from: e.from, to: e.to, reason: reasonText(e.reason), status: e.status })), texts };
}

/** Many boots: percentiles over every `--trace`, or the merge of earlier summaries. */
async function manyBoots(plan: string | undefined, opts: { trace: string[]; merge?: string[]; jobs?: number; symbols?: string; top: number; rows?: number; output?: string }, format: AnalyzeFormat): Promise<void> {
  if (format !== 'pretty' && format !== 'json' && format !== 'svg') throw new UsageError(`many boots are reported as pretty, json or svg, not ${format} (that format draws one boot)`);
  const boots = await import('../../traces/analyze/boots.js');
  const { analyzeMany, mergeFiles } = await import('./analyze-boots.js');
  let summary: import('../../traces/analyze/boots.js').BootsSummary;
  let planName: string;
  if (opts.merge) {
    if (opts.trace.length > 0) throw new UsageError('--merge combines summaries; give the logs in a run of their own');
    ({ summary, plan: planName } = mergeFiles(opts.merge));
  } else {
    if (plan === undefined) throw new UsageError('analyze needs a plan for its logs');
    if (opts.symbols !== undefined) readInput(opts.symbols, 'symbol map');
    const { compiled, source } = await compileOrExit(plan);
    planName = source.root;
    let shown = -1;
    const progress = (done: number, total: number): void => {
      const pct = Math.floor((100 * done) / total);
      if (pct === shown) return;
      shown = pct;
      const bar = '#'.repeat(Math.round(pct / 4)).padEnd(25, '.');
      process.stderr.write(`\ranalyze [${bar}] ${done}/${total} logs${done === total ? '\n' : ''}`);
    };
    summary = await analyzeMany(compiled, opts.trace, {
      plan,
      symbols: opts.symbols ?? null,
      ...(opts.jobs !== undefined ? { jobs: opts.jobs } : {}),
      ...(process.stderr.isTTY === true ? { progress } : {}),
    });
    if (summary.boots === 0) {
      const [file, why] = [...summary.unreadable][0] ?? ['?', 'no logs'];
      process.stderr.write(`bootplan: no log could be read (${summary.unreadable.size}); ${file}: ${why}\n`);
      process.exitCode = EXIT_INPUT;
      return;
    }
  }
  const title = `${opts.merge ? planName : plan}: ${opts.merge ? `${opts.merge.length} summaries merged` : `${opts.trace.length} logs`}`;
  if (format === 'json') emit(opts.output, JSON.stringify(boots.summaryToJson(summary, planName), null, 2) + '\n');
  else if (format === 'svg') {
    const { bootsToSvg } = await import('../../traces/analyze/boots-svg.js');
    emit(opts.output, bootsToSvg(summary, { title, ...(opts.rows !== undefined ? { maxRows: opts.rows } : {}) }));
  } else emit(opts.output, boots.summaryToPretty(summary, { title, top: opts.top }));
  if (summary.unreadable.size > 0) process.exitCode = 1;
}

export function register(program: Command): void {
  program
    .command('analyze')
    .description('where the boot time goes: blame, critical chain with slack, defer candidates, phases, timeline; from a trace or from declared costs')
    .argument('[plan]', 'boot plan file (YAML); not needed with --merge')
    .option('-t, --trace <files...>', 'the trace or console log (bootplan JSON Lines, Unikraft console, Linux initcall_debug); without it, the declared costs; several logs (`--trace logs/*.log`) for many boots (percentiles)')
    .option('--merge <summaries...>', 'merge the JSON summaries of many-boot runs (shards of a fleet) into one')
    .option('-j, --jobs <n>', 'worker threads for many boots (default: the cores)', positiveInt('--jobs'))
    .option('-s, --symbols <file>', 'nm -n output of the image, to name the addresses a Unikraft log prints')
    .option('-f, --format <format>', FORMATS.join(' | '), 'pretty')
    .option('--top <n>', 'rows of the blame and defer lists in the pretty output', positiveInt('--top'), 10)
    .option('--rows <n>', 'svg: at most this many rows (the slowest spans and the critical chain; the rest share one)', positiveInt('--rows'))
    .option('-o, --output <file>', 'write the report to a file')
    .action(async (plan: string | undefined, opts: { trace?: string[]; merge?: string[]; jobs?: number; symbols?: string; format: string; top: number; rows?: number; output?: string }) => {
      if (!(FORMATS as readonly string[]).includes(opts.format)) throw new UsageError(`unknown analyze format "${opts.format}"; use one of ${FORMATS.join(', ')}`);
      const format = opts.format as AnalyzeFormat;
      const traces = expandFileArgs(opts.trace ?? [], 'trace');
      if (plan === undefined && traces.some((t) => /\.ya?ml$/.test(t))) throw new UsageError('analyze needs the plan before --trace: bootplan analyze PLAN --trace LOG...');
      if (opts.merge || traces.length > 1) {
        await manyBoots(plan, { ...opts, trace: traces }, format);
        return;
      }
      if (plan === undefined) throw new UsageError('analyze needs a plan (or --merge SUMMARY.json …)');
      const traceFile = traces[0];
      const [{ parseAnyTrace }, { parseNm }, { analyze }, reporters] = await Promise.all([
        import('../../traces/logs/detect.js'), import('../../traces/logs/nm.js'), import('../../traces/analyze/analyze.js'), import('../../traces/analyze/index.js'),
      ]);
      const { source, compiled } = await compileOrExit(plan);
      const traceText = traceFile !== undefined ? readInput(traceFile, 'trace') : null;
      const log = traceFile !== undefined
        ? parseAnyTrace(traceText!, {
          file: traceFile,
          ...(opts.symbols ? { symbols: parseNm(readInput(opts.symbols, 'symbol map'), { file: opts.symbols }) } : {}),
        })
        : null;
      if (log?.diagnostics.some((d) => d.code === 'TRACE_UNKNOWN_FORMAT')) {
        process.stderr.write(`bootplan: ${traceFile}: ${log.diagnostics[0]!.message}\n`);
        process.exitCode = EXIT_INPUT;
        return;
      }
      const { analysis, diagnostics } = analyze(compiled, log, traceFile !== undefined ? { traceFile } : {});
      const context = { plan: source.root, trace: traceFile ?? null, format: log?.format ?? 'declared', diagnostics: await locate(source, diagnostics) };
      switch (format) {
        case 'json':
          emit(opts.output, JSON.stringify(reporters.analysisToJson(analysis, context), null, 2) + '\n');
          break;
        case 'svg':
          emit(opts.output, reporters.analysisToSvg(analysis, {
            title: `${compiled.plan.name} (${compiled.profile.name}@${compiled.profile.version})${traceFile ? ` — ${traceFile}` : ' — declared costs'}`,
            ...(opts.rows !== undefined ? { maxRows: opts.rows } : {}),
          }));
          break;
        case 'html': {
          const found: Diagnostic[] = await locate(source, [...check(compiled), ...diagnostics]);
          const title = `${compiled.plan.name} (${compiled.profile.name}@${compiled.profile.version}) — ${traceFile ?? 'declared costs'}`;
          const ctx = htmlContext(source, compiled, { title, plan: context.plan, trace: context.trace, format: context.format, diagnostics: found }, traceText);
          emit(opts.output, reporters.analysisToHtml(analysis, ctx));
          break;
        }
        case 'chrome-trace':
          emit(opts.output, reporters.analysisToChromeTrace(analysis, { name: compiled.plan.name }) + '\n');
          break;
        default: {
          const counted = new Map<string, number>();
          for (const d of diagnostics) if (d.severity !== 'note') counted.set(d.severity, (counted.get(d.severity) ?? 0) + 1);
          const findings = counted.size > 0
            ? `verify: ${[...counted].map(([s, n]) => `${n} ${s}${n === 1 ? '' : 's'}`).join(', ')} (bootplan verify ${plan} --trace ${traceFile} tells them)`
            : undefined;
          const title = `${compiled.plan.name} (${compiled.profile.name}@${compiled.profile.version}), ${traceFile ? `trace ${traceFile} (${log!.format})` : 'no trace'}`;
          emit(opts.output, reporters.analysisToPretty(analysis, { title, top: opts.top, ...(findings ? { findings } : {}) }));
        }
      }
    });
}
