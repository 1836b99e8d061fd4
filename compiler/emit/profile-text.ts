/**
 * A profile as people read it (`bootplan profile show`): its tables with their levels, macros and
 * priority ranges, the boot in order with what each core step provides, the platforms and their
 * entry steps, and the capabilities it knows. Pure: profile in, text out.
 */
import { mountOverOf, type Profile, type ProfilePhase, type ProfileTable } from '../types.js';

/** `name@version` */
export function profileId(profile: Profile): string {
  return `${profile.name}@${profile.version}`;
}

function range(table: ProfileTable): string {
  if (!table.prio) return 'no priorities (link order)';
  const names = Object.entries(table.prio.names ?? {}).map(([k, v]) => `${k} ${v}`);
  return `prio ${table.prio.min}..${table.prio.max} (default ${table.prio.default}${names.length > 0 ? `; macros ${names.join(', ')}` : ''})`;
}

function pad(rows: string[][]): string[] {
  const widths = rows.reduce<number[]>((w, r) => r.map((c, i) => Math.max(w[i] ?? 0, c.length)), []);
  return rows.map((r) => r.map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i]!))).join('  ').trimEnd());
}

function phaseLine(profile: Profile, phase: ProfilePhase): string {
  if ('main' in phase) return 'main: the application';
  if ('step' in phase) {
    const s = phase.step;
    return `step ${s.name}: ${s.title}${s.provides.length > 0 ? ` → provides ${s.provides.join(', ')}` : ''}`;
  }
  const table = profile.tables.find((t) => t.name === phase.table);
  const levels = phase.levels ? ` levels ${phase.levels.join(', ')}` : '';
  return `table ${phase.table}: ${table?.title ?? phase.table}${levels}${table?.prio ? `, ${range(table)}` : ''}`;
}

/** The whole profile as text, one section per part; `file` is shown as given (relative paths stay so). */
export function profileText(profile: Profile, file?: string): string {
  const out: string[] = [];
  out.push(`${profileId(profile)} — ${profile.title}${profile.default ? ' (the default for a plan that says only `' + profile.name + '`)' : ''}`);
  if (file) out.push(`file: ${file}`);
  out.push(`equal keys: ${profile.ties === 'unspecified' ? 'unspecified order (a dependency between them is a race)' : 'link order (declaration order decides)'}; console log: ${profile.log}; main returning non-zero: ${profile.mainNonZero}; a mount over a mount point: ${mountOverOf(profile) === 'stack' ? 'stacks on top' : 'EBUSY'}`);
  out.push('', 'Tables');
  for (const t of profile.tables) {
    const traits = [t.canFail ? (t.role === 'early' ? 'an entry returning non-zero crashes the boot' : 'an entry returning < 0 stops the boot') : 'entries cannot fail', t.terms ? 'term functions' : 'no term functions', ...(t.ordinals ? ['devicetree ordinals'] : [])];
    out.push(`  ${t.name} (${t.role}): ${t.title}; ${range(t)}; ${traits.join(', ')}${t.section ? `; section ${t.section}` : ''}`);
    if (t.levels) out.push(...pad(t.levels.map((l) => [`      ${l.name}`, l.number === undefined ? '' : String(l.number), l.macro ?? '', [l.aliases?.length ? `also ${l.aliases.join(', ')}` : '', l.note ?? ''].filter(Boolean).join('; ')])));
    if (t.badPrio) out.push(`      a bad priority: ${t.badPrio.replace(/\s+/g, ' ').trim()}`);
  }
  out.push('', 'Boot, in order');
  if (profile.platforms?.length) out.push('   0. the platform entry steps (below, per target)');
  if (profile.initial?.length) out.push(`      capabilities from the start: ${profile.initial.join(', ')}`);
  profile.phases.forEach((p, i) => out.push(`  ${String(i + 1).padStart(2)}. ${phaseLine(profile, p)}`));
  if (profile.platforms?.length) {
    out.push('', 'Platforms');
    for (const p of profile.platforms) {
      out.push(`  ${p.target}: ${p.protocol} (${p.bootloader})`);
      for (const s of p.steps) out.push(`      step ${s.name}: ${s.title}${s.provides.length > 0 ? ` → provides ${s.provides.join(', ')}` : ''}`);
    }
  }
  if (profile.preInit) {
    out.push('', `Before the core is up (${profile.preInit.table}${profile.preInit.levels ? ` ${profile.preInit.levels.join(', ')}` : ''}): no ${profile.preInit.capabilities.join(', ')}`);
  }
  out.push('', 'Capabilities');
  out.push(...pad(profile.capabilities.map((c) => [`  ${c.name}${c.pattern ? '*' : ''}`, c.doc])));
  const unavailable = Object.entries(profile.unavailable ?? {});
  if (unavailable.length > 0) {
    out.push('', 'Only in other configurations');
    out.push(...pad(unavailable.map(([k, v]) => [`  ${k}`, v])));
  }
  return out.join('\n') + '\n';
}
