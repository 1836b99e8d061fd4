import { relative } from 'node:path';
import type { Command } from 'commander';
import { locate } from '../../compiler/index.js';
import { unifiedDiff } from '../../compiler/fix/diff.js';
import { fixPlan } from '../../compiler/fix/index.js';
import { render } from '../diagnostics.js';
import { EXIT_FAIL, UsageError, writeFilesAtomic } from '../io.js';
import { compileOrExit } from '../load.js';
import { maxBytesOption } from '../options.js';

export function register(program: Command): void {
  program
    .command('fix')
    .description('find levels and priorities that make every requirement proven, changing as few entries as possible (never a `pinned: true` one); print a unified diff, or rewrite the plan with --write')
    .argument('<plan>', 'boot plan file (YAML)')
    .option('--write', 'rewrite the plan in place, comments and formatting kept (whole or not at all)')
    .option('--all-files', 'also change entries of included files (by default they stay as the catalog has them)')
    .option('-f, --format <format>', 'diff | json (the changes, their reasons and the diagnostics, for CI)', 'diff')
    .option('--max-bytes <n>', 'largest plan file accepted', maxBytesOption)
    .action(async (plan: string, opts: { write?: boolean; allFiles?: boolean; format: string; maxBytes?: number }) => {
      if (opts.format !== 'diff' && opts.format !== 'json') throw new UsageError(`unknown format "${opts.format}"; use diff or json`);
      const { source, compiled } = await compileOrExit(plan, { ...(opts.maxBytes ? { maxBytes: opts.maxBytes } : {}) });
      const result = fixPlan(source, compiled, { ...(opts.allFiles ? { allFiles: true } : {}) });
      const texts = new Map([...source.texts, ...result.texts]);
      const show = (path: string) => relative(process.cwd(), path) || path;
      const writable = result.status === 'fixed' && result.diagnostics.length === 0;
      if (opts.format === 'json') {
        await locate({ ...source, texts }, result.diagnostics);
        if (opts.write && writable) writeFilesAtomic([...result.texts].map(([path, text]) => ({ path, text })));
        const changes = result.changes.map((c) => ({ id: c.id, file: show(c.file), from: c.from, to: c.to, message: c.message }));
        const diagnostics = result.diagnostics.map((d) => ({ code: d.code, severity: d.severity, message: d.message, ...(d.location ? { location: { ...d.location, file: show(d.location.file) } } : {}), ...(d.hint ? { hint: d.hint } : {}), ...(d.subjects ? { subjects: d.subjects } : {}) }));
        process.stdout.write(JSON.stringify({ status: result.status, written: Boolean(opts.write && writable), changes, diagnostics }, null, 1) + '\n');
        if (result.diagnostics.length > 0) process.exitCode = EXIT_FAIL;
        return;
      }
      if (result.status === 'conflict') {
        await locate(source, result.diagnostics);
        process.stdout.write(render('pretty', result.diagnostics, source.root, (f) => source.texts.get(f)));
        process.exitCode = EXIT_FAIL;
        return;
      }
      const log = opts.write ? process.stdout : process.stderr;
      for (const change of result.changes) log.write(`${change.message}\n`);
      if (result.diagnostics.length > 0) {
        // Problems no level or priority can fix (a capability nobody provides, a mount, memory).
        const again = { ...source, texts };
        await locate(again, result.diagnostics);
        process.stdout.write(render('pretty', result.diagnostics, source.root, (f) => texts.get(f)));
        process.stderr.write(`bootplan: ${opts.write ? 'nothing written: ' : ''}the changed plan still has errors that levels and priorities do not decide\n`);
        process.exitCode = EXIT_FAIL;
        return;
      }
      if (result.status === 'clean') {
        log.write(`${show(source.root)}: every requirement is already proven; nothing to change\n`);
        return;
      }
      if (opts.write) {
        writeFilesAtomic([...result.texts].map(([path, text]) => ({ path, text })));
        log.write(`fixed ${result.changes.length} entr${result.changes.length === 1 ? 'y' : 'ies'} in ${[...result.texts.keys()].map(show).join(', ')}\n`);
        return;
      }
      for (const [path, text] of result.texts) process.stdout.write(unifiedDiff(show(path), source.texts.get(path)!, text));
    });
}
