/** Reporters by format name. */
import { json } from './json.js';
import { pretty } from './pretty.js';
import type { Reporter } from './report.js';
import { sarif } from './sarif.js';

export const REPORTERS: Record<string, Reporter> = { pretty, json, sarif };
export type { Reporter, ReportInput, ReportOptions } from './report.js';
export { toDot, toMermaid, stagesOf, wholeGraph, type Stage } from './graph-text.js';
export { selectGraph, type GraphPart, type GraphSelection, type UnknownNode } from './graph-select.js';
