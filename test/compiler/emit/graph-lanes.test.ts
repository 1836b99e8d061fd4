/** `graph` of a thread-model plan: one cluster per thread or process, hand-offs between them. */
import { resolve } from 'node:path';
import { expect, it } from 'vitest';
import { compile, loadPlan } from '../../../compiler/index.js';
import { toDot, toMermaid } from '../../../compiler/emit/graph-text.js';

const { compiled } = compile(loadPlan(resolve('specs/plans/luna/luna.yaml')));

it('draws every lane as a cluster, in program order, with spawn, start, wait and await between lanes', () => {
  const dot = toDot(compiled!);
  const clusters = [...dot.matchAll(/label="([^"]+): ([^"]*)";/g)].map((m) => m[1]);
  expect(clusters).toEqual(compiled!.luna!.lanes.filter((l) => l.steps.length > 0).map((l) => l.id));
  expect(dot).toContain('"kinit.start:preinit" -> "preinit.mount:/dev" [label="start"');
  expect(dot).toContain('"preinit.start:00-home" -> "00-home.read:/etc/scripts/home.sh" [label="spawn"');
  expect(dot).toContain('"99-login/wind.listen:/tmp/wsys.sock" -> "99-login.await:listen:/tmp/wsys.sock" [label="await"');
  expect(dot).toContain('"00-home/mount.mount:/home/selene" -> "00-home.wait:mount" [label="wait"');
});

it('draws lanes in Mermaid too', () => {
  const m = toMermaid(compiled!);
  expect(m.split('\n').filter((l) => l.trim().startsWith('subgraph')).length).toBe(compiled!.luna!.lanes.filter((l) => l.steps.length > 0).length);
  expect(m).toMatch(/-\.->\|await\|/);
});
