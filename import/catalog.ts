/**
 * Capability catalogs: data under specs/catalogs/<system>.yaml saying which API functions need
 * which capability and what well-known registrations provide and do, each fact with the upstream
 * file:line it comes from (docs/catalogs.md). A user's catalog (`--catalog FILE`) has the same
 * shape and is merged over the bundled one fact by fact. Bad catalogs come back as diagnostics
 * with file:line; reading never throws.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv2020, type ErrorObject } from 'ajv/dist/2020.js';
import { LineCounter, parseDocument } from 'yaml';
import { EFFECTS } from '../compiler/effects.js';
import { PACKAGE_ROOT, SCHEMAS_DIR } from '../compiler/paths.js';
import type { Diagnostic } from '../compiler/types.js';
import type { EffectObject } from './infer/types.js';

/** One fact about an API function or a registered function. */
export interface CatalogFact {
  /** The name or glob it is filed under (`uk_malloc`, `uk_sched_*`). */
  name: string;
  uses: string[];
  provides: string[];
  effects: EffectObject[];
  /** Index of a path argument whose absolute literal value needs the mount holding it. */
  path?: number;
  /** With `path`: the call creates the path, so the mount holding its parent is needed. */
  creates?: boolean;
  /** Index of a mount point argument: needs its parent's mount, provides `mount:<it>`. */
  mountTarget?: number;
  doc?: string;
  /** Upstream `path:line` (inside `upstream`) or `owner/repo path:line`. */
  source: string;
  /** The repository `source` points into, from the fact's own catalog file. */
  upstream?: string;
  /** The catalog file the fact was read from, as the user named it. */
  file: string;
  /** 1-based line of the fact in that file. */
  line: number;
}

export interface Catalog {
  system: string;
  profile?: string;
  upstream?: string;
  /** Capabilities the catalog defines, name → one line. */
  capabilities: Record<string, string>;
  calls: FactTable;
  registrations: FactTable;
  /** Libraries by the name a Kraftfile gives them: the entries each registers (`bootplan init --kraftfile`). */
  libraries: Record<string, CatalogLibrary>;
  /** Files merged into it, bundled first. */
  files: string[];
}

/** One registration of a catalog library, as its source writes it. */
export interface CatalogLibraryEntry {
  fn?: string;
  term?: string;
  level?: string;
  prio?: number;
  /** The option that compiles it in, when it is not always there. */
  kconfig?: string;
  source: string;
}

export interface CatalogLibrary {
  upstream?: string;
  doc?: string;
  early?: CatalogLibraryEntry[];
  ctors?: CatalogLibraryEntry[];
  initcalls?: CatalogLibraryEntry[];
}

export interface CatalogRead {
  catalog: Catalog | null;
  diagnostics: Diagnostic[];
}

/** Facts by exact name, then by glob (longest literal text first). */
export class FactTable {
  private readonly exact = new Map<string, CatalogFact>();
  private globs: Array<{ re: RegExp; weight: number; fact: CatalogFact }> = [];
  private readonly memo = new Map<string, CatalogFact | null>();

  set(fact: CatalogFact): void {
    this.memo.clear();
    if (!fact.name.includes('*')) {
      this.exact.set(fact.name, fact);
      return;
    }
    this.globs = this.globs.filter((g) => g.fact.name !== fact.name);
    const re = new RegExp(`^${fact.name.split('*').map((s) => s.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`);
    this.globs.push({ re, weight: fact.name.replace(/\*/g, '').length, fact });
    this.globs.sort((a, b) => b.weight - a.weight || (a.fact.name < b.fact.name ? -1 : 1));
  }

  /** The fact for a function name, or undefined when the catalog does not know it. */
  lookup(name: string): CatalogFact | undefined {
    const hit = this.exact.get(name);
    if (hit) return hit;
    let m = this.memo.get(name);
    if (m === undefined) {
      m = this.globs.find((g) => g.re.test(name))?.fact ?? null;
      this.memo.set(name, m);
    }
    return m ?? undefined;
  }

  /** Every fact, exact names first, in name order. */
  all(): CatalogFact[] {
    return [...[...this.exact.values()].sort((a, b) => (a.name < b.name ? -1 : 1)), ...this.globs.map((g) => g.fact)];
  }
}

export const CATALOGS_DIR = join(PACKAGE_ROOT, 'specs', 'catalogs');

