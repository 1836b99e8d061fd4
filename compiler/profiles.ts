/** Profiles are data: specs/profiles/<name>@<version>.yaml, validated by the profile schema. */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve as resolvePath } from 'node:path';
import jsYaml from 'js-yaml';
import { PROFILES_DIR } from './paths.js';
import { cachedProfileData } from './profile-cache.js';
import { suggest } from './suggest.js';
import type { Diagnostic, Profile } from './types.js';
import { validateProfileShape } from './validate.js';

export interface ProfileRef {
  name: string;
  version: string;
  file: string;
}

let catalog: ProfileRef[] | null = null;

/** Every profile shipped, as `name@version` file names. */
export function listProfiles(): ProfileRef[] {
  // `name@version.yaml`, or `name.yaml` for a system with one model (Luna): its version is in the file.
  catalog ??= readdirSync(PROFILES_DIR)
    .filter((f) => /^[a-z][a-z0-9-]*(@[0-9][0-9A-Za-z.]*)?\.yaml$/.test(f))
    .sort()
    .map((f) => {
      const [name, version] = f.replace(/\.yaml$/, '').split('@') as [string, string | undefined];
      const file = join(PROFILES_DIR, f);
      return { name, version: version ?? readProfile(file).version, file };
    });
  return catalog;
}

const loaded = new Map<string, Profile>();

export function readProfile(file: string): Profile {
  const cached = loaded.get(file);
  if (cached) return cached;
  const text = readFileSync(file, 'utf8');
  const profile = { ...((cachedProfileData(file, text) ?? parseProfile(file, text)) as Profile), file };
  loaded.set(file, profile);
  return profile;
}

/** A shipped profile's data: its YAML read with the core schema and valid by the profile schema (else it throws). */
export function parseProfile(file: string, text: string): unknown {
  const data = jsYaml.load(text, { schema: jsYaml.CORE_SCHEMA });
  const problems = validateProfileShape(file, data);
  if (problems.length > 0) {
    throw new Error(`profile ${file} is invalid: ${problems.map((p) => p.message).join('; ')}`);
  }
  return data;
}

/** A profile named by a path (`./my-os.yaml`) rather than `name[@version]`. */
export function isProfilePath(spec: string): boolean {
  return /[\\/]/.test(spec) || /\.ya?ml$/i.test(spec);
}

/** The absolute file a path-like `profile:` names, read relative to the plan file that says it. */
export function profilePathOf(spec: string, planFile: string): string {
  return resolvePath(dirname(planFile), spec);
}

/** Profiles users bring, by absolute path: the newest text read for each (see `loadProfileText`). */
const userProfiles = new Map<string, Profile>();

/**
 * Read a profile file a user brings: YAML validated by schemas/profile.schema.json, then checked
 * for what the schema cannot say (phases naming tables that do not exist). Diagnostics point into
 * the profile file; a profile with none is registered for `findProfile` under its path.
 */
export function loadProfileText(file: string, data: unknown): Diagnostic[] {
  userProfiles.delete(file);
  const problems = validateProfileShape(file, data);
  if (problems.length > 0) return problems;
  const profile = { ...(data as Profile), file };
  const semantic = profileMeaning(profile);
  if (semantic.length > 0) return semantic;
  userProfiles.set(file, profile);
  return [];
}

function profileMeaning(profile: Profile): Diagnostic[] {
  const out: Diagnostic[] = [];
  const tables = new Map(profile.tables.map((t) => [t.name, t]));
  const problem = (message: string, path: Array<string | number>, hint?: string): Diagnostic => ({
    code: 'schema', severity: 'error', message, source: { file: profile.file!, path }, ...(hint ? { hint } : {}),
  });
  profile.tables.forEach((t, i) => {
    if (profile.tables.findIndex((o) => o.name === t.name) !== i) out.push(problem(`two tables are named "${t.name}"`, ['tables', i, 'name']));
    if (t.prio && (t.prio.min > t.prio.max || t.prio.default < t.prio.min || t.prio.default > t.prio.max)) {
      out.push(problem(`table "${t.name}": the priority range ${t.prio.min}..${t.prio.max} must hold its default ${t.prio.default}`, ['tables', i, 'prio']));
    }
    for (const [name, value] of Object.entries(t.prio?.names ?? {})) {
      if (value < t.prio!.min || value > t.prio!.max) out.push(problem(`table "${t.name}": priority macro ${name} = ${value} is outside ${t.prio!.min}..${t.prio!.max}`, ['tables', i, 'prio', 'names', name]));
    }
  });
  profile.phases.forEach((p, i) => {
    if (!('table' in p)) return;
    const table = tables.get(p.table);
    if (!table) {
      const guess = suggest(p.table, new Set(tables.keys()));
      out.push(problem(`phase ${i + 1} names table "${p.table}", which the profile does not define${guess ? `; did you mean "${guess}"?` : ''}`, ['phases', i, 'table'], `define it under \`tables:\` or use one of: ${[...tables.keys()].join(', ')}`));
      return;
    }
    for (const [j, level] of (p.levels ?? []).entries()) {
      if (!table.levels?.some((l) => l.name === level)) out.push(problem(`phase ${i + 1}: table "${p.table}" has no level "${level}"`, ['phases', i, 'levels', j]));
    }
  });
  if (profile.preInit && !tables.has(profile.preInit.table)) out.push(problem(`preInit names table "${profile.preInit.table}", which the profile does not define`, ['preInit', 'table']));
  return out;
}

export type ProfileLookup = { profile: Profile } | { error: string; suggestion?: string };

/**
 * Find `name` or `name@version`; without a version, the profile marked default (else the newest).
 * A path (`./my-os.yaml`) names a profile file relative to `planFile`, loaded by `loadPlan`.
 */
export function findProfile(spec: string, planFile?: string): ProfileLookup {
  if (isProfilePath(spec)) {
    const file = planFile ? profilePathOf(spec, planFile) : resolvePath(spec);
    const found = userProfiles.get(file);
    return found ? { profile: found } : { error: `the profile file ${spec} could not be loaded` };
  }
  const [name, version] = spec.split('@') as [string, string | undefined];
  const all = listProfiles();
  const sameName = all.filter((p) => p.name === name);
  if (sameName.length === 0) {
    const guess = suggest(name, new Set(all.map((p) => p.name)));
    return {
      error: `unknown profile "${name}"; known: ${[...new Set(all.map((p) => p.name))].join(', ')}`,
      ...(guess ? { suggestion: guess } : {}),
    };
  }
  if (version !== undefined) {
    const exact = sameName.find((p) => p.version === version);
    if (!exact) {
      return {
        error: `profile ${name} has no version ${version}; known: ${sameName.map((p) => `${p.name}@${p.version}`).join(', ')}`,
        ...(sameName.length > 0 ? { suggestion: `${name}@${suggest(version, sameName.map((p) => p.version)) ?? sameName[0]!.version}` } : {}),
      };
    }
    return { profile: readProfile(exact.file) };
  }
  const profiles = sameName.map((p) => readProfile(p.file));
  return { profile: profiles.find((p) => p.default) ?? profiles[profiles.length - 1]! };
}
