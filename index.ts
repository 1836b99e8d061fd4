/**
 * bootplan as a library: `loadPlan` → `compile` → `check`, reporters, and the emulated machine.
 *
 *     import { loadPlan, compile, check } from 'bootplan';
 *     const { compiled, diagnostics } = compile(loadPlan('plan.yaml'));
 *     if (compiled) diagnostics.push(...check(compiled));
 */
export * from './compiler/index.js';
export { REPORTERS, toDot, toMermaid } from './compiler/emit/index.js';
export { toCompiledJson } from './compiler/emit/compiled-json.js';
export { run, renderConsole, writeJsonl, parseJsonl, parseLinkOrder, parseFailSpec, witnessFromJson } from './runtime/index.js';
export type { RunOptions, RunResult, RunOutcome, LinkOrder, FailInjection, TraceEvent, EventKind } from './runtime/index.js';
export { parseAnyTrace } from './runtime/logs/detect.js';
export { verifyTrace, type VerifyReport } from './runtime/trace/conformance.js';
export { importLinuxSystemMap } from './import/linux-system-map.js';
export { importUnikraftNm } from './import/unikraft-nm.js';
export { importUnikraftSource } from './import/unikraft-src.js';
export { readSourceTree } from './import/source-tree.js';
export { writePlan } from './import/write-plan.js';
export { emitC, EmitError, type GeneratedFile } from './compiler/emit/c.js';
export { fixPlan, type FixChange, type FixResult } from './compiler/fix/index.js';
export { unifiedDiff } from './compiler/fix/diff.js';
