/**
 * The early table's functions that a profile may model as a core step rather than as an entry.
 */
import { findProfile, isProfilePath } from '../compiler/profiles.js';

/**
 * Early-table registrations a profile may model as a core step, not as an entry: ukboot's
 * command-line parsing at early prio 0 is `unikraft@0.21`'s step `early_cmdline`, which provides
 * `libparam` (lib/ukboot/early_init.c: `UK_BOOT_EARLYTAB_ENTRY(uk_boot_early_init_parse_cmdl,
 * UK_PRIO_EARLIEST)`). `unikraft@0.17` has no such step: there it is an entry of the early table.
 */
export const EARLY_CORE_STEPS: Readonly<Record<string, string>> = { uk_boot_early_init_parse_cmdl: 'early_cmdline' };

/** The core step of `profile` that stands for the early-table function `fn`, if that profile has one
 * (then an entry as well would run it twice). A profile that cannot be found has none. */
export function earlyCoreStep(fn: string, profile: string): string | undefined {
  const step = EARLY_CORE_STEPS[fn];
  if (step === undefined || isProfilePath(profile)) return undefined;
  const found = findProfile(profile);
  if (!('profile' in found)) return undefined;
  return found.profile.phases.some((p) => 'step' in p && p.step.name === step) ? step : undefined;
}

