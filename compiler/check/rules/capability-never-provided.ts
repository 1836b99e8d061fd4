import type { Diagnostic } from '../../types.js';
import { suggest } from '../../suggest.js';
import { named, type Rule } from '../rule.js';
import { defaultWitness } from '../witness.js';
import { UNIKRAFT_EXAMPLE } from './examples.js';

/** Where the well-known capabilities come from, for the hint. */
function providerAdvice(capability: string): string {
  if (capability === 'fd:stdio') return 'add an entry that opens stdio: `effects: [{ open-stdio: {} }]` (Unikraft: posix-tty\'s init_posix_tty at rootfs 9)';
  if (capability.startsWith('mount:')) return `mount ${capability.slice(6)}: an fstab entry (\`mounts\` or \`vfs.fstab\`) with an entry that has \`effects: [{ mount: { from: fstab } }]\`, or a \`mount\` effect of its own`;
  if (capability.startsWith('dev:') || ['devices', 'netdev', 'blkdev'].includes(capability)) return 'add the device under `devices` and an entry that probes the buses: `effects: [{ probe-buses: {} }]` (Unikraft: uk_bus_lib_init at plat 0)';
  if (capability.startsWith('thread:')) return `add an entry with \`effects: [{ spawn-thread: { name: ${capability.slice(7)} } }]\``;
  return `add an entry that provides \`${capability}\`, or remove the use`;
}

export const capabilityNeverProvided: Rule = {
  code: 'capability-never-provided',
  severity: 'error',
  title: 'an entry uses a capability nothing provides',
  doc: `Nothing in the plan or the profile provides the capability: no core step, no entry's
\`provides\`, no effect's contract. Either the name is misspelt (the message suggests the nearest
known name), the provider is missing from the image, or the provider exists only in another
configuration (\`initrd0\` only when the image boots with an initrd). When the only provider is an
entry the linker drops (a priority outside the range), the message says so: that is how unikraft#1231
lost /dev/stdout.

Fix: add the provider, fix the name, or drop the use.`,
  example: {
    failing: `${UNIKRAFT_EXAMPLE}libraries:
  app:
    main: { uses: [shed] }
`,
    fixed: `${UNIKRAFT_EXAMPLE}libraries:
  app:
    main: { uses: [sched] }
`,
  },
  check(ctx) {
    const out: Diagnostic[] = [];
    const profile = ctx.compiled.profile;
    let known: string[] | null = null;
    for (const { entry, capability, term } of ctx.graph.unprovided) {
      if (capability.startsWith('dev:') && entry.effects.some((e) => e.kind === 'mount' && e.uses.includes(capability))) continue;
      // The one entry that would provide it, and why it does not: the build drops it, it is
      // term-only (the init loop skips it), or it fails where failing initcalls provide nothing
      // (a failing provider elsewhere stops the boot, so the graph counts it as a provider and
      // the capability is not unprovided).
      const dropped = ctx.compiled.dropped.find((d) => d.provides.includes(capability));
      const termOnly = ctx.compiled.entries.find((e) => e.fn === null && e.provides.includes(capability));
      const failing = ctx.compiled.entries.find((e) => e.returns < 0 && e.provides.includes(capability));
      const lost = dropped ? { id: dropped.id, source: dropped.source, outcome: `the build drops it (${dropped.reason})`, related: 'is dropped', hint: `fix the priority of ${dropped.id}` }
        : termOnly ? { id: termOnly.id, source: termOnly.source, outcome: 'it never runs at boot (it is term-only: its init function is 0x0, which the init loop skips)', related: 'is term-only', hint: `provide \`${capability}\` from an entry with an init function (\`fn\`)` }
        : failing ? { id: failing.id, source: failing.source, outcome: `it fails (it returns ${failing.returns}, and an initcall that fails provides nothing)`, related: 'fails', hint: `make ${failing.id} succeed, or provide \`${capability}\` elsewhere` }
        : undefined;
      const unavailable = profile.unavailable?.[capability];
      known ??= [...new Set([...ctx.graph.providers.keys(), ...profile.capabilities.map((c) => c.name)])];
      // (Never what the entry provides itself: a mount at /x that lacks its parent's mount is not
      // a misspelt `mount:/x`.)
      let guess = lost || unavailable ? undefined : suggest(capability, known);
      if (guess !== undefined && entry.provides.includes(guess)) guess = suggest(capability, known.filter((c) => !entry.provides.includes(c)));
      const who = term ? `the term function of ${named(ctx.graph.byId.get(entry.id)!)}` : named(ctx.graph.byId.get(entry.id)!);
      out.push({
        code: this.code,
        severity: 'error',
        message: `${who} uses \`${capability}\`, which nothing provides${lost ? `: only ${lost.id} would, and ${lost.outcome}` : ''}${guess ? `; did you mean \`${guess}\`?` : ''}`,
        source: term ? entry.term!.source : entry.source,
        ...(lost ? { related: [{ message: `${lost.id} ${lost.related}`, source: lost.source }] } : {}),
        hint: unavailable ?? lost?.hint ?? providerAdvice(capability),
        witness: defaultWitness(ctx, { kind: term ? 'term' : 'fault', entry: entry.id, capability }),
        subjects: [entry.id],
      });
    }
    return out;
  },
};
