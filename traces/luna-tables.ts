/**
 * `bootplan run --show processes,mounts`: the process and mount tables after each stage of a
 * thread-model boot, laid out as the seed document lays them out (`/usr/bin/init - PID 1`,
 * `/dev - device file system`).
 */
export interface SnapshotLike {
  stage: string;
  processes: Array<{ pid: number; title: string; state: string }>;
  mounts: Array<{ at: string; title: string }>;
}

export type ShowWhat = 'processes' | 'mounts';

export function parseShow(text: string): ShowWhat[] | string {
  const parts = text.split(',').map((s) => s.trim()).filter(Boolean);
  const bad = parts.filter((p) => p !== 'processes' && p !== 'mounts');
  if (bad.length > 0 || parts.length === 0) return `--show takes processes, mounts or both (processes,mounts), not "${text}"`;
  return [...new Set(parts)] as ShowWhat[];
}

export function processLine(p: { pid: number; title: string; state: string }): string {
  const title = p.title.startsWith('[') ? p.title : p.title;
  const note = p.state === 'dying' || p.state === 'exited' ? ' (Exited, soon to be reaped)' : '';
  return `${title} - PID ${p.pid}${note}`;
}

export function renderTables(snapshots: readonly SnapshotLike[], what: readonly ShowWhat[]): string {
  let out = '';
  for (const s of snapshots) {
    out += `After the ${s.stage} stage\n`;
    if (what.includes('mounts')) {
      out += 'File system\n';
      for (const m of s.mounts) out += `${m.at} - ${m.title}\n`;
    }
    if (what.includes('processes')) {
      out += 'Processes\n';
      // PID 1 first, as ps and the seed list it; the rest in PID order.
      for (const p of [...s.processes].sort((a, b) => a.pid - b.pid)) out += `${processLine(p)}\n`;
    }
    out += '\n';
  }
  return out;
}
