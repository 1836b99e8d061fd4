/** Profiles are data: specs/profiles/<name>@<version>.yaml, validated by the profile schema. */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import jsYaml from 'js-yaml';
import { PROFILES_DIR } from './paths.js';
import { suggest } from './suggest.js';
import type { Profile } from './types.js';
import { validateProfileShape } from './validate.js';

export interface ProfileRef {
  name: string;
  version: string;
  file: string;
}

let catalog: ProfileRef[] | null = null;

/** Every profile shipped, as `name@version` file names. */
export function listProfiles(): ProfileRef[] {
  catalog ??= readdirSync(PROFILES_DIR)
    .filter((f) => /^[a-z][a-z0-9-]*@[0-9][0-9A-Za-z.]*\.yaml$/.test(f))
    .sort()
    .map((f) => {
      const [name, version] = f.replace(/\.yaml$/, '').split('@') as [string, string];
      return { name, version, file: join(PROFILES_DIR, f) };
    });
  return catalog;
}

const loaded = new Map<string, Profile>();

export function readProfile(file: string): Profile {
  const cached = loaded.get(file);
  if (cached) return cached;
  const data = jsYaml.load(readFileSync(file, 'utf8'), { schema: jsYaml.CORE_SCHEMA });
  const problems = validateProfileShape(file, data);
  if (problems.length > 0) {
    throw new Error(`profile ${file} is invalid: ${problems.map((p) => p.message).join('; ')}`);
  }
  const profile = { ...(data as Profile), file };
  loaded.set(file, profile);
  return profile;
}

export type ProfileLookup = { profile: Profile } | { error: string; suggestion?: string };

/** Find `name` or `name@version`; without a version, the profile marked default (else the newest). */
export function findProfile(spec: string): ProfileLookup {
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
