/**
 * bootplan as a library: `loadPlan` → `compile` → `check`, reporters, traces (read and verified)
 * and the emulated machine.
 *
 *     import { loadPlan, compile, check } from 'bootplan';
 *     const { compiled, diagnostics } = compile(loadPlan('plan.yaml'));
 *     if (compiled) diagnostics.push(...check(compiled));
 */
export * from './compiler/index.js';
export { REPORTERS, toDot, toMermaid } from './compiler/emit/index.js';
export { toCompiledJson } from './compiler/emit/compiled-json.js';
export { run, parseLinkOrder, parseFailSpec, witnessFromJson, witnessesFromJson } from './runtime/index.js';
export { applyAllows, findAllows, type Allow, type AllowResult } from './compiler/allow.js';
export { jsonFiles, type FileReport } from './compiler/emit/json.js';
export type { RunOptions, RunResult, RunOutcome, LinkOrder, FailInjection } from './runtime/index.js';
export { renderConsole, writeJsonl, parseJsonl, parseAnyTrace, verifyTrace } from './traces/index.js';
export type { TraceEvent, EventKind, VerifyReport } from './traces/index.js';
export { importLinuxSystemMap } from './import/linux-system-map.js';
export { importUnikraftNm } from './import/unikraft-nm.js';
export { importUnikraftSource } from './import/unikraft-src.js';
export { readSourceTree } from './import/source-tree.js';
export { writePlan } from './import/write-plan.js';
export { emitC, EmitError, type GeneratedFile } from './compiler/emit/c.js';
export { fixPlan, type FixChange, type FixResult } from './compiler/fix/index.js';
export { unifiedDiff } from './compiler/fix/diff.js';
