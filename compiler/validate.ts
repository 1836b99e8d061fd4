/**
 * Stage 2: shape. The JSON Schemas in schemas/ are compiled ahead of time into standalone
 * validators (scripts/gen-validators.mjs); their errors become diagnostics that point at the
 * offending YAML node, with a "did you mean" for unknown keys.
 */
import { validateFragment, validatePlan, validateProfile } from './generated/validators.js';
import { withoutPlainEntries } from './entry-shape.js';
import { suggest } from './suggest.js';
import type { Diagnostic } from './types.js';

interface AjvError {
  instancePath: string;
  keyword: string;
  message?: string;
  params: Record<string, unknown>;
  parentSchema?: { properties?: Record<string, unknown>; description?: string; enum?: unknown[] };
}
type Validator = ((data: unknown) => boolean) & { errors?: AjvError[] | null };

function pointerToPath(pointer: string): Array<string | number> {
  if (!pointer) return [];
  return pointer
    .slice(1)
    .split('/')
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((s) => (/^\d+$/.test(s) ? Number(s) : s));
}

function describe(path: ReadonlyArray<string | number>): string {
  if (path.length === 0) return 'the document';
  return path.map((p, i) => (typeof p === 'number' ? `[${p}]` : i === 0 ? p : `.${p}`)).join('');
}

function toDiagnostic(file: string, err: AjvError): Diagnostic | null {
  const path = pointerToPath(err.instancePath);
  const where = describe(path);
  switch (err.keyword) {
    case 'additionalProperties': {
      const key = String(err.params.additionalProperty);
      const known = Object.keys(err.parentSchema?.properties ?? {});
      const guess = suggest(key, known);
      return {
        code: 'unknown-key',
        severity: 'error',
        message: `unknown key "${key}" in ${where}${guess ? `; did you mean "${guess}"?` : ''}`,
        source: { file, path: [...path, key] },
        hint: known.length > 0 ? `allowed here: ${known.join(', ')}` : undefined,
      };
    }
    case 'required':
      return {
        code: 'schema',
        severity: 'error',
        message: `${where} is missing the required key "${String(err.params.missingProperty)}"`,
        source: { file, path },
      };
    case 'enum': {
      const allowed = (err.params.allowedValues as unknown[]) ?? [];
      return {
        code: 'schema',
        severity: 'error',
        message: `${where} must be one of ${allowed.map((v) => JSON.stringify(v)).join(', ')}`,
        source: { file, path },
      };
    }
    case 'const':
      return {
        code: 'schema',
        severity: 'error',
        message: `${where} must be ${JSON.stringify(err.params.allowedValue)}`,
        source: { file, path },
      };
    case 'anyOf':
    case 'oneOf':
    case 'if':
      return null; // The branch errors say more; the summary adds nothing.
    default:
      return {
        code: 'schema',
        severity: 'error',
        message: `${where} ${err.message ?? 'is invalid'}${err.parentSchema?.description ? ` (${firstSentence(err.parentSchema.description)})` : ''}`,
        source: { file, path },
      };
  }
}

function firstSentence(text: string): string {
  const i = text.indexOf('. ');
  return i > 0 ? text.slice(0, i) : text.replace(/\.$/, '');
}

/** One message for a value no branch of an `anyOf` accepts: what the value should be. */
function alternatives(file: string, err: AjvError): Diagnostic {
  const path = pointerToPath(err.instancePath);
  const description = err.parentSchema?.description;
  return {
    code: 'schema',
    severity: 'error',
    message: `${describe(path)} is not valid${description ? `: ${description.replace(/\.$/, '')}` : ''}`,
    source: { file, path },
  };
}

function run(validator: Validator, file: string, data: unknown): Diagnostic[] {
  if (validator(data)) return [];
  const out: Diagnostic[] = [];
  const seen = new Set<string>();
  const errors = validator.errors ?? [];
  // Where an anyOf of simple alternatives failed (a size: a number or a string with a unit), its
  // branch errors ("must be integer", "must match pattern ...") say less than the anyOf's description.
  const summarized = new Set(errors.filter((e) => e.keyword === 'anyOf' && e.parentSchema?.description && errors.every((b) => b === e || !b.instancePath.startsWith(e.instancePath + '/'))).map((e) => e.instancePath));
  for (const err of errors) {
    if (summarized.has(err.instancePath)) {
      if (err.keyword !== 'anyOf') continue;
      const d = alternatives(file, err);
      const key = `${d.message}@${JSON.stringify(d.source?.path)}`;
      if (!seen.has(key)) {
        seen.add(key);
        out.push(d);
      }
      continue;
    }
    const d = toDiagnostic(file, err);
    if (!d) continue;
    const key = `${d.message}@${JSON.stringify(d.source?.path)}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(d);
  }
  // anyOf failures where every branch was a type mismatch leave only type errors: keep one per node.
  return dedupeTypeErrors(out);
}

function dedupeTypeErrors(list: Diagnostic[]): Diagnostic[] {
  const byNode = new Map<string, number>();
  return list.filter((d) => {
    const node = JSON.stringify(d.source?.path);
    const n = byNode.get(node) ?? 0;
    byNode.set(node, n + 1);
    return n < 2;
  });
}

/**
 * The shape diagnostics of a plan (`root`) or a fragment. Lists of plain entries (entry-shape.ts)
 * are left out of the schema's walk: the schema finds nothing in them, and the same everywhere else.
 */
export function validatePlanShape(file: string, data: unknown, root: boolean): Diagnostic[] {
  return run((root ? validatePlan : validateFragment) as Validator, file, withoutPlainEntries(data));
}

/** The schema over every node of the document: what {@link validatePlanShape} must equal (tests). */
export function validatePlanShapeWhole(file: string, data: unknown, root: boolean): Diagnostic[] {
  return run((root ? validatePlan : validateFragment) as Validator, file, data);
}

export function validateProfileShape(file: string, data: unknown): Diagnostic[] {
  return run(validateProfile as Validator, file, data);
}
