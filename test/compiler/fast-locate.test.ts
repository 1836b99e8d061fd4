import { readdirSync, readFileSync } from 'node:fs';
import jsYaml from 'js-yaml';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { compile, loadPlan, loadPlanText } from '../../compiler/index.js';
import { FastLocator } from '../../compiler/fast-locate.js';
import { Locator } from '../../compiler/locate.js';
import { importLinuxSystemMap } from '../../import/linux-system-map.js';
import { writePlan } from '../../import/write-plan.js';
import { readSharedFixture } from '../shared-fixtures.js';

const dir = fileURLToPath(new URL('../../specs/plans/', import.meta.url));
const bundled = ['unikraft', 'linux', 'zephyr'].flatMap((s) => readdirSync(`${dir}${s}`).filter((f) => f.endsWith('.yaml')).map((f) => `${dir}${s}/${f}`));

async function agree(source: ReturnType<typeof loadPlan>): Promise<number> {
  const { compiled } = compile(source);
  const slow = new Locator(source.texts, { fast: false });
  const fast = new FastLocator(source.texts);
  for (const e of compiled!.entries) {
    const want = slow.locate(e.source);
    expect(fast.locate(e.source), e.id).toEqual({ file: want.file, line: want.line, column: want.column });
  }
  return compiled!.entries.length;
}

/** Every YAML file under a folder, recursively. */
function yamlFiles(root: string): string[] {
  return readdirSync(root, { withFileTypes: true, recursive: true })
    .filter((d) => d.isFile() && d.name.endsWith('.yaml'))
    .map((d) => `${d.parentPath}/${d.name}`);
}

/** Every node's path in a loaded document (keys too, and one absent key per collection), aliases once. */
function nodePaths(data: unknown): Array<{ path: Array<string | number>; key: boolean }> {
  const out: Array<{ path: Array<string | number>; key: boolean }> = [];
  const seen = new Set<object>();
  const walk = (value: unknown, path: Array<string | number>): void => {
    out.push({ path, key: false });
    if (value === null || typeof value !== 'object' || seen.has(value)) return;
    seen.add(value);
    for (const k of Object.keys(value)) {
      const step = Array.isArray(value) ? Number(k) : k;
      if (!Array.isArray(value)) out.push({ path: [...path, step], key: true });
      walk((value as Record<string, unknown>)[k], [...path, step]);
    }
    out.push({ path: [...path, 'no-such-key'], key: false });
  };
  walk(data, []);
  return out;
}

const corpus = [
  ...yamlFiles(fileURLToPath(new URL('../../specs/', import.meta.url))),
  ...yamlFiles(fileURLToPath(new URL('../fixtures/', import.meta.url))),
];

/** Every node and key (up to 20,000 per file) of every corpus file js-yaml loads, with both locators of it. */
function* corpusNodes(): Generator<{ file: string; path: Array<string | number>; key: boolean; slow: Locator; fast: FastLocator }> {
  for (const file of corpus) {
    const text = readFileSync(file, 'utf8');
    let data: unknown;
    try {
      data = jsYaml.load(text, { schema: jsYaml.CORE_SCHEMA });
    } catch {
      continue;
    }
    const slow = new Locator([[file, text]], { fast: false });
    const fast = new FastLocator([[file, text]]);
    for (const { path, key } of nodePaths(data).slice(0, 20_000)) yield { file, path, key, slow, fast };
  }
}

