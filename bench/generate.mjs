// Synthetic unikraft@0.17 boot plans of N entries that check clean (no errors, no warnings) and
// look like real ones: libraries of a few to a few dozen registrations, constructors at every
// priority, initcalls spread over every level and priority, some term functions, heap use, a few
// explicit `after`s, GCC constructors, one main. Entries are written partly in flow style
// (`- { fn: ..., level: lib, prio: 4 }`) and partly in block style, about 90-130 bytes each.
//
// Clean by construction: every entry uses only capabilities provided at a strictly smaller key
// (never a tie, so no race), constructors use nothing the pre-init rule forbids, every provided
// capability is used by someone later (main takes what is left), fn names are unique.
// Deterministic: a seeded PRNG, so the same N gives the same bytes.
//
// With `{ warnings: true }` every entry also provides a capability nothing uses: a plan with one
// unused-capability warning per entry (the bench's "N warnings" row).
//
// Usage: node bench/generate.mjs N [OUT.yaml] [--warnings]
import { writeFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';

const LEVELS = ['early', 'plat', 'lib', 'rootfs', 'sys', 'late'];
const PRIOS = 10;
// Library name stems from Unikraft's tree; a numeric suffix makes each library unique.
const STEMS = [
  'ukalloc', 'ukbus', 'vfscore', 'devfs', 'ramfs', 'ukp9', 'posix-fdtab', 'posix-tty',
  'posix-process', 'posix-socket', 'lwip', 'uksched', 'ukrandom', 'uktime', 'ukintctlr',
  'virtio-net', 'virtio-blk', 'ukpci', 'musl', 'ukdebug', 'uknetdev', 'ukblkdev', 'uklock',
  'ukswrand', 'posix-environ', 'ukcpio', 'uknofault', 'ukvmem', 'posix-mmap', 'ukstore',
];
const CORE_FOR_INITCALLS = ['alloc', 'sched', 'irq', 'time', 'libparam'];
const CORE_FOR_CTORS = ['bootinfo', 'cmdline'];

/** mulberry32: small, fast, deterministic. */
function prng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Sort key, the same order the profile gives: ctors < initcalls (level, prio) < init_array < main. */
function keyOf(e) {
  if (e.kind === 'ctor') return e.prio;
  if (e.kind === 'initcall') return 100 + e.level * PRIOS + e.prio;
  return 1000;
}

/** The plan as a model: libraries and entries with their keys and dependencies. */
export function generateModel(n, { seed = 0x5eed, warnings = false } = {}) {
  const rand = prng(seed ^ n);
  const pick = (list) => list[Math.floor(rand() * list.length)];
  const libraries = [];
  const entries = [];
  let made = 0;
  for (let l = 0; made < n; l++) {
    const name = `${STEMS[l % STEMS.length]}${Math.floor(l / STEMS.length) || ''}`;
    const ident = name.replace(/-/g, '_');
    const size = Math.min(n - made, 3 + Math.floor(rand() * rand() * 40));
    const lib = { name, ctors: [], initcalls: [], init_array: [] };
    for (let i = 0; i < size; i++, made++) {
      const r = rand();
      let e;
      if (r < 0.08) e = { kind: 'ctor', fn: `${ident}_ctor${i}`, prio: Math.floor(rand() * PRIOS) };
      else if (r < 0.1) e = { kind: 'init_array', fn: `${ident}_gcc_ctor${i}` };
      else e = { kind: 'initcall', fn: `${ident}_init${i}`, level: Math.floor(rand() * LEVELS.length), prio: Math.floor(rand() * PRIOS) };
      e.lib = name;
      e.id = `${name}.${e.fn}`;
      e.key = keyOf(e);
      e.uses = [];
      e.provides = [];
      e.after = [];
      // About half the entries leave cost at the default, as hand-written plans do.
      if (rand() < 0.5) e.cost = rand() < 0.8 ? `${1 + Math.floor(rand() * 400)}us` : `${1 + Math.floor(rand() * 5)}ms`;
      if (e.kind === 'initcall') {
        if (rand() < 0.12) e.term = `${ident}_term${i}`;
        if (rand() < 0.05) e.alloc = `${1 << Math.floor(rand() * 5)}Ki`;
      }
      e.cap = `${name}.c${i}`;
      lib[e.kind === 'ctor' ? 'ctors' : e.kind === 'initcall' ? 'initcalls' : 'init_array'].push(e);
      entries.push(e);
    }
    libraries.push(lib);
  }

  // Dependencies, in key order: only what strictly lower keys provide, so every edge is proven.
  const order = entries.map((e, i) => [e.key, i]).sort((a, b) => a[0] - b[0] || a[1] - b[1]).map(([, i]) => entries[i]);
  // A loop, not Math.max(...): a million arguments overflow the stack.
  let lastInitcallKey = -1;
  for (const e of entries) if (e.kind === 'initcall' && e.key > lastInitcallKey) lastInitcallKey = e.key;
  const available = []; // capabilities provided at keys below the current one
  const availableIds = [];
  const unused = []; // FIFO of provided capabilities nobody uses yet
  let head = 0;
  let pendingKey = -1;
  let pending = [];
  let lastKeyProviders = 0;
  for (const e of order) {
    if (e.key !== pendingKey) {
      for (const p of pending) {
        if (p.provides.length > 0) {
          available.push(p.cap);
          unused.push(p.cap);
        }
        availableIds.push(p.id);
      }
      pending = [];
      pendingKey = e.key;
    }
    const uses = new Set();
    // Take the oldest unused capabilities first so that everything provided gets used.
    for (let k = rand() < 0.6 ? 2 : 1; k > 0 && head < unused.length; k--) uses.add(unused[head++]);
    if (available.length > 0 && rand() < 0.35) uses.add(pick(available));
    const core = e.kind === 'ctor' ? CORE_FOR_CTORS : CORE_FOR_INITCALLS;
    if (rand() < 0.1) uses.add(pick(core));
    e.uses = [...uses];
    // At the last initcall key only init_array entries and main come later: a few provide for main.
    if (e.kind !== 'init_array' && !(e.key === lastInitcallKey && lastKeyProviders++ >= 3)) e.provides = [e.cap];
    // `warnings`: one more capability per entry that nothing uses (an unused-capability warning each).
    if (warnings) e.spare = `${e.cap}_spare`;
    if (e.kind === 'initcall' && availableIds.length > 0 && rand() < 0.02) e.after = [pick(availableIds)];
    pending.push(e);
  }
  for (const p of pending) if (p.provides.length > 0) unused.push(p.cap);
  for (const p of pending) if (p.provides.length > 0) available.push(p.cap);
  const main = { uses: [...new Set(['sched', ...unused.slice(head), ...[0, 1, 2].map(() => pick(available))])] };
  return { name: `synthetic-${n}${warnings ? '-warnings' : ''}`, libraries, entries, main };
}

const list = (xs) => `[${xs.join(', ')}]`;

function entryFields(e) {
  const f = [['fn', e.fn]];
  if (e.kind === 'initcall') f.push(['level', LEVELS[e.level]]);
  if (e.kind !== 'init_array') f.push(['prio', e.prio]);
  if (e.term) f.push(['term', e.term]);
  if (e.uses.length > 0) f.push(['uses', list(e.uses)]);
  const provides = e.spare ? [...e.provides, e.spare] : e.provides;
  if (provides.length > 0) f.push(['provides', list(provides)]);
  if (e.after.length > 0) f.push(['after', list(e.after)]);
  if (e.alloc) f.push(['alloc', e.alloc]);
  if (e.cost) f.push(['cost', e.cost]);
  return f;
}

/** The model as YAML text. Flow or block style per entry, decided by its position (deterministic). */
export function writeModel(model) {
  const lines = [
    'bootplan: 1',
    `name: ${model.name}`,
    'profile: unikraft@0.17',
    'target: qemu/x86_64',
    'memory: 4Gi',
    "cmdline: '-- app'",
    'libraries:',
  ];
  let count = 0;
  for (const lib of model.libraries) {
    lines.push(`  ${lib.name}:`);
    for (const key of ['ctors', 'initcalls', 'init_array']) {
      if (lib[key].length === 0) continue;
      lines.push(`    ${key}:`);
      for (const e of lib[key]) {
        const fields = entryFields(e);
        if (count++ % 10 < 7) {
          lines.push(`      - { ${fields.map(([k, v]) => `${k}: ${v}`).join(', ')} }`);
        } else {
          fields.forEach(([k, v], i) => lines.push(`${i === 0 ? '      - ' : '        '}${k}: ${v}`));
        }
      }
    }
  }
  lines.push('  app:');
  lines.push(`    main: { uses: ${list(model.main.uses)}, cost: 1ms }`);
  return lines.join('\n') + '\n';
}

export function generatePlan(n, options = {}) {
  return writeModel(generateModel(n, options));
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const n = Number(process.argv[2] ?? 1000);
  const warnings = process.argv.includes('--warnings');
  const out = process.argv.slice(3).find((a) => a !== '--warnings');
  writeFileSync(out ?? `/tmp/plan-${n}${warnings ? '-warnings' : ''}.yaml`, generatePlan(n, { warnings }));
}
