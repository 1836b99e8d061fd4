/**
 * The capabilities that exist right now. A capability exists while at least one live provider
 * has it: core steps and term-less entries provide for good, an entry with a term function
 * withdraws what it provided when that term runs.
 */
import type { Compiled } from '../compiler/types.js';

export class Capabilities {
  private readonly live = new Map<string, number>();
  /** Who provides each capability first in declared run order: named in fault events. */
  private readonly providers = new Map<string, string>();
  private readonly withdrawnBy = new Map<string, string>();

  constructor(compiled: Compiled, initial: readonly string[]) {
    for (const cap of initial) this.add(cap);
    for (const step of compiled.steps) for (const cap of step.provides) if (!this.providers.has(cap)) this.providers.set(cap, step.id);
    // In key order, so that the provider named is the one that would have run first.
    const byKey = [...compiled.entries].sort((a, b) => a.key - b.key || a.index - b.index);
    for (const entry of byKey) for (const cap of entry.provides) if (!this.providers.has(cap)) this.providers.set(cap, entry.id);
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

  /** The entry or step that provides `cap` (or withdrew it last, once it has been withdrawn). */
  providerOf(cap: string): string | undefined {
    return this.has(cap) ? this.providers.get(cap) : this.withdrawnBy.get(cap) ?? this.providers.get(cap);
  }
}