describe('FastLocator.locateExact', () => {
  it('gives what the yaml parse gives for every node, key and absent key of every shipped and fixture YAML file, or says it is unsure', () => {
    let same = 0;
    let unsure = 0;
    for (const { file, path, key, slow, fast } of corpusNodes()) {
      const quick = fast.locateExact({ file, path }, { key });
      if (quick === null) {
        unsure++;
        continue;
      }
      expect(quick, `${file} ${JSON.stringify(path)}${key ? ' (key)' : ''}`).toEqual(slow.locate({ file, path }, { key }));
      same++;
    }
    expect(corpus.length).toBeGreaterThan(50);
    // Sure of nearly everything: an unsure node costs a full yaml parse of its file.
    expect(same).toBeGreaterThan(10_000);
    expect(unsure).toBeLessThan(same / 50);
  });

  it('is sure of every node an entry diagnostic names in flow and block entries, and unsure of what it cannot see', () => {
    const text = [
      'bootplan: 1', 'name: t', 'libraries:', '  lib:', '    initcalls:',
      '      - { fn: a, level: lib, prio: 4, provides: [x, "y z"] }   # flow',
      '      - fn: b', '        level: lib', "        uses: ['x']", '        note: a note',
      '        cost: 2us', '      - fn: c', '        note: one', '          two', '      - fn: d', '        note:', '',
    ].join('\n');
    const file = '/virtual/p.yaml';
    const slow = new Locator([[file, text]], { fast: false });
    const fast = new FastLocator([[file, text]]);
    const at = (path: Array<string | number>, key = false) => fast.locateExact({ file, path }, { key });
    const entries = ['libraries', 'lib', 'initcalls'];
    for (const path of [[...entries, 0, 'fn'], [...entries, 0, 'provides'], [...entries, 0, 'provides', 1], [...entries, 1], [...entries, 1, 'uses', 0], [...entries, 1, 'cost'], [...entries, 1, 'level']]) {
      expect(at(path), JSON.stringify(path)).toEqual(slow.locate({ file, path }));
    }
    expect(at([...entries, 0, 'level'], true)).toEqual(slow.locate({ file, path: [...entries, 0, 'level'] }, { key: true }));
    // A plain scalar folded over two lines, and an empty value: the yaml parse decides.
    expect(at([...entries, 2, 'note'])).toBeNull();
    expect(at([...entries, 3, 'note'])).toBeNull();
    expect(new Locator([[file, text]]).locate({ file, path: [...entries, 2, 'note'] })).toEqual(slow.locate({ file, path: [...entries, 2, 'note'] }));
  });

  it('is unsure where JavaScript reorders keys (integer-like library names)', () => {
    const text = 'libraries:\n  zlib: {}\n  8250: {}\n';
    expect(new FastLocator([['f.yaml', text]]).locateExact({ file: 'f.yaml', path: ['libraries', 'zlib'] })).toBeNull();
  });
});

describe('FastLocator.nodeExact', () => {
  it('gives what the yaml parse gives (offsets, scalar value, style, flow) for every node and key of every shipped and fixture YAML file, or says it is unsure', () => {
    let same = 0;
    let absent = 0;
    let unsure = 0;
    for (const { file, path, key, slow, fast } of corpusNodes()) {
      const quick = fast.nodeExact({ file, path }, { key });
      if (quick === null) {
        unsure++;
        continue;
      }
      expect(quick, `${file} ${JSON.stringify(path)}${key ? ' (key)' : ''}`).toEqual(slow.nodeAt({ file, path }, { key }));
      if (quick === undefined) absent++;
      else {
        same++;
        expect(fast.position(file, quick.end)).toEqual(slow.position(file, quick.end));
      }
    }
    expect(same).toBeGreaterThan(10_000);
    expect(absent).toBeGreaterThan(100);
    expect(unsure).toBeLessThan(same / 50);
  });

  it('leaves aliases, anchors, tags and block scalars to the yaml parse', () => {
    const text = ['base: &b { level: lib }', 'use: *b', 'tagged: !!str 4', 'block: |', '  two', 'plain: x', ''].join('\n');
    const fast = new FastLocator([['f.yaml', text]]);
    for (const path of [['base'], ['use'], ['use', 'level'], ['tagged'], ['block']]) expect(fast.nodeExact({ file: 'f.yaml', path }), JSON.stringify(path)).toBeNull();
    expect(fast.nodeExact({ file: 'f.yaml', path: ['plain'] })).toEqual({ start: text.indexOf('x'), end: text.indexOf('x') + 1, scalar: { value: 'x', type: 'PLAIN', flow: false } });
    expect(fast.nodeExact({ file: 'f.yaml', path: ['missing'] })).toBeUndefined();
  });
});

describe('FastLocator', () => {
  it.each(bundled)('finds every entry where Locator does in %s (includes too)', async (file) => {
    expect(await agree(loadPlan(file))).toBeGreaterThan(0);
  });

  it('finds every entry of the imported Linux 6.1 plan where Locator does', async () => {
    const yaml = writePlan(importLinuxSystemMap(readSharedFixture('linux-6.1/System.map')));
    expect(await agree(loadPlanText('/virtual/linux.yaml', yaml))).toBe(670);
  });

  it('skips comments between a key and its block, and falls back to line 1 for an unknown file', async () => {
    const text = 'bootplan: 1\nname: t\nprofile: unikraft@0.17\ntarget: qemu/x86_64\nlibraries:\n  app:\n    main:   # the app\n      # its uses\n      uses: []\n';
    expect(await agree(loadPlanText('/virtual/plan.yaml', text))).toBe(1);
    expect(new FastLocator([]).locate({ file: 'nope.yaml', path: ['a'] })).toEqual({ file: 'nope.yaml', line: 1, column: 1 });
  });
});
