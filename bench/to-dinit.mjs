// Writes a service graph as a dinit services directory: one file per node with `depends-on` for
// each requirement and `after` for an ordering alone, scripted services running /bin/true, and a
// `boot` service that depends on the sinks. `dinit-check -d DIR boot` then loads and checks the
// whole graph (syntax, executables, cycles through depends-on and after).
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** @param {ReturnType<import('./service-graph.mjs').serviceGraph>} graph */
export function writeDinitServices(graph, dir) {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  for (const id of graph.nodes) {
    const lines = ['type = scripted', 'command = /bin/true'];
    const requires = graph.requires.get(id);
    for (const dep of requires) lines.push(`depends-on = ${dep}`);
    for (const dep of graph.after.get(id)) if (!requires.has(dep)) lines.push(`after = ${dep}`);
    writeFileSync(join(dir, id), lines.join('\n') + '\n');
  }
  const boot = ['type = internal', ...graph.sinks.map((id) => `depends-on = ${id}`)];
  writeFileSync(join(dir, 'boot'), boot.join('\n') + '\n');
  return dir;
}
