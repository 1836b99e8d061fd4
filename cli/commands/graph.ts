import type { Command } from 'commander';
import { selectGraph, toDot, toMermaid, type GraphSelection } from '../../compiler/emit/index.js';
import { compileOrExit } from '../load.js';
import { emit, UsageError } from '../io.js';
import { positiveInt } from '../options.js';

const FORMATS = ['dot', 'mermaid', 'svg'] as const;

interface GraphOptions {
  format: string;
  output?: string;
  hide: string[];
  focus?: string;
  depth?: number;
  from?: string;
  to?: string;
}

const collect = (value: string, previous: string[]): string[] => [...previous, ...value.split(',').map((s) => s.trim()).filter(Boolean)];

export function register(program: Command): void {
  program
    .command('graph')
    .description('draw the dependency graph in boot order (a column per core step and init level), edges that fail marked (red: every boot, orange: some link orders)')
    .argument('<plan>', 'boot plan file (YAML)')
    .option('-f, --format <format>', 'dot | mermaid | svg (Graphviz in WebAssembly, offline)', 'dot')
    .option('-o, --output <file>', 'output file (default: stdout)')
    .option('--hide <capability>', 'leave out the edges of a capability everyone uses (e.g. alloc); repeat or separate by commas', collect, [])
    .option('--focus <node>', 'draw only this entry (LIB.FN) or core step and its neighbours')
    .option('--depth <n>', 'with --focus: how many edges away (default 1)', positiveInt('--depth'))
    .option('--from <node>', 'draw only what this entry or core step leads to')
    .option('--to <node>', 'draw only what leads to this entry or core step')
    .action(async (plan: string, opts: GraphOptions) => {
      if (!(FORMATS as readonly string[]).includes(opts.format)) throw new UsageError(`unknown graph format "${opts.format}"; use ${FORMATS.join(', ')}`);
      if (opts.depth !== undefined && opts.focus === undefined) throw new UsageError('--depth needs --focus');
      const { compiled } = await compileOrExit(plan);
      const selection: GraphSelection = { hide: opts.hide };
      for (const key of ['focus', 'depth', 'from', 'to'] as const) if (opts[key] !== undefined) Object.assign(selection, { [key]: opts[key] });
      const part = selectGraph(compiled, selection);
      if ('unknown' in part) {
        const u = part.unknown[0]!;
        const what = u.option === 'hide' ? 'no edge of the plan is for this capability' : 'the plan has no such entry or core step';
        throw new UsageError(`--${u.option} ${u.id}: ${what}${u.suggestion ? `; did you mean "${u.suggestion}"?` : ''}`);
      }
      if (opts.format === 'mermaid') return emit(opts.output, toMermaid(compiled, part));
      const dot = toDot(compiled, part);
      if (opts.format === 'dot') return emit(opts.output, dot);
      const { dotToSvg } = await import('../../compiler/emit/graph-svg.js');
      emit(opts.output, await dotToSvg(dot));
    });
}
