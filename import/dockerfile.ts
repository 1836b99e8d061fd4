/**
 * What a Kraftfile's Dockerfile rootfs (`rootfs: ./Dockerfile`) puts in the root filesystem, as far
 * as bootplan can know it without running a build. kraft builds the Dockerfile with BuildKit and
 * packs the last stage's filesystem into the initrd. That filesystem is a plain host folder exactly
 * when the last stage is `FROM scratch` and its only file instruction is one `COPY` (or `ADD`) of a
 * local folder to `/`, with no flags that change what lands (`--chown`, `--chmod`, `--exclude`,
 * `--parents`, `--from`) and no `.dockerignore` pattern that could reach into it: Docker copies a
 * folder's contents, owned by 0:0 with their modes, which is how the machine packs a rootfs folder.
 * Anything else (a base image, `RUN`, `COPY --from`, several copies, a copy below `/`) needs the
 * build; the reasons say which line makes it so. Pure: the caller says which paths are folders.
 */

export interface DockerInstruction {
  /** Upper case: `FROM`, `COPY`, … */
  op: string;
  args: string;
  /** 1-based line where the instruction starts. */
  line: number;
}

export interface DockerStage {
  /** The image the stage starts from (`scratch`, `debian:bookworm`, another stage's name). */
  from: string;
  line: number;
  instructions: DockerInstruction[];
}

export type DockerRootfs =
  /** The root filesystem is this folder (relative to the build context; null: empty), line of the COPY or the FROM. */
  | { exact: true; folder: string | null; line: number }
  /** The root filesystem needs the build; each reason names its line. */
  | { exact: false; reasons: string[] };

/** Instructions that change nothing in the exported filesystem. */
const NO_FILES = new Set(['ARG', 'ENV', 'LABEL', 'MAINTAINER', 'EXPOSE', 'CMD', 'ENTRYPOINT', 'USER', 'STOPSIGNAL', 'HEALTHCHECK', 'SHELL', 'ONBUILD']);
const MAX_LINES = 100_000;

/** Splits a Dockerfile into stages: continuation lines joined, comments and blank lines dropped. */
export function parseDockerfile(text: string): { stages: DockerStage[]; directives: string[] } {
  const lines = text.split(/\r?\n/, MAX_LINES);
  const stages: DockerStage[] = [];
  const directives: string[] = [];
  let pending: DockerInstruction | null = null;
  let header = true;
  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i]!;
    const trimmed = raw.trim();
    if (header && /^#\s*[a-z]+\s*=/i.test(trimmed)) {
      directives.push(trimmed.slice(1).trim());
      continue;
    }
    if (trimmed !== '') header = false;
    if (trimmed === '' || trimmed.startsWith('#')) continue;
    const continued = trimmed.endsWith('\\');
    const body = continued ? trimmed.slice(0, -1) : trimmed;
    if (pending) pending.args += ` ${body.trim()}`;
    else {
      const m = /^(\S+)\s*(.*)$/.exec(body.trim());
      if (!m) continue; // a lone `\`: it continues nothing
      pending = { op: m[1]!.toUpperCase(), args: m[2]!.trim(), line: i + 1 };
    }
    if (continued) continue;
    if (pending.op === 'FROM') stages.push({ from: pending.args.replace(/^--\S+\s+/g, '').split(/\s+/)[0] ?? '', line: pending.line, instructions: [] });
    else if (stages.length > 0) stages[stages.length - 1]!.instructions.push(pending);
    pending = null;
  }
  if (pending && stages.length > 0 && pending.op !== 'FROM') stages[stages.length - 1]!.instructions.push(pending);
  return { stages, directives };
}

/** `COPY`/`ADD` arguments: flags, then sources and the destination (JSON array or words). */
function copyArgs(args: string): { flags: string[]; paths: string[] } | null {
  const flags: string[] = [];
  let rest = args;
  for (let m = /^(--\S+)\s+/.exec(rest); m; m = /^(--\S+)\s+/.exec(rest)) {
    flags.push(m[1]!);
    rest = rest.slice(m[0].length);
  }
  if (rest.startsWith('<<')) return null;
  if (rest.startsWith('[')) {
    try {
      const parsed: unknown = JSON.parse(rest);
      return Array.isArray(parsed) && parsed.every((p) => typeof p === 'string') ? { flags, paths: parsed as string[] } : null;
    } catch {
      return null;
    }
  }
  return { flags, paths: rest.split(/\s+/).filter(Boolean) };
}

