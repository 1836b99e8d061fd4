/** Human output: one block per diagnostic, subject first, a code frame, the evidence, the fix. */
import { isAbsolute, relative } from 'node:path';
import pc from 'picocolors';
import type { Diagnostic, Location } from '../types.js';
import { codeFrame } from './frame.js';
import { DEFAULT_SHOWN, plural, summarize, type Reporter } from './report.js';

function where(loc: Location | undefined, cwd: string): string {
  if (!loc) return '';
  if (!isAbsolute(loc.file)) return `${loc.file}:${loc.line}:${loc.column}`;
  const rel = relative(cwd, loc.file);
  return `${rel.startsWith('..') ? loc.file : rel}:${loc.line}:${loc.column}`;
}

/** A path as one shell word: quoted when it holds anything but safe characters. */
function shellWord(text: string): string {
  return /^[A-Za-z0-9_./@:+=,-]+$/.test(text) ? text : `'${text.replaceAll("'", `'\\''`)}'`;
}

export const pretty: Reporter = (input, options) => {
  const c = pc.createColors(options.color);
  const sev = (d: Diagnostic) => (d.severity === 'error' ? c.red(c.bold('error')) : d.severity === 'warning' ? c.yellow(c.bold('warning')) : c.cyan('note'));
  const blocks: string[] = [];
  const split = new Map<string, string[] | undefined>();
  const linesOf = (file: string) => {
    if (!split.has(file)) {
      const text = input.text?.(file);
      // A sparse list of lines stays sparse: codeFrame reads only the lines around the spot.
      split.set(file, typeof text === 'string' ? text.split(/\r?\n/) : (text as string[] | undefined));
    }
    return split.get(file);
  };
  // The N of `witness:FILE#N`: witnesses counted in the order `check --format json` writes them.
  let witnesses = 0;
  const witnessLine = (d: Diagnostic): string | undefined => {
    const w = d.witness;
    if (!w) return undefined;
    const what = w.expect.kind === 'order' ? `${w.expect.entry} runs before ${w.expect.first}` : w.expect.kind === 'return' ? `${w.expect.entry} returns ${w.expect.rc}` : `${w.expect.entry} faults on ${w.expect.capability}${w.expect.kind === 'term' ? ' at teardown' : ''}`;
    witnesses++;
    const plan = shellWord(where({ file: input.file, line: 1, column: 1 }, options.cwd).replace(/:1:1$/, '') || 'PLAN');
    // An order witness that is the move itself says it once.
    const said = w.move && w.expect.kind === 'order' && w.move.entry === w.expect.entry && w.move.before === w.expect.first;
    const order = w.move ? `the link order that runs ${w.move.entry} just before ${w.move.before}` : 'the default link order';
    return `${said ? order : `${order} in which ${what}`} (replay: bootplan check --format json ${plan} > w.json; bootplan run ${plan} --link-order witness:w.json#${witnesses})`;
  };
  // The hint, and each fix a tool can apply; a fix the hint already says marks the hint instead.
  const applies = ' (`bootplan check --fix` applies it)';
  const helpLines = (d: Diagnostic, indent: string): string[] => {
    const fixes = d.fixes ?? [];
    const said = d.hint !== undefined && fixes.length > 0 && (d.hint === fixes[0]!.description || d.hint.startsWith(`${fixes[0]!.description} (`));
    return [
      ...(d.hint ? [`${indent}${c.dim('=')} ${c.green('help')}: ${d.hint}${said ? applies : ''}`] : []),
      ...fixes.slice(said ? 1 : 0).map((f) => `${indent}${c.dim('=')} ${c.green('fix')}: ${f.description}${applies}`),
    ];
  };
  let lastRoot: Diagnostic | undefined;
  // Only the first `limit` are printed (and so located in code frames); the rest are counted.
  const limit = options.limit ?? DEFAULT_SHOWN;
  const printed = input.diagnostics.length > limit ? input.diagnostics.slice(0, limit) : input.diagnostics;
  for (const d of printed) {
    // A consequence right after its cause is folded under it: header, place, help and witness.
    const folded = d.cause !== undefined && lastRoot !== undefined && lastRoot.code === d.cause.code && lastRoot.message === d.cause.message;
    if (folded) {
      const lines = [`  ${c.dim('=')} ${c.dim('follows from it:')} ${sev(d)}${c.dim(`[${d.code}]`)}: ${d.message}`];
      if (d.location) lines.push(`      ${c.dim('-->')} ${where(d.location, options.cwd)}`);
      lines.push(...helpLines(d, '      '));
      const w = witnessLine(d);
      if (w) lines.push(`      ${c.dim('=')} ${c.magenta('witness')}: ${w}`);
      blocks[blocks.length - 1] += `\n${lines.join('\n')}`;
      continue;
    }
    if (!d.cause) lastRoot = d;
    const lines = [`${sev(d)}${c.dim(`[${d.code}]`)}: ${c.bold(d.message)}`];
    if (d.location) {
      lines.push(`  ${c.dim('-->')} ${where(d.location, options.cwd)}`);
      const text = linesOf(d.location.file);
      if (text !== undefined) {
        const frame = codeFrame(text, d.location.line, d.location.column, d.location.endLine, d.location.endColumn);
        if (frame) lines.push(frame.split('\n').map((l) => `  ${l.startsWith('>') ? c.red(l.slice(0, 1)) + l.slice(1) : c.dim(l.slice(0, l.indexOf('|') + 1)) + l.slice(l.indexOf('|') + 1)}`).join('\n'));
      }
    }
    for (const r of d.related ?? []) {
      // Evidence notes name their `file:line` in the message already.
      const shown = r.location && !r.message.includes(`${r.location.file}:${r.location.line}`);
      lines.push(`  ${c.dim('=')} ${c.cyan('note')}: ${r.message}${shown ? ` ${c.dim(`(${where(r.location, options.cwd)})`)}` : ''}`);
    }
    if (d.cause) lines.push(`  ${c.dim('=')} ${c.cyan('note')}: follows from ${d.cause.code}: ${d.cause.message}${d.cause.location ? ` ${c.dim(`(${where(d.cause.location, options.cwd)})`)}` : ''}`);
    lines.push(...helpLines(d, '  '));
    const w = witnessLine(d);
    if (w) lines.push(`  ${c.dim('=')} ${c.magenta('witness')}: ${w}`);
    blocks.push(lines.join('\n'));
  }
  if (printed.length < input.diagnostics.length) {
    const rest = summarize(input.diagnostics.slice(printed.length));
    const kinds = [rest.errors ? plural(rest.errors, 'error') : '', rest.warnings ? plural(rest.warnings, 'warning') : '', rest.notes ? plural(rest.notes, 'note') : ''].filter(Boolean).join(', ');
    blocks.push(c.dim(`… and ${plural(input.diagnostics.length - printed.length, 'more finding')} not shown (${kinds}): \`--max-shown all\` prints them, \`--format json\` or \`sarif\` lists every one`));
  }
  const s = summarize(input.diagnostics);
  const file = where({ file: input.file, line: 1, column: 1 }, options.cwd).replace(/:1:1$/, '');
  const accepted = input.suppressed?.length ? ` (${plural(input.suppressed.length, 'finding')} accepted by \`# bootplan-allow:\`)` : '';
  const summary = s.errors + s.warnings + s.notes === 0
    ? c.green(`✓ ${file}: no problems found`) + accepted
    : `${s.errors > 0 ? c.red(plural(s.errors, 'error')) : '0 errors'}, ${s.warnings > 0 ? c.yellow(plural(s.warnings, 'warning')) : '0 warnings'}${s.notes ? `, ${plural(s.notes, 'note')}` : ''} in ${file}${accepted}`;
  return (blocks.length > 0 ? blocks.join('\n\n') + '\n\n' : '') + summary + '\n';
};

