import { describe, expect, it } from 'vitest';
import { compile, loadPlanText } from '../../../compiler/index.js';
import { analyze } from '../../../traces/analyze/analyze.js';
import { analysisToHtml, type HtmlContext } from '../../../traces/analyze/html.js';

const PLAN = `bootplan: 1
name: t
profile: unikraft@0.17
target: qemu/x86_64
libraries:
  a:
    initcalls:
      - { fn: slow, level: lib, prio: 0, provides: [x], cost: 5ms, note: '</script><script>alert(1)</script>' }
  app:
    main: { uses: [x] }
`;

describe('analysisToHtml', () => {
  const { compiled } = compile(loadPlanText('/virtual/plan.yaml', PLAN));
  const { analysis } = analyze(compiled!);
  const context: HtmlContext = {
    title: 't <declared>', plan: '/virtual/plan.yaml', trace: null, format: 'declared', diagnostics: [],
    nodes: compiled!.entries.map((e) => ({ id: e.id, kind: e.kind, uses: e.uses, provides: e.provides, after: e.after, before: e.before, ...(e.note ? { note: e.note } : {}) })),
    edges: compiled!.edges.map((e) => ({ from: e.from, to: e.to, reason: e.reason.kind, status: e.status })),
    texts: { '/virtual/plan.yaml': PLAN },
  };
  const html = analysisToHtml(analysis, context);

  it('is one self-contained file: no external script, style, image or link', () => {
    expect(html.startsWith('<!doctype html>')).toBe(true);
    expect(html).not.toMatch(/<script[^>]+src=|<link\b|<img\b|<iframe\b|url\(|@import|https?:\/\/(?!www\.w3\.org\/2000\/svg)/);
    expect(html.match(/<script/g)).toHaveLength(2);
  });

  it('keeps hostile text inside the data: no early end of the script element', () => {
    expect(html.match(/<\/script>/g)).toHaveLength(2);
    expect(html).toContain('\\u003c/script>\\u003cscript>alert(1)\\u003c/script>');
    expect(html).toContain('<title>t &lt;declared&gt;</title>');
  });

  it('carries the analysis and the plan as data the page reads', () => {
    const open = '<script id="data" type="application/json">';
    const start = html.indexOf(open) + open.length;
    const json = html.slice(start, html.indexOf('</script>', start));
    const data = JSON.parse(json) as { spans: Array<{ id: string }>; chain: string[]; edges: unknown[]; texts: Record<string, string> };
    expect(data.spans.map((s) => s.id)).toContain('a.slow');
    expect(data.chain).toEqual(['a.slow', 'app.main']);
    expect(data.edges.length).toBe(compiled!.edges.length);
    expect(data.texts['/virtual/plan.yaml']).toBe(PLAN);
  });
});
