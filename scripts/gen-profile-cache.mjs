// `npm run build`, after tsc: dist/profiles.json, every shipped profile's text with the data the
// profile reader (dist/compiler/profiles.js, the same code a run uses) makes of it, so that a run
// reads JSON instead of YAML (compiler/profile-cache.ts uses an entry only for its exact text).
// A profile whose data JSON cannot hold (Infinity, NaN, -0) is left out and read as YAML.
import { readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';

const { PROFILES_DIR } = await import('../dist/compiler/paths.js');
const { parseProfile } = await import('../dist/compiler/profiles.js');
const { PROFILE_CACHE_FILE } = await import('../dist/compiler/profile-cache.js');

const cache = {};
for (const name of readdirSync(PROFILES_DIR).filter((f) => f.endsWith('.yaml')).sort()) {
  const file = join(PROFILES_DIR, name);
  const text = readFileSync(file, 'utf8');
  let data;
  try {
    data = parseProfile(file, text);
  } catch {
    continue; // an invalid profile says so when a run reads it
  }
  if (isDeepStrictEqual(JSON.parse(JSON.stringify(data)), data)) cache[name] = { text, data };
}
const pending = `${PROFILE_CACHE_FILE}.${process.pid}.tmp`;
writeFileSync(pending, `${JSON.stringify(cache)}\n`);
renameSync(pending, PROFILE_CACHE_FILE);
