/**
 * `bootplan verify`: holds a trace (emulated or from a real machine) against a compiled plan.
 * Reports pairs that ran in an order the plan proves wrong, planned entries that never ran
 * (only those the boot should have reached), entries that ran but are not in the plan, failed
 * returns, time against declared cost, and teardown order. Pure: the trace comes parsed.
 */
import { DEFAULT_COST } from '../../compiler/resolve.js';
import { verifyLunaTrace } from './luna.js';
import type { Compiled, Diagnostic, Entry, Location, RelatedInfo, Severity } from '../../compiler/types.js';
import type { ParsedLog } from '../logs/parsed-log.js';
import { entryForCall, entryForTerm, indexEntries, isUnnamed, type EntryIndex } from './conformance-map.js';
import type { TraceEvent } from '../events.js';
import { longestNonDecreasing } from './lnds.js';

export interface VerifyOptions {
  /** The trace's file name, for locations; default `trace`. */
  traceFile?: string;
  /**
   * An entry is slow when it takes more than `slowFactor` × its declared cost; default
   * {@link DEFAULT_COST_TOLERANCE}. Declared costs are rounded (an imported plan writes whole
   * microseconds or milliseconds), so 1 would call every rounding slow.
   */
  slowFactor?: number;
  /**
   * Up to this many calls the plan does not have get one finding each; more get one finding
   * with the count and the first of them. Default {@link UNPLANNED_EACH_UP_TO}; Infinity lists all.
   */
  unplannedEachUpTo?: number;
}

/** The default `slowFactor`: half as long again as declared. */
export const DEFAULT_COST_TOLERANCE = 1.5;
/** The default `unplannedEachUpTo`. */
export const UNPLANNED_EACH_UP_TO = 5;

export interface EntryTiming {
  id: string;
  /** Measured: the return's duration, else the time to the return or to the next event. */
  durationNs: number;
  /** Declared `cost` (0 when the plan declares none). */
  costNs: number;
  line?: number;
}

export interface VerifySummary {
  /** `call` events in the trace (and returns whose call line is missing). */
  calls: number;
  mapped: number;
  /** Calls that map to no plan entry (including ones only an address names). */
  unmapped: number;
  /** Planned entries the trace should have shown and does not. */
  missing: number;
  /** Planned entries after the point where the trace stops. */
  notReached: number;
  /** Planned entries a log of this kind cannot show (e.g. constructors with debug printing off). */
  unobservable: number;
  outOfOrder: number;
  failed: number;
  slow: number;
  terms: number;
  termsOutOfOrder: number;
  termsMissing: number;
}

export interface VerifyReport {
  format: ParsedLog['format'];
  /** Sorted: trace locations by line, then plan locations. */
  diagnostics: Diagnostic[];
  summary: VerifySummary;
  /** Call events that found their entry, in trace order. */
  mapping: Array<{ seq: number; line?: number; id: string }>;
  timings: EntryTiming[];
  /** Where and why the boot stopped early, when it did. */
  stopped: { line?: number; reason: string } | null;
  /** The trace's last timestamp (time since boot as the log counts it) and its line; null without events. */
  end: { ns: number; line?: number } | null;
}

interface Ran {
  entry: Entry;
  ev: TraceEvent;
  /** Position among the trace's events. */
  pos: number;
  ret?: TraceEvent;
}

const ERRNO: Readonly<Record<number, string>> = {
  1: 'EPERM', 2: 'ENOENT', 5: 'EIO', 6: 'ENXIO', 12: 'ENOMEM', 13: 'EACCES', 16: 'EBUSY', 17: 'EEXIST',
  19: 'ENODEV', 22: 'EINVAL', 28: 'ENOSPC', 38: 'ENOSYS', 95: 'EOPNOTSUPP', 110: 'ETIMEDOUT',
};

/**
 * Verifies a parsed trace against a compiled plan. Never throws on any trace. A bare event list
 * is accepted too (its format guessed from the events: Linux, Unikraft or our own JSON Lines).
 */
