/**
 * Root causes first. One mistake often shows as several findings: the races and violations
 * between the entries of a dependency cycle, the uses of a capability whose only provider the
 * build drops (a bad priority, an unknown level, a schema error) or whose provider fails, every
 * use of one capability nothing provides. This pass marks each such consequence with its `cause`
 * and takes back the hints the cause makes impossible (a race inside a cycle cannot be fixed by a
 * priority; "add the bus probe" when the probe is there but dropped); `sortDiagnostics` then keeps
 * each consequence right after its cause, and reporters fold it under it. Rule semantics do not
 * change: every finding is still reported and counted.
 */
import type { Cause, Compiled, Diagnostic, SourceRef } from '../types.js';

/** Findings about one requirement between two entries: inside a cycle, no priority satisfies them. */
const ORDER_CODES = new Set(['race', 'order-violated', 'use-before-provide', 'link-order-dependency', 'mount-before-mounted', 'pre-init-use']);
/** Findings that say a capability is missing, whose hints say to add its provider. */
const MISSING_CODES = new Set(['capability-never-provided', 'mount-source-missing']);
/** Stage errors that make the build (or bootplan) drop an entry. */
const DROP_CODES = ['prio-out-of-range', 'unknown-level', 'unknown-key', 'schema', 'forbidden-key', 'language-version', 'unknown-entry-ref'];

/** The capability a finding is about: its own field, else the one its witness faults on. */
function capabilityOf(d: Diagnostic): string | undefined {
  return d.capability ?? d.witness?.expect.capability;
}

function causeOf(root: Diagnostic): Cause {
  return root.cause ?? { code: root.code, message: root.message, ...(root.location ? { location: root.location } : {}) };
}

function inside(path: ReadonlyArray<string | number>, prefix: ReadonlyArray<string | number>): boolean {
  return prefix.length <= path.length && prefix.every((p, i) => String(p) === String(path[i]));
}

function within(d: Diagnostic, ref: SourceRef): boolean {
  const file = d.source?.file ?? d.location?.file;
  return file === ref.file && d.source !== undefined && inside(d.source.path, ref.path);
}

/** Mark consequences with their cause (in place) and return the list. Run after `locate`. */
export function groupCauses(diagnostics: Diagnostic[], compiled: Compiled | null): Diagnostic[] {
  const link = (d: Diagnostic, root: Diagnostic, hint?: string | null) => {
    if (d === root || d.cause) return;
    d.cause = causeOf(root);
    if (hint === null) delete d.hint;
    else if (hint !== undefined) d.hint = hint;
  };

  // A cycle: every requirement between two of its entries is part of it.
  for (const root of diagnostics) {
    if (root.code !== 'cycle' || !root.subjects) continue;
    const members = new Set(root.subjects);
    for (const d of diagnostics) {
      if (!ORDER_CODES.has(d.code) || !d.subjects || d.subjects.length < 2) continue;
      if (d.subjects.every((s) => members.has(s))) link(d, root, 'break the cycle above first: no levels or priorities can satisfy this requirement while it stands');
    }
  }

  // An entry the build drops: what it would have provided is missing because of the error that drops it.
  // An entry `check` left out for its input error: the same, and its name in after/before.
  const gone = [...(compiled?.dropped ?? []).map((e) => ({ ...e, why: `the build drops it (${e.reason})` })), ...(compiled?.skipped ?? []).map((e) => ({ ...e, why: 'it is left out of the check for its input error' }))];
  for (const dropped of gone) {
    const root = DROP_CODES.map((code) => diagnostics.find((d) => d.code === code && within(d, dropped.source))).find(Boolean);
    if (!root) continue;
    for (const d of diagnostics) {
      if (d.code === 'unknown-entry-ref' && (d.message.includes(`"${dropped.id}"`) || d.message.includes(`(${dropped.id})`))) {
        link(d, root, `${dropped.id} exists, but ${dropped.why}: fix that above`);
        continue;
      }
      const cap = capabilityOf(d);
      if (!cap || !dropped.provides.includes(cap) || d.subjects?.includes(dropped.id)) continue;
      link(d, root, MISSING_CODES.has(d.code) ? `${dropped.id} would provide \`${cap}\`, but ${dropped.why}: fix that above` : undefined);
    }
  }

  // An entry that fails: the boot stops there, so what it provides never exists.
  for (const root of diagnostics) {
    if (root.code !== 'entry-fails' || !root.subjects?.[0]) continue;
    const failing = compiled?.entries.find((e) => e.id === root.subjects![0]);
    if (!failing) continue;
    for (const d of diagnostics) {
      const cap = capabilityOf(d);
      if (cap && failing.provides.includes(cap) && d.subjects?.[0] !== failing.id) link(d, root);
    }
  }

  // One capability nothing provides, used in several places: the first use speaks for all.
  const firstUse = new Map<string, Diagnostic>();
  for (const d of [...diagnostics].sort(byPlace)) {
    if (d.code !== 'capability-never-provided' || d.cause) continue;
    const cap = capabilityOf(d);
    if (!cap) continue;
    const key = `${d.location?.file}\0${cap}`;
    const root = firstUse.get(key);
    if (!root) firstUse.set(key, d);
    else if (d.hint === root.hint) link(d, root, null);
    else link(d, root);
  }
  return diagnostics;
}

/** Line, then column. Uses fold per file (the key above), so the order of files does not matter. */
function byPlace(a: Diagnostic, b: Diagnostic): number {
  return (a.location?.line ?? 0) - (b.location?.line ?? 0) || (a.location?.column ?? 0) - (b.location?.column ?? 0);
}
