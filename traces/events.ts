/**
 * Boot trace events: what the emulated machine writes (one JSON object per line) and what the
 * log parsers read back from real consoles. `schemas/trace.schema.json` describes the same shape.
 */

export type EventKind =
  | 'phase'
  | 'call'
  | 'return'
  | 'fault'
  | 'term'
  | 'mount'
  | 'alloc'
  | 'spawn'
  | 'log'
  | 'halt'
  | 'exec'
  | 'exit'
  | 'umount'
  | 'pivot-root';

export interface TraceEvent {
  /** 0-based position in the trace. */
  seq: number;
  /** Virtual time in nanoseconds (integer). For parsed real logs, the log's timestamp. */
  t: number;
  ev: EventKind;
  /** Entry or core-step id (`lib.fn`, `core.alloc`). */
  id?: string;
  lib?: string;
  fn?: string;
  table?: string;
  level?: string | null;
  prio?: number;
  /** Return code of `return` events. */
  rc?: number;
  /** `fault`: the capability that did not exist yet, all missing ones, and who provides it. */
  capability?: string;
  missing?: string[];
  provider?: string;
  /** `phase`: the step or table name. */
  name?: string;
  /** `log`: one console line as the real system prints it (without timestamp). */
  msg?: string;
  /** `halt`: the target state. */
  target?: 'HALT' | 'CRASH';
  /** `mount`. */
  path?: string;
  fs?: string;
  dev?: string;
  /** `alloc`: bytes and the address returned (0 when it failed). */
  size?: number;
  addr?: number;
  /** Parsed real logs: the symbol size `fn+0x0/0xSIZE`, pid, duration, and the log line (1-based). */
  symSize?: number;
  pid?: number;
  /** Thread model (Luna): `spawn`'s parent PID and user, `exit`'s status, `pivot-root`'s new root and where the old one went, a fault's errno. */
  ppid?: number;
  user?: string;
  status?: number;
  new?: string;
  old?: string;
  errno?: string;
  durationNs?: number;
  /**
   * The line of the log the event was read from (the log readers set it); a JSON Lines trace
   * read back by `parseJsonl` keeps the one it was written with.
   */
  line?: number;
  /** Free text for faults and errors. */
  reason?: string;
}