/**
 * The grand total after several plans, as tsc prints it: one line, then a table of the files with
 * findings (the line of each file's first one).
 */
export function prettyTotal(files: Array<{ file: string; diagnostics: Diagnostic[] }>, options: { color: boolean; cwd: string }): string {
  const c = pc.createColors(options.color);
  const rows = files.map((f) => ({ f, s: summarize(f.diagnostics) })).filter((r) => r.s.errors + r.s.warnings > 0);
  const errors = rows.reduce((n, r) => n + r.s.errors, 0);
  const warnings = rows.reduce((n, r) => n + r.s.warnings, 0);
  if (rows.length === 0) return `${c.green(`✓ ${plural(files.length, 'plan')} checked: no errors or warnings`)}\n`;
  const counts = [errors > 0 ? c.red(plural(errors, 'error')) : '', warnings > 0 ? c.yellow(plural(warnings, 'warning')) : ''].filter(Boolean).join(' and ');
  const lines = [`Found ${counts} in ${plural(rows.length, 'file')} (${plural(files.length, 'plan')} checked).`, '', 'Errors  Warnings  File'];
  for (const { f, s } of rows) {
    const first = f.diagnostics.find((d) => d.severity !== 'note' && d.location?.file === f.file) ?? f.diagnostics.find((d) => d.severity !== 'note' && d.location);
    const at = first?.location ? where(first.location, options.cwd).replace(/:\d+$/, '') : where({ file: f.file, line: 1, column: 1 }, options.cwd).replace(/:1:1$/, '');
    lines.push(`${String(s.errors).padStart(6)}  ${String(s.warnings).padStart(8)}  ${at}`);
  }
  return `${lines.join('\n')}\n`;
}
