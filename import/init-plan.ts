/**
 * `bootplan init`: a starting plan for a profile and a target, or one made from a Kraftfile. The
 * plan is meant to check as written (a "nothing proven" note at most): its libraries come from the
 * capability catalog where the catalog knows them (their registrations as the sources write them,
 * what each uses and provides from the catalog's facts), and everything the Kraftfile says that
 * the plan cannot hold is a comment in the plan, not silently lost.
 */
import { dirname, join, relative, resolve as resolvePath } from 'node:path';
import { Document, isMap, isScalar, type Pair, type YAMLMap } from 'yaml';
import { findProfile, listProfiles } from '../compiler/profiles.js';
import type { Profile } from '../compiler/types.js';
import type { Catalog, CatalogLibrary, CatalogLibraryEntry } from './catalog.js';
import { dockerRootfs } from './dockerfile.js';
import type { Kraftfile } from './kraftfile.js';

export interface InitInput {
  profile: Profile;
  /** `plat/arch`; default the Kraftfile's first target the profile boots on, else the profile's first. */
  target?: string;
  name?: string;
  kraftfile?: { data: Kraftfile; file: string; dockerfile?: DockerfileInput };
  catalog?: Catalog | null;
  /** The folder the plan will live in: host paths in it are written relative to it. */
  planDir: string;
}

/** A Dockerfile rootfs as the CLI read it: its text, its context's `.dockerignore`, and which
 * context paths are folders. Absent when the file could not be read (the reason is a note). */
export interface DockerfileInput {
  text: string;
  dockerignore?: string;
  isFolder: (contextPath: string) => boolean;
}

export interface InitResult {
  text: string;
  /** What the user should know (targets left out, libraries the catalog does not know). */
  notes: string[];
}

type Obj = Record<string, unknown>;

/**
 * The profile a Kraftfile's `unikraft:` version means: `0.17`, `v0.17.0` or `RELEASE-0.17.0` name
 * that line when bootplan has it; `staging`, `stable`, nothing or an unknown version get the newest.
 */
export function profileForUnikraft(version: string | undefined): { profile: Profile; note?: string } {
  const newest = findProfile('unikraft');
  if ('error' in newest) throw new Error(newest.error);
  const m = version === undefined ? null : /(\d+)\.(\d+)/.exec(version);
  if (!m) return { profile: newest.profile };
  const wanted = `${Number(m[1])}.${Number(m[2])}`;
  const exact = listProfiles().find((p) => p.name === 'unikraft' && p.version === wanted);
  if (exact) {
    const found = findProfile(`unikraft@${wanted}`);
    if ('profile' in found) return { profile: found.profile };
  }
  return { profile: newest.profile, note: `bootplan has no profile for Unikraft ${version}; using unikraft@${newest.profile.version}, the newest` };
}

const TABLE_KEYS: Array<[key: 'early' | 'ctors' | 'initcalls', role: string]> = [['early', 'early'], ['ctors', 'ctor'], ['initcalls', 'initcall']];

/** A catalog library's entries as plan entries, with what the catalog's registration facts say about each function. */
function libraryEntries(lib: CatalogLibrary, catalog: Catalog, profile: Profile, notes: string[], name: string): Obj | null {
  const out: Obj = {};
  for (const [key, role] of TABLE_KEYS) {
    const list = lib[key] ?? [];
    if (list.length === 0) continue;
    if (!profile.tables.some((t) => t.role === role)) {
      notes.push(`library ${name}: ${profile.name}@${profile.version} has no table for its ${key}; left out`);
      continue;
    }
    out[key] = list.map((e) => planEntry(e, catalog, lib));
  }
  return Object.keys(out).length > 0 ? out : null;
}

