/**
 * `check --watch`: check, then check again whenever a file the last run read changes — a plan,
 * a file it includes, the project config — or a plan appears in a folder given as an argument.
 * Folders are watched rather than files, because editors save by writing a new file and renaming
 * it over the old one, which ends a watch on the old file. Changes are debounced (one save is
 * often several events); Ctrl-C (SIGINT) stops watching and exits 0.
 */
import { type FSWatcher, statSync, watch } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { UsageError } from '../io.js';

/** Quiet time after the last change before checking again. */
const DEBOUNCE_MS = 150;

type Run<O> = (args: string[], opts: O, read: Set<string>) => Promise<number>;

function isFolder(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

/** Resolves when watching stops (SIGINT), with exit code 0. */
export function watchPlans<O extends { watch?: boolean }>(args: string[], opts: O, run: Run<O>): Promise<void> {
  return new Promise((done) => {
    const watchers = new Map<string, FSWatcher>();
    let timer: NodeJS.Timeout | undefined;
    let running = false;
    let pending = false;
    let stopped = false;
    let watched = new Set<string>();
    const folders = args.map((a) => resolve(a)).filter(isFolder);

    // One watcher per folder, kept across runs: closing and reopening them would lose a change
    // saved while a run was printing.
    const rewatch = (files: Set<string>) => {
      watched = new Set([...files].map((f) => resolve(f)));
      const dirs = new Set([...[...watched].map((f) => dirname(f)), ...folders]);
      for (const [dir, w] of watchers) {
        if (dirs.has(dir)) continue;
        w.close();
        watchers.delete(dir);
      }
      for (const dir of dirs) {
        if (watchers.has(dir)) continue;
        try {
          const w = watch(dir, { persistent: true }, (_event, name) => {
            const file = name ? join(dir, name.toString()) : undefined;
            const relevant = file === undefined || watched.has(file) || (folders.includes(dir) && /\.ya?ml$/.test(basename(file)));
            if (relevant) schedule();
          });
          w.on('error', () => undefined); // a folder removed while watched: the next run says what is missing
          watchers.set(dir, w);
        } catch {
          // a folder that vanished: nothing to watch there
        }
      }
    };

    const cycle = async () => {
      if (stopped) return;
      running = true;
      const read = new Set<string>();
      let code: number;
      try {
        code = await run(args, { ...opts, watch: false }, read);
      } catch (err) {
        // A plan deleted or a glob that matches nothing: say so and wait for the next change.
        if (!(err instanceof UsageError)) throw err;
        process.stderr.write(`bootplan: ${err.message}\n`);
        code = 2;
      }
      if (stopped) return;
      rewatch(read.size > 0 ? read : new Set(args.map((a) => resolve(a)).filter((a) => !isFolder(a))));
      process.stderr.write(`bootplan: exit ${code}; watching ${watched.size} file${watched.size === 1 ? '' : 's'} for changes (Ctrl-C stops)\n`);
      running = false;
      if (pending) {
        pending = false;
        schedule();
      }
    };

    const schedule = () => {
      if (stopped) return;
      if (running) {
        pending = true;
        return;
      }
      clearTimeout(timer);
      timer = setTimeout(() => void cycle().catch(fail), DEBOUNCE_MS);
    };

    const stop = () => {
      stopped = true;
      clearTimeout(timer);
      for (const w of watchers.values()) w.close();
      process.off('SIGINT', stop);
      process.exitCode = 0;
      done();
    };
    const fail = (err: unknown) => {
      stop();
      process.stderr.write(`bootplan: internal error: ${err instanceof Error ? err.message : String(err)}\n`);
      process.exitCode = 3;
    };
    process.on('SIGINT', stop);
    void cycle().catch(fail);
  });
}
