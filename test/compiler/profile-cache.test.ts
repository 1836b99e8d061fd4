/** The shipped profiles as the build parsed them (compiler/profile-cache.ts, scripts/gen-profile-cache.mjs). */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cachedProfileData, PROFILE_CACHE_FILE } from '../../compiler/profile-cache.js';
import { PROFILES_DIR } from '../../compiler/paths.js';
import { parseProfile, readProfile } from '../../compiler/profiles.js';

const shipped = readdirSync(PROFILES_DIR).filter((f) => f.endsWith('.yaml'));

describe('the profile cache the build writes', () => {
  it('holds every shipped profile, each equal to what reading its YAML gives', () => {
    const cache = JSON.parse(readFileSync(PROFILE_CACHE_FILE, 'utf8')) as Record<string, { text: string; data: unknown }>;
    expect(Object.keys(cache).sort()).toEqual([...shipped].sort());
    for (const name of shipped) {
      const file = join(PROFILES_DIR, name);
      const text = readFileSync(file, 'utf8');
      expect(cache[name]!.text).toBe(text);
      expect(cachedProfileData(file, text)).toStrictEqual(parseProfile(file, text));
    }
  });

  it('is used for a shipped profile only while its text is the one cached', () => {
    const file = join(PROFILES_DIR, 'unikraft@0.17.yaml');
    const text = readFileSync(file, 'utf8');
    expect(cachedProfileData(file, text)).toBeDefined();
    expect(cachedProfileData(file, `${text}# edited\n`)).toBeUndefined();
    expect(cachedProfileData(join(PROFILES_DIR, 'unikraft@9.yaml'), text)).toBeUndefined();
    expect(cachedProfileData(join(PROFILES_DIR, '..', 'elsewhere', 'unikraft@0.17.yaml'), text)).toBeUndefined();
    expect(cachedProfileData(join(PROFILES_DIR, '__proto__'), text)).toBeUndefined();
  });

  it('readProfile gives the file it read along with the data', () => {
    const file = join(PROFILES_DIR, 'linux@6.1.yaml');
    expect(readProfile(file)).toStrictEqual({ ...(parseProfile(file, readFileSync(file, 'utf8')) as object), file });
  });
});