function planEntry(e: CatalogLibraryEntry, catalog: Catalog, lib: CatalogLibrary): Obj {
  const entry: Obj = {};
  if (e.fn) entry.fn = e.fn;
  if (e.level) entry.level = e.level;
  if (e.prio !== undefined) entry.prio = e.prio;
  if (e.term) entry.term = e.term;
  const fact = e.fn ? catalog.registrations.lookup(e.fn) : undefined;
  if (fact?.uses.length) entry.uses = [...fact.uses];
  if (fact?.provides.length) entry.provides = [...fact.provides];
  if (fact?.effects.length) entry.effects = fact.effects.map((x) => structuredClone(x));
  const where = e.source.includes(' ') ? e.source : `${lib.upstream ?? catalog.upstream ?? 'upstream'} ${e.source}`;
  entry.note = `${where}${e.kconfig ? ` (with ${e.kconfig})` : ''}`;
  return entry;
}

/** Reasons a plan's header lists one per line before it counts the rest. */
const MAX_REASONS_SHOWN = 6;

/** The command that makes a Dockerfile's root filesystem a folder bootplan can read. */
const EXPORT_HINT = (dockerfile: string) => `\`docker build -o rootfs -f ${dockerfile} .\` (BuildKit's local exporter, in the Dockerfile's folder) writes the root filesystem kraft would pack as a folder: then \`initrd: rootfs\`, with \`{ dev: initrd0, at: /, fs: extract }\` in place of the ramfs mount, checks and boots it`;

/**
 * A Dockerfile rootfs: kraft builds it with BuildKit into the initrd; bootplan runs no builds. When
 * the Dockerfile's last stage is exactly one local folder (import/dockerfile.ts) that folder is the
 * initrd, as for a rootfs folder; otherwise an empty ramfs stands in for the root, and both the plan
 * and the notes say why and how to give the built filesystem instead.
 */
