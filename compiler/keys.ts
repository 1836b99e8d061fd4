/** Sort keys and the shapes the resolve stages share. */
import type { Diagnostic, Entry, ProfileTable, SourceRef } from './types.js';

/**
 * Phase, level, priority and sub-priority packed into one sortable number (below 2^53):
 * phase × 2^36 + level × 2^26 + priority × 2^16 + sub-priority. The sub-priority is 0, or a
 * Zephyr devicetree ordinal + 1 (devicetree devices of one level and priority run in ordinal order).
 */
export const PHASE_SHIFT = 2 ** 36;
export const LEVEL_SHIFT = 2 ** 26;
export const PRIO_SHIFT = 2 ** 16;
export const MAX_ORDINAL = PRIO_SHIFT - 2;

/** An entry the real build would drop (a priority the linker cannot place): it never runs. */
export interface DroppedEntry {
  id: string;
  reason: string;
  provides: string[];
  source: SourceRef;
}

/** A raw entry before priorities are resolved. */
export interface Pending {
  entry: Entry;
  raw: Record<string, unknown>;
  rawPrio: unknown;
  /** Null for `main`, which sits in no table. */
  table: ProfileTable | null;
  /** Where priority resolution is with this entry (kept here rather than in a map: 100k entries). */
  state?: 'busy' | 'done' | 'bad';
}

/** An error diagnostic at a YAML node. */
export function err(code: string, message: string, source: SourceRef, hint?: string): Diagnostic {
  return { code, severity: 'error', message, source, ...(hint ? { hint } : {}) };
}
