/**
 * What an image without a `main` runs instead: the checker decides with it (entry-fails) and the
 * machine's console dialect prints it, so both read this one table.
 */
import type { Profile } from './types.js';

/**
 * The return value of the fallback main, by the profile's system (its log dialect). Unikraft
 * links lib/ukboot/weak_main.c, whose weak `main` prints "weak main() called. Symbol was not
 * replaced!" and returns -EINVAL; Linux and Zephyr have no fallback main.
 */
const WEAK_MAIN_RC: Readonly<Record<string, number>> = { unikraft: -22 };

/** The fallback main's return value, or null when the system has none. */
export function weakMainReturn(profile: Pick<Profile, 'log'>): number | null {
  return WEAK_MAIN_RC[profile.log] ?? null;
}