/** The bundled catalog of a system (`specs/catalogs/<system>.yaml`), merged with user files. */
export function loadCatalog(system: string, userFiles: readonly string[] = [], read: (path: string) => string = (p) => readFileSync(p, 'utf8')): CatalogRead {
  const bundled = join(CATALOGS_DIR, `${system}.yaml`);
  const parts: Array<{ file: string; shown: string }> = [
    { file: bundled, shown: `specs/catalogs/${system}.yaml` },
    ...userFiles.map((f) => ({ file: f, shown: f })),
  ];
  const diagnostics: Diagnostic[] = [];
  let catalog: Catalog | null = null;
  for (const part of parts) {
    let text: string;
    try {
      text = read(part.file);
    } catch (err) {
      diagnostics.push(bad(part.shown, 1, `cannot read the catalog: ${(err as NodeJS.ErrnoException)?.code ?? String(err)}`));
      continue;
    }
    const parsed = parseCatalog(part.shown, text);
    diagnostics.push(...parsed.diagnostics);
    if (!parsed.catalog) continue;
    if (catalog && parsed.catalog.system !== catalog.system) {
      diagnostics.push(bad(part.shown, 1, `is a catalog for \`${parsed.catalog.system}\`, not \`${catalog.system}\`; not merged`));
      continue;
    }
    catalog = catalog ? mergeCatalogs(catalog, parsed.catalog) : parsed.catalog;
  }
  return { catalog, diagnostics };
}

/** Facts of `over` replace those of `base` with the same name; capabilities are added. */
export function mergeCatalogs(base: Catalog, over: Catalog): Catalog {
  const calls = new FactTable();
  const registrations = new FactTable();
  for (const f of base.calls.all()) calls.set(f);
  for (const f of over.calls.all()) calls.set(f);
  for (const f of base.registrations.all()) registrations.set(f);
  for (const f of over.registrations.all()) registrations.set(f);
  return {
    system: base.system,
    ...(base.profile ? { profile: base.profile } : {}),
    ...(base.upstream ? { upstream: base.upstream } : {}),
    capabilities: { ...base.capabilities, ...over.capabilities },
    calls,
    registrations,
    libraries: { ...base.libraries, ...over.libraries },
    files: [...base.files, ...over.files],
  };
}

let validator: ReturnType<Ajv2020['compile']> | null = null;

/** Reads one catalog file's text: YAML, then the schema, then the names it uses. Pure. */
export function parseCatalog(file: string, text: string): CatalogRead {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, uniqueKeys: true, prettyErrors: true });
  const lineAt = (path: ReadonlyArray<string | number>): number => {
    for (let p = [...path]; ; p = p.slice(0, -1)) {
      const node = p.length === 0 ? doc.contents : (doc.getIn(p, true) as { range?: [number, number, number] } | undefined);
      const range = (node as { range?: [number, number, number] } | null | undefined)?.range;
      if (range) return lineCounter.linePos(range[0]).line;
      if (p.length === 0) return 1;
    }
  };
  if (doc.errors.length > 0) {
    return { catalog: null, diagnostics: doc.errors.slice(0, 5).map((e) => bad(file, e.linePos?.[0]?.line ?? 1, `is not valid YAML: ${e.message.split('\n')[0]}`)) };
  }
  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: 0 });
  } catch (err) {
    return { catalog: null, diagnostics: [bad(file, 1, `cannot be read: ${String(err)}`)] };
  }
  validator ??= new Ajv2020({ allErrors: true, strict: true, allowUnionTypes: true }).compile(JSON.parse(readFileSync(join(SCHEMAS_DIR, 'catalog.schema.json'), 'utf8')));
  if (!validator(data)) {
    const errors = (validator.errors ?? []) as ErrorObject[];
    return { catalog: null, diagnostics: errors.slice(0, 20).map((e) => schemaDiagnostic(file, e, lineAt)) };
  }
  const raw = data as RawCatalog;
  const diagnostics: Diagnostic[] = [];
  const capabilities = { ...(raw.capabilities ?? {}) };
  const calls = new FactTable();
  const registrations = new FactTable();
  for (const [section, table] of [['calls', calls], ['registrations', registrations]] as const) {
    const entries = raw[section] ?? {};
    for (const [name, r] of Object.entries(entries)) {
      const line = lineAt([section, name]);
      const effects = (r as RawRegistration).effects ?? [];
      for (const e of effects) {
        const kind = Object.keys(e)[0]!;
        if (!(kind in EFFECTS)) diagnostics.push(bad(file, line, `\`${section}.${name}\` has an effect of unknown kind \`${kind}\`; known: ${Object.keys(EFFECTS).join(', ')}`));
      }
      table.set({
        name,
        uses: r.uses ?? [],
        provides: r.provides ?? [],
        effects,
        ...('path' in r && r.path !== undefined ? { path: r.path } : {}),
        ...('creates' in r && r.creates !== undefined ? { creates: r.creates } : {}),
        ...('mountTarget' in r && r.mountTarget !== undefined ? { mountTarget: r.mountTarget } : {}),
        ...(r.doc ? { doc: r.doc } : {}),
        source: r.source,
        ...(raw.upstream ? { upstream: raw.upstream } : {}),
        file,
        line,
      });
    }
  }
  return {
    catalog: {
      system: raw.system,
      ...(raw.profile ? { profile: raw.profile } : {}),
      ...(raw.upstream ? { upstream: raw.upstream } : {}),
      capabilities,
      calls,
      registrations,
      libraries: raw.libraries ?? {},
      files: [file],
    },
    diagnostics,
  };
}

