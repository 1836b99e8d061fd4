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
