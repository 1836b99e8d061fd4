/**
 * The specialised plan reader (compiler/yaml-plan.ts) against js-yaml: whenever it returns a
 * value, js-yaml loads the same text to the same value — same types, same numbers (-0, NaN), same
 * key order — and where js-yaml refuses a text, the reader is unsure of it. Generated plan-like
 * documents with nasty scalars and layouts, the same documents broken at a random place, and
 * every shipped and fixture YAML file.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import jsYaml from 'js-yaml';
import { describe, expect, it } from 'vitest';
import { readPlanYaml } from '../../compiler/yaml-plan.js';
import { maybeBrokenPlan } from '../property/arbitraries.js';

/** Where two loaded values differ (types, Object.is on leaves, key order), or null. */
function difference(a: unknown, b: unknown, at = '/'): string | null {
  if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object') {
    return Object.is(a, b) ? null : `${at}: ${String(a)} (${typeof a}) vs ${String(b)} (${typeof b})`;
  }
  if (Array.isArray(a) !== Array.isArray(b) || Object.getPrototypeOf(a) !== Object.getPrototypeOf(b)) return `${at}: different kinds`;
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  if (ka.join('\0') !== kb.join('\0')) return `${at}: keys ${JSON.stringify(ka)} vs ${JSON.stringify(kb)}`;
  for (const k of ka) {
    const d = difference((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k], `${at}${k}/`);
    if (d) return d;
  }
  return null;
}

type Outcome = 'same' | 'unsure';

/** The property itself: unsure, or exactly js-yaml's value. */
function agrees(text: string): Outcome {
  const mine = readPlanYaml(text);
  if (mine === undefined) return 'unsure';
  let theirs: unknown;
  try {
    theirs = jsYaml.load(text, { schema: jsYaml.CORE_SCHEMA });
  } catch (err) {
    throw new Error(`js-yaml refuses what the reader read: ${(err as Error).message}\n${text}`);
  }
  const d = difference(mine, theirs);
  if (d) throw new Error(`${d}\n--- text ---\n${text}`);
  return 'same';
}

// Scalars js-yaml's core schema resolves to something else than a string, and strings that look
// like syntax: each written plain, single- or double-quoted.
const NASTY = [
  'yes', 'no', 'on', 'off', 'y', 'n', 'true', 'True', 'TRUE', 'false', 'FALSE', 'tRUE', 'null', 'Null', 'NULL', 'nULL', '~', 'nil',
  '0', '00', '012', '0x1F', '0X1F', '0o17', '0b101', '0b', '0x', '1_000', '1e3', '1E3', '1e', '1.5', '.5', '5.', '-1', '+1', '-0', '+0', '-.5',
  '.inf', '-.inf', '+.INF', '.Inf', '.nan', '.NaN', '.NAN', 'inf', 'nan', '123456789012345', '1234567890123456', '99999999999999999999',
  '1:30', '2001-12-14', '300us', '4Ki', '64Mi', 'mount:/', 'mount:/dev', 'a:b', 'a#b', 'http://x/y', 'x y', 'x  y', '-x', '-1x', '?x', ':x',
  'a,b', 'a]', 'a}', 'é', 'naïve', '→', "it's", 'say "hi"', 'back\\slash', '#x', '&x', '*x', '!x', '%x', '@x', '`x', '|', '>', '- x', 'a: b',
  '[a]', '{a}', '', ' x', 'x ', '---', '...', '__proto__', 'constructor', 'prototype', '<<', 'ukalloc.c0', 'uk_init_0', 'lib', 'plat', 'K',
];
const WORDS = ['fn', 'level', 'prio', 'uses', 'provides', 'cost', 'term', 'after', 'note', 'libraries', 'initcalls', 'ctors', 'name', 'a', 'b'];

const scalarText = fc.oneof(
  { weight: 2, arbitrary: fc.constantFrom(...NASTY).map((s) => ({ plain: s })) },
  { weight: 5, arbitrary: fc.constantFrom(...WORDS).map((s) => ({ plain: s })) },
  { weight: 1, arbitrary: fc.string({ maxLength: 6, unit: fc.constantFrom('a', '1', '.', '-', ':', '#', ' ', "'", '"', ',', '\\', 'é') }).map((s) => ({ plain: s })) },
);

type Style = 'plain' | 'single' | 'double';
function renderScalar(s: string, style: Style): string {
  if (style === 'single') return `'${s.replace(/'/g, "''")}'`;
  if (style === 'double') return `"${s.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/é/g, '\\u00e9')}"`;
  return s;
}

interface Tree {
  kind: 'scalar' | 'bmap' | 'bseq' | 'fmap' | 'fseq';
  text?: string;
  style?: Style;
  items?: Array<{ key: string; keyStyle: Style; value: Tree }>;
}

