/**
 * Evidence (language 1.1): each item says why an entry uses or provides a capability, or carries
 * an effect — the call in the code that needs it. The schema checks the shape; this pass checks
 * that each item backs something the entry really has, so evidence never argues for a use the
 * plan does not state (an overlay that removes a use takes its evidence with it).
 */
import type { Diagnostic, Entry, Evidence, SourceRef } from './types.js';

const KINDS = ['uses', 'provides', 'effect'] as const;

function mismatch(entry: Entry, e: Evidence, term: boolean): string | null {
  const set = KINDS.filter((k) => typeof e[k] === 'string');
  if (set.length !== 1) return `an evidence item says exactly one of \`uses\`, \`provides\` or \`effect\`; this one says ${set.length === 0 ? 'none' : set.map((k) => `\`${k}\``).join(' and ')}`;
  const who = term ? `the term function of ${entry.id}` : entry.id;
  if (e.uses !== undefined) {
    const uses = term ? entry.term?.uses ?? [] : entry.fn === null ? [] : entry.uses;
    if (!uses.includes(e.uses)) return `evidence for a use of \`${e.uses}\`, which ${who} does not use${uses.length ? ` (it uses ${uses.map((u) => `\`${u}\``).join(', ')})` : ''}`;
  } else if (term) {
    return `evidence on a term function can only back its \`uses\``;
  } else if (e.provides !== undefined) {
    if (!entry.provides.includes(e.provides)) return `evidence for \`${e.provides}\`, which ${who} does not provide`;
  } else if (!entry.effects.some((x) => x.kind === e.effect)) {
    return `evidence for a \`${e.effect}\` effect, which ${who} does not have`;
  }
  return null;
}

/** An error for every evidence item that backs nothing the entry (or its term function) has. */
export function evidenceDiagnostics(entries: readonly Entry[]): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (let i = 0; i < entries.length; i++) {
    const entry = entries[i]!;
    if (!entry.evidence?.length && !entry.term?.evidence?.length) continue;
    for (const term of [false, true]) {
      const list = term ? entry.term?.evidence : entry.evidence;
      if (!list || list.length === 0) continue;
      list.forEach((e, i) => {
        const source: SourceRef = term
          ? { file: entry.term!.source.file, path: [...entry.term!.source.path, 'evidence', i] }
          : entry.origins?.[`evidence#${i}`] ?? { file: entry.source.file, path: [...entry.source.path, 'evidence', i] };
        const problem = mismatch(entry, e, term);
        if (problem) {
          out.push({ code: 'evidence-mismatch', severity: 'error', message: problem, source, hint: 'add the use (or provide, or effect) it backs, or remove the evidence item', subjects: [entry.id] });
        }
      });
    }
  }
  return out;
}

/** `file:line` as a location (column 1); null for anything else. */
export function evidenceLocation(at: string): { file: string; line: number; column: number } | null {
  const m = /^(.+):(\d+)$/.exec(at);
  return m ? { file: m[1]!, line: Number(m[2]), column: 1 } : null;
}

/** One line for a note: "uses `alloc`: lib/foo/foo.c:42 calls `uk_malloc` (via `foo_setup`, lib/foo/foo.c:17)". */
export function describeEvidence(e: Evidence): string {
  const what = e.uses !== undefined ? `uses \`${e.uses}\`` : e.provides !== undefined ? `provides \`${e.provides}\`` : `effect \`${e.effect}\``;
  const via = (e.via ?? []).map((v) => {
    const m = /^(\S+) \((.+)\)$/.exec(v);
    return m ? `\`${m[1]}\`, ${m[2]}` : v;
  });
  return `${what}: ${e.at}${e.call ? ` calls \`${e.call}\`` : ''}${e.fact && !e.call ? ` (${e.fact})` : ''}${via.length > 0 ? ` (via ${via.join(' → ')})` : ''}`;
}
