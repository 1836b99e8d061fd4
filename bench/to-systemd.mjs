// Writes a service graph as systemd unit files: `<node>.service` with `Requires=`+`After=` for
// each requirement and `After=` alone for an ordering, oneshot services running /bin/true, and a
// `boot.target` that requires the sinks. `systemd-analyze verify boot.target` then loads every
// unit and builds the start transaction of the whole graph.
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const unit = (id) => `${id}.service`;

/** @param {ReturnType<import('./service-graph.mjs').serviceGraph>} graph */
export function writeSystemdUnits(graph, dir) {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  for (const id of graph.nodes) {
    const lines = ['[Unit]', `Description=${id}`, 'DefaultDependencies=no'];
    const requires = [...graph.requires.get(id)];
    if (requires.length > 0) lines.push(`Requires=${requires.map(unit).join(' ')}`);
    const after = [...graph.after.get(id)];
    if (after.length > 0) lines.push(`After=${after.map(unit).join(' ')}`);
    lines.push('', '[Service]', 'Type=oneshot', 'RemainAfterExit=yes', 'ExecStart=/bin/true', '');
    writeFileSync(join(dir, unit(id)), lines.join('\n'));
  }
  const boot = ['[Unit]', 'Description=boot', 'DefaultDependencies=no'];
  for (const id of graph.sinks) boot.push(`Requires=${unit(id)}`, `After=${unit(id)}`);
  writeFileSync(join(dir, 'boot.target'), boot.join('\n') + '\n');
  return join(dir, 'boot.target');
}
