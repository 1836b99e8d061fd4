/**
 * The language's versions. `bootplan: 1` stays valid as it was; `bootplan: 1.1` adds `extends`,
 * `overlay`, `fragment` and `evidence`. The schema accepts the union; this pass says, at the key,
 * when a file uses a 1.1 feature without declaring 1.1, so a plan never silently depends on a
 * newer reader than it names.
 */
import type { LoadedFile } from './load.js';
import type { Diagnostic, SourceRef } from './types.js';

/** The language versions, oldest first, with what each adds (docs/language.md says the same). */
export const LANGUAGE_VERSIONS = [
  { version: 1, adds: 'plans, includes, libraries and their entries, effects, devices, mounts' },
  { version: 1.1, adds: '`extends` and `overlay` (a plan built on an imported one), `fragment: true`, `evidence` on entries and term functions' },
] as const;

const TOP_LEVEL_1_1 = ['extends', 'overlay', 'fragment'] as const;
const LISTS = ['ctors', 'initcalls', 'init_array'] as const;

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

function tooNew(file: string, path: Array<string | number>, feature: string): Diagnostic {
  const ref: SourceRef = { file, path };
  return {
    code: 'language-version',
    severity: 'error',
    message: `\`${feature}\` is language 1.1: write \`bootplan: 1.1\``,
    source: ref,
    hint: 'change the first line to `bootplan: 1.1` (1.1 reads every 1 plan the same way)',
  };
}

/** Every 1.1 feature used in a file read at version 1, each located at its key. */
export function languageDiagnostics(file: LoadedFile): Diagnostic[] {
  if (file.version >= 1.1 || !isObj(file.data)) return [];
  const out: Diagnostic[] = [];
  const data = file.data;
  for (const key of TOP_LEVEL_1_1) if (key in data) out.push(tooNew(file.file, [key], key));
  const libs = data.libraries;
  // A text search first: walking 100,000 entries to find no evidence costs more than reading for the word.
  if (!isObj(libs) || !file.text.includes('evidence')) return out;
  for (const [name, lib] of Object.entries(libs)) {
    if (!isObj(lib)) continue;
    for (const list of LISTS) {
      const entries = lib[list];
      if (!Array.isArray(entries)) continue;
      entries.forEach((e: unknown, i) => {
        if (!isObj(e)) return;
        if ('evidence' in e) out.push(tooNew(file.file, ['libraries', name, list, i, 'evidence'], 'evidence'));
        if (isObj(e.term) && 'evidence' in e.term) out.push(tooNew(file.file, ['libraries', name, list, i, 'term', 'evidence'], 'evidence'));
      });
    }
    if (isObj(lib.main) && 'evidence' in lib.main) out.push(tooNew(file.file, ['libraries', name, 'main', 'evidence'], 'evidence'));
  }
  return out;
}

/** Whether a loaded document says it is meant only for inclusion. */
export function isFragment(data: unknown): boolean {
  return isObj(data) && data.fragment === true;
}

/** A plan may only extend a whole plan: a fragment has no profile or name to inherit. */
export function extendsDiagnostics(files: LoadedFile[]): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const f of files) {
    if (f.kind === 'plan' && f.layer > 0 && isFragment(f.data)) {
      const child = files.find((c) => c.layer === f.layer - 1 && c.kind === 'plan');
      out.push({
        code: 'schema',
        severity: 'error',
        message: `${f.file} is a fragment (\`fragment: true\`): a plan can extend only a whole plan`,
        source: { file: child?.file ?? f.file, path: child ? ['extends'] : [] },
        hint: 'include the fragment (`include:`) instead, or extend the plan that includes it',
      });
    }
  }
  return out;
}
