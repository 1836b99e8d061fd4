/** `bootplan init`: a starting plan for a profile and target, or one made from a Kraftfile. */
import { existsSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import type { Command } from 'commander';
import { findProfile } from '../../compiler/index.js';
import { readText } from '../../compiler/load.js';
import type { Diagnostic, Profile } from '../../compiler/types.js';
import { CATALOGS_DIR, loadCatalog } from '../../import/catalog.js';
import { initPlan, isDockerfile, profileForUnikraft, type DockerfileInput } from '../../import/init-plan.js';
import { parseKraftfile } from '../../import/kraftfile.js';
import { render } from '../diagnostics.js';
import { emit, EXIT_INPUT, noteInput, UsageError } from '../io.js';
import { ExitError } from '../load.js';

interface InitOptions {
  profile?: string;
  target?: string;
  kraftfile?: string;
  name?: string;
  output?: string;
  force?: boolean;
}

function profileNamed(spec: string): Profile {
  const found = findProfile(spec);
  if ('error' in found) throw new UsageError(found.error + (found.suggestion ? `; did you mean "${found.suggestion}"?` : ''));
  return found.profile;
}

function fail(diagnostics: Diagnostic[], file: string, text?: string): never {
  throw new ExitError(EXIT_INPUT, render('pretty', diagnostics, file, (f) => (f === file ? text : undefined)));
}

/** A Dockerfile rootfs, its context's `.dockerignore` and a folder test inside that context (the Dockerfile's folder). */
function readDockerfile(path: string): DockerfileInput | { problem: string } {
  const read = readText(path, { maxBytes: 1024 * 1024 });
  if (read.diagnostic) return { problem: read.diagnostic.message };
  noteInput(path);
  const context = dirname(path);
  const ignorePath = join(context, '.dockerignore');
  const ignore = existsSync(ignorePath) ? readText(ignorePath, { maxBytes: 1024 * 1024 }) : null;
  if (ignore?.text !== undefined) noteInput(ignorePath);
  const isFolder = (p: string): boolean => {
    try {
      return statSync(join(context, p)).isDirectory();
    } catch {
      return false;
    }
  };
  return { text: read.text!, ...(ignore?.text !== undefined ? { dockerignore: ignore.text } : {}), isFolder };
}

export function register(program: Command): void {
  program
    .command('init')
    .description('write a starting plan that checks: for a profile and target, or from a Kraftfile (--kraftfile)')
    .option('-p, --profile <profile>', 'name[@version] (bootplan profile list); default unikraft, or the Kraftfile\'s unikraft version')
    .option('-t, --target <target>', 'platform/arch, e.g. qemu/x86_64; default the Kraftfile\'s first target the profile boots on')
    .option('-k, --kraftfile <file>', 'a Kraftfile (spec v0.5/v0.6): name, unikraft, targets, libraries, volumes, rootfs, cmd')
    .option('-n, --name <name>', 'the image name (default the Kraftfile\'s name, else "app")')
    .option('-o, --output <file>', 'write the plan here (whole or not at all) instead of stdout')
    .option('--force', 'replace an existing output file')
    .action((opts: InitOptions) => {
      if (opts.output && existsSync(opts.output) && !opts.force) throw new UsageError(`${opts.output} exists; give --force to replace it`);
      const planDir = opts.output ? dirname(resolve(opts.output)) : process.cwd();
      const notes: string[] = [];
      let kraftfile: { data: NonNullable<ReturnType<typeof parseKraftfile>['kraftfile']>; file: string; dockerfile?: DockerfileInput } | undefined;
      let profile: Profile;
      if (opts.kraftfile) {
        const file = resolve(opts.kraftfile);
        noteInput(file);
        const read = readText(file, { maxBytes: 4 * 1024 * 1024 });
        if (read.diagnostic) fail([read.diagnostic], file);
        const parsed = parseKraftfile(opts.kraftfile, read.text!);
        const errors = parsed.diagnostics.filter((d) => d.severity === 'error');
        if (!parsed.kraftfile || errors.length > 0) fail(parsed.diagnostics, opts.kraftfile, read.text);
        for (const d of parsed.diagnostics) notes.push(`${opts.kraftfile}:${d.location?.line ?? 1}: ${d.message}`);
        kraftfile = { data: parsed.kraftfile, file };
        const rootfs = parsed.kraftfile.rootfs;
        if (rootfs !== undefined && isDockerfile(rootfs)) {
          const dockerfile = readDockerfile(resolve(dirname(file), rootfs));
          if ('problem' in dockerfile) notes.push(`rootfs ${rootfs}: ${dockerfile.problem}`);
          else kraftfile.dockerfile = dockerfile;
        }
        if (opts.profile) profile = profileNamed(opts.profile);
        else {
          const picked = profileForUnikraft(parsed.kraftfile.unikraftVersion);
          profile = picked.profile;
          if (picked.note) notes.push(picked.note);
        }
      } else profile = profileNamed(opts.profile ?? 'unikraft');
      const known = (profile.platforms ?? []).map((p) => p.target);
      if (opts.target !== undefined && known.length > 0 && !known.includes(opts.target)) {
        throw new UsageError(`${profile.name}@${profile.version} does not boot on "${opts.target}"; its targets: ${known.join(', ')}`);
      }
      if (opts.target !== undefined && known.length === 0) throw new UsageError(`${profile.name}@${profile.version} has no targets; leave out --target`);
      let catalog = null;
      if (kraftfile && existsSync(join(CATALOGS_DIR, `${profile.name}.yaml`))) {
        const read = loadCatalog(profile.name);
        catalog = read.catalog;
        for (const d of read.diagnostics) notes.push(d.message);
      }
      const result = initPlan({ profile, planDir, catalog, ...(opts.target ? { target: opts.target } : {}), ...(opts.name ? { name: opts.name } : {}), ...(kraftfile ? { kraftfile } : {}) });
      for (const n of [...notes, ...result.notes]) process.stderr.write(`bootplan: note: ${n}\n`);
      emit(opts.output, result.text);
      if (opts.output) process.stderr.write(`bootplan: wrote ${opts.output}; next: bootplan check ${opts.output}\n`);
    });
}
