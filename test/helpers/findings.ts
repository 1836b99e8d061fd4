/**
 * What `check` reports on a plan text, as plain data a test can compare whole: every field a user
 * reads (message, hint, where, related places, the witness, the fixes), with positions as
 * `line:column` and the virtual plan folder left out of file names.
 */
import type { Diagnostic, Location } from '../../compiler/types.js';
import { checkText, exampleHost } from './plans.js';

const FOLDER = '/virtual';

export interface Finding {
  code: string;
  severity: Diagnostic['severity'];
  at?: string;
  message: string;
  hint?: string;
  related?: { at?: string; message: string }[];
  subjects?: string[];
  capability?: string;
  witness?: Diagnostic['witness'];
  cause?: { code: string; message: string; at?: string };
  fixes?: { description: string; edits: { at: string; text: string }[] }[];
}

function at(location: Location | undefined): string | undefined {
  if (!location) return undefined;
  const file = location.file.startsWith(`${FOLDER}/`) ? location.file.slice(FOLDER.length + 1) : location.file;
  return `${file === 'plan.yaml' ? '' : `${file} `}${location.line}:${location.column}`;
}

function defined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

export function findingOf(d: Diagnostic): Finding {
  return defined({
    code: d.code,
    severity: d.severity,
    at: at(d.location),
    message: d.message,
    hint: d.hint,
    related: d.related?.map((r) => defined({ at: at(r.location), message: r.message })),
    subjects: d.subjects,
    capability: d.capability,
    witness: d.witness && defined({ order: [...d.witness.order], move: d.witness.move, expect: d.witness.expect }),
    cause: d.cause && defined({ code: d.cause.code, message: d.cause.message, at: at(d.cause.location) }),
    fixes: d.fixes?.map((f) => ({ description: f.description, edits: f.edits.map((e) => ({ at: `${e.range.line}:${e.range.column}-${e.range.endLine}:${e.range.endColumn}`, text: e.text })) })),
  });
}

/**
 * Compiles and checks `text` as `/virtual/plan.yaml`, with `hostFiles` (paths relative to the
 * plan's folder) as the host the checker reads; returns the findings, only those of `code` when
 * it is given.
 */
export async function findings(text: string, options: { code?: string; hostFiles?: Record<string, string>; files?: Record<string, string> } = {}): Promise<Finding[]> {
  const { diagnostics } = await checkText(text, options.files ?? {}, `${FOLDER}/plan.yaml`, exampleHost(options.hostFiles, FOLDER));
  return diagnostics.filter((d) => options.code === undefined || d.code === options.code).map(findingOf);
}