const style = fc.constantFrom<Style>('plain', 'plain', 'plain', 'single', 'double');
const tree = fc.letrec<{ node: Tree; flow: Tree }>((tie) => ({
  node: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.record({ kind: fc.constant('scalar' as const), text: scalarText.map((s) => s.plain), style }),
    fc.record({ kind: fc.constant('bmap' as const), items: fc.uniqueArray(fc.record({ key: fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...WORDS) }, { weight: 1, arbitrary: scalarText.map((s) => s.plain) }), keyStyle: fc.constantFrom<Style>('plain', 'plain', 'plain', 'single'), value: tie('node') }), { minLength: 1, maxLength: 4, selector: (i) => i.key }) }),
    fc.record({ kind: fc.constant('bseq' as const), items: fc.array(tie('node').map((value) => ({ key: '', keyStyle: 'plain' as Style, value })), { minLength: 1, maxLength: 4 }) }),
    tie('flow'),
  ),
  flow: fc.oneof(
    { depthSize: 'small' },
    fc.record({ kind: fc.constant('scalar' as const), text: scalarText.map((s) => s.plain), style }),
    fc.record({ kind: fc.constant('fmap' as const), items: fc.uniqueArray(fc.record({ key: fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...WORDS) }, { weight: 1, arbitrary: scalarText.map((s) => s.plain) }), keyStyle: fc.constant<Style>('plain'), value: tie('flow') }), { maxLength: 4, selector: (i) => i.key }) }),
    fc.record({ kind: fc.constant('fseq' as const), items: fc.array(tie('flow').map((value) => ({ key: '', keyStyle: 'plain' as Style, value })), { maxLength: 4 }) }),
  ),
}));
const key = fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...WORDS) }, { weight: 1, arbitrary: scalarText.map((s) => s.plain) });
/** A document: a block mapping (as plans are) or now and then any node. */
const documentTree: fc.Arbitrary<Tree> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('bmap' as const), items: fc.uniqueArray(fc.record({ key, keyStyle: fc.constant<Style>('plain'), value: tree.node }), { minLength: 1, maxLength: 5, selector: (i) => i.key }) }) },
  { weight: 1, arbitrary: tree.node },
);

interface Layout {
  step: number;
  /** A sequence under a key written at the key's own indentation. */
  sameIndentSeq: boolean;
  comment: boolean;
  blank: boolean;
  trailing: string;
  flowSpace: string;
}
const layout = fc.record({ step: fc.integer({ min: 1, max: 4 }), sameIndentSeq: fc.boolean(), comment: fc.boolean(), blank: fc.boolean(), trailing: fc.constantFrom('', ' ', '  '), flowSpace: fc.constantFrom('', ' ') });

function renderFlow(t: Tree, l: Layout): string {
  if (t.kind === 'scalar') return renderScalar(t.text!, t.style!);
  const s = l.flowSpace;
  if (t.kind === 'fseq') return `[${s}${t.items!.map((i) => renderFlow(i.value, l)).join(`,${s || ' '}`)}${s}]`;
  if (t.kind === 'fmap') return `{${s}${t.items!.map((i) => `${i.key}: ${renderFlow(i.value, l)}`).join(`,${s || ' '}`)}${s}}`;
  return '[]';
}

/** Lines of a block node at `indent`; `first` is the text before its first line ('- ', 'key: '). */
function renderBlock(t: Tree, indent: number, l: Layout, out: string[], lead: string): void {
  const pad = ' '.repeat(indent);
  const tail = `${l.trailing}${l.comment ? ' # note' : ''}`;
  if (t.kind === 'bmap' || t.kind === 'bseq') {
    t.items!.forEach((item, i) => {
      const prefix = i === 0 ? lead : pad;
      const head = t.kind === 'bmap' ? `${prefix}${renderScalar(item.key, item.keyStyle)}:` : `${prefix}-`;
      const v = item.value;
      if (v.kind === 'bmap' || v.kind === 'bseq') {
        if (t.kind === 'bseq' && v.kind === 'bmap') {
          renderBlock(v, prefix.length + 2, l, out, `${head} `);
        } else {
          out.push(`${head}${tail}`);
          if (l.blank) out.push('');
          const deeper = t.kind === 'bmap' && v.kind === 'bseq' && l.sameIndentSeq ? prefix.length : prefix.length + l.step;
          renderBlock(v, deeper, l, out, ' '.repeat(deeper));
        }
      } else out.push(`${head} ${renderFlow(v, l)}${tail}`);
    });
    return;
  }
  out.push(`${lead}${renderFlow(t, l)}${tail}`);
}

function renderDocument(t: Tree, l: Layout): string {
  const out: string[] = [];
  renderBlock(t, 0, l, out, '');
  return out.join('\n') + '\n';
}

