import { basename } from 'node:path';
import type { Command } from 'commander';
import type { Diagnostic } from '../../compiler/types.js';
import type { InferenceInput, InferenceResult } from '../../import/infer/types.js';
import type { Kconfig } from '../../import/kconfig.js';
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
    .description("from a Unikraft image's symbols (--nm) or from a Unikraft source tree (--src): the image a build of --config would make")
    .option('--nm <file>', 'nm -n output of the image')
    .option('--src <dir>', 'a Unikraft source tree')
    .option('--lib <dir>', 'an external library of the build (lib-musl, lib-lwip, …); repeatable', (v: string, all: string[]) => [...all, v], [] as string[])
    .option('--app <dir>', "the application's folder (its Makefile.uk and main)")
    .option('--config <file>', 'the Kconfig .config of the build: only what it compiles, #if evaluated')
    .option('--name <name>', 'plan name')
    .option('--target <target>', 'plat/arch', 'qemu/x86_64')
    .option('-o, --output <file>', 'plan file to write (default: stdout)')
    .action(async (opts: { nm?: string; src?: string; lib: string[]; app?: string; config?: string; name?: string; target: string; output?: string }) => {
      if (!!opts.nm === !!opts.src) throw new UsageError('give exactly one of --nm FILE or --src DIR');
      if (opts.nm) {
        if (opts.lib.length > 0 || opts.app || opts.config) throw new UsageError('--lib, --app and --config go with --src');
        const { importUnikraftNm } = await import('../../import/unikraft-nm.js');
        await finish(importUnikraftNm(readInput(opts.nm), { name: opts.name ?? 'unikraft-image', file: opts.nm, target: opts.target }), opts.output, opts.nm);
        return;
      }
      if (!/^[a-z]+\/[a-z0-9_]+$/.test(opts.target)) throw new UsageError(`--target ${opts.target}: expected plat/arch, e.g. qemu/x86_64, fc/x86_64, xen/x86_64, qemu/arm64`);
      const [{ readBuildTree }, { importUnikraftBuild }, { readKconfig }] = await Promise.all([
        import('../../import/build-tree.js'), import('../../import/unikraft-build.js'), import('../../import/kconfig.js'),
      ]);
      const started = performance.now();
      const diagnostics: Diagnostic[] = [];
      let config: Kconfig | null = null;
      if (opts.config) {
        const read = readKconfig(readInput(opts.config), opts.config);
        config = read.config;
        diagnostics.push(...read.diagnostics);
      }
      const read = readBuildTree({ src: opts.src!, libs: opts.lib, ...(opts.app ? { app: opts.app } : {}) });
      diagnostics.push(...read.diagnostics);
      if (read.diagnostics.some((d) => d.code === 'IMPORT_NOT_A_FOLDER')) {
        await finish({ plan: { bootplan: 1, name: 'unikraft-build', profile: 'unikraft@0.17', libraries: {} }, header: [], libraryComments: {}, diagnostics }, opts.output, opts.src!);
        return;
      }
      const infer = await loadInference();
      const result = await importUnikraftBuild(read.tree, {
        roots: { libs: read.libs, ...(read.app ? { app: read.app } : {}) },
        config,
        target: opts.target,
        name: opts.name ?? (opts.app && basename(opts.app) !== 'app' ? basename(opts.app) : basename(opts.src!)),
        root: opts.src!,
        ...(infer ? { infer } : {}),
      });
      const s = result.stats;
      result.imported.header.push(
        `Counts: ${s.makefiles} Makefile.uk read, ${s.libraries} libraries, ${s.filesCompiled} C files, ${s.registrations} registrations, ${s.alternatives} alternatives, ${s.skipped} skipped; ${Math.round(performance.now() - started)} ms.`,
      );
      await finish({ ...result.imported, diagnostics: [...diagnostics, ...result.imported.diagnostics] }, opts.output, opts.src!);
    });
}

/**
 * Dependency inference (import/infer/index.ts, `inferDependencies`) when this build has it;
 * without it the import writes entries without inferred uses.
 */
async function loadInference(): Promise<((input: InferenceInput) => Promise<InferenceResult>) | null> {
  const specifier = new URL('../../import/infer/index.js', import.meta.url).href;
  try {
    const mod = (await import(specifier)) as { inferDependencies?: (input: InferenceInput) => Promise<InferenceResult> };
    return typeof mod.inferDependencies === 'function' ? mod.inferDependencies : null;
  } catch (err) {
    // Not built into this version; any other failure is a real error and surfaces.
    if ((err as NodeJS.ErrnoException).code === 'ERR_MODULE_NOT_FOUND' && String((err as Error).message).includes('infer/index.js')) return null;
    throw err;
  }
}
