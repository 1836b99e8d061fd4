import type { Command } from 'commander';
import { toDot, toMermaid } from '../../compiler/emit/index.js';
import { compileOrExit } from '../load.js';
import { emit, UsageError } from '../io.js';

export function register(program: Command): void {
  program
    .command('graph')
    .description('print the dependency graph, edges that fail marked (red: every boot, orange: some link orders)')
    .argument('<plan>', 'boot plan file (YAML)')
    .option('-f, --format <format>', 'dot | mermaid', 'dot')
    .option('-o, --output <file>', 'output file (default: stdout)')
    .action(async (plan: string, opts: { format: string; output?: string }) => {
      if (opts.format !== 'dot' && opts.format !== 'mermaid') throw new UsageError(`unknown graph format "${opts.format}"; use dot or mermaid`);
      const { compiled } = await compileOrExit(plan);
      emit(opts.output, opts.format === 'dot' ? toDot(compiled) : toMermaid(compiled));
    });
}
