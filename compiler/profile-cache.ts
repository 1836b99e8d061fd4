/**
 * The shipped profiles as the build read and validated them (dist/profiles.json, written by
 * scripts/gen-profile-cache.mjs): a `check` of a small plan spent half its own time reading the
 * profile YAML with code that had not warmed up. An entry is used only for the very text it was
 * made from, so an edited profile, a stale or a missing file means reading the YAML as before.
 */
import { readFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { PACKAGE_ROOT, PROFILES_DIR } from './paths.js';

/** One shipped profile: its file's text and the data the profile reader made of it. */
export interface CachedProfile {
  text: string;
  data: unknown;
}

/** Where the build writes the cache: profile file name → entry. */
export const PROFILE_CACHE_FILE = join(PACKAGE_ROOT, 'dist', 'profiles.json');

let shipped: Record<string, CachedProfile> | null = null;

/** The data the build made of `file`, when `file` is a shipped profile whose text is still `text`. */
export function cachedProfileData(file: string, text: string): unknown {
  if (dirname(file) !== PROFILES_DIR) return undefined;
  shipped ??= readCache();
  const entry = Object.hasOwn(shipped, basename(file)) ? shipped[basename(file)] : undefined;
  return entry !== undefined && entry.text === text ? entry.data : undefined;
}

function readCache(): Record<string, CachedProfile> {
  try {
    const parsed: unknown = JSON.parse(readFileSync(PROFILE_CACHE_FILE, 'utf8'));
    return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed) ? (parsed as Record<string, CachedProfile>) : {};
  } catch {
    return {};
  }
}
