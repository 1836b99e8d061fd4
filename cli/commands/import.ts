import { basename, resolve } from 'node:path';
import type { Command } from 'commander';
import type { Diagnostic } from '../../compiler/types.js';
import type { InferenceInput, InferenceResult } from '../../import/infer/types.js';
import type { Kconfig } from '../../import/kconfig.js';
import type { ImportedPlan } from '../../import/plan-object.js';
import { render } from '../diagnostics.js';
import { emit, EXIT_INPUT, noteInput, readInputFile, UsageError } from '../io.js';

const FATAL = new Set(['IMPORT_EMPTY', 'IMPORT_NOT_A_FOLDER', 'IMPORT_LOG_EMPTY', 'IMPORT_ZEPHYR_MISSING', 'IMPORT_ZEPHYR_MAP', 'IMPORT_ZEPHYR_DEVICETREE']);

function depth(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 64) throw new UsageError(`--max-depth must be an integer 0..64, not ${value}`);
  return n;
}

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
    .description("from a kernel's System.map: the initcall table in address (link) order; --log adds each entry's cost from a real boot, --src infers uses and provides from the kernel sources")
    .requiredOption('--system-map <file>', 'System.map of the kernel')
    .option('--log <file>', 'an initcall_debug boot log of that kernel: each entry gets its measured cost')
    .option('--src <dir>', 'the kernel source tree: each initcall\'s macro, level and inferred dependencies')
    .option('--max-depth <n>', 'how deep calls are followed inside the tree', depth, 8)
    .option('--name <name>', 'plan name', 'linux')
    .option('-o, --output <file>', 'plan file to write (default: stdout)')
    .action(async (opts: { systemMap: string; log?: string; src?: string; maxDepth: number; name: string; output?: string }) => {
      const systemMap = { text: readInput(opts.systemMap), file: opts.systemMap };
      const log = opts.log !== undefined ? { text: readInput(opts.log), file: opts.log } : undefined;
      if (opts.log === undefined && opts.src === undefined) {
        const { importLinuxSystemMap } = await import('../../import/linux-system-map.js');
        await finish(importLinuxSystemMap(systemMap.text, { name: opts.name, file: opts.systemMap }), opts.output, opts.systemMap);
        return;
      }
      const { importLinux } = await import('../../import/linux/import-linux.js');
      let treeDiagnostics: ImportedPlan['diagnostics'] = [];
      let src: { files: import('../../import/unikraft-src.js').SourceFile[]; root: string } | undefined;
      if (opts.src !== undefined) {
        const { readSourceTree } = await import('../../import/source-tree.js');
        const tree = readSourceTree(opts.src);
        treeDiagnostics = tree.diagnostics;
        src = { files: tree.files, root: opts.src };
      }
      const imported = treeDiagnostics.some((d) => FATAL.has(d.code))
        ? { plan: { bootplan: 1 as const, name: opts.name, profile: 'linux@6.1', libraries: {} }, header: [], libraryComments: {}, diagnostics: [] }
        : await importLinux({ systemMap, ...(log ? { log } : {}), ...(src ? { src } : {}), name: opts.name, maxDepth: opts.maxDepth });
      await finish({ ...imported, diagnostics: [...treeDiagnostics, ...imported.diagnostics] }, opts.output, opts.systemMap);
    });
  cmd
    .command('unikraft')
    .description("from a Unikraft image's symbols (--nm) or from a Unikraft source tree (--src): the image a build of --config would make")
    .option('--nm <file>', 'nm -n output of the image')
    .option('--src <dir>', 'a Unikraft source tree')
    .option('--lib <dir>', 'an external library of the build (lib-musl, lib-lwip, …); repeatable', (v: string, all: string[]) => [...all, v], [] as string[])
    .option('--app <dir>', "the application's folder (its Makefile.uk and main)")
    .option('--config <file>', 'the Kconfig .config of the build: only what it compiles, #if evaluated')
    .option('--catalog <file>', 'facts of your own libraries, merged over specs/catalogs/unikraft.yaml (docs/catalogs.md); repeatable', (v: string, all: string[]) => [...all, v], [] as string[])
    .option('--name <name>', 'plan name')
    .option('--target <target>', 'plat/arch', 'qemu/x86_64')
    .option('-o, --output <file>', 'plan file to write (default: stdout)')
    .action(async (opts: { nm?: string; src?: string; lib: string[]; app?: string; config?: string; catalog: string[]; name?: string; target: string; output?: string }) => {
      if (!!opts.nm === !!opts.src) throw new UsageError('give exactly one of --nm FILE or --src DIR');
      if (opts.nm) {
        if (opts.lib.length > 0 || opts.app || opts.config || opts.catalog.length > 0) throw new UsageError('--lib, --app, --config and --catalog go with --src');
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
      const infer = await loadInference('unikraft', opts.catalog, diagnostics);
      if (!infer) {
        process.stderr.write(render('pretty', diagnostics, opts.src!));
        process.exitCode = EXIT_INPUT;
        return;
      }
      const result = await importUnikraftBuild(read.tree, {
        roots: { libs: read.libs, ...(read.app ? { app: read.app } : {}) },
        config,
        target: opts.target,
        name: opts.name ?? (opts.app && basename(opts.app) !== 'app' ? basename(opts.app) : basename(opts.src!)),
        root: opts.src!,
        infer,
      });
      const s = result.stats;
      result.imported.header.push(
        `Counts: ${s.makefiles} Makefile.uk read, ${s.libraries} libraries, ${s.filesCompiled} C files, ${s.registrations} registrations, ${s.alternatives} alternatives, ${s.skipped} skipped; ${Math.round(performance.now() - started)} ms.`,
      );
      await finish({ ...result.imported, diagnostics: [...diagnostics, ...result.imported.diagnostics] }, opts.output, opts.src!);
    });
  cmd
    .command('zephyr')
    .description("from a Zephyr build folder: the init table of zephyr/zephyr.map (function names from zephyr/zephyr.elf when present) and the devicetree's device dependencies; --src adds kernel-service uses from the application's sources")
    .requiredOption('--build <dir>', 'the build folder (the one holding zephyr/zephyr.map)')
    .option('--src <dir>', "the application's (or a module's) C sources")
    .option('--max-depth <n>', 'how deep calls are followed inside the sources', depth, 8)
    .option('--name <name>', 'plan name')
    .option('-o, --output <file>', 'plan file to write (default: stdout)')
    .action(async (opts: { build: string; src?: string; maxDepth: number; name?: string; output?: string }) => {
      const { readZephyrBuild } = await import('../../import/zephyr/build-dir.js');
      const build = readZephyrBuild(opts.build);
      if (!build.inputs) {
        await finish({ plan: { bootplan: 1, name: 'zephyr', profile: 'zephyr@3', libraries: {} }, header: [], libraryComments: {}, diagnostics: build.diagnostics }, opts.output, opts.build);
        return;
      }
      let src: { files: import('../../import/unikraft-src.js').SourceFile[]; root: string } | undefined;
      const treeDiagnostics: ImportedPlan['diagnostics'] = [];
      if (opts.src !== undefined) {
        const { readSourceTree } = await import('../../import/source-tree.js');
        const tree = readSourceTree(opts.src);
        treeDiagnostics.push(...tree.diagnostics);
        src = { files: tree.files, root: opts.src };
      }
      if (treeDiagnostics.some((d) => FATAL.has(d.code))) {
        await finish({ plan: { bootplan: 1, name: 'zephyr', profile: 'zephyr@3', libraries: {} }, header: [], libraryComments: {}, diagnostics: treeDiagnostics }, opts.output, opts.build);
        return;
      }
      const { importZephyrBuild } = await import('../../import/zephyr/import-zephyr.js');
      const imported = await importZephyrBuild({ ...build.inputs, ...(src ? { src } : {}), name: opts.name ?? basename(resolve(opts.build)), maxDepth: opts.maxDepth });
      await finish({ ...imported, diagnostics: [...build.diagnostics, ...treeDiagnostics, ...imported.diagnostics] }, opts.output, opts.build);
    });
}

/**
 * Dependency inference (import/infer/index.ts) over the bundled capability catalog of the system
 * merged with the user's `--catalog` files; a catalog that cannot be read is bad input (exit 2).
 */
async function loadInference(system: string, catalogs: readonly string[], diagnostics: Diagnostic[]): Promise<((input: InferenceInput) => Promise<InferenceResult>) | null> {
  const [{ inferDependencies }, { loadCatalog }] = await Promise.all([import('../../import/infer/index.js'), import('../../import/catalog.js')]);
  for (const file of catalogs) noteInput(file);
  const read = loadCatalog(system, catalogs, (path) => readInputFile(path, 'catalog'));
  diagnostics.push(...read.diagnostics);
  if (!read.catalog || read.diagnostics.some((d) => d.severity === 'error')) return null;
  const catalog = read.catalog;
  return (input) => inferDependencies(input, catalog);
}
