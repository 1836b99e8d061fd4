/** `bootplan init`: a starting plan for a profile and target, or one made from a Kraftfile. */
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import type { Command } from 'commander';
import { findProfile } from '../../compiler/index.js';
import { readText } from '../../compiler/load.js';
import type { Diagnostic, Profile } from '../../compiler/types.js';
import { CATALOGS_DIR, loadCatalog } from '../../import/catalog.js';
import { initPlan, profileForUnikraft } from '../../import/init-plan.js';
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
      let kraftfile: { data: NonNullable<ReturnType<typeof parseKraftfile>['kraftfile']>; file: string } | undefined;
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
