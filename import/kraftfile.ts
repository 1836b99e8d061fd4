/**
 * A Kraftfile (kraftkit's `spec: v0.6`, and the legacy `specification: '0.5'` kraft.yaml) read for
 * what a boot plan needs: the name, the Unikraft version, the targets, the libraries, the volumes,
 * the rootfs and the command. Keys and forms: ../shared/reference/unikraft.md §6. A Kraftfile has
 * no notion of init order; everything else it says (kconfig, labels, runtime) is not read here.
 * Bad input gives located diagnostics, never an exception.
 */
import { LineCounter, parseDocument } from 'yaml';
import type { Diagnostic } from '../compiler/types.js';

export interface KraftTarget {
  /** Normalised: `qemu`, `fc` or `xen` (aliases kvm, firecracker, kraftcloud). */
  plat: string;
  arch: string;
  line: number;
}

export interface KraftVolume {
  source: string;
  destination: string;
  line: number;
}

export interface Kraftfile {
  name?: string;
  /** `unikraft:` as a version string, or its `version`; undefined when absent. */
  unikraftVersion?: string;
  targets: KraftTarget[];
  /** Library names in the order written, with their version when given. */
  libraries: Array<{ name: string; version?: string; line: number }>;
  volumes: KraftVolume[];
  rootfs?: string;
  cmd: string[];
}

const PLATFORMS: Record<string, string> = { qemu: 'qemu', kvm: 'qemu', fc: 'fc', firecracker: 'fc', kraftcloud: 'fc', xen: 'xen' };
const ARCHES: Record<string, string> = { x86_64: 'x86_64', amd64: 'x86_64', arm64: 'arm64', aarch64: 'arm64' };

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Parse a Kraftfile's text; `file` names it in diagnostics. */
export function parseKraftfile(file: string, text: string): { kraftfile: Kraftfile | null; diagnostics: Diagnostic[] } {
  const diag = (line: number, message: string, severity: Diagnostic['severity'] = 'error'): Diagnostic => ({
    code: 'IMPORT_KRAFTFILE', severity, message, location: { file, line, column: 1 },
  });
  const diagnostics: Diagnostic[] = [];
  let lineCounter = new LineCounter();
  let doc = parseDocument(text, { lineCounter, uniqueKeys: true });
  // A key written twice (unikraft/catalog's library/nginx Kraftfile has CONFIG_LIBUK9P twice) is
  // said and read as the later one, rather than refusing a file the catalog ships.
  if (doc.errors.length > 0 && doc.errors.every((e) => e.code === 'DUPLICATE_KEY')) {
    for (const e of doc.errors) diagnostics.push(diag(e.linePos?.[0]?.line ?? 1, `a key is written twice (${e.message.split('\n')[0]!.replace(/:\s*$/, '')}); the later one is read`, 'warning'));
    lineCounter = new LineCounter();
    doc = parseDocument(text, { lineCounter, uniqueKeys: false });
  }
  if (doc.errors.length > 0) {
    return { kraftfile: null, diagnostics: doc.errors.slice(0, 5).map((e) => diag(e.linePos?.[0]?.line ?? 1, `not valid YAML: ${e.message.split('\n')[0]}`)) };
  }
  const lineAt = (path: Array<string | number>): number => {
    for (let p = [...path]; ; p = p.slice(0, -1)) {
      const node = (p.length === 0 ? doc.contents : doc.getIn(p, true)) as { range?: [number, number, number] } | null | undefined;
      if (node?.range) return lineCounter.linePos(node.range[0]).line;
      if (p.length === 0) return 1;
    }
  };
  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: 100 });
  } catch (err) {
    return { kraftfile: null, diagnostics: [diag(1, `cannot be read: ${err instanceof Error ? err.message : String(err)}`)] };
  }
  if (!isObj(data)) return { kraftfile: null, diagnostics: [diag(1, 'a Kraftfile is a mapping (spec, name, unikraft, targets, libraries, ...)')] };
  const out: Kraftfile = { targets: [], libraries: [], volumes: [], cmd: [] };

  if (typeof data.name === 'string') out.name = data.name;
  const unikraft = data.unikraft;
  if (typeof unikraft === 'string' || typeof unikraft === 'number') out.unikraftVersion = String(unikraft);
  else if (isObj(unikraft) && (typeof unikraft.version === 'string' || typeof unikraft.version === 'number')) out.unikraftVersion = String(unikraft.version);
  else if (unikraft !== undefined && !isObj(unikraft)) diagnostics.push(diag(lineAt(['unikraft']), '`unikraft` is a version string or {source, version, kconfig}'));

  const targets = data.targets;
  if (Array.isArray(targets)) {
    targets.forEach((t, i) => {
      const line = lineAt(['targets', i]);
      let plat: unknown;
      let arch: unknown;
      if (typeof t === 'string') [plat, arch] = t.split('/');
      else if (isObj(t)) {
        plat = t.plat ?? t.platform;
        arch = t.arch ?? t.architecture;
      }
      const p = typeof plat === 'string' ? PLATFORMS[plat] : undefined;
      const a = typeof arch === 'string' ? ARCHES[arch] : undefined;
      if (!p || !a) {
        diagnostics.push(diag(line, `target ${JSON.stringify(t)} is not "plat/arch" with a platform of ${Object.keys(PLATFORMS).join(', ')} and an architecture of ${Object.keys(ARCHES).join(', ')}`, 'warning'));
        return;
      }
      out.targets.push({ plat: p, arch: a, line });
    });
  } else if (targets !== undefined) diagnostics.push(diag(lineAt(['targets']), '`targets` is a list of "plat/arch" or {plat, arch}'));

  const libraries = data.libraries;
  if (isObj(libraries)) {
    for (const [name, v] of Object.entries(libraries)) {
      const version = typeof v === 'string' || typeof v === 'number' ? String(v) : isObj(v) && (typeof v.version === 'string' || typeof v.version === 'number') ? String(v.version) : undefined;
      out.libraries.push({ name, ...(version !== undefined ? { version } : {}), line: lineAt(['libraries', name]) });
    }
  } else if (libraries !== undefined && libraries !== null) diagnostics.push(diag(lineAt(['libraries']), '`libraries` maps a library name to a version or {version, kconfig}'));

  const volumes = data.volumes;
  if (Array.isArray(volumes)) {
    volumes.forEach((v, i) => {
      const line = lineAt(['volumes', i]);
      if (typeof v === 'string') {
        const at = v.indexOf(':');
        const source = at < 0 ? v : v.slice(0, at);
        const destination = at < 0 ? '/' : v.slice(at + 1).split(':')[0] || '/';
        out.volumes.push({ source, destination, line });
      } else if (isObj(v) && typeof v.source === 'string') {
        out.volumes.push({ source: v.source, destination: typeof v.destination === 'string' ? v.destination : '/', line });
      } else diagnostics.push(diag(line, 'a volume is "source:destination" or {source, destination, driver}', 'warning'));
    });
  }
  if (typeof data.rootfs === 'string') out.rootfs = data.rootfs;
  const cmd = data.cmd;
  if (typeof cmd === 'string') out.cmd = cmd.split(/\s+/).filter(Boolean);
  else if (Array.isArray(cmd)) out.cmd = cmd.map(String);
  return { kraftfile: out, diagnostics };
}
