import { basename } from 'node:path';
import type { Command } from 'commander';
import { check, locate } from '../../compiler/index.js';
import { emitC, EmitError, GENERATED_MARK } from '../../compiler/emit/c.js';
import { depfileText, planInputs } from '../depfile.js';
import { render } from '../diagnostics.js';
import { emit, EXIT_FAIL, UsageError, writeDirAtomic } from '../io.js';
import { compileOrExit } from '../load.js';
import { maxBytesOption } from '../options.js';
import { VERSION } from '../version.js';
import { append } from '../../compiler/append.js';

export function register(program: Command): void {
  const cmd = program.command('emit').description('generate build inputs from a plan');
  cmd
    .command('c')
    .description('one C header per library: its registrations at the levels and priorities the plan proves (UK_CTOR_PRIO, uk_<class>_initcall_prio; <level>_initcall; SYS_INIT) and a #define per entry')
    .argument('<plan>', 'boot plan file (YAML)')
    .requiredOption('-o, --output <dir>', 'folder to write (replaced whole or not at all; only a folder bootplan wrote, or a new one)')
    .option('--depfile <file>', 'also write a make/ninja depfile: the folder depends on every file the plan read')
    .option('--max-bytes <n>', 'largest plan file accepted', maxBytesOption)
    .action(async (plan: string, opts: { output: string; depfile?: string; maxBytes?: number }) => {
      const { source, compiled, diagnostics } = await compileOrExit(plan, { ...(opts.maxBytes ? { maxBytes: opts.maxBytes } : {}) });
      // Only numbers the checker proves go into a build: a plan with errors generates nothing.
      append(diagnostics, check(compiled));
      if (diagnostics.some((d) => d.severity === 'error')) {
        await locate(source, diagnostics);
        const texts = new Map(source.texts);
        process.stdout.write(render('pretty', diagnostics.filter((d) => d.severity === 'error'), source.root, (f) => texts.get(f)));
        process.stderr.write('bootplan: nothing written: emit c generates only plans that check clean (bootplan fix can repair priorities)\n');
        process.exitCode = EXIT_FAIL;
        return;
      }
      let files;
      try {
        files = emitC(compiled, { planLabel: basename(source.root), version: VERSION });
      } catch (err) {
        if (err instanceof EmitError) throw new UsageError(err.problems.join('; '));
        throw err;
      }
      writeDirAtomic(opts.output, files, (_name, text) => text.startsWith(GENERATED_MARK));
      if (opts.depfile) emit(opts.depfile, depfileText(opts.output, planInputs(compiled)));
      process.stderr.write(`wrote ${files.length} header${files.length === 1 ? '' : 's'} to ${opts.output}\n`);
    });
}
