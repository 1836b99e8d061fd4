/**
 * The real plans in specs/plans compile and boot to a normal halt on the emulated machine, in
 * every link order, with traces the schema accepts and consoles the log parsers read back.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { check, compile, loadPlan } from '../../compiler/index.js';
import { run, type LinkOrder } from '../../runtime/index.js';
import { parseLinuxInitcallLog } from '../../traces/logs/linux.js';
import { parseUnikraftLog } from '../../traces/logs/unikraft.js';
import { eventToJson } from '../../traces/jsonl.js';

const root = new URL('../../specs/plans/', import.meta.url).pathname;
const plans = readdirSync(root).flatMap((system) => readdirSync(join(root, system)).filter((f) => f.endsWith('.yaml')).map((f) => join(system, f)));
const validate = new Ajv2020({ allErrors: true, strict: true, strictRequired: false }).compile(JSON.parse(readFileSync(new URL('../../schemas/trace.schema.json', import.meta.url), 'utf8')));
const orders: LinkOrder[] = [{ kind: 'declared' }, { kind: 'reverse' }, ...Array.from({ length: 10 }, (_, seed) => ({ kind: 'random' as const, seed }))];

function compiled(plan: string) {
  const result = compile(loadPlan(join(root, plan)));
  expect(result.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  return result.compiled!;
}

describe('specs/plans on the emulated machine', () => {
  it('finds the plans', () => {
    expect(plans.length).toBeGreaterThanOrEqual(5);
    expect(plans).toContain('unikraft/helloworld.yaml');
  });

  for (const plan of plans) {
    it(`${plan} boots to HALT in every link order the real build could pick`, () => {
      const c = compiled(plan);
      expect(check(c).filter((d) => d.severity === 'error')).toEqual([]);
      // Where ties follow a fixed link order (Linux's Makefiles), the declared order is the boot.
      for (const linkOrder of c.profile.ties === 'link-order' ? orders.slice(0, 1) : orders) {
        const r = run(c, { linkOrder });
        expect({ order: linkOrder, outcome: r.outcome }).toMatchObject({ outcome: { target: 'HALT', exitCode: 0 } });
        expect(r.events.some((e) => e.ev === 'fault')).toBe(false);
      }
    });

    it(`${plan}: its trace fits the schema and its console reads back`, () => {
      const c = compiled(plan);
      const r = run(c);
      for (const ev of r.events) expect(validate(JSON.parse(eventToJson(ev))) ? null : validate.errors).toBeNull();
      const callsOf = (events: { ev: string; fn?: string }[]) => events.filter((e) => e.ev === 'call').map((e) => e.fn);
      if (c.profile.log === 'unikraft') expect(callsOf(parseUnikraftLog(r.console).events)).toEqual(callsOf(r.events));
      if (c.profile.log === 'linux') expect(callsOf(parseLinuxInitcallLog(r.console).events)).toEqual(callsOf(r.events));
    });
  }

  it('helloworld-9pfs mounts a snapshot of guest_fs, nginx extracts its initrd', () => {
    const ninep = run(compiled('unikraft/helloworld-9pfs.yaml'));
    expect(ninep.events.filter((e) => e.ev === 'mount').map((e) => [e.path, e.fs])).toContainEqual(['/', '9pfs']);
    const nginx = run(compiled('unikraft/nginx.yaml'));
    expect(nginx.console).toMatch(/Extracting initrd @ 0x1a3000 \(\d+ bytes, source: "initrd0"\) to \/\.\.\./);
    expect(nginx.events.filter((e) => e.ev === 'alloc' && e.addr === 0)).toEqual([]);
  });
});
