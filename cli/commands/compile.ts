import type { Command } from 'commander';
import { toCompiledJson } from '../../compiler/emit/compiled-json.js';
import { compileOrExit } from '../load.js';
import { depfileText, planInputs } from '../depfile.js';
import { jsonChunks } from '../../compiler/emit/json-stream.js';
import { emit, emitChunks, UsageError } from '../io.js';
import { maxBytesOption } from '../options.js';

export function register(program: Command): void {
  program
    .command('compile')
    .description('write the compiled plan: resolved entries, the graph with the reason of every edge, the default order')
    .argument('<plan>', 'boot plan file (YAML)')
    .option('-o, --output <file>', 'output file (default: stdout); written whole or not at all')
    .option('--graphlib', 'write the graph as a @dagrejs/graphlib json.write() document instead')
    .option('--depfile <file>', 'also write a make/ninja depfile: the output depends on every file the plan read (needs -o)')
    .option('--max-bytes <n>', 'largest plan file accepted', maxBytesOption)
    .action(async (plan: string, opts: { output?: string; graphlib?: boolean; depfile?: string; maxBytes?: number }) => {
      if (opts.depfile && (opts.output === undefined || opts.output === '-')) throw new UsageError('--depfile needs -o FILE: a depfile names the file it is for');
      const { compiled } = await compileOrExit(plan, { ...(opts.maxBytes ? { maxBytes: opts.maxBytes } : {}) });
      if (opts.graphlib) {
        const { toGraphlib } = await import('../../compiler/emit/graphlib.js');
        const { json } = await import('@dagrejs/graphlib');
        emitChunks(opts.output, jsonChunks(json.write(toGraphlib(compiled)), 1));
      } else {
        // A million entries make more text than one string may hold: written as it is made.
        emitChunks(opts.output, jsonChunks(toCompiledJson(compiled), 1));
      }
      if (opts.depfile) emit(opts.depfile, depfileText(opts.output!, planInputs(compiled)));
    });
}
