/**
 * A worker thread of `bootplan analyze` over many logs: compiles the plan once, then reads,
 * parses and analyses the chunks of files it is sent, and answers each with the chunk's
 * mergeable summary. The main thread merges the answers in chunk order.
 */
import { readFileSync } from 'node:fs';
import { parentPort, workerData } from 'node:worker_threads';
import { compile, loadPlan } from '../../compiler/index.js';
import { analyzeChunk, type ChunkRequest } from './analyze-boots.js';

const { plan, symbols } = workerData as { plan: string; symbols: string | null };
const { compiled } = compile(loadPlan(plan));
const symbolText = symbols !== null ? readFileSync(symbols, 'utf8') : null;

parentPort!.on('message', (request: ChunkRequest) => {
  parentPort!.postMessage({ chunk: request.chunk, summary: analyzeChunk(compiled!, request.files, symbolText, symbols) });
});