export function verifyTrace(compiled: Compiled, trace: ParsedLog | readonly TraceEvent[], options: VerifyOptions = {}): VerifyReport {
  const log = asParsedLog(trace);
  if (compiled.luna) return verifyLunaTrace(compiled, log, options);
  const traceFile = options.traceFile ?? 'trace';
  const slowFactor = options.slowFactor ?? DEFAULT_COST_TOLERANCE;
  const unplannedEachUpTo = options.unplannedEachUpTo ?? UNPLANNED_EACH_UP_TO;
  const index = indexEntries(compiled);
  const diagnostics: Diagnostic[] = [];
  const events = log.events;
  const at = (ev: TraceEvent | undefined): Location | undefined =>
    ev?.line !== undefined ? { file: traceFile, line: ev.line, column: 1 } : undefined;
  const say = (code: string, severity: Severity, message: string, ev: TraceEvent | undefined, extra: Partial<Diagnostic> = {}): void => {
    const d: Diagnostic = { code, severity, message, ...extra };
    const loc = at(ev);
    if (loc) d.location = loc;
    diagnostics.push(d);
  };

  // 1. Map calls (and orphan returns) to entries, pair returns, collect terms and stop causes.
  const ran = new Map<Entry, Ran>();
  const runs: Ran[] = [];
  const open = new Map<string, Ran[]>();
  // Calls the plan does not have that have not returned yet: their return is no orphan.
  const openUnplanned = new Map<string, number>();
  const unplannedCalls: TraceEvent[] = [];
  /** Calls of a planned entry after it already ran, by entry (reported with the unplanned ones). */
  const repeats = new Map<Entry, TraceEvent[]>();
  const stepPos = new Map<string, number>();
  const termRuns: Ran[] = [];
  const termUsed = new Set<Entry>();
  const unnamedTables = new Set<string>();
  let calls = 0;
  let unmapped = 0;
  let unnamed = 0;
  let unnamedTerms = 0;
  let firstUnnamed: TraceEvent | undefined;
  let failure: Ran | null = null;
  let crash: TraceEvent | null = null;
  let teardownSeen = false;
  let complete = false;
  const tablesSeen = new Set<string>();

  const startRun = (ev: TraceEvent, pos: number): Ran | null => {
    if (isUnnamed(ev.fn) && ev.id === undefined) {
      unnamed++;
      unmapped++;
      firstUnnamed ??= ev;
      if (ev.table) unnamedTables.add(ev.table);
      return null;
    }
    const { entry, again } = entryForCall(index, ev, ran);
    if (!entry) {
      unmapped++;
      const name = ev.id ?? ev.fn ?? '?';
      if (ev.ev === 'call') openUnplanned.set(name, (openUnplanned.get(name) ?? 0) + 1);
      const droppedEntry = ev.fn !== undefined ? index.dropped.get(ev.fn) : undefined;
      if (again) {
        const list = repeats.get(again);
        if (list) list.push(ev);
        else repeats.set(again, [ev]);
      } else if (droppedEntry) {
        say('VERIFY_UNPLANNED', 'warning', `\`${name}\` ran, but the plan's \`${droppedEntry.id}\` is one the build drops (${droppedEntry.reason})`, ev, { subjects: [droppedEntry.id] });
      } else {
        unplannedCalls.push(ev);
      }
      return null;
    }
    const r: Ran = { entry, ev, pos };
    ran.set(entry, r);
    runs.push(r);
    const key = ev.id ?? ev.fn ?? entry.id;
    const list = open.get(key);
    if (list) list.push(r);
    else open.set(key, [r]);
    return r;
  };

  for (let pos = 0; pos < events.length; pos++) {
    const ev = events[pos]!;
    switch (ev.ev) {
      case 'call': {
        calls++;
        if (ev.table) tablesSeen.add(ev.table);
        if (ev.table === 'main' || ev.fn === 'main') complete = true;
        startRun(ev, pos);
        break;
      }
      case 'return': {
        const key = ev.id ?? ev.fn ?? '';
        let r = open.get(key)?.pop();
        const pendingUnplanned = openUnplanned.get(key) ?? 0;
        if (!r && pendingUnplanned > 0) {
          openUnplanned.set(key, pendingUnplanned - 1);
          break;
        }
        if (!r && ev.id === undefined && !isUnnamed(ev.fn)) {
          // A return whose call line is gone (a damaged or interleaved log): it did run.
          say('VERIFY_ORPHAN_RETURN', 'warning', `\`${ev.fn ?? '?'}\` returned at line ${ev.line ?? '?'} but its call is not in the trace; counted as run there`, ev, { hint: 'the log may be cut or interleaved; verify trusts the return line' });
          calls++;
          r = startRun(ev, pos) ?? undefined;
          if (r) open.get(ev.id ?? ev.fn ?? r.entry.id)?.pop();
        }
        if (!r) break;
        r.ret = ev;
        if (ev.rc !== undefined && ev.rc !== 0) {
          const stops = judgeReturn(r, ev.rc);
          if (stops && !failure) failure = r;
        }
        break;
      }
      case 'term': {
        const entry = entryForTerm(index, ev, termUsed);
        if (!entry) {
          if (!isUnnamed(ev.fn)) say('VERIFY_UNPLANNED', 'warning', `term function \`${ev.id ?? ev.fn ?? '?'}\` ran but no plan entry has it as its term`, ev);
          else {
            unnamed++;
            unnamedTerms++;
            firstUnnamed ??= ev;
          }
          break;
        }
        termUsed.add(entry);
        termRuns.push({ entry, ev, pos });
        teardownSeen = true;
        break;
      }
      case 'phase': {
        const stepId = ev.id ?? (ev.name !== undefined ? `core.${ev.name}` : undefined);
        if (stepId !== undefined && !stepPos.has(stepId)) stepPos.set(stepId, pos);
        if (ev.name === 'teardown') {
          teardownSeen = true;
          if (ev.target === 'CRASH') crash ??= ev;
        }
        break;
      }
      case 'fault':
        crash ??= ev;
        break;
      case 'halt':
        if (ev.target === 'CRASH') crash ??= ev;
        else complete = true;
        teardownSeen ||= compiled.profile.tables.some((t) => t.terms);
        break;
      default:
        break;
    }
  }

  reportUnplanned();

  // 2. Order: explicit requirements first, then the keys (levels, priorities, link order).
  const blamed = new Set<Entry>();
  let outOfOrder = 0;
  const position = (id: string): { pos: number; ev?: TraceEvent } | undefined => {
    const e = index.byId.get(id);
    if (e) {
      const r = ran.get(e);
      return r ? { pos: r.pos, ev: r.ev } : undefined;
    }
    const p = stepPos.get(id);
    return p !== undefined ? { pos: p, ev: events[p] } : undefined;
  };
  for (const edge of compiled.edges) {
    const from = position(edge.from);
    const to = position(edge.to);
    if (!from || !to || to.pos > from.pos) continue;
    outOfOrder++;
    const toEntry = index.byId.get(edge.to);
    const fromEntry = index.byId.get(edge.from);
    if (toEntry) blamed.add(toEntry);
    if (fromEntry) blamed.add(fromEntry);
    const why = edge.reason.kind === 'uses' || edge.reason.kind === 'term-uses'
      ? `it uses \`${edge.reason.capability}\`, which \`${edge.from}\` provides`
      : edge.reason.kind === 'after' ? `it is declared \`after: [${edge.from}]\`` : `\`${edge.from}\` is declared \`before: [${edge.to}]\``;
    say('VERIFY_ORDER', 'error', `\`${edge.to}\` ran at line ${to.ev?.line ?? '?'} before \`${edge.from}\` (line ${from.ev?.line ?? '?'}), but ${why}`, to.ev, {
      related: [related(`\`${edge.from}\` ran here`, from.ev), ...planRelated(toEntry), ...planRelated(fromEntry)],
      subjects: [edge.to, edge.from],
      hint: `find out why \`${edge.to}\` runs earlier in this image than the plan says (its level, priority or link order)`,
    });
  }
  const linkOrder = compiled.profile.ties === 'link-order';
  const sortKey = (e: Entry): number => (linkOrder ? index.rank.get(e.id) ?? e.key : e.key);
  const keys = runs.map((r) => sortKey(r.entry));
  const inOrder = new Set(longestNonDecreasing(keys));
  for (let i = 0; i < runs.length; i++) {
    if (inOrder.has(i)) continue;
    const r = runs[i]!;
    if (blamed.has(r.entry)) continue;
    // The nearest in-order run that proves the misplacement: an earlier one that should come
    // after it, else a later one that should come before it.
    let partner: Ran | undefined;
    let ranAfterPartner = true;
    for (let j = i - 1; j >= 0 && !partner; j--) if (inOrder.has(j) && keys[j]! > keys[i]!) partner = runs[j];
    if (!partner) {
      ranAfterPartner = false;
      for (let j = i + 1; j < runs.length && !partner; j++) if (inOrder.has(j) && keys[j]! < keys[i]!) partner = runs[j];
    }
    if (!partner) continue;
    outOfOrder++;
    const [first, second] = ranAfterPartner ? [r, partner] : [partner, r];
    say('VERIFY_ORDER', 'error', `\`${r.entry.id}\` ran at line ${r.ev.line ?? '?'} ${ranAfterPartner ? 'after' : 'before'} \`${partner.entry.id}\` (line ${partner.ev.line ?? '?'}), but ${keyReason(first.entry, second.entry, linkOrder)}`, r.ev, {
      related: [related(`\`${partner.entry.id}\` ran here`, partner.ev), ...planRelated(r.entry), ...planRelated(partner.entry)],
      subjects: [r.entry.id, partner.entry.id],
      hint: 'the image registers one of them at another level, priority or link position than the plan says: correct the plan (or the image)',
    });
  }

  // 3. Where the boot stopped, and what never ran.
  const stop = stopPoint();
  const observable = (e: Entry): boolean => {
    if (e.fn === null) return false; // term-only: no call to see
    if (log.format === 'jsonl') return true;
    if (e.kind === 'early') return false; // the early table prints nothing per entry
    if (log.format === 'linux') return e.kind === 'initcall' || e.kind === 'main'; // main: "Run /sbin/init as init process"
    // Unikraft prints constructor and init calls only with debug printing on.
    if (e.kind === 'main') return true;
    const debugOn = tablesSeen.has('ctors') || tablesSeen.has('inittab') || tablesSeen.has('init_array') || unnamedTables.size > 0;
    if (!debugOn) return false;
    const table = e.kind === 'ctor' ? 'ctors' : e.kind === 'initcall' ? 'inittab' : 'init_array';
    return !unnamedTables.has(table);
  };
  let missing = 0;
  let notReached = 0;
  let unobservable = 0;
  const unreached: Entry[] = [];
  for (const e of index.byId.values()) {
    if (ran.has(e)) continue;
    if (!observable(e)) {
      if (e.fn !== null) unobservable++;
      continue;
    }
    const rank = index.rank.get(e.id) ?? Infinity;
    if (stop && rank > stop.rank) {
      notReached++;
      unreached.push(e);
      continue;
    }
    missing++;
    diagnostics.push({
      code: 'VERIFY_NOT_RUN',
      severity: 'error',
      message: `\`${e.id}\` never ran: the plan has it${e.level ? ` at level \`${e.level}\`` : ''}${e.kind === 'ctor' ? ' in the constructor table' : ''}, and the trace ran entries after it`,
      source: e.source,
      subjects: [e.id],
      hint: 'the image may not link it in (check its configuration), or it is registered under another name',
    });
  }
  if (stop && notReached > 0) {
    const severity: Severity = stop.explained ? 'note' : stop.crash ? 'error' : 'warning';
    say('VERIFY_STOPPED', severity, `the trace stops at line ${stop.ev?.line ?? '?'} (${stop.reason}): ${notReached} planned entr${notReached === 1 ? 'y' : 'ies'} after it never ran, first \`${unreached.sort((a, b) => (index.rank.get(a.id) ?? 0) - (index.rank.get(b.id) ?? 0))[0]!.id}\``, stop.ev, {
      subjects: unreached.slice(0, 50).map((e) => e.id),
      ...(stop.crash || stop.explained ? {} : { hint: 'was the log cut off? capture the whole boot' }),
    });
  } else if (crash && !failure) {
    say('VERIFY_CRASHED', 'note', `the boot crashed after every planned entry it could show had run: ${crash.reason ?? crash.target ?? 'crash'}`, crash);
  }
  if (unnamed > 0) {
    say('VERIFY_UNNAMED', 'error', `${unnamed} call(s) print only a function address, so they cannot be matched to the plan`, firstUnnamed, { hint: 'pass the image\'s `nm -n` output with --symbols' });
  }

  // 4. Teardown: term functions in reverse order of the init table, and none forgotten.
  let termsOutOfOrder = 0;
  let termsMissing = 0;
  const termKey = (e: Entry): number => sortKey(e);
  for (let i = 1; i < termRuns.length; i++) {
    const prev = termRuns[i - 1]!;
    const cur = termRuns[i]!;
    const a = termKey(prev.entry);
    const b = termKey(cur.entry);
    let wrong = b > a;
    if (a === b && !linkOrder) {
      // Equal keys: the table order is this image's link order, seen in its init calls.
      const pa = ran.get(prev.entry)?.pos;
      const pb = ran.get(cur.entry)?.pos;
      wrong = pa !== undefined && pb !== undefined && pb > pa;
    } else if (a === b) wrong = prev.entry.index < cur.entry.index;
    if (!wrong) continue;
    termsOutOfOrder++;
    say('VERIFY_TERM_ORDER', 'error', `term function of \`${cur.entry.id}\` ran at line ${cur.ev.line ?? '?'} after the one of \`${prev.entry.id}\` (line ${prev.ev.line ?? '?'}); teardown runs in reverse table order, so \`${cur.entry.id}\` (later in the table) must be torn down first`, cur.ev, {
      related: [related(`\`${prev.entry.id}\` torn down here`, prev.ev)],
      subjects: [cur.entry.id, prev.entry.id],
    });
  }
  // Terms printed only as addresses could be any of them: nothing to say about missing ones.
  if (teardownSeen && unnamedTerms === 0) {
    const limit = failure ? index.rank.get(failure.entry.id) ?? Infinity : Infinity;
    for (const e of index.byId.values()) {
      if (!e.term || termUsed.has(e)) continue;
      const rank = index.rank.get(e.id) ?? Infinity;
      // Unikraft: on failure at entry k only the entries before k are torn down; term-only
      // entries count as "run" when the boot got past them.
      const initRan = e.fn === null ? rank < limit && (!stop || rank <= stop.rank) : ran.has(e) && rank < limit;
      if (!initRan) continue;
      termsMissing++;
      diagnostics.push({
        code: 'VERIFY_TERM_NOT_RUN',
        severity: 'error',
        message: `term function \`${e.term.fn}\` of \`${e.id}\` never ran, although the boot reached teardown${e.fn !== null ? ' and its init function ran' : ''}`,
        source: e.source,
        subjects: [e.id],
      });
    }
  }

  // 5. Time against declared cost.
  const timings: EntryTiming[] = [];
  let slow = 0;
  for (const r of runs) {
    const duration = durationOf(r);
    if (duration === null) continue;
    const cost = r.entry.cost === DEFAULT_COST ? 0 : r.entry.cost;
    const timing: EntryTiming = { id: r.entry.id, durationNs: duration, costNs: cost };
    if (r.ev.line !== undefined) timing.line = r.ev.line;
    timings.push(timing);
    if (cost > 0 && duration > cost * slowFactor) {
      slow++;
      say('VERIFY_SLOW', 'warning', `\`${r.entry.id}\` took ${formatNs(duration)}, ${ratio(duration / cost)}× its declared cost of ${formatNs(cost)} (tolerance ${slowFactor}×)`, r.ev, {
        subjects: [r.entry.id],
        related: planRelated(r.entry),
        hint: 'raise its `cost` in the plan, or find out why it is slow on this machine',
      });
    }
  }

  const failed = diagnostics.filter((d) => d.code === 'VERIFY_FAILED').length;
  return {
    format: log.format,
    diagnostics: sortReport(diagnostics, index),
    summary: { calls, mapped: runs.length, unmapped, missing, notReached, unobservable, outOfOrder, failed, slow, terms: termRuns.length, termsOutOfOrder, termsMissing },
    mapping: runs.map((r) => ({ seq: r.ev.seq, ...(r.ev.line !== undefined ? { line: r.ev.line } : {}), id: r.entry.id })),
    timings,
    stopped: stop ? { ...(stop.ev?.line !== undefined ? { line: stop.ev.line } : {}), reason: stop.reason } : null,
    end: traceEnd(events),
  };

  /** One finding per call the plan does not have, or one for all of them when they are many. */
  function reportUnplanned(): void {
    // Repeats of a planned entry: one finding each up to the bound, then one for the rest of them.
    for (const [entry, evs] of repeats) {
      const firstRun = ran.get(entry)?.ev.line ?? '?';
      const hintOnce = 'register it once more in the plan if the image really has it twice';
      for (const ev of evs.slice(0, unplannedEachUpTo)) {
        say('VERIFY_UNPLANNED', 'warning', `\`${ev.id ?? ev.fn ?? '?'}\` ran again (line ${ev.line ?? '?'}): the plan registers it once, as \`${entry.id}\`, which already ran at line ${firstRun}`, ev, { subjects: [entry.id], hint: hintOnce });
      }
      if (evs.length > unplannedEachUpTo) {
        const rest = evs.length - unplannedEachUpTo;
        const next = evs[unplannedEachUpTo]!;
        say('VERIFY_UNPLANNED', 'warning', `\`${entry.id}\` ran ${rest} more time${rest === 1 ? '' : 's'} after that, from line ${next.line ?? '?'}: the plan registers it once`, next, { subjects: [entry.id], hint: `${hintOnce}; \`--each-unplanned\` reports each` });
      }
    }
    const hint = 'add it to the plan (`bootplan import` writes a skeleton from the image)';
    const nameOf = (ev: TraceEvent): string => ev.id ?? ev.fn ?? '?';
    if (unplannedCalls.length <= unplannedEachUpTo) {
      for (const ev of unplannedCalls) say('VERIFY_UNPLANNED', 'warning', `\`${nameOf(ev)}\` ran${ev.table ? ` (${ev.table})` : ''} but is not in the plan`, ev, { hint });
      return;
    }
    const first = unplannedCalls[0]!;
    const names = unplannedCalls.slice(0, 3).map((ev) => `\`${nameOf(ev)}\` (line ${ev.line ?? '?'})`).join(', ');
    say('VERIFY_UNPLANNED', 'warning', `${unplannedCalls.length} calls ran that the plan does not have, first ${names}`, first, {
      subjects: unplannedCalls.slice(0, 50).map(nameOf),
      hint: `add them to the plan (\`bootplan import\` writes a skeleton from the image); \`--format json\` lists the first 50 under \`subjects\`, \`--each-unplanned\` reports each`,
    });
  }

  /** Reports a non-zero return; true when it stops the boot (a failing entry of a table that can fail). */
  function judgeReturn(r: Ran, rc: number): boolean {
    const e = r.entry;
    if (e.returns === rc) return rc < 0 && canFail(e); // the plan injects exactly this
    const name = rc < 0 && ERRNO[-rc] ? ` (-${ERRNO[-rc]})` : '';
    if (e.kind === 'main') {
      const crashes = compiled.profile.mainNonZero === 'crash';
      say('VERIFY_FAILED', crashes ? 'warning' : 'note', `\`${e.id}\` returned ${rc}${name}; ${crashes ? 'this profile halts in CRASH after a non-zero main' : 'the system halts normally anyway'}`, r.ret, { subjects: [e.id] });
      return false;
    }
    if (!canFail(e)) {
      // Linux ignores initcall return values: -ENODEV is how a driver says "no such hardware
      // here", and the boot goes on. Worth seeing, not a failure of the plan.
      say('VERIFY_FAILED', 'note', `\`${e.id}\` returned ${rc}${name}; its table ignores return values, so the boot went on`, r.ret, { subjects: [e.id], related: planRelated(e) });
      return false;
    }
    if (rc > 0) {
      say('VERIFY_FAILED', 'note', `\`${e.id}\` returned ${rc}; positive values count as success`, r.ret, { subjects: [e.id] });
      return false;
    }
    say('VERIFY_FAILED', 'error', `\`${e.id}\` returned ${rc}${name}, which stops the boot: the rest of the init table never runs and teardown starts from the entry before it`, r.ret, {
      subjects: [e.id],
      related: planRelated(e),
      hint: e.returns !== 0 ? `the plan expected ${e.returns}` : 'if this failure is expected, say `returns: ' + rc + '` in the plan',
    });
    return true;
  }

  function canFail(e: Entry): boolean {
    return compiled.profile.tables.find((t) => t.name === e.table)?.canFail ?? false;
  }

  function stopPoint(): { rank: number; ev?: TraceEvent; reason: string; crash: boolean; explained: boolean } | null {
    if (failure) {
      const ev = failure.ret ?? failure.ev;
      return { rank: index.rank.get(failure.entry.id) ?? -1, ev, reason: `\`${failure.entry.id}\` returned ${failure.ret?.rc ?? '?'}`, crash: true, explained: true };
    }
    const furthest = runs.reduce((m, r) => Math.max(m, index.rank.get(r.entry.id) ?? -1), -1);
    const last = runs.reduce<Ran | undefined>((best, r) => (!best || (index.rank.get(r.entry.id) ?? -1) > (index.rank.get(best.entry.id) ?? -1) ? r : best), undefined);
    if (crash) {
      const reason = crash.reason ?? (crash.ev === 'fault' ? `a fault${crash.capability ? ` on \`${crash.capability}\`` : ''}` : 'the system crashed');
      return { rank: furthest, ev: crash, reason, crash: true, explained: false };
    }
    if (complete) return null;
    if (!last) return null;
    // Where the trace ends (by position), and how far into the plan it got (by rank).
    const end = runs[runs.length - 1]!;
    const endEv = end.ret && end.ret.seq > end.ev.seq ? end.ret : end.ev;
    return { rank: furthest, ev: endEv, reason: `the furthest planned entry it reached is \`${last.entry.id}\``, crash: false, explained: false };
  }

  function durationOf(r: Ran): number | null {
    if (r.ret?.durationNs !== undefined) return r.ret.durationNs;
    if (r.ret && r.ret.t >= r.ev.t) return r.ret.t - r.ev.t;
    for (let p = r.pos + 1; p < events.length; p++) {
      const next = events[p]!;
      if (next.ev === 'log') continue;
      return next.t >= r.ev.t ? next.t - r.ev.t : null;
    }
    return null;
  }

  function related(message: string, ev: TraceEvent | undefined): RelatedInfo {
    const loc = at(ev);
    return loc ? { message, location: loc } : { message };
  }
}

