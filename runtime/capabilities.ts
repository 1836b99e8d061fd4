/**
 * The capabilities that exist right now. A capability exists while at least one live provider
 * has it: core steps and term-less entries provide for good, an entry with a term function
 * withdraws what it provided when that term runs.
 */
import type { Compiled, Entry } from '../compiler/types.js';

export class Capabilities {
  private readonly live = new Map<string, number>();
  private readonly withdrawnBy = new Map<string, string>();

  constructor(private readonly compiled: Compiled, initial: readonly string[]) {
    for (const cap of initial) this.add(cap);
  }

  has(cap: string): boolean {
    return (this.live.get(cap) ?? 0) > 0;
  }

  add(cap: string): void {
    this.live.set(cap, (this.live.get(cap) ?? 0) + 1);
  }

  /** One provider fewer; `by` is remembered for teardown faults. */
  withdraw(cap: string, by: string): void {
    const n = (this.live.get(cap) ?? 0) - 1;
    if (n > 0) this.live.set(cap, n);
    else {
      this.live.delete(cap);
      this.withdrawnBy.set(cap, by);
    }
  }

  /** Gone whatever its providers: an unmounted directory takes the mounts beneath it along. */
  remove(cap: string, by: string): void {
    if (this.live.delete(cap)) this.withdrawnBy.set(cap, by);
  }

  /** Live `mount:` capabilities strictly beneath `dir`. */
  mountsBeneath(dir: string): string[] {
    const out: string[] = [];
    for (const cap of this.live.keys()) {
      if (!cap.startsWith('mount:')) continue;
      const path = cap.slice('mount:'.length);
      if (path !== dir && (dir === '/' || path.startsWith(dir + '/'))) out.push(cap);
    }
    return out;
  }

  /** The entry or step that provides `cap` (or withdrew it last, once it has been withdrawn). */
  providerOf(cap: string): string | undefined {
    if (!this.has(cap) && this.withdrawnBy.has(cap)) return this.withdrawnBy.get(cap);
    return firstProvider(this.compiled, cap);
  }
}

/**
 * Who provides `cap` first: a core step, else the entry earliest by (key, declaration index).
 * Looked up only when a fault is reported, so a run pays nothing for it.
 */
function firstProvider(compiled: Compiled, cap: string): string | undefined {
  for (const step of compiled.steps) if (step.provides.includes(cap)) return step.id;
  let best: Entry | undefined;
  for (const entry of compiled.entries) {
    if (!entry.provides.includes(cap)) continue;
    if (!best || entry.key < best.key || (entry.key === best.key && entry.index < best.index)) best = entry;
  }
  // An entry the linker drops (a bad priority) would have provided it: name it all the same.
  return best?.id ?? compiled.dropped?.find((d) => d.provides.includes(cap))?.id;
}
