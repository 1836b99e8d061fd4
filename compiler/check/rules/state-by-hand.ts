import type { Diagnostic, Entry } from '../../types.js';
import type { CheckContext, Rule } from '../rule.js';
import { UNIKRAFT_EXAMPLE } from './examples.js';

/**
 * Capability families that stand for state of the machine, and the effect that creates it: a
 * device attached by the bus probe, a filesystem mounted, files unpacked from the initrd. Only
 * that effect makes the state exist; a `provides` written by hand makes the checker's graph
 * believe in it while the machine (and the real boot) has nothing there. (The importer writes a
 * `mount` effect for a direct `mount()` call in C whose driver it can read.)
 */
export const STATE_FAMILIES: ReadonlyArray<{ prefix: string; effect: string; what: string; it: string; example: (rest: string) => string; luna: { step: string; example: (rest: string) => string } }> = [
  { prefix: 'dev:', effect: 'probe-buses', what: 'an attached device exists', it: 'it', example: () => '`effects: [{ probe-buses: {} }]` (and the device under `devices:`)', luna: { step: 'scan-disks', example: (d) => `a \`{ scan-disks: {} }\` step, and use \`device:${d || '<disk>'}\` where it is used: that step provides \`device:<disk>\` for each disk of the plan` } },
  { prefix: 'mount:', effect: 'mount', what: 'a mounted filesystem exists', it: 'it', example: (at) => `\`effects: [{ mount: { dev: none, at: ${at || '/'}, fs: ramfs } }]\` (or the driver and device it mounts)`, luna: { step: 'mount', example: (at) => `a \`{ mount: { fs: tmpfs, at: ${at || '/'} } }\` step (or the filesystem and device it mounts)` } },
  { prefix: 'initrd:', effect: 'extract-initrd', what: 'the files unpacked from the initrd exist', it: 'them', example: (to) => `\`effects: [{ extract-initrd: { to: ${to} } }]\``, luna: { step: 'mount', example: (to) => `a \`{ mount: { fs: initrd, at: ${to || '/'} } }\` step (the initial ramdisk, with the files under \`ramdisk:\`)` } },
];

/** Each family's first character: one read rules out most capabilities before any `startsWith`. */
const FIRST_CHARS = STATE_FAMILIES.map((f) => f.prefix.charCodeAt(0));

/** The state family a capability belongs to, or undefined for a plain capability. */
export function stateFamily(capability: string): (typeof STATE_FAMILIES)[number] | undefined {
  const first = capability.charCodeAt(0);
  for (let i = 0; i < STATE_FAMILIES.length; i++) {
    if (FIRST_CHARS[i] === first && capability.startsWith(STATE_FAMILIES[i]!.prefix)) return STATE_FAMILIES[i];
  }
  return undefined;
}

export const stateByHand: Rule = {
  code: 'state-by-hand',
  severity: 'error',
  title: 'an entry provides by hand a capability only an effect can create',
  doc: `\`dev:<tag>\`, \`mount:<dir>\` and \`initrd:<dir>\` stand for state of the machine: a device the
bus probe attached, a filesystem mounted at the directory, files the initrd was unpacked into.
Only the effect that creates the state provides them (\`probe-buses\`, \`mount\`,
\`extract-initrd\`). Written by hand under \`provides\`, the capability satisfies the ordering
graph but nothing is there at boot: a 9pfs mount from the device finds none attached (ENODEV)
and the init function fails, a program finds no filesystem or no files. bootplan refuses
the declaration rather than guessing what the entry does.

Fix: replace the \`provides\` with the effect that creates the state.`,
  example: {
    failing: `${UNIKRAFT_EXAMPLE}devices:
  - { kind: virtio-9p, tag: fs0, hostdir: . }
libraries:
  ukbus:
    initcalls:
      - { fn: uk_bus_lib_init, level: plat, prio: 0, provides: ['dev:fs0'] }
  vfscore:
    initcalls:
      - { fn: vfscore_automount, level: rootfs, prio: 4, effects: [{ mount: { dev: fs0, at: /, fs: 9pfs } }] }
`,
    fixed: `${UNIKRAFT_EXAMPLE}devices:
  - { kind: virtio-9p, tag: fs0, hostdir: . }
libraries:
  ukbus:
    initcalls:
      - { fn: uk_bus_lib_init, level: plat, prio: 0, effects: [{ probe-buses: {} }] }
  vfscore:
    initcalls:
      - { fn: vfscore_automount, level: rootfs, prio: 4, effects: [{ mount: { dev: fs0, at: /, fs: 9pfs } }] }
`,
  },
  check(ctx) {
    const out: Diagnostic[] = [];
    const report = (e: Entry, c: string, family: (typeof STATE_FAMILIES)[number]) => {
      if (e.effects.some((f) => f.provides.includes(c))) return;
      const rest = c.slice(family.prefix.length);
      out.push({
        code: this.code,
        severity: 'error',
        message: `\`${e.id}\` provides \`${c}\` by hand, but ${family.what} only when ${e.luna ? `a \`${family.luna.step}\` step` : `the \`${family.effect}\` effect`} creates ${family.it}: at boot nothing would be there`,
        source: { file: e.source.file, path: [...e.source.path, 'provides'] },
        hint: `replace \`${c}\` under provides with ${e.luna ? family.luna.example(rest) : family.example(rest)}`,
        subjects: [e.id],
      });
    };
    if (!eachStateProvide(ctx, report)) {
      for (const e of ctx.compiled.entries) {
        for (const c of e.provides) {
          const family = stateFamily(c);
          if (family) report(e, c, family);
        }
      }
    }
    return out;
  },
};

/**
 * Each entry's provides of a state family, in entry order, read from the graph's integer table:
 * each distinct capability's family is found once, and an entry is touched only when it provides
 * one. False when the graph has no table for these entries.
 */
function eachStateProvide(ctx: CheckContext, found: (e: Entry, capability: string, family: (typeof STATE_FAMILIES)[number]) => void): boolean {
  const capabilities = ctx.graph.capabilities;
  const entries = ctx.compiled.entries;
  if (!capabilities || capabilities.entries !== entries) return false;
  const { start, caps, names, namespaced } = capabilities.table;
  // Per capability id: 0 not looked at yet, 1 no family, 2 + i the family STATE_FAMILIES[i].
  const families = new Uint8Array(names.length);
  for (let j = 0, slot = 3 * capabilities.stepCount; j < entries.length; j++, slot += 3) {
    const first = start[slot]!;
    for (let k = first, end = start[slot + 1]!; k < end; k++) {
      const cap = caps[k]!;
      if (families[cap] === 0) {
        // Every family's prefix ends in `:`: a name without one is read no further.
        const family = namespaced[cap] ? stateFamily(names[cap]!) : undefined;
        families[cap] = family ? 2 + STATE_FAMILIES.indexOf(family) : 1;
      }
      if (families[cap] === 1) continue;
      const e = entries[j]!;
      found(e, e.provides[k - first]!, STATE_FAMILIES[families[cap]! - 2]!);
    }
  }
  return true;
}