/** `./rootfs/` → `rootfs`; null when the path leaves the context or is not a plain local path. */
function contextPath(p: string): string | null {
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(p) || /[*?[\]$]/.test(p)) return null;
  const parts = p.split('/').filter((s) => s !== '' && s !== '.');
  if (parts.includes('..')) return null;
  return parts.join('/');
}

/** Whether a `.dockerignore` pattern could exclude something inside `folder` (or the folder itself). */
function ignoreReaches(pattern: string, folder: string): boolean {
  const p = pattern.replace(/^!/, '').replace(/^\.?\//, '').replace(/\/+$/, '');
  const wild = p.search(/[*?[\\]/);
  const literal = wild < 0 ? p : p.slice(0, wild);
  if (wild >= 0 || pattern.startsWith('!')) return folder === '' || folder.startsWith(literal) || literal.startsWith(folder);
  return folder === '' || p === folder || p.startsWith(`${folder}/`) || folder.startsWith(`${p}/`);
}

/**
 * Reads what the last stage of `text` leaves in the root filesystem. `isFolder` answers for paths
 * relative to the build context; `dockerignore` is the context's `.dockerignore` text, if any.
 */
export function dockerRootfs(text: string, isFolder: (path: string) => boolean, dockerignore?: string): DockerRootfs {
  const { stages, directives } = parseDockerfile(text);
  const reasons: string[] = [];
  if (directives.some((d) => /^escape\s*=/i.test(d))) reasons.push('an `escape` directive changes how lines continue');
  const last = stages[stages.length - 1];
  if (!last) return { exact: false, reasons: ['no `FROM`: not a Dockerfile kraft can build'] };
  if (last.from.toLowerCase() !== 'scratch') reasons.push(`line ${last.line}: the last stage starts \`FROM ${last.from}\`, whose files come from that image`);
  const copies: Array<{ folder: string; line: number }> = [];
  for (const ins of last.instructions) {
    if (NO_FILES.has(ins.op)) continue;
    if (ins.op !== 'COPY' && ins.op !== 'ADD') {
      reasons.push(`line ${ins.line}: \`${ins.op}\` changes files only the build can show`);
      continue;
    }
    const parsed = copyArgs(ins.args);
    if (!parsed || parsed.paths.length < 2) {
      reasons.push(`line ${ins.line}: \`${ins.op} ${ins.args}\` is a form bootplan does not read (a heredoc or no destination)`);
      continue;
    }
    const flags = parsed.flags.filter((f) => f !== '--link');
    if (flags.length > 0) {
      reasons.push(`line ${ins.line}: \`${ins.op} ${ins.args}\` ${flags.some((f) => f.startsWith('--from')) ? 'copies from another stage or image' : `changes what lands (${flags.join(' ')})`}`);
      continue;
    }
    const sources = parsed.paths.slice(0, -1);
    const dest = parsed.paths[parsed.paths.length - 1]!;
    const folder = sources.length === 1 ? contextPath(sources[0]!) : null;
    if (folder === null || !isFolder(folder)) {
      reasons.push(`line ${ins.line}: \`${ins.op} ${sources.join(' ')} ${dest}\` copies ${sources.length > 1 ? 'several sources' : 'a file, a pattern, a URL or a path outside the context'}, not one local folder`);
      continue;
    }
    if (!['/', '/.', '.', './'].includes(dest)) {
      reasons.push(`line ${ins.line}: \`${ins.op} ${sources[0]} ${dest}\` copies below the root, where a plan's initrd (unpacked at /) cannot place it`);
      continue;
    }
    copies.push({ folder, line: ins.line });
  }
  if (copies.length > 1) reasons.push(`lines ${copies.map((c) => c.line).join(', ')}: ${copies.length} copies merge several folders into one root`);
  if (copies.length === 1 && dockerignore !== undefined) {
    const reaching = dockerignore.split(/\r?\n/).map((l) => l.trim()).filter((l) => l !== '' && !l.startsWith('#')).filter((l) => ignoreReaches(l, copies[0]!.folder));
    if (reaching.length > 0) reasons.push(`.dockerignore: ${reaching.map((r) => `\`${r}\``).join(', ')} may leave files of ${copies[0]!.folder || 'the context'} out`);
  }
  if (reasons.length > 0) return { exact: false, reasons };
  return copies.length === 0 ? { exact: true, folder: null, line: last.line } : { exact: true, folder: copies[0]!.folder, line: copies[0]!.line };
}
