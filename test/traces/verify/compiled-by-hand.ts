/**
 * Small `Compiled` objects built by hand for verify's unit tests: two tables (constructors and
 * an init table that can fail and has terms), levels and priorities packed into keys the way
 * compiler/types.ts documents, the default order sorted by (key, declaration index).
 */
import type { Compiled, Edge, Entry, EntryKind, Profile } from '../../../compiler/types.js';

export interface EntrySpec {
  id: string;
  kind?: EntryKind;
  level?: string;
  prio?: number;
  term?: string;
  /** Declared cost in ns (the compiler's default when left out). */
  cost?: number;
  returns?: number;
  note?: string;
  /** `fn` differs from the id's function part, or null for a term-only entry. */
  fn?: string | null;
}

const LEVELS = ['console', 'early', 'plat', 'lib', 'rootfs', 'sys', 'late', 'device'];

export function makeCompiled(specs: EntrySpec[], options: { ties?: Profile['ties']; edges?: Edge[]; canFail?: boolean } = {}): Compiled {
  const profile: Profile = {
    name: 'test', version: '1', title: 'test profile', ties: options.ties ?? 'unspecified', log: 'unikraft',
    tables: [
      { name: 'ctors', role: 'ctor', title: 'constructor table', canFail: false, terms: false, prio: { min: 0, max: 9, default: 9 } },
      { name: 'inittab', role: 'initcall', title: 'init table', canFail: options.canFail ?? true, terms: true, prio: { min: 0, max: 9, default: 9 } },
    ],
    phases: [{ table: 'ctors' }, { table: 'inittab' }, { main: true }],
    mainNonZero: 'halt',
    capabilities: [],
  };
  const entries: Entry[] = specs.map((s, index) => {
    const kind = s.kind ?? 'initcall';
    const [lib, fnPart] = s.id.split('.') as [string, string];
    const phase = kind === 'ctor' ? 0 : kind === 'main' ? 2 : 1;
    const levelIndex = s.level ? LEVELS.indexOf(s.level) : 0;
    const prio = s.prio ?? 9;
    const entry: Entry = {
      id: s.id, index, lib, fn: s.fn === undefined ? fnPart : s.fn, kind,
      table: kind === 'ctor' ? 'ctors' : kind === 'main' ? 'main' : 'inittab',
      level: kind === 'initcall' ? s.level ?? 'lib' : null, levelNumber: null, prio, phase,
      key: phase * 1_000_000 + levelIndex * 1_000 + prio,
      uses: [], provides: [], declaredUses: [], after: [], before: [], effects: [],
      cost: s.cost ?? 1000, alloc: 0, returns: s.returns ?? 0,
      term: s.term ? { fn: s.term, uses: [], source: { file: 'plan.yaml', path: ['libraries', lib] } } : null,
      source: { file: 'plan.yaml', path: ['libraries', lib, 'initcalls', index] },
    };
    if (s.note) entry.note = s.note;
    return entry;
  });
  const order = [...entries].sort((a, b) => a.key - b.key || a.index - b.index).map((e) => e.id);
  return {
    plan: { name: 't', profile: 'test@1', target: null, memory: 0, cmdline: '', argv: [], libparams: {}, devices: [], mounts: [], initrd: null, files: ['plan.yaml'], source: { file: 'plan.yaml', path: [] } },
    profile, entries, steps: [], edges: options.edges ?? [], order, dropped: [],
  };
}
