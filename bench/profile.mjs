// Summarizes a V8 .cpuprofile (from `node --cpu-prof`): self time per function and per file, so
// the table can say where the time goes. Files are shown relative to the project (dist/…,
// node_modules/<package>/…); V8's own buckets ((garbage collector), (program)) stay as they are.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

function where(url) {
  if (!url) return null;
  let path = url.startsWith('file://') ? fileURLToPath(url) : url;
  if (path.startsWith(ROOT)) path = path.slice(ROOT.length);
  return path;
}

/** @param {string} file @param {number} [top] @param {{ within?: (frame: {functionName: string, url: string}) => boolean }} [options]
 * @returns {{ totalMs: number, byFunction: Array<{name: string, file: string, line: number, ms: number, pct: number}>, byFile: Array<{file: string, ms: number, pct: number}> }} */
export function summarizeProfile(file, top = 15, { within } = {}) {
  const profile = JSON.parse(readFileSync(file, 'utf8'));
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  // `within(callFrame)`: count only samples under a matching frame (e.g. run() alone, not the
  // profiler's own start/stop). GC samples have no stack and are kept.
  let inside = null;
  if (within) {
    inside = new Set();
    const visit = (node, on) => {
      const here = on || within(node.callFrame);
      if (here || node.callFrame.functionName === '(garbage collector)') inside.add(node.id);
      for (const child of node.children ?? []) visit(byId.get(child), here);
    };
    visit(profile.nodes[0], false);
  }
  const selfUs = new Map();
  for (let i = 0; i < profile.samples.length; i++) {
    const id = profile.samples[i];
    if (inside && !inside.has(id)) continue;
    selfUs.set(id, (selfUs.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0));
  }
  const fns = new Map();
  const files = new Map();
  let total = 0;
  for (const [id, us] of selfUs) {
    const { callFrame } = byId.get(id);
    if (callFrame.functionName === '(idle)') continue;
    total += us;
    const fileName = where(callFrame.url) ?? callFrame.functionName;
    const name = callFrame.functionName || '(anonymous)';
    const key = `${name}\0${fileName}\0${callFrame.lineNumber}`;
    fns.set(key, (fns.get(key) ?? 0) + us);
    files.set(fileName, (files.get(fileName) ?? 0) + us);
  }
  const pct = (us) => Math.round((1000 * us) / total) / 10;
  const byFunction = [...fns].sort((a, b) => b[1] - a[1]).slice(0, top).map(([key, us]) => {
    const [name, fileName, line] = key.split('\0');
    return { name, file: fileName, line: Number(line) + 1, ms: Math.round(us / 100) / 10, pct: pct(us) };
  });
  const byFile = [...files].sort((a, b) => b[1] - a[1]).slice(0, top).map(([fileName, us]) => ({ file: fileName, ms: Math.round(us / 100) / 10, pct: pct(us) }));
  return { totalMs: Math.round(total / 1000), byFunction, byFile };
}
