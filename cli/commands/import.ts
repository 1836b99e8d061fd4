import { basename, resolve } from 'node:path';
import type { Command } from 'commander';
import type { ImportedPlan } from '../../import/plan-object.js';
import { render } from '../diagnostics.js';
import { emit, EXIT_INPUT, readInputFile, UsageError } from '../io.js';

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