function dockerfileRootfs(rootfs: string, input: DockerfileInput | undefined, host: (p: string) => string, plan: Obj, mounts: Obj[], header: string[], notes: string[]): void {
  const read = input ? dockerRootfs(input.text, input.isFolder, input.dockerignore) : null;
  const context = dirname(rootfs);
  if (read?.exact && read.folder !== null) {
    plan.initrd = host(join(context, read.folder));
    if (!mounts.some((m) => m.at === '/')) mounts.unshift({ dev: 'initrd0', at: '/', fs: 'extract' });
    header.push(`rootfs ${rootfs} is a Dockerfile whose last stage is \`FROM scratch\` and one copy of the folder ${join(context, read.folder)} to / (line ${read.line}): that folder is the whole root filesystem, owned by 0:0 as COPY makes it; the machine packs it into a cpio initrd as kraft's build would.`);
    return;
  }
  const why = read === null ? ['the Dockerfile could not be read'] : read.exact ? [] : read.reasons;
  const note = read?.exact
    ? `an empty root, exactly: the Dockerfile's last stage is \`FROM scratch\` and copies nothing (line ${read.line})`
    : `stands in for the initrd kraft builds from the Dockerfile ${rootfs} (bootplan does not run builds); give the built filesystem as \`initrd:\` to check its contents`;
  if (!mounts.some((m) => m.at === '/')) mounts.unshift({ dev: 'none', at: '/', fs: 'ramfs', note });
  if (read?.exact) {
    header.push(`rootfs ${rootfs} is a Dockerfile whose last stage is \`FROM scratch\` and copies nothing (line ${read.line}): the root is empty, an empty ramfs here.`);
    return;
  }
  const shown = why.slice(0, MAX_REASONS_SHOWN).map((w) => `  - ${w}`);
  if (why.length > MAX_REASONS_SHOWN) shown.push(`  - and ${why.length - MAX_REASONS_SHOWN} more`);
  header.push(`rootfs ${rootfs} is a Dockerfile that only a build can turn into files: kraft builds it with BuildKit, bootplan runs no builds, so an empty ramfs stands in for the root and nothing under / is checked. Why:`, ...shown, `To check the real root: ${EXPORT_HINT(rootfs)}.`);
  notes.push(`rootfs ${rootfs}: an empty ramfs stands in for the root the Dockerfile builds (${why[0]}${why.length > 1 ? `; ${why.length - 1} more reason${why.length > 2 ? 's' : ''}: the plan's header` : ''}); ${EXPORT_HINT(rootfs)}`);
}

/** kraftkit's Dockerfile rootfs: a file named Dockerfile (`Dockerfile`, `Dockerfile.dev`, `app.Dockerfile`). */
export function isDockerfile(path: string): boolean {
  const base = path.split(/[\\/]/).filter(Boolean).pop() ?? '';
  return /^Dockerfile(\..+)?$/i.test(base) || /\.Dockerfile$/i.test(base) || /^Containerfile$/i.test(base);
}

function quoteArg(arg: string): string {
  return /^[^\s'"\\]+$/.test(arg) ? arg : `'${arg.replace(/'/g, '')}'`;
}

/** Build the plan text. Pure apart from reading profiles. */
export function initPlan(input: InitInput): InitResult {
  const { profile, kraftfile } = input;
  const notes: string[] = [];
  const header: string[] = [];
  const known = (profile.platforms ?? []).map((p) => p.target);
  const kraftTargets = (kraftfile?.data.targets ?? []).map((t) => `${t.plat}/${t.arch}`);
  let target = input.target;
  if (target === undefined && known.length > 0) target = kraftTargets.find((t) => known.includes(t)) ?? known[0]!;
  const others = kraftTargets.filter((t) => t !== target);
  if (others.length > 0) {
    const supported = others.filter((t) => known.includes(t));
    const unsupported = others.filter((t) => !known.includes(t));
    if (supported.length > 0) header.push(`The Kraftfile's other targets: ${supported.join(', ')} (bootplan init --kraftfile ... --target T for each).`);
    if (unsupported.length > 0) notes.push(`target${unsupported.length > 1 ? 's' : ''} ${unsupported.join(', ')} of the Kraftfile ${unsupported.length > 1 ? 'are' : 'is'} not a platform of ${profile.name}@${profile.version} (${known.join(', ')}); left out`);
  }

  const plan: Obj = { bootplan: 1, name: input.name ?? kraftfile?.data.name ?? 'app', profile: `${profile.name}@${profile.version}` };
  if (target !== undefined) plan.target = target;
  const libraries: Obj = {};
  const libraryComments = new Map<string, string>();

  if (kraftfile) {
    const k = kraftfile.data;
    const kraftDir = dirname(kraftfile.file);
    const host = (p: string) => relative(input.planDir, resolvePath(kraftDir, p)) || '.';
    if (k.cmd.length > 0) plan.cmdline = `-- ${k.cmd.map(quoteArg).join(' ')}`;
    const devices: Obj[] = [];
    const mounts: Obj[] = [];
    k.volumes.forEach((v, i) => {
      const tag = `fs${i}`;
      devices.push({ kind: 'virtio-9p', tag, hostdir: host(v.source) });
      // Below the root the mount point may not exist yet (an empty root stands in for a rootfs folder).
      mounts.push({ dev: tag, at: v.destination, fs: '9pfs', ...(v.destination === '/' ? {} : { opts: 'mkmp' }) });
    });
    if (k.rootfs !== undefined) {
      if (/\.cpio$/i.test(k.rootfs)) {
        plan.initrd = host(k.rootfs);
        if (!mounts.some((m) => m.at === '/')) mounts.unshift({ dev: 'initrd0', at: '/', fs: 'extract' });
      } else if (isDockerfile(k.rootfs)) {
        dockerfileRootfs(k.rootfs, kraftfile.dockerfile, host, plan, mounts, header, notes);
      } else {
        // A rootfs folder: kraft packs it into a cpio initrd; the machine packs it the same way
        // (in memory, the host only read) and extracts it at / as it does a built initrd.
        plan.initrd = host(k.rootfs);
        if (!mounts.some((m) => m.at === '/')) mounts.unshift({ dev: 'initrd0', at: '/', fs: 'extract' });
        header.push(`rootfs ${k.rootfs} is a folder: the machine packs it into a cpio initrd as kraft does, and the fstab extracts it at /.`);
      }
    }
    if (devices.length > 0) plan.devices = devices;
    if (mounts.length > 0) plan.mounts = mounts;
    const catalog = input.catalog ?? null;
    const core: string[] = [];
    if (devices.length > 0) core.push('ukbus');
    if (mounts.length > 0) core.push('vfscore');
    for (const name of core) {
      const lib = catalog?.libraries[name];
      const entries = lib && catalog ? libraryEntries(lib, catalog, profile, notes, name) : null;
      if (entries) {
        libraries[name] = entries;
        libraryComments.set(name, `${name}: needed by the Kraftfile's ${name === 'ukbus' ? 'volumes (the 9p devices are attached by the bus probe)' : 'volumes and rootfs (the fstab is mounted by the automount)'}; from the catalog`);
      } else notes.push(`the catalog does not know ${name}, which the volumes or the rootfs need; add its entries by hand`);
    }
    for (const l of k.libraries) {
      const lib = catalog?.libraries[l.name] ?? catalog?.libraries[l.name.replace(/^lib-/, '')];
      if (!lib || !catalog) {
        header.push(`library ${l.name}${l.version ? ` (${l.version})` : ''}: the catalog does not know its registrations; \`bootplan import unikraft --src\` on its source finds them.`);
        notes.push(`library ${l.name}: not in the catalog; left as a comment`);
        continue;
      }
      const entries = libraryEntries(lib, catalog, profile, notes, l.name);
      if (entries) {
        libraries[l.name] = entries;
        libraryComments.set(l.name, `${l.name}${l.version ? ` (${l.version})` : ''}: from the catalog${lib.upstream ? `, ${lib.upstream}` : ''}${lib.doc ? `; ${lib.doc}` : ''}`);
      } else header.push(`library ${l.name}${l.version ? ` (${l.version})` : ''}: ${lib.doc ?? 'registers no boot entries'}.`);
    }
    const main: Obj = {};
    if (mounts.some((m) => m.at === '/')) main.uses = ['mount:/'];
    if (profile.phases.some((p) => 'main' in p)) libraries.app = { main };
  } else if (profile.phases.some((p) => 'main' in p)) {
    libraries.app = { main: {} };
  }
  plan.libraries = libraries;

  const doc = new Document(plan);
  const intro = kraftfile
    ? [`A plan made by \`bootplan init --kraftfile\` from ${relative(input.planDir, kraftfile.file) || kraftfile.file}: check it with \`bootplan check\`.`]
    : [`A starting plan for ${profile.name}@${profile.version}${target ? ` on ${target}` : ''}, made by \`bootplan init\`: check it with \`bootplan check\`.`];
  doc.commentBefore = [...intro, ...header, ...guide(profile)].map((l) => ` ${l}`).join('\n');
  const libs = doc.get('libraries', true);
  if (isMap(libs)) {
    for (const pair of (libs as YAMLMap).items as Pair[]) {
      const key = isScalar(pair.key) ? String(pair.key.value) : '';
      const comment = libraryComments.get(key);
      if (comment && isScalar(pair.key)) pair.key.commentBefore = ` ${comment}`;
    }
  }
  return { text: doc.toString({ lineWidth: 0 }), notes };
}

/** Where entries go in this profile: the tables with their levels, macros and ranges. */
function guide(profile: Profile): string[] {
  const out = ['', `Where entries go in ${profile.name}@${profile.version} (bootplan profile show ${profile.name}@${profile.version}):`];
  const keyOf: Record<string, string> = { early: 'early', ctor: 'ctors', initcall: 'initcalls', init_array: 'init_array' };
  for (const t of profile.tables) {
    const range = t.prio ? `, prio ${t.prio.min}..${t.prio.max} (default ${t.prio.default})` : '';
    const levels = t.levels ? `, levels ${t.levels.map((l) => `${l.name}${l.number === undefined ? '' : ` ${l.number}`}`).join(', ')}` : '';
    out.push(`  ${keyOf[t.role]}: ${t.title}${levels}${range}`);
  }
  return out;
}
