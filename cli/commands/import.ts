import { basename } from 'node:path';
import type { Command } from 'commander';
import type { ImportedPlan } from '../../import/plan-object.js';
import { render } from '../diagnostics.js';
import { emit, EXIT_INPUT, readInputFile, UsageError } from '../io.js';

const FATAL = new Set(['IMPORT_EMPTY', 'IMPORT_NOT_A_FOLDER']);

function readInput(path: string): string {
  return readInputFile(path, 'input');
}

async function finish(imported: ImportedPlan, output: string | undefined, input: string): Promise<void> {
  // The YAML writer (the `yaml` package) is loaded only here: other commands do not need it.
  const { writePlan } = await import('../../import/write-plan.js');
  if (imported.diagnostics.length > 0) process.stderr.write(render('pretty', imported.diagnostics, input));
  if (imported.diagnostics.some((d) => FATAL.has(d.code))) {
    process.exitCode = EXIT_INPUT;
    return;
  }
  emit(output, writePlan(imported));
}

export function register(program: Command): void {
  const cmd = program.command('import').description('write a plan skeleton from a built image or a source tree');
  cmd
    .command('linux')
    .description("from a kernel's System.map: the initcall table in address (link) order")
    .requiredOption('--system-map <file>', 'System.map of the kernel')
    .option('--name <name>', 'plan name', 'linux')
    .option('-o, --output <file>', 'plan file to write (default: stdout)')
    .action(async (opts: { systemMap: string; name: string; output?: string }) => {
      const { importLinuxSystemMap } = await import('../../import/linux-system-map.js');
      await finish(importLinuxSystemMap(readInput(opts.systemMap), { name: opts.name, file: opts.systemMap }), opts.output, opts.systemMap);
    });
  cmd
    .command('unikraft')
    .description("from a Unikraft image's symbols (--nm) or from a Unikraft source tree (--src)")
    .option('--nm <file>', 'nm -n output of the image')
    .option('--src <dir>', 'a Unikraft source tree (registration macros)')
    .option('--name <name>', 'plan name')
    .option('--target <target>', 'plat/arch', 'qemu/x86_64')
    .option('-o, --output <file>', 'plan file to write (default: stdout)')
    .action(async (opts: { nm?: string; src?: string; name?: string; target: string; output?: string }) => {
      if (!!opts.nm === !!opts.src) throw new UsageError('give exactly one of --nm FILE or --src DIR');
      if (opts.nm) {
        const { importUnikraftNm } = await import('../../import/unikraft-nm.js');
        await finish(importUnikraftNm(readInput(opts.nm), { name: opts.name ?? 'unikraft-image', file: opts.nm, target: opts.target }), opts.output, opts.nm);
        return;
      }
      const [{ readSourceTree }, { importUnikraftSource }] = await Promise.all([import('../../import/source-tree.js'), import('../../import/unikraft-src.js')]);
      const tree = readSourceTree(opts.src!);
      const imported = importUnikraftSource(tree.files, { name: opts.name ?? basename(opts.src!), root: opts.src!, target: opts.target });
      await finish({ ...imported, diagnostics: [...tree.diagnostics, ...imported.diagnostics] }, opts.output, opts.src!);
    });
}
