import type { Command } from 'commander';
import { locate } from '../../compiler/index.js';
import type { Diagnostic } from '../../compiler/types.js';
import type { VerifyReport } from '../../traces/verify/conformance.js';
import { applyConfig, configFor } from '../config.js';
import { exitCodeFor, failedBy, parseFormat, render } from '../diagnostics.js';
import { forEachLine } from '../../traces/logs/parsed-log.js';
import { emit, EXIT_INPUT, readInputChunks, readInputFile, UsageError } from '../io.js';
import { compileOrExit } from '../load.js';
import { maxBytesOption } from '../options.js';
import { DEFAULT_COST_TOLERANCE, UNPLANNED_EACH_UP_TO } from '../../traces/verify/conformance.js';
import { timeSummary } from '../../traces/verify/time-summary.js';

/** `1.5`, `1.5x` or `1.5×`: how much longer than its declared cost an entry may take. */
export function costToleranceOption(value: string): number {
  const n = Number(value.trim().replace(/[x×]$/i, ''));
  if (!Number.isFinite(n) || n <= 0) throw new UsageError(`--cost-tolerance must be a positive factor such as 1.5 or 1.5x, not "${value}"`);
  return n;
}

function readInput(path: string, what: string, maxBytes?: number): string {
  return readInputFile(path, what, maxBytes ? { maxBytes } : {});
}

/**
 * The lines of the trace the diagnostics point at (with one line either side, as code frames show
 * them), read in a second streaming pass: a sparse list, so a long log is never held whole.
 */
function traceLines(trace: string, diagnostics: readonly Diagnostic[], maxBytes?: number): readonly string[] | undefined {
  const wanted = new Set<number>();
  for (const d of diagnostics) {
    if (d.location?.file !== trace) continue;
    for (let n = d.location.line - 1; n <= (d.location.endLine ?? d.location.line) + 1; n++) if (n >= 1) wanted.add(n);
  }
  if (wanted.size === 0 || trace === '-') return undefined;
  const lines: string[] = [];
  try {
    forEachLine(readInputChunks(trace, 'trace', maxBytes ? { maxBytes } : {}), (line, n) => {
      if (wanted.has(n)) lines[n - 1] = line;
      else if (n > lines.length) lines.length = n;
    });
  } catch {
    return undefined; // the trace changed since it was read: no frames, the findings stand
  }
  return lines;
}

function summaryLine(report: VerifyReport): string {
  const s = report.summary;
  return `${s.mapped} of ${s.calls} calls mapped to the plan, ${s.unmapped} unmapped, ${s.missing} planned entries missing, ${s.notReached} not reached, ${s.outOfOrder} out of order, ${s.failed} failed, ${s.slow} slow; ${s.terms} term calls (${s.termsOutOfOrder} out of order)`;
}

export function register(program: Command): void {
  program
    .command('verify')
    .description('check a boot trace (bootplan JSON Lines, a Unikraft console log, a Linux initcall_debug log) against the plan')
    .argument('<plan>', 'boot plan file (YAML)')
    .requiredOption('-t, --trace <file>', 'the trace or console log')
    .option('-s, --symbols <file>', 'nm -n output of the image, to name the addresses a Unikraft log prints')
    .option('-f, --format <format>', 'pretty | json | sarif', 'pretty')
    .option('-o, --output <file>', 'write the report to a file')
    .option('--cost-tolerance <factor>', `an entry is slow when it takes more than this many times its declared cost (default ${DEFAULT_COST_TOLERANCE}; declared costs are rounded)`, costToleranceOption)
    .option('--each-unplanned', `one finding per call the plan does not have (default: one per call up to ${UNPLANNED_EACH_UP_TO}, else one for all)`)
    .option('--strict', 'warnings fail too (exit 1), and stderr names them')
    .option('--max-bytes <n>', 'largest trace or symbol map accepted (default 64 MiB)', maxBytesOption)
    .action(async (plan: string, opts: { trace: string; symbols?: string; format: string; output?: string; maxBytes?: number; costTolerance?: number; eachUnplanned?: boolean; strict?: boolean }) => {
      const format = parseFormat(opts.format);
      const [{ parseAnyTrace }, { parseNm }, { verifyTrace }, { VERIFY_CODES }] = await Promise.all([
        import('../../traces/logs/detect.js'), import('../../traces/logs/nm.js'), import('../../traces/verify/conformance.js'), import('../../traces/verify/verify-codes.js'),
      ]);
      const { source, compiled } = await compileOrExit(plan);
      const symbols = opts.symbols ? parseNm(readInput(opts.symbols, 'symbol map', opts.maxBytes), { file: opts.symbols }) : undefined;
      // The trace is read as it streams, never as one string: a long log costs its events, not its bytes.
      const log = parseAnyTrace(readInputChunks(opts.trace, 'trace', opts.maxBytes ? { maxBytes: opts.maxBytes } : {}), { file: opts.trace, ...(symbols ? { symbols } : {}) });
      const report = verifyTrace(compiled, log, {
        traceFile: opts.trace,
        ...(opts.costTolerance !== undefined ? { slowFactor: opts.costTolerance } : {}),
        ...(opts.eachUnplanned ? { unplannedEachUpTo: Infinity } : {}),
      });
      const config = configFor(source.root);
      if (config.diagnostics.length > 0) throw new UsageError(`${config.file}:${config.diagnostics[0]!.location?.line ?? 1}: ${config.diagnostics[0]!.message} [bad-config]`);
      const diagnostics: Diagnostic[] = applyConfig(config, await locate(source, [...log.diagnostics, ...report.diagnostics]));
      const texts = new Map(source.texts);
      const frames = traceLines(opts.trace, diagnostics, opts.maxBytes);
      const unreadable = diagnostics.some((d) => d.code === 'TRACE_UNKNOWN_FORMAT');
      const code = unreadable ? EXIT_INPUT : exitCodeFor(diagnostics, opts.strict);
      if (format === 'json') {
        emit(opts.output, JSON.stringify({ bootplan: 1, plan: source.root, trace: opts.trace, format: log.format, summary: report.summary, stopped: report.stopped, end: report.end, timings: report.timings, diagnostics }, null, 2) + '\n');
      } else {
        const body = render(format, diagnostics, source.root, (f) => (f === opts.trace ? frames : texts.get(f)), { exitCode: code, codes: VERIFY_CODES });
        emit(opts.output, format === 'pretty' ? [body + summaryLine(report), ...timeSummary(report)].join('\n') + '\n' : body);
      }
      process.exitCode = code;
      const why = unreadable ? '' : failedBy(diagnostics, opts.strict ? { strict: true } : {});
      if (why) process.stderr.write(why);
    });
}
