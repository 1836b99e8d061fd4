/**
 * The diagnostic codes `verifyTrace` and the log parsers produce, with the text `bootplan explain
 * CODE` can print. Severity is the usual one; some codes are notes in some situations (a Linux
 * return value, a stop that an earlier error already explains).
 */
import type { Severity } from '../../compiler/types.js';

export interface VerifyCode {
  severity: Severity;
  doc: string;
}

export const VERIFY_CODES: Readonly<Record<string, VerifyCode>> = {
  VERIFY_ORDER: { severity: 'error', doc: 'Two entries ran in an order the plan rules out: one needs what the other provides (or is declared after it), or the plan puts them at levels, priorities or link positions that run the other way. The message names both and both log lines.' },
  VERIFY_NOT_RUN: { severity: 'error', doc: 'A planned entry never ran although the trace ran entries after it. The image may not link it in, or registers it under another name.' },
  VERIFY_STOPPED: { severity: 'warning', doc: 'The trace stops before the end of the plan: after a failing init function (a note; the failure is its own error), after a crash or fault (an error), or for no reason the log shows (a warning: was it cut off?). Entries after that point are counted as not reached, not as missing.' },
  VERIFY_CRASHED: { severity: 'note', doc: 'The boot crashed (a panic, a fault) after every planned entry the log can show had run.' },
  VERIFY_UNPLANNED: { severity: 'warning', doc: 'Something ran that the plan does not have (or ran more often than the plan registers it). The plan is incomplete; `bootplan import` writes a skeleton from the image. Up to five such calls get a finding each; more get one finding with the count and the first of them (`--each-unplanned` lists each).' },
  VERIFY_UNNAMED: { severity: 'error', doc: 'The log prints function addresses only (real Unikraft images do), so calls cannot be matched to the plan. Pass the image\'s `nm -n` output with --symbols.' },
  VERIFY_ORPHAN_RETURN: { severity: 'warning', doc: 'A return line without its call line: the log is damaged or interleaved. The entry is counted as run at the return.' },
  VERIFY_FAILED: { severity: 'error', doc: 'An entry returned non-zero and the plan does not say `returns:` that value. An error where the table stops the boot on failure (Unikraft init table, rc < 0); a note where the return value is ignored (Linux initcalls, where -ENODEV means "no such hardware here") or counts as success (positive values).' },
  VERIFY_SLOW: { severity: 'warning', doc: 'An entry took longer than the `cost` the plan declares, by more than the tolerance (`--cost-tolerance`, default 1.5×: declared costs are rounded), measured from the log: the duration Linux prints, else the time to the next event.' },
  VERIFY_TERM_ORDER: { severity: 'error', doc: 'Term functions ran in table order; teardown runs them in reverse, from the last entry that ran.' },
  VERIFY_TERM_NOT_RUN: { severity: 'error', doc: 'The boot reached teardown but a term function whose init ran (or a term-only entry before the stop) was never called.' },
  LOG_MALFORMED: { severity: 'warning', doc: 'A log line looks like a boot event (a call, a return, a term) but cannot be read; it is left out.' },
  LOG_UNRESOLVED_ADDRESS: { severity: 'warning', doc: 'Function addresses in a Unikraft log that the symbol map (or no symbol map) does not name.' },
  LOG_LONG_LINES: { severity: 'note', doc: 'Very long log lines were read only in part (around their keywords).' },
  TRACE_BAD_LINE: { severity: 'error', doc: 'A line of a JSON Lines trace is not a valid trace event; it is left out and the rest is checked.' },
  TRACE_UNKNOWN_FIELD: { severity: 'note', doc: 'A JSON Lines trace carries fields the trace format does not have; they are ignored.' },
  TRACE_UNKNOWN_FORMAT: { severity: 'error', doc: 'The trace is neither bootplan JSON Lines, a Unikraft console log nor a Linux initcall_debug log.' },
};