function asParsedLog(trace: ParsedLog | readonly TraceEvent[]): ParsedLog {
  // Hand-made inputs may hold anything; only objects with an `ev` are events.
  // A `line` that is not a 1-based integer (only hand-made events have one) locates nothing.
  const lineOk = (e: TraceEvent) => e.line === undefined || (Number.isSafeInteger(e.line) && e.line >= 1);
  const withoutLine = ({ line: _line, ...rest }: TraceEvent): TraceEvent => rest;
  const clean = (list: readonly unknown[]): TraceEvent[] =>
    list
      .filter((e): e is TraceEvent => typeof e === 'object' && e !== null && typeof (e as TraceEvent).ev === 'string')
      .map((e) => (lineOk(e) ? e : withoutLine(e)));
  if (!Array.isArray(trace)) {
    const log = trace as Partial<ParsedLog> | null;
    const events = Array.isArray(log?.events) ? log.events : [];
    return { format: log?.format ?? 'jsonl', events: clean(events), diagnostics: log?.diagnostics ?? [] };
  }
  const events = clean(trace);
  const called = events.filter((e) => e.ev === 'call');
  const format: ParsedLog['format'] = called.some((e) => e.id !== undefined)
    ? 'jsonl'
    : called.some((e) => e.table === 'initcalls' || e.pid !== undefined) ? 'linux' : called.some((e) => e.table === 'inittab' || e.table === 'ctors') ? 'unikraft' : 'jsonl';
  return { format, events, diagnostics: [] };
}

