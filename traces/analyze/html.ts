/**
 * The analysis as one self-contained HTML file: the timeline (zoom with the buttons or
 * Ctrl+wheel, pan by dragging), the dependency graph as an arc diagram in boot order, the blame
 * list, the critical chain, the phases and the diagnostics with their code frames. Clicking an
 * entry anywhere shows its key, uses, provides, edges and source line. No network, no external
 * files: the data, the plan's text and the trace's text are inlined with the script.
 */
import type { Diagnostic, Location } from '../../compiler/types.js';
import { HTML_SCRIPT, HTML_STYLE } from './html-assets.js';
import type { Analysis } from './types.js';

/** What the page shows about one plan node (entry or core step). */
export interface HtmlNode {
  id: string;
  kind: string;
  lib?: string;
  fn?: string | null;
  table?: string;
  level?: string | null;
  prio?: number;
  /** Core steps: what the step is. */
  title?: string;
  uses: string[];
  provides: string[];
  after: string[];
  before: string[];
  note?: string;
  source?: Location;
}

export interface HtmlEdge {
  from: string;
  to: string;
  /** `uses mount:/`, `after`, `before`, `term uses fdtab`. */
  reason: string;
  status: string;
}

export interface HtmlContext {
  title: string;
  plan: string;
  trace: string | null;
  format: string;
  nodes: HtmlNode[];
  edges: HtmlEdge[];
  diagnostics: Diagnostic[];
  /** File → text, for code frames: the plan's files and the trace. */
  texts: Record<string, string>;
}

const escapeHtml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** JSON that can sit inside a `<script>` element whatever the strings hold. */
function scriptJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
}

export function analysisToHtml(analysis: Analysis, context: HtmlContext): string {
  const data = {
    title: context.title,
    plan: context.plan,
    trace: context.trace,
    format: context.format,
    source: analysis.source,
    total: analysis.total,
    outcome: analysis.outcome,
    spans: analysis.spans,
    blame: analysis.blame.map((r) => ({ id: r.id, slack: r.slack, neededBy: r.neededBy })),
    chain: analysis.criticalChain.map((s) => s.id),
    chainEnds: analysis.chainEnds,
    defer: analysis.defer.map((s) => s.id),
    phases: analysis.phases,
    nodes: context.nodes,
    edges: context.edges,
    diagnostics: context.diagnostics.slice(0, 1000),
    diagnosticsLeftOut: Math.max(0, context.diagnostics.length - 1000),
    texts: context.texts,
  };
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="bootplan analyze --format html">
<title>${escapeHtml(context.title)}</title>
<style>${HTML_STYLE}</style>
</head>
<body>
<header><h1 id="title">${escapeHtml(context.title)}</h1><p id="summary"></p></header>
<div id="layout">
<main>
<section id="timeline-section"><h2>Timeline</h2>
<div class="tools"><button id="zoom-in" title="zoom in (Ctrl+wheel)">+</button><button id="zoom-out" title="zoom out">−</button><button id="zoom-fit">fit</button><span id="zoom-level"></span><span class="hint">drag to pan · click an entry</span></div>
<div id="timeline"></div>
</section>
<section id="blame-section"><h2>Blame</h2><div class="scroll"><table id="blame"></table></div></section>
<section id="chain-section"><h2>Critical chain</h2><div id="chain"></div><h3>Defer candidates</h3><div id="defer"></div></section>
<section id="graph-section"><h2>Dependency graph</h2><div id="graph"></div></section>
<section id="phases-section"><h2>Phases</h2><table id="phases"></table></section>
<section id="diagnostics-section"><h2>Diagnostics</h2><div id="diagnostics"></div></section>
</main>
<aside id="details"><h2>Entry</h2><div id="details-body"><p class="muted">Click an entry in the timeline, the blame list, the chain or the graph.</p></div></aside>
</div>
<script id="data" type="application/json">${scriptJson(data)}</script>
<script>${HTML_SCRIPT}</script>
</body>
</html>
`;
}