/**
 * Capability names a catalog's facts use that neither the profile nor the catalog defines (nor a
 * parametrised family: `mount:`, `dev:`, `fd:`, `initrd:`, `thread:`): a warning each.
 */
export function checkCatalogNames(catalog: Catalog, profileCapabilities: readonly string[]): Diagnostic[] {
  const known = new Set([...profileCapabilities, ...Object.keys(catalog.capabilities)]);
  const families = ['mount:', 'dev:', 'fd:', 'initrd:', 'thread:'];
  const diagnostics: Diagnostic[] = [];
  for (const fact of [...catalog.calls.all(), ...catalog.registrations.all()]) {
    for (const cap of [...fact.uses, ...fact.provides]) {
      if (known.has(cap) || families.some((f) => cap.startsWith(f))) continue;
      diagnostics.push({
        code: 'IMPORT_BAD_CATALOG',
        severity: 'warning',
        message: `\`${fact.name}\` names capability \`${cap}\`, which neither the profile nor the catalog's \`capabilities\` defines; add it there with one line saying what it is`,
        location: { file: fact.file, line: fact.line, column: 1 },
      });
    }
  }
  return diagnostics;
}

/** `specs/catalogs/unikraft.yaml:12 (unikraft/unikraft lib/ukalloc/include/uk/alloc.h:148)`. */
export function factReference(catalog: Catalog, fact: CatalogFact): string {
  const upstream = /^[^ ]+\/[^ ]+ /.test(fact.source) ? fact.source : `${fact.upstream ?? catalog.upstream ?? catalog.system} ${fact.source}`;
  return `${fact.file}:${fact.line} (${upstream})`;
}

interface RawFact {
  uses?: string[];
  provides?: string[];
  doc?: string;
  source: string;
}
interface RawCall extends RawFact {
  path?: number;
  creates?: boolean;
  mountTarget?: number;
}
interface RawRegistration extends RawFact {
  effects?: EffectObject[];
}
interface RawCatalog {
  catalog: 1;
  system: string;
  profile?: string;
  upstream?: string;
  capabilities?: Record<string, string>;
  calls?: Record<string, RawCall>;
  registrations?: Record<string, RawRegistration>;
  libraries?: Record<string, CatalogLibrary>;
}

function bad(file: string, line: number, message: string): Diagnostic {
  return { code: 'IMPORT_BAD_CATALOG', severity: 'error', message: `${file}:${line}: catalog ${message}`, location: { file, line, column: 1 } };
}

function schemaDiagnostic(file: string, e: ErrorObject, lineAt: (path: Array<string | number>) => number): Diagnostic {
  const path = e.instancePath === '' ? [] : e.instancePath.slice(1).split('/').map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
  const where = path.length === 0 ? 'the top level' : `\`${path.join('.')}\``;
  let detail = e.message ?? 'is invalid';
  if (e.keyword === 'additionalProperties') {
    const key = String((e.params as { additionalProperty?: string }).additionalProperty);
    path.push(key);
    detail = `has an unknown key \`${key}\``;
  } else if (e.keyword === 'required') {
    detail = `is missing \`${String((e.params as { missingProperty?: string }).missingProperty)}\``;
  } else if (e.keyword === 'propertyNames') {
    detail = `has a name that is not a C identifier or glob (${String((e.params as { propertyName?: string }).propertyName)})`;
  }
  return bad(file, lineAt(path), `${where} ${detail}`);
}
