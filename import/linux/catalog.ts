/**
 * Capability catalogs of the kernels (specs/catalogs/linux.yaml, zephyr.yaml): which API
 * functions use or provide which capability, each fact with the upstream source it comes from.
 * The format is documented at the top of each file. Templates name the call's arguments:
 * `bus:{arg0}` is the first argument's name (`&pci_bus_type` → `pci_bus_type`, a string literal →
 * its text), `fs:{arg0.name}` the `.name` of the struct the argument points at, read from its
 * designated initializer; `{arg1.base.cra_name}` follows nested initializers.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import jsYaml from 'js-yaml';
import { PACKAGE_ROOT } from '../../compiler/paths.js';

/** One API function's facts. */
export interface CatalogFunction {
  uses: string[];
  provides: string[];
  /** Upstream source of the fact: `torvalds/linux@v6.1 drivers/base/bus.c (bus_register)`. */
  fact: string;
}

export interface Catalog {
  system: string;
  /** `specs/catalogs/<system>.yaml`, as evidence cites it. */
  file: string;
  functions: Map<string, CatalogFunction>;
}

const TEMPLATE_RE = /\{arg(\d)((?:\.[A-Za-z_]\w*)*)\}/g;

/** The catalog shipped for `system` (`linux`, `zephyr`). Throws on a broken catalog: it is package data. */
export function readCatalog(system: string, path = join(PACKAGE_ROOT, 'specs', 'catalogs', `${system}.yaml`)): Catalog {
  return parseCatalog(readFileSync(path, 'utf8'), `specs/catalogs/${system}.yaml`);
}

/** Reads catalog text; `file` names it in errors and evidence. */
export function parseCatalog(text: string, file: string): Catalog {
  const data = jsYaml.load(text, { schema: jsYaml.CORE_SCHEMA }) as Record<string, unknown> | null;
  if (!data || typeof data !== 'object' || data.catalog !== 1 || typeof data.system !== 'string') {
    throw new Error(`${file}: not a catalog (needs \`catalog: 1\` and \`system\`)`);
  }
  const functions = new Map<string, CatalogFunction>();
  const raw = (data.functions ?? {}) as Record<string, Record<string, unknown>>;
  for (const [name, f] of Object.entries(raw)) {
    const list = (key: string): string[] => {
      const v = f?.[key] ?? [];
      if (!Array.isArray(v) || !v.every((x) => typeof x === 'string')) throw new Error(`${file}: ${name}.${key} must be a list of capabilities`);
      return v as string[];
    };
    if (typeof f?.fact !== 'string' || f.fact === '') throw new Error(`${file}: ${name} has no \`fact\``);
    const unknown = Object.keys(f).filter((k) => !['uses', 'provides', 'fact'].includes(k));
    if (unknown.length > 0) throw new Error(`${file}: ${name} has unknown key(s) ${unknown.join(', ')}`);
    functions.set(name, { uses: list('uses'), provides: list('provides'), fact: f.fact });
  }
  return { system: data.system, file, functions };
}

/** The argument references of a template, in order: `{arg0.name}` → `{ index: 0, path: ['name'] }`. */
export function templateRefs(template: string): Array<{ text: string; index: number; path: string[] }> {
  return [...template.matchAll(TEMPLATE_RE)].map((m) => ({ text: m[0], index: Number(m[1]), path: m[2] ? m[2].slice(1).split('.') : [] }));
}
