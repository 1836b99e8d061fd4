/**
 * `bootplan analyze PLAN --trace A --trace B …` (many boots of one image) and `analyze --merge
 * S1.json S2.json …`: per-entry and per-phase percentiles from mergeable histograms. The logs are
 * split into chunks analysed by worker threads (`--jobs`); the main thread merges the chunks'
 * summaries in file order, so the output does not depend on the number of workers.
 */
import { readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { Compiled } from '../../compiler/types.js';
import { measureBoot } from '../../traces/analyze/analyze.js';
import { addBoot, emptySummary, mergeSummary, summaryFromJson, summaryToJson, type BootsJson, type BootsSummary } from '../../traces/analyze/boots.js';
import { parseAnyTrace } from '../../traces/logs/detect.js';
import { parseNm } from '../../traces/logs/nm.js';
import { UsageError } from '../io.js';

export interface ChunkRequest {
  chunk: number;
  files: string[];
}

/** Reads and analyses `files` into one summary (in a worker or in process). */
export function analyzeChunk(compiled: Compiled, files: readonly string[], symbolText: string | null, symbolFile: string | null): BootsJson {
  const symbols = symbolText !== null ? parseNm(symbolText, { file: symbolFile ?? 'nm' }) : undefined;
  const summary = emptySummary();
  for (const file of files) {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (err) {
      summary.unreadable.set(file, `cannot read it: ${(err as NodeJS.ErrnoException).code ?? String(err)}`);
      continue;
    }
    const log = parseAnyTrace(text, { file, ...(symbols ? { symbols } : {}) });
    const unknown = log.diagnostics.find((d) => d.code === 'TRACE_UNKNOWN_FORMAT');
    if (unknown) {
      summary.unreadable.set(file, unknown.message);
      continue;
    }
    addBoot(summary, measureBoot(compiled, log, { traceFile: file }), file);
  }
  return summaryToJson(summary, '');
}

function fromJsonOrThrow(json: BootsJson, what: string): BootsSummary {
  const summary = summaryFromJson(json);
  if (typeof summary === 'string') throw new Error(`${what}: ${summary}`);
  return summary;
}

export interface ManyOptions {
  plan: string;
  symbols: string | null;
  jobs?: number;
  /** Files per chunk; default 16. */
  chunk?: number;
  progress?: (done: number, total: number) => void;
}

/** Analyses many logs of one plan; the summary of all of them. */
export async function analyzeMany(compiled: Compiled, files: readonly string[], options: ManyOptions): Promise<BootsSummary> {
  const size = options.chunk ?? 16;
  const chunks: string[][] = [];
  for (let i = 0; i < files.length; i += size) chunks.push(files.slice(i, i + size));
  const jobs = Math.max(1, Math.min(options.jobs ?? availableParallelism(), chunks.length));
  const symbolText = options.symbols !== null ? readFileSync(options.symbols, 'utf8') : null;
  const total = emptySummary();
  let done = 0;
  if (jobs === 1) {
    chunks.forEach((files, i) => {
      mergeSummary(total, fromJsonOrThrow(analyzeChunk(compiled, files, symbolText, options.symbols), `chunk ${i}`));
      done += files.length;
      options.progress?.(done, files.length);
    });
    return total;
  }
  // Workers answer in any order; merge in chunk order, holding at most `jobs` answers aside.
  const waiting = new Map<number, BootsJson>();
  let next = 0;
  let sent = 0;
  const workerUrl = new URL('./analyze-worker.js', import.meta.url);
  const workers = Array.from({ length: jobs }, () => new Worker(workerUrl, { workerData: { plan: options.plan, symbols: options.symbols } }));
  try {
    await new Promise<void>((resolve, reject) => {
      const feed = (worker: Worker) => {
        if (sent < chunks.length) {
          worker.postMessage({ chunk: sent, files: chunks[sent] } satisfies ChunkRequest);
          sent++;
        }
      };
      for (const worker of workers) {
        worker.on('error', reject);
        worker.on('exit', (code) => { if (code !== 0 && next < chunks.length) reject(new Error(`an analyze worker stopped (exit ${code})`)); });
        worker.on('message', (answer: { chunk: number; summary: BootsJson }) => {
          waiting.set(answer.chunk, answer.summary);
          while (waiting.has(next)) {
            mergeSummary(total, fromJsonOrThrow(waiting.get(next)!, `chunk ${next}`));
            done += chunks[next]!.length;
            waiting.delete(next);
            next++;
            options.progress?.(done, files.length);
          }
          if (next === chunks.length) resolve();
          else feed(worker);
        });
        feed(worker);
      }
    });
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
  return total;
}

/** Merges summaries written by `analyze … --format json` over many logs. */
export function mergeFiles(files: readonly string[]): { summary: BootsSummary; plan: string } {
  const total = emptySummary();
  let plan = '';
  for (const file of files) {
    let json: unknown;
    try {
      json = JSON.parse(readFileSync(file, 'utf8'));
    } catch (err) {
      throw new UsageError(`cannot read the summary ${file}: ${err instanceof SyntaxError ? 'not JSON' : ((err as NodeJS.ErrnoException).code ?? String(err))}`);
    }
    const summary = summaryFromJson(json);
    if (typeof summary === 'string') throw new UsageError(`${file}: ${summary}`);
    plan ||= (json as BootsJson).plan;
    mergeSummary(total, summary);
  }
  return { summary: total, plan };
}