function planRelated(e: Entry | undefined): RelatedInfo[] {
  return e ? [{ message: `\`${e.id}\` in the plan`, source: e.source }] : [];
}

function keyReason(first: Entry, second: Entry, linkOrder: boolean): string {
  if (first.level !== second.level && first.level !== null && second.level !== null && first.table === second.table) {
    return `the plan puts \`${first.id}\` at level \`${first.level}\`, which runs before level \`${second.level}\` of \`${second.id}\``;
  }
  if (first.table !== second.table || first.kind !== second.kind) {
    return `the plan runs \`${first.id}\` (${first.table}) before \`${second.id}\` (${second.table})`;
  }
  if (first.prio !== second.prio) {
    return `the plan gives \`${first.id}\` priority ${first.prio}, which runs before priority ${second.prio} of \`${second.id}\``;
  }
  return linkOrder
    ? `both are at ${first.level ? `level \`${first.level}\`` : 'the same key'}, where link order decides, and the plan declares \`${first.id}\` first`
    : `the plan orders \`${first.id}\` first`;
}

function traceEnd(events: readonly TraceEvent[]): VerifyReport['end'] {
  let last: TraceEvent | undefined;
  for (const ev of events) if (Number.isFinite(ev.t) && (!last || ev.t >= last.t)) last = ev;
  if (!last) return null;
  return last.line !== undefined ? { ns: last.t, line: last.line } : { ns: last.t };
}

/** Two decimals near 1 (1.04×), where one would round a slow entry down to "1.0×". */
function ratio(value: number): string {
  return value < 1.1 ? value.toFixed(2) : value.toFixed(1);
}

function formatNs(ns: number): string {
  if (ns >= 1e9) return `${(ns / 1e9).toFixed(2)} s`;
  if (ns >= 1e6) return `${(ns / 1e6).toFixed(2)} ms`;
  if (ns >= 1e3) return `${(ns / 1e3).toFixed(1)} us`;
  return `${ns} ns`;
}

/** Trace locations by line, then plan locations in plan order; stable within a line. */
function sortReport(diagnostics: Diagnostic[], index: EntryIndex): Diagnostic[] {
  const planRank = (d: Diagnostic): number => index.rank.get(d.subjects?.[0] ?? '') ?? Infinity;
  return diagnostics
    .map((d, i) => ({ d, i }))
    .sort((a, b) => {
      const la = a.d.location?.line ?? Infinity;
      const lb = b.d.location?.line ?? Infinity;
      if (la !== lb) return la - lb;
      const pa = planRank(a.d);
      const pb = planRank(b.d);
      if (pa !== pb) return pa - pb;
      return a.i - b.i;
    })
    .map((x) => x.d);
}
