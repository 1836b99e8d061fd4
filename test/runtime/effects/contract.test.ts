/**
 * Each effect implementation stays inside its static contract (compiler/effects.ts): everything
 * it touches is in `uses`, and it provides exactly `provides`. The guard catches a breach.
 */
import { describe, expect, it } from 'vitest';
import { EFFECT_KINDS } from '../../../compiler/effects.js';
import type { Compiled, Effect, Entry } from '../../../compiler/types.js';
import { createEffectContext, EXECUTORS, type CallState } from '../../../runtime/effects/index.js';
import { ContractBreach } from '../../../runtime/errors.js';
import { run } from '../../../runtime/index.js';
import { Machine } from '../../../runtime/machine.js';
import { writeCpio } from '../../../runtime/vfs/cpio.js';
import { memoryHost } from '../../../runtime/vfs/host.js';
import { createRamfs } from '../../../runtime/vfs/node.js';
import { compilePlan, mount, unikraftProfile, type EntrySpec } from '../helpers.js';

const src = { file: '', path: [] };
const initrd = writeCpio([{ name: 'etc', type: 'dir' }, { name: 'etc/hosts', type: 'file', data: new TextEncoder().encode('127.0.0.1\n') }]);
const host = memoryHost({ '/plan/share/hello': 'hi', '/plan/share/dev/.keep': '', '/plan/share/boot/.keep': '', '/plan/initrd.cpio': initrd });

function planWith(spec: EntrySpec): Compiled {
  return compilePlan(unikraftProfile(), [spec], {
    file: '/plan/plan.yaml',
    initrd: 'initrd.cpio',
    devices: [
      { kind: 'virtio-9p', tag: 'fs0', hostdir: 'share', source: src },
      { kind: 'virtio-net', tag: 'net0', source: src },
      { kind: 'virtio-blk', tag: 'blk0', source: src },
    ],
    mounts: [mount('fs0', '/', '9pfs'), mount('none', '/dev', 'devfs'), mount('initrd0', '/boot', 'extract')],
  });
}

/** Runs one effect with every capability of its contract present; records what it touched. */
function execute(spec: EntrySpec, prepare?: (m: Machine) => void) {
  const compiled = planWith(spec);
  const entry: Entry = compiled.entries[0]!;
  const effect = entry.effects[0]!;
  const machine = new Machine(compiled, { host });
  for (const cap of effect.uses) machine.caps.add(cap);
  for (const d of compiled.plan.devices) machine.attached.set(d.tag, d);
  prepare?.(machine);
  const touched = new Set<string>();
  const has = machine.caps.has.bind(machine.caps);
  machine.caps.has = (cap: string) => {
    touched.add(cap);
    return has(cap);
  };
  const state: CallState = { pending: new Set(), rc: null };
  const rc = EXECUTORS[effect.kind]!(createEffectContext(machine, entry, effect, state));
  return { rc, touched: [...touched], provided: [...state.pending], effect, machine, state };
}

const rootMounted = (m: Machine) => m.vfs.mount('/', createRamfs());

const cases: Array<[string, EntrySpec, ((m: Machine) => void)?]> = [
  ['mount (the fstab: 9pfs, devfs, extract)', { id: 'vfscore.automount', level: 'rootfs', effects: [{ kind: 'mount', args: { from: 'fstab' } }] }],
  ['mount (one ramfs with mkmp)', { id: 'app.tmp', level: 'rootfs', effects: [{ kind: 'mount', args: { dev: 'none', at: '/tmp/x', fs: 'ramfs', mkmp: true } }] }, rootMounted],
  ['extract-initrd', { id: 'app.unpack', level: 'rootfs', effects: [{ kind: 'extract-initrd', args: { to: '/srv' } }] }, rootMounted],
  ['probe-buses', { id: 'ukbus.probe', level: 'plat', effects: [{ kind: 'probe-buses' }] }],
  ['open-stdio', { id: 'posix-tty.init', level: 'rootfs', effects: [{ kind: 'open-stdio' }] }],
  ['alloc', { id: 'app.cache', level: 'lib', effects: [{ kind: 'alloc', args: { size: '4Ki' } }] }],
  ['spawn-thread', { id: 'lwip.init', level: 'lib', effects: [{ kind: 'spawn-thread', args: { name: 'tcpip' } }] }],
  ['log', { id: 'app.hello', level: 'late', effects: [{ kind: 'log', args: { msg: 'hello' } }] }],
  ['fail', { id: 'app.broken', level: 'late', effects: [{ kind: 'fail', args: { rc: -5 } }] }],
];

