/**
 * One pass over the rules' diagnostics (language 1.1): a diagnostic about an entry's use of a
 * capability (use-before-provide, race, pre-init-use, capability-never-provided, ...) gets a note
 * per evidence item of the user and of the provider for that capability, pointing at the C file
 * and line; and where an overlay stated the use, the diagnostic points into the overlay. Done
 * here, once, rather than in every rule.
 */
import { describeEvidence, evidenceLocation } from '../evidence.js';
import type { Compiled, Diagnostic, Entry, Evidence, RelatedInfo, SourceRef } from '../types.js';

/** Whether the diagnostic points at the entry (or one of its fields) in the file that declares it. */
function pointsAt(source: SourceRef | undefined, entry: Entry): boolean {
  if (!source || source.file !== entry.source.file) return false;
  return entry.source.path.every((step, i) => source.path[i] === step) && source.path[entry.source.path.length] !== 'term';
}

function notes(list: Evidence[] | undefined, match: (e: Evidence) => boolean, who: string | null): RelatedInfo[] {
  if (!list) return [];
  const out: RelatedInfo[] = [];
  for (const e of list) {
    if (!match(e)) continue;
    const location = evidenceLocation(e.at);
    out.push({ message: `${who ? `${who} ` : ''}${describeEvidence(e)}`, ...(location ? { location } : {}) });
  }
  return out;
}

/** Effect kinds of the entry whose contract uses (or provides) the capability. */
function effectKinds(entry: Entry, capability: string, side: 'uses' | 'provides'): Set<string | undefined> {
  return new Set<string | undefined>(entry.effects.filter((x) => x[side].includes(capability)).map((x) => x.kind));
}

/** Whether the entry has evidence (its own or its term function's) or fields an overlay set: what the notes read. */
export const hasEvidence = (e: Entry): boolean => Boolean(e.evidence && e.evidence.length > 0) || Boolean(e.origins) || (e.term?.evidence?.length ?? 0) > 0;

export function addEvidenceNotes(compiled: Compiled, diagnostics: Diagnostic[]): void {
  if (!compiled.entries.some(hasEvidence)) return;
  const byId = new Map(compiled.entries.map((e) => [e.id, e]));
  for (const d of diagnostics) {
    const capability = d.capability ?? d.witness?.expect.capability;
    if (!capability && d.subjects?.length === 2) orderFromOverlay(d, byId.get(d.subjects[0]!), byId.get(d.subjects[1]!));
    if (!capability || !d.subjects) continue;
    const user = byId.get(d.subjects[0]!);
    const provider = byId.get(d.subjects[1]!);
    const added: RelatedInfo[] = [];
    if (user) {
      const term = d.witness?.expect.kind === 'term';
      if (term) {
        added.push(...notes(user.term?.evidence, (e) => e.uses === capability, null));
      } else {
        const kinds = effectKinds(user, capability, 'uses');
        added.push(...notes(user.evidence, (e) => e.uses === capability || kinds.has(e.effect), null));
        const origin = user.origins?.[`uses:${capability}`];
        if (origin && pointsAt(d.source, user)) {
          d.source = origin;
          added.push({ message: `${user.id} is declared here; the overlay adds the use`, source: user.source });
        }
      }
    }
    if (provider && provider !== user) {
      const kinds = effectKinds(provider, capability, 'provides');
      added.push(...notes(provider.evidence, (e) => e.provides === capability || kinds.has(e.effect), provider.id));
      const origin = provider.origins?.[`provides:${capability}`];
      if (origin) added.push({ message: `the overlay says ${provider.id} provides \`${capability}\``, source: origin });
    }
    // An ordering finding about an entry whose place the overlay changed: say where it did.
    for (const e of [user, provider]) {
      if (!e?.origins || !d.witness) continue;
      for (const field of ['level', 'prio'] as const) {
        const origin = e.origins[field];
        if (origin) added.push({ message: `the overlay sets the ${field === 'prio' ? 'priority' : 'level'} of ${e.id}`, source: origin });
      }
    }
    if (added.length > 0) d.related = [...(d.related ?? []), ...added];
  }
}

/** An `after`/`before` the overlay added, broken: point at the overlay's item rather than the base's entry. */
function orderFromOverlay(d: Diagnostic, later: Entry | undefined, earlier: Entry | undefined): void {
  if (!later || !earlier) return;
  const after = later.origins?.[`after:${earlier.id}`];
  const before = earlier.origins?.[`before:${later.id}`];
  const stated = after && pointsAt(d.source, later) ? { origin: after, entry: later } : before && pointsAt(d.source, earlier) ? { origin: before, entry: earlier } : undefined;
  if (!stated) return;
  d.source = stated.origin;
  d.related = [...(d.related ?? []), { message: `${stated.entry.id} is declared here; the overlay adds the requirement`, source: stated.entry.source }];
}
