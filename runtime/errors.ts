/**
 * The two ways the machine stops that are not a boot outcome. A ContractBreach is a bug in
 * bootplan (an effect implementation touched a capability its static contract does not list);
 * it is thrown out of `run` so tests and users see it. LimitReached ends a runaway run.
 */

/** An effect touched a capability outside the contract in compiler/effects.ts: a bootplan bug. */
export class ContractBreach extends Error {
  override name = 'ContractBreach';
  constructor(readonly effect: string, readonly entry: string, readonly capability: string, readonly direction: 'use' | 'provide', allowed: readonly string[]) {
    super(
      `internal error: effect "${effect}" of ${entry} tried to ${direction} "${capability}", which its contract does not list ` +
        `(${direction === 'use' ? 'uses' : 'provides'}: ${allowed.length ? allowed.join(', ') : 'nothing'}); ` +
        `runtime/effects/${effect}.ts and compiler/effects.ts disagree`,
    );
  }
}

/** The event or time budget ran out. */
export class LimitReached extends Error {
  override name = 'LimitReached';
  constructor(readonly limit: 'events' | 'time', readonly reason: string) {
    super(reason);
  }
}