/** Whole-document changes the reader must leave to js-yaml or read alike. */
const wrapping = fc.constantFrom('none', 'none', 'none', 'crlf', 'bom', 'tab', 'marker', 'no-final-newline', 'comment-first', 'nul');
function wrap(text: string, how: string): string {
  switch (how) {
    case 'crlf': return text.replace(/\n/g, '\r\n');
    case 'bom': return `\ufeff${text}`;
    case 'tab': return text.replace(/ /, '\t');
    case 'marker': return `---\n${text}...\n`;
    case 'no-final-newline': return text.replace(/\n$/, '');
    case 'comment-first': return `# a plan\n\n${text}`;
    case 'nul': return `${text}\u0000`;
    default: return text;
  }
}

/** Every YAML file under a folder, recursively. */
function yamlFiles(root: string): string[] {
  return readdirSync(root, { withFileTypes: true, recursive: true })
    .filter((d) => d.isFile() && /\.ya?ml$/.test(d.name))
    .map((d) => `${d.parentPath}/${d.name}`);
}

describe('readPlanYaml reads what js-yaml reads, or leaves the text to js-yaml', () => {
  it('on generated plan-like documents with nasty scalars, layouts and whole-document quirks', () => {
    const seen = { same: 0, unsure: 0 };
    fc.assert(
      fc.property(documentTree, layout, wrapping, (t, l, how) => {
        seen[agrees(wrap(renderDocument(t, l), how))]++;
      }),
      { numRuns: 3000 },
    );
    // Not vacuous: many generated documents are read by the reader itself.
    expect(seen.same).toBeGreaterThan(400);
    expect(seen.unsure).toBeGreaterThan(0);
  });

  it('on the same documents broken at a random place (a character inserted, deleted or replaced)', () => {
    const edit = fc.record({ at: fc.nat(), op: fc.constantFrom('insert', 'delete', 'replace'), ch: fc.constantFrom(' ', '\n', ':', '-', '#', '{', '}', '[', ']', ',', "'", '"', 'x', '0', '&', '*', '!', '|', '\\', '.') });
    let same = 0;
    fc.assert(
      fc.property(documentTree, layout, fc.array(edit, { minLength: 1, maxLength: 3 }), (t, l, edits) => {
        let text = renderDocument(t, l);
        for (const e of edits) {
          const at = e.at % (text.length + 1);
          text = e.op === 'insert' ? text.slice(0, at) + e.ch + text.slice(at) : e.op === 'delete' ? text.slice(0, at) + text.slice(at + 1) : text.slice(0, at) + e.ch + text.slice(at + 1);
        }
        if (agrees(text) === 'same') same++;
      }),
      { numRuns: 3000 },
    );
    expect(same).toBeGreaterThan(100);
  });

  it('on generated plans, valid and broken (the property suite\'s arbitraries)', () => {
    let same = 0;
    fc.assert(fc.property(maybeBrokenPlan, ({ text }) => { if (agrees(text) === 'same') same++; }), { numRuns: 300 });
    expect(same).toBeGreaterThan(100);
  });

  it('on every shipped and fixture YAML file', () => {
    const corpus = [
      ...yamlFiles(fileURLToPath(new URL('../../specs/', import.meta.url))),
      ...yamlFiles(fileURLToPath(new URL('../fixtures/', import.meta.url))),
    ];
    const outcomes = corpus.map((file) => agrees(readFileSync(file, 'utf8')));
    expect(outcomes.filter((o) => o === 'same').length).toBeGreaterThan(corpus.length * 0.8);
  });

  it('examples: numbers and words as js-yaml reads them, and what it leaves to js-yaml', () => {
    expect(readPlanYaml('a: { n: 12, x: 0x1F, f: 1e3, i: .inf, z: ~, y: yes, t: True, s: \'it\'\'s\', d: "caf\\u00e9" }\n')).toBeUndefined();
    expect(readPlanYaml('a: { n: 12, x: 0x1F, f: 1e3, i: .inf, z: ~, y: yes, t: True, s: \'it\'\'s\', d: "q\\"" }\n')).toEqual({ a: { n: 12, x: 31, f: 1000, i: Infinity, z: null, y: 'yes', t: true, s: "it's", d: 'q"' } });
    for (const unsure of ['a: &x 1\nb: *x\n', 'a: |\n  x\n', 'a: b\na: c\n', 'a: !!str 1\n', 'a: [1,\n  2]\n', 'a: b\n  c\n', '__proto__: 1\n', 'a:\tb\n', 'a: b\r\n', '--- a: b\n']) {
      expect(readPlanYaml(unsure), JSON.stringify(unsure)).toBeUndefined();
    }
  });
});
