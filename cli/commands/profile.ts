/** `bootplan profile list|show`: the boot models bootplan ships, and profile files users bring. */
import { relative } from 'node:path';
import type { Command } from 'commander';
import { findProfile, listProfiles, readProfile } from '../../compiler/index.js';
import { parseYamlText, readText } from '../../compiler/load.js';
import { Locator } from '../../compiler/locate.js';
import { isProfilePath, loadProfileText, profilePathOf } from '../../compiler/profiles.js';
import { profileId, profileText } from '../../compiler/emit/profile-text.js';
import type { Diagnostic, Profile } from '../../compiler/types.js';
import { render } from '../diagnostics.js';
import { ExitError } from '../load.js';
import { EXIT_INPUT, UsageError } from '../io.js';

const FORMATS = ['pretty', 'json'];

function format(value: string): string {
  if (!FORMATS.includes(value)) throw new UsageError(`unknown format "${value}"; use one of ${FORMATS.join(', ')}`);
  return value;
}

/** A profile file given by path: read, validated, or an exit with its located diagnostics. */
async function profileFile(spec: string): Promise<Profile> {
  const file = profilePathOf(spec, `${process.cwd()}/.`);
  const read = readText(file, {});
  const texts = new Map<string, string>();
  let diagnostics: Diagnostic[];
  if (read.diagnostic) diagnostics = [read.diagnostic];
  else {
    texts.set(file, read.text!);
    const parsed = parseYamlText(file, read.text!);
    diagnostics = parsed.diagnostics.length > 0 ? parsed.diagnostics : loadProfileText(file, parsed.data);
  }
  if (diagnostics.length === 0) {
    const found = findProfile(file);
    if ('profile' in found) return found.profile;
  }
  await new Locator(texts).locateAll(diagnostics);
  throw new ExitError(EXIT_INPUT, render('pretty', diagnostics, file, (f) => texts.get(f)));
}

export function register(program: Command): void {
  const profile = program.command('profile').description('the boot models: list the shipped profiles, show one (or a profile file of yours)');
  profile
    .command('list')
    .description('every profile shipped, newest of each system marked as the one a plan without a version gets')
    .option('-f, --format <format>', 'pretty | json', format, 'pretty')
    .action((opts: { format: string }) => {
      const all = listProfiles().map((ref) => readProfile(ref.file));
      const picked = new Set([...new Set(all.map((p) => p.name))].map((name) => {
        const found = findProfile(name);
        return 'profile' in found ? profileId(found.profile) : '';
      }));
      if (opts.format === 'json') {
        process.stdout.write(JSON.stringify(all.map((p) => ({ id: profileId(p), name: p.name, version: p.version, title: p.title, default: picked.has(profileId(p)), targets: (p.platforms ?? []).map((t) => t.target) })), null, 2) + '\n');
        return;
      }
      const rows = all.map((p) => [profileId(p), picked.has(profileId(p)) ? `${p.name} →` : '', p.title, (p.platforms ?? []).map((t) => t.target).join(' ')]);
      const widths = rows.reduce<number[]>((w, r) => r.map((c, i) => Math.max(w[i] ?? 0, c.length)), []);
      process.stdout.write(rows.map((r) => r.map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i]!))).join('  ').trimEnd()).join('\n') + '\n');
      process.stdout.write('\n`NAME →` marks the version a plan saying only `profile: NAME` gets. `bootplan profile show NAME` for the details;\na plan may also name a profile file of its own: `profile: ./my-os.yaml` (`bootplan schema profile`).\n');
    });
  profile
    .command('show')
    .description('tables, levels and their macros, priority ranges, core steps in order with what each provides, platforms, capabilities')
    .argument('<name>', 'name[@version] (e.g. unikraft, unikraft@0.17) or a profile file (./my-os.yaml)')
    .option('-f, --format <format>', 'pretty | json', format, 'pretty')
    .action(async (name: string, opts: { format: string }) => {
      let found: Profile;
      if (isProfilePath(name)) found = await profileFile(name);
      else {
        const lookup = findProfile(name);
        if ('error' in lookup) throw new UsageError(lookup.error + (lookup.suggestion ? `; did you mean "${lookup.suggestion}"?` : ''));
        found = lookup.profile;
      }
      if (opts.format === 'json') {
        const { file: _file, ...data } = found;
        process.stdout.write(JSON.stringify(data, null, 2) + '\n');
        return;
      }
      process.stdout.write(profileText(found, found.file ? relative(process.cwd(), found.file) || found.file : undefined));
    });
}