describe('effect implementations', () => {
  it('exist for exactly the kinds compiler/effects.ts declares', () => {
    expect(Object.keys(EXECUTORS).sort()).toEqual([...EFFECT_KINDS].sort());
  });

  for (const [what, spec, prepare] of cases) {
    it(`${what}: touches only its contract's uses and provides all of its provides`, () => {
      const { rc, touched, provided, effect } = execute(spec, prepare);
      expect(rc).toBe(0);
      for (const cap of touched) expect(effect.uses).toContain(cap);
      expect(provided.sort()).toEqual([...effect.provides].sort());
    });
  }

  it('mount really mounts: a 9p snapshot at /, devfs at /dev, the initrd at /boot', () => {
    const { machine } = execute(cases[0]![1]);
    expect(machine.vfs.mountPoints()).toEqual(['/', '/dev', '/boot']);
    expect(new TextDecoder().decode(machine.vfs.readFile('/hello'))).toBe('hi');
    expect(machine.vfs.readdir('/dev')).toContain('null');
    expect(new TextDecoder().decode(machine.vfs.readFile('/boot/etc/hosts'))).toBe('127.0.0.1\n');
    expect(machine.events.filter((e) => e.ev === 'mount').map((e) => [e.path, e.fs, e.dev])).toEqual([['/', '9pfs', 'fs0'], ['/dev', 'devfs', 'none'], ['/boot', 'extract', 'initrd0']]);
  });

  it('fail sets the return value without cutting the entry short', () => {
    expect(execute(cases[8]![1]).state.rc).toBe(-5);
  });
});

describe('the contract guard', () => {
  const tampered = (effect: Effect, change: Partial<Effect>): Effect => ({ ...effect, ...change });

  it('throws a ContractBreach naming the effect when it uses a capability outside its contract', () => {
    const compiled = planWith({ id: 'posix-tty.init', level: 'rootfs', effects: [{ kind: 'open-stdio' }] });
    const entry = compiled.entries[0]!;
    const machine = new Machine(compiled, { host });
    machine.caps.add('alloc');
    const effect = tampered(entry.effects[0]!, { uses: [] });
    const ctx = createEffectContext(machine, entry, effect, { pending: new Set(), rc: null });
    expect(() => EXECUTORS['open-stdio']!(ctx)).toThrow(ContractBreach);
    expect(() => EXECUTORS['open-stdio']!(ctx)).toThrow(/effect "open-stdio" of posix-tty.init tried to use "alloc"/);
  });

  it('throws when an effect provides something its contract does not list', () => {
    const compiled = planWith({ id: 'ukbus.probe', level: 'plat', effects: [{ kind: 'probe-buses' }] });
    const entry = compiled.entries[0]!;
    const machine = new Machine(compiled, { host });
    machine.caps.add('alloc');
    const effect = tampered(entry.effects[0]!, { provides: ['devices'] });
    const ctx = createEffectContext(machine, entry, effect, { pending: new Set(), rc: null });
    expect(() => EXECUTORS['probe-buses']!(ctx)).toThrow(/tried to provide "dev:fs0"/);
  });

  it('stops a whole run loudly: a breach is a bootplan bug, not a boot outcome', () => {
    const compiled = compilePlan(unikraftProfile(), [{ id: 'app.cache', level: 'lib', effects: [{ kind: 'alloc', args: { size: 16 } }] }]);
    compiled.entries[0]!.effects[0] = tampered(compiled.entries[0]!.effects[0]!, { uses: [] });
    expect(() => run(compiled)).toThrow(ContractBreach);
  });
});
