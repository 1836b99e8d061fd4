/** What a fault records: the same facts in the trace event and in the run's outcome. */
export interface FaultInfo {
  /** `fault` at init time, `term` in teardown (the kinds a Witness expects). */
  kind: 'fault' | 'term';
  id: string;
  capability: string;
  missing: string[];
  provider?: string;
  reason: string;
}
