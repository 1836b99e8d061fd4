/**
 * Accepting a finding on purpose: a YAML comment that names the rule, on the line of the entry it
 * concerns or on a comment line of its own just above it.
 *
 *     # bootplan-allow: link-order-dependency -- sock_init is linked first in net/Makefile
 *     - fn: netlink_proto_init
 *
 * The allow covers the YAML node that starts on that line (an entry: its whole mapping), so a
 * finding on any field of the entry is covered. Several codes are separated by commas; text after
 * ` -- ` is the reason. A comment is no key: it needs no schema change and works in every
 * language version. Input errors (the plan cannot be read) cannot be allowed. An allow in the
 * root plan that accepts nothing is itself reported (`unused-allow`), so allows do not outlive
 * the findings they were written for; one whose code is a misspelling of a rule the entry
 * reports says which it meant.
 */
import { isInputError } from './index.js';
import { suggest } from './suggest.js';
import type { Diagnostic } from './types.js';
import { yamlModule } from './yaml-lazy.js';

export interface Allow {
  file: string;
  /** The line of the comment (1-based). */
  line: number;
  column: number;
  codes: string[];
  /** The lines it covers, inclusive. */
  from: number;
  to: number;
}

const ALLOW = /#\s*bootplan-allow:\s*([A-Za-z0-9_,\s-]*?)\s*(?:--.*)?$/;

/** The allows of one file: each comment with the line range of the node it names. */
export function findAllows(file: string, text: string): Allow[] {
  if (!text.includes('bootplan-allow')) return [];
  const lines = text.split(/\r?\n/);
  const found: Array<{ line: number; column: number; codes: string[]; own: boolean }> = [];
  lines.forEach((l, i) => {
    const at = l.indexOf('#');
    if (at < 0 || !l.includes('bootplan-allow')) return;
    const hash = l.search(/#\s*bootplan-allow:/);
    if (hash < 0) return;
    const m = ALLOW.exec(l.slice(hash));
    if (!m) return;
    const codes = m[1]!.split(',').map((c) => c.trim()).filter(Boolean);
    found.push({ line: i + 1, column: hash + 1, codes, own: l.slice(0, hash).trim() === '' });
  });
  if (found.length === 0) return [];
  // The last line of the widest unit starting on each line: a sequence item (an entry), or a
  // key with its value — never the mapping or sequence around them, which holds their siblings.
  const ends = new Map<number, number>();
  try {
    const { isNode, isSeq, LineCounter, parseDocument, visit } = yamlModule();
    const counter = new LineCounter();
    const doc = parseDocument(text, { lineCounter: counter, uniqueKeys: false });
    const note = (from: number | undefined, to: number | undefined) => {
      if (from === undefined || to === undefined) return;
      const start = counter.linePos(from).line;
      // A range's end is the offset after the value (often the next line's start).
      const end = counter.linePos(Math.max(from, to - 1)).line;
      ends.set(start, Math.max(ends.get(start) ?? start, end));
    };
    visit(doc, {
      Pair: (_key, pair) => {
        const k = isNode(pair.key) ? pair.key.range : undefined;
        const v = isNode(pair.value) ? pair.value.range : undefined;
        note(k?.[0], v?.[1] ?? k?.[1]);
      },
      Node: (_key, node, path) => {
        if (isSeq(path[path.length - 1]) && node.range) note(node.range[0], node.range[1]);
      },
    });
  } catch {
    // A file that does not parse reports yaml-syntax; its allows cover their own line only.
  }
  return found.map((f) => {
    let target = f.line;
    if (f.own) {
      // The first line below that is neither blank nor a comment.
      target = f.line + 1;
      while (target <= lines.length && /^\s*(#.*)?$/.test(lines[target - 1]!)) target++;
    }
    return { file, line: f.line, column: f.column, codes: f.codes, from: target, to: ends.get(target) ?? target };
  });
}

export interface AllowResult {
  /** What is still reported, with `unused-allow` warnings added. */
  diagnostics: Diagnostic[];
  /** The findings an allow accepted. */
  suppressed: Diagnostic[];
}

/**
 * Apply the allows of the plan's files to located diagnostics. Unused allows are reported for
 * `root` only: a catalog's allow may be meant for another plan that includes it.
 */
export function applyAllows(root: string, texts: Map<string, string>, diagnostics: Diagnostic[]): AllowResult {
  const allows: Allow[] = [];
  for (const [file, text] of texts) allows.push(...findAllows(file, text));
  if (allows.length === 0) return { diagnostics, suppressed: [] };
  const used = new Set<string>();
  const kept: Diagnostic[] = [];
  const suppressed: Diagnostic[] = [];
  for (const d of diagnostics) {
    const loc = d.location;
    const allow = loc && !isInputError(d)
      ? allows.find((a) => a.file === loc.file && a.codes.includes(d.code) && loc.line >= a.from && loc.line <= a.to)
      : undefined;
    if (allow) {
      used.add(`${allow.file}:${allow.line}:${d.code}`);
      suppressed.push(d);
    } else kept.push(d);
  }
  for (const a of allows) {
    if (a.file !== root) continue;
    if (a.codes.length === 0) {
      kept.push({ code: 'unused-allow', severity: 'warning', message: '`# bootplan-allow:` names no rule', location: { file: a.file, line: a.line, column: a.column }, hint: 'name the rule code, e.g. `# bootplan-allow: link-order-dependency`' });
      continue;
    }
    for (const code of a.codes) {
      if (used.has(`${a.file}:${a.line}:${code}`)) continue;
      // A misspelt code, where the entry does report the rule it meant: say which.
      const here = kept.filter((d) => d.code !== 'unused-allow' && d.location?.file === a.file && d.location.line >= a.from && d.location.line <= a.to && !isInputError(d));
      const meant = suggest(code, [...new Set(here.map((d) => d.code))]);
      if (meant) {
        kept.push({
          code: 'unused-allow', severity: 'warning', message: `\`# bootplan-allow: ${code}\` accepts no finding: nothing here reports \`${code}\`; did you mean \`${meant}\`?`,
          location: { file: a.file, line: a.line, column: a.column }, subjects: [code, meant],
          related: here.filter((d) => d.code === meant).map((d) => ({ message: `${meant} is reported here`, location: d.location! })),
          hint: `write \`${meant}\` to accept what the entry reports, or remove the allow`,
        });
        continue;
      }
      kept.push({
        code: 'unused-allow', severity: 'warning', message: `\`# bootplan-allow: ${code}\` accepts no finding: nothing here reports \`${code}\``,
        location: { file: a.file, line: a.line, column: a.column }, subjects: [code],
        hint: a.from === a.to ? `remove the allow, or put it on the line of the entry that reports \`${code}\`` : `remove the allow (lines ${a.from}-${a.to} report no \`${code}\`)`,
      });
    }
  }
  return { diagnostics: kept, suppressed };
}
