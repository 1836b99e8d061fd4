/**
 * Boot traces, from the emulated machine and from real machines: the JSON Lines format, the
 * consoles' readers (Unikraft, Linux `initcall_debug`) and writers, and conformance (`verify`).
 * Needs only the compiler's types: reading a real log never loads the emulated machine.
 */
export { writeJsonl, parseJsonl, type JsonlError } from './jsonl.js';
export type { TraceEvent, EventKind } from './events.js';
export { renderConsole, type ConsoleFormat } from './logs/console.js';
export { parseAnyTrace, detectTraceFormat, type ParseAnyOptions } from './logs/detect.js';
export type { LogFormat, ParsedLog } from './logs/parsed-log.js';
export { verifyTrace, type VerifyReport } from './verify/conformance.js';
