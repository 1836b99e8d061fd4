/**
 * Profiles users bring: a plan that says `profile: ./my-os.yaml` names a profile file relative to
 * itself. It is read like a plan file (size limit, YAML hazards), validated by the profile schema,
 * and its text joins the plan's texts, so its diagnostics carry positions and depfiles list it.
 */
import { parseYamlText, readText, type LoadedFile, type LoadOptions } from './load.js';
import { isProfilePath, loadProfileText, profilePathOf } from './profiles.js';
import type { Diagnostic } from './types.js';

/** Load every profile file the plans of `files` name; returns the diagnostics, adds texts to `texts`. */
export function loadProfileFiles(files: LoadedFile[], texts: Map<string, string>, options: LoadOptions): Diagnostic[] {
  const out: Diagnostic[] = [];
  const done = new Set<string>();
  for (const f of files) {
    if (f.kind !== 'plan' || !f.data || typeof f.data !== 'object' || Array.isArray(f.data)) continue;
    const spec = (f.data as Record<string, unknown>).profile;
    if (typeof spec !== 'string' || !isProfilePath(spec)) continue;
    const file = profilePathOf(spec, f.file);
    if (done.has(file)) continue;
    done.add(file);
    const read = readText(file, options);
    if (read.diagnostic) {
      // Said where the plan names it: the file itself has no line to point at.
      out.push({ code: 'file-unreadable', severity: 'error', message: `profile file ${spec}: ${read.diagnostic.message}`, source: { file: f.file, path: ['profile'] }, hint: 'the path is relative to the plan file' });
      continue;
    }
    texts.set(file, read.text!);
    const parsed = parseYamlText(file, read.text!);
    out.push(...parsed.diagnostics);
    if (parsed.diagnostics.length === 0) out.push(...loadProfileText(file, parsed.data));
  }
  return out;
}
