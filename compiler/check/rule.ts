/** The shape of a checker rule: one file each under rules/, registered in rules/index.ts. */
import type { Graph, GraphNode } from '../graph.js';
import type { HostFs } from '../host.js';
import type { Compiled, Diagnostic, Edge, Severity } from '../types.js';
import type { NotableEntries } from './notable.js';

export interface CheckContext {
  compiled: Compiled;
  graph: Graph;
  /** Position of each node id in the default linearization (the graph's `pos`, looked up by id). */
  position: { get(id: string): number | undefined };
  /** The edges that do not hold in every boot (races, violations, link-order ties): few in a good plan. */
  doubtful: Edge[];
  /** The entries with effects, heap, ordering references, a term function, a non-zero return…: most rules look only at those. */
  notable: NotableEntries;
  /** Whether an error or warning has already been reported about the plan (by an earlier stage or rule). */
  reported?: boolean;
  /**
   * The host the machine will read (9p share folders, the initrd), when the caller gives one:
   * rules that depend on what is there read it through this, the way the machine does. Without
   * it those rules judge only what the plan itself says.
   */
  host?: HostFs;
}

export interface Rule {
  /** Stable code: what `explain`, SARIF `ruleId` and JSON consumers key on. */
  code: string;
  severity: Severity;
  /** One line. */
  title: string;
  /** What the rule means, why it matters on the real system, and how to fix it. */
  doc: string;
  /**
   * A small plan that triggers the rule and the same plan fixed (both complete YAML). `hostFiles`:
   * for rules that read the host, the files beside the plan (relative path → contents) that both
   * examples are checked and run against.
   */
  example: { failing: string; fixed: string; hostFiles?: Record<string, string> };
  /** Absent for rules reported by earlier stages (load, validate, resolve). */
  check?: (ctx: CheckContext) => Diagnostic[];
  /** Input errors make the plan unreadable: exit 2 instead of 1. */
  input?: boolean;
}

/** How a node's place in the boot reads in messages: "rootfs 4", "ctor prio 2", "device". */
export function place(node: GraphNode): string {
  if (node.step) return `core step "${node.step.title}"`;
  const e = node.entry!;
  if (e.luna) return `${e.luna.lane}, step ${e.luna.seq + 1}`;
  if (e.kind === 'main') return 'main';
  if (e.kind === 'ctor') return `ctor prio ${e.prio}`;
  if (e.kind === 'early') return `early table prio ${e.prio}`;
  if (e.kind === 'init_array') return 'GCC constructors';
  // An initcall table without levels (a profile of one's own): the table and the priority.
  if (e.level === null) return `${e.table} prio ${e.prio}`;
  const where = e.table === 'initcalls' ? e.level : `${e.level} ${e.prio}`;
  return e.ordinal === undefined ? where : `${where}, devicetree ordinal ${e.ordinal}`;
}

export function named(node: GraphNode): string {
  return node.step ? `"${node.step.title}"` : `\`${node.id}\``;
}
