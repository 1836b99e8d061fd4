/**
 * The style and the script of the HTML report, inlined into every page (`html.ts`). Plain ES2020
 * with no libraries; it reads its data from `<script id="data" type="application/json">`.
 * Written without backticks or `${` so that it can sit in a raw template here.
 */

export const HTML_STYLE = String.raw`
:root { --row: 16px; --label: 330px; --red: #c00000; font-family: "DejaVu Sans", Verdana, sans-serif; font-size: 13px; color: #1d1d1f; }
body { margin: 0; background: #fff; }
header { padding: 10px 16px; border-bottom: 1px solid #ddd; }
h1 { font-size: 17px; margin: 0 0 4px; }
h2 { font-size: 14px; margin: 14px 0 6px; }
h3 { font-size: 13px; margin: 10px 0 4px; }
#summary { margin: 0; color: #444; }
#layout { display: flex; align-items: flex-start; }
main { flex: 1; min-width: 0; padding: 0 16px 40px; }
#details { width: 380px; position: sticky; top: 0; max-height: 100vh; overflow: auto; border-left: 1px solid #ddd; padding: 0 12px 20px; box-sizing: border-box; background: #fbfbfd; }
.tools { margin-bottom: 4px; } .tools button { min-width: 28px; margin-right: 4px; } .hint, .muted { color: #777; margin-left: 8px; }
#zoom-level { margin-left: 6px; color: #555; }
#timeline { position: relative; overflow: auto; max-height: 62vh; border: 1px solid #ddd; cursor: grab; user-select: none; }
#timeline.dragging { cursor: grabbing; }
.tl-row { display: flex; height: var(--row); }
.tl-row:hover .tl-label, .tl-row:hover .tl-track { background: #eef3ff; }
.tl-row.selected .tl-label, .tl-row.selected .tl-track { background: #ffe9a8; }
.tl-label { position: sticky; left: 0; z-index: 2; width: var(--label); min-width: var(--label); box-sizing: border-box; padding-right: 6px; text-align: right; white-space: nowrap; overflow: hidden; text-overflow: ellipsis; background: #fff; font-size: 11px; line-height: var(--row); cursor: pointer; }
.tl-label.critical { font-weight: bold; } .tl-label.failed { color: var(--red); }
.tl-track { position: relative; flex: none; }
.tl-bar { position: absolute; top: 2px; height: calc(var(--row) - 4px); min-width: 1px; cursor: pointer; }
.tl-bar.critical { outline: 2px solid var(--red); z-index: 1; } .tl-bar.unplanned { background: #fff !important; outline: 1px dashed #666; }
.tl-mark { position: absolute; top: 0; font-size: 10px; line-height: var(--row); color: #555; white-space: nowrap; pointer-events: none; }
.tl-mark.fail { color: var(--red); font-weight: bold; }
.tl-head { position: sticky; top: 0; z-index: 3; background: #fff; height: 34px; }
.tl-head .tl-label { z-index: 4; }
.tl-phase { position: absolute; top: 2px; height: 14px; font-size: 9px; line-height: 14px; overflow: hidden; white-space: nowrap; color: #111; border-right: 1px solid #fff; box-sizing: border-box; padding-left: 2px; }
.tl-phase.unobserved { background: #e4e4e4; color: #555; }
.tl-tick { position: absolute; top: 18px; font-size: 9px; color: #666; transform: translateX(-50%); white-space: nowrap; }
.tl-grid { position: absolute; top: 0; bottom: 0; width: 0; border-left: 1px solid #eee; pointer-events: none; }
.scroll { max-height: 40vh; overflow: auto; border: 1px solid #ddd; }
table { border-collapse: collapse; font-size: 12px; }
th, td { padding: 2px 8px; border-bottom: 1px solid #eee; text-align: left; white-space: nowrap; }
th { position: sticky; top: 0; background: #f3f3f6; cursor: pointer; }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
tr.entry { cursor: pointer; } tr.entry:hover { background: #eef3ff; } tr.selected { background: #ffe9a8; }
a.entry { color: #0645ad; cursor: pointer; text-decoration: none; } a.entry:hover { text-decoration: underline; }
#chain .step { font-family: "DejaVu Sans Mono", monospace; white-space: pre; font-size: 12px; }
.diag { border-left: 3px solid #999; padding: 4px 8px; margin: 6px 0; background: #fafafa; }
.diag.error { border-color: var(--red); } .diag.warning { border-color: #d08000; } .diag.note { border-color: #3a7bd5; }
.diag .sev { font-weight: bold; } .diag.error .sev { color: var(--red); } .diag.warning .sev { color: #a06000; } .diag.note .sev { color: #2a5bb5; }
pre.frame { margin: 4px 0; padding: 4px 6px; background: #f3f3f6; overflow: auto; font-size: 11px; }
dl { display: grid; grid-template-columns: max-content 1fr; gap: 2px 10px; margin: 6px 0; }
dt { color: #666; } dd { margin: 0; word-break: break-word; }
.chip { display: inline-block; padding: 0 5px; margin: 1px 2px; border-radius: 3px; background: #e8ecf5; font-size: 11px; }
.status-violation { color: var(--red); font-weight: bold; } .status-race { color: #c06000; font-weight: bold; } .status-link-order { color: #8a5a9a; }
#graph svg { border: 1px solid #ddd; background: #fff; }
#graph circle { cursor: pointer; }
`;

export const HTML_SCRIPT = String.raw`
(function () {
  'use strict';
  var data = JSON.parse(document.getElementById('data').textContent);
  var PALETTE = ['#4e79a7', '#f28e2b', '#59a14f', '#b07aa1', '#76b7b2', '#edc948', '#9c755f', '#ff9da7', '#86bcb6', '#e15759', '#8cd17d', '#bab0ac', '#499894', '#d37295', '#a0cbe8', '#ffbe7d'];
  var total = data.total > 0 ? data.total : 1;
  var nodes = new Map(); data.nodes.forEach(function (n) { nodes.set(n.id, n); });
  var spans = new Map(); data.spans.forEach(function (s) { if (!spans.has(s.id)) spans.set(s.id, s); });
  var blame = new Map(); data.blame.forEach(function (b) { blame.set(b.id, b); });
  var critical = new Set(data.chain);
  var phaseIndex = new Map(); data.phases.forEach(function (p) { if (p.observed && !phaseIndex.has(p.phase)) phaseIndex.set(p.phase, phaseIndex.size); });
  var colourOf = function (s) { return s.kind === 'step' ? '#9e9e9e' : PALETTE[(phaseIndex.get(s.phase) || 0) % PALETTE.length]; };
  var inEdges = new Map(), outEdges = new Map();
  data.edges.forEach(function (e) {
    if (!inEdges.has(e.to)) inEdges.set(e.to, []); inEdges.get(e.to).push(e);
    if (!outEdges.has(e.from)) outEdges.set(e.from, []); outEdges.get(e.from).push(e);
  });

  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    if (attrs) Object.keys(attrs).forEach(function (k) {
      if (k === 'text') node.textContent = attrs[k];
      else if (k === 'class') node.className = attrs[k];
      else if (k === 'style') node.setAttribute('style', attrs[k]);
      else if (k.slice(0, 2) === 'on') node.addEventListener(k.slice(2), attrs[k]);
      else node.setAttribute(k, attrs[k]);
    });
    (children || []).forEach(function (c) { if (c !== null && c !== undefined) node.appendChild(typeof c === 'string' ? document.createTextNode(c) : c); });
    return node;
  }
  function fmt(ns) {
    var a = Math.abs(ns);
    var trim = function (v) { var b = Math.abs(v); return v.toFixed(b >= 100 ? 1 : b >= 10 ? 2 : 3); };
    if (a < 1e3) return Math.round(ns) + ' ns';
    if (a < 1e6) return trim(ns / 1e3) + ' \u00b5s';
    if (a < 1e9) return trim(ns / 1e6) + ' ms';
    return (ns / 1e9).toFixed(3) + ' s';
  }
  function entryLink(id) { return el('a', { class: 'entry', 'data-entry': id, onclick: function () { select(id); } }, [id]); }
  function frame(loc) {
    if (!loc || !data.texts[loc.file]) return null;
    var lines = data.texts[loc.file].split(/\r?\n/);
    var from = Math.max(1, loc.line - 2), to = Math.min(lines.length, loc.line + 2), width = String(to).length, out = [];
    for (var n = from; n <= to; n++) {
      var text = (lines[n - 1] || '').replace(/\t/g, ' ').replace(/[\x00-\x08\x0b-\x1f\x7f]|\x1b\[[0-9;?]*[A-Za-z]/g, '');
      if (text.length > 200) text = text.slice(0, 200) + '\u2026';
      out.push((n === loc.line ? '> ' : '  ') + String(n).padStart(width) + ' | ' + text);
      if (n === loc.line && loc.column > 0) out.push('  ' + ' '.repeat(width) + ' | ' + ' '.repeat(Math.max(0, loc.column - 1)) + '^');
    }
    return el('pre', { class: 'frame' }, [out.join('\n')]);
  }
  function where(loc) { return loc ? loc.file + ':' + loc.line + (loc.column ? ':' + loc.column : '') : ''; }

  // Summary line.
  var entries = data.spans.filter(function (s) { return s.kind !== 'step'; }).length;
  document.getElementById('summary').textContent = (data.source === 'trace' ? 'measured from ' + data.trace + ' (' + data.format + ')' : 'declared costs (no trace)') +
    ': ' + entries + ' entries, ' + (data.spans.length - entries) + ' core steps, boot ' + fmt(data.total) +
    (data.outcome ? ', ended in ' + data.outcome.target + (data.outcome.reason ? ' (' + data.outcome.reason + ')' : '') : '') +
    '; critical chain of ' + data.chain.length + (data.chainEnds === 'main' ? ' entries to main' : ' entries (main did not run)') + '; ' + data.defer.length + ' defer candidates';

  // Timeline.
  var zoom = 1;
  var timeline = document.getElementById('timeline');
  var tracks = [];
  var baseWidth = function () { return Math.max(300, timeline.clientWidth - 330 - 80); };
  var head = el('div', { class: 'tl-row tl-head' }, [el('div', { class: 'tl-label', text: 'phase / time' })]);
  var headTrack = el('div', { class: 'tl-track' });
  head.appendChild(headTrack);
  timeline.appendChild(head);
  tracks.push(headTrack);
  var rowsById = new Map();
  data.spans.forEach(function (s) {
    var b = blame.get(s.id);
    var info = s.id + ' (' + s.kind + ', ' + s.phase + ') @' + fmt(s.start) + ' +' + fmt(s.duration) + (b ? ', slack ' + fmt(b.slack) : '') + (s.rc ? ', returned ' + s.rc : '');
    var label = el('div', { class: 'tl-label' + (critical.has(s.id) ? ' critical' : '') + (s.failed ? ' failed' : ''), title: info, 'data-entry': s.id }, [s.id]);
    var bar = el('div', { class: 'tl-bar' + (critical.has(s.id) ? ' critical' : '') + (s.kind === 'unplanned' ? ' unplanned' : ''), title: info, 'data-entry': s.id, style: 'background:' + colourOf(s) });
    bar.dataset.start = s.start; bar.dataset.duration = s.duration;
    var track = el('div', { class: 'tl-track' }, [bar]);
    if (s.failed) { var m = el('span', { class: 'tl-mark fail', text: '\u2715' + (s.rc !== undefined ? ' ' + s.rc : '') }); m.dataset.at = s.start + s.duration; track.appendChild(m); }
    var row = el('div', { class: 'tl-row', 'data-entry': s.id, onclick: function () { select(s.id); } }, [label, track]);
    if (!rowsById.has(s.id)) rowsById.set(s.id, row);
    timeline.appendChild(row);
    tracks.push(track);
  });
  function niceStep(span, count) { var raw = span / count, pow = Math.pow(10, Math.floor(Math.log10(raw))); var ms = [1, 2, 5, 10]; for (var i = 0; i < ms.length; i++) if (ms[i] * pow >= raw) return ms[i] * pow; return 10 * pow; }
  function layout() {
    var width = baseWidth() * zoom;
    var x = function (t) { return (Math.max(0, t) / total) * width; };
    tracks.forEach(function (t) { t.style.width = width + 'px'; });
    headTrack.textContent = '';
    data.phases.forEach(function (p) {
      var i = phaseIndex.get(p.phase);
      var box = el('div', { class: 'tl-phase' + (p.observed ? '' : ' unobserved'), title: p.phase + ': ' + fmt(p.duration) + ' from ' + fmt(p.start), style: 'left:' + x(p.start) + 'px;width:' + Math.max(1, x(p.end) - x(p.start)) + 'px;' + (p.observed ? 'background:' + PALETTE[(i || 0) % PALETTE.length] : '') }, [p.phase]);
      headTrack.appendChild(box);
    });
    var step = niceStep(total, 10 * zoom);
    for (var t = 0; t <= total; t += step) headTrack.appendChild(el('div', { class: 'tl-tick', style: 'left:' + x(t) + 'px', text: fmt(t) }));
    timeline.querySelectorAll('.tl-bar').forEach(function (bar) {
      bar.style.left = x(Number(bar.dataset.start)) + 'px';
      bar.style.width = Math.max(1, x(Number(bar.dataset.start) + Number(bar.dataset.duration)) - x(Number(bar.dataset.start))) + 'px';
    });
    timeline.querySelectorAll('.tl-mark').forEach(function (m) { m.style.left = (x(Number(m.dataset.at)) + 3) + 'px'; });
    document.getElementById('zoom-level').textContent = '\u00d7' + (Math.round(zoom * 10) / 10);
    timeline.dataset.zoom = String(zoom);
  }
  function zoomTo(z, anchorX) {
    var before = timeline.scrollLeft + (anchorX === undefined ? timeline.clientWidth / 2 : anchorX) - 330;
    var ratio = Math.min(400, Math.max(1, z)) / zoom;
    zoom = Math.min(400, Math.max(1, z));
    layout();
    timeline.scrollLeft = Math.max(0, before * ratio - (anchorX === undefined ? timeline.clientWidth / 2 : anchorX) + 330);
  }
  document.getElementById('zoom-in').addEventListener('click', function () { zoomTo(zoom * 2); });
  document.getElementById('zoom-out').addEventListener('click', function () { zoomTo(zoom / 2); });
  document.getElementById('zoom-fit').addEventListener('click', function () { zoomTo(1); });
  timeline.addEventListener('wheel', function (ev) {
    if (!ev.ctrlKey && !ev.metaKey) return;
    ev.preventDefault();
    var rect = timeline.getBoundingClientRect();
    zoomTo(zoom * (ev.deltaY < 0 ? 1.25 : 0.8), ev.clientX - rect.left);
  }, { passive: false });
  var drag = null;
  timeline.addEventListener('mousedown', function (ev) { drag = { x: ev.clientX, y: ev.clientY, left: timeline.scrollLeft, top: timeline.scrollTop, moved: false }; });
  window.addEventListener('mousemove', function (ev) {
    if (!drag) return;
    if (Math.abs(ev.clientX - drag.x) + Math.abs(ev.clientY - drag.y) > 3) { drag.moved = true; timeline.classList.add('dragging'); }
    timeline.scrollLeft = drag.left - (ev.clientX - drag.x);
    timeline.scrollTop = drag.top - (ev.clientY - drag.y);
  });
  window.addEventListener('mouseup', function () { if (drag && drag.moved) { timeline.addEventListener('click', function stop(e) { e.stopPropagation(); timeline.removeEventListener('click', stop, true); }, true); } drag = null; timeline.classList.remove('dragging'); });
  window.addEventListener('resize', layout);
  layout();

  // Blame table, sortable.
  var blameTable = document.getElementById('blame');
  var columns = [
    { name: '#', value: function (s, i) { return i + 1; }, num: true },
    { name: 'entry', value: function (s) { return s.id; } },
    { name: 'phase', value: function (s) { return s.phase; } },
    { name: 'start', value: function (s) { return s.start; }, show: fmt, num: true },
    { name: 'duration', value: function (s) { return s.duration; }, show: fmt, num: true },
    { name: 'slack', value: function (s) { var b = blame.get(s.id); return b ? b.slack : 0; }, show: fmt, num: true },
    { name: 'needed by', value: function (s) { var b = blame.get(s.id); return b && b.neededBy ? b.neededBy : ''; } },
    { name: 'rc', value: function (s) { return s.rc === undefined ? '' : s.rc; }, num: true }
  ];
  var blameRows = data.blame.map(function (b) { return spans.get(b.id); }).filter(Boolean);
  var order = blameRows.map(function (s, i) { return i; });
  function renderBlame(sortBy, descending) {
    blameTable.textContent = '';
    var headRow = el('tr', null, columns.map(function (c, i) { return el('th', { onclick: function () { renderBlame(i, sortBy === i ? !descending : c.num === true); } }, [c.name + (sortBy === i ? (descending ? ' \u25bc' : ' \u25b2') : '')]); }));
    blameTable.appendChild(el('thead', null, [headRow]));
    var idx = order.slice();
    if (sortBy > 0) {
      var col = columns[sortBy];
      idx.sort(function (a, b) { var x = col.value(blameRows[a], a), y = col.value(blameRows[b], b); return (x < y ? -1 : x > y ? 1 : a - b) * (descending ? -1 : 1); });
    }
    var body = el('tbody');
    idx.forEach(function (i) {
      var s = blameRows[i];
      body.appendChild(el('tr', { class: 'entry', 'data-entry': s.id, onclick: function () { select(s.id); } }, columns.map(function (c) {
        var v = c.value(s, i);
        return el('td', c.num ? { class: 'num' } : null, [c.show ? c.show(v) : String(v)]);
      })));
    });
    blameTable.appendChild(body);
  }
  renderBlame(0, false);

  // Critical chain, as systemd-analyze prints it, and the defer candidates.
  var chainBox = document.getElementById('chain');
  data.chain.slice().reverse().forEach(function (id, i) {
    var s = spans.get(id);
    chainBox.appendChild(el('div', { class: 'step' }, [(i === 0 ? '' : '  '.repeat(i - 1) + '\u2514\u2500'), entryLink(id), ' @' + fmt(s.start) + ' +' + fmt(s.duration)]));
  });
  var deferBox = document.getElementById('defer');
  if (data.defer.length === 0) deferBox.appendChild(el('p', { class: 'muted', text: 'none' }));
  data.defer.slice(0, 50).forEach(function (id) { var s = spans.get(id); deferBox.appendChild(el('div', null, [entryLink(id), ' ' + fmt(s.duration)])); });
  if (data.defer.length > 50) deferBox.appendChild(el('p', { class: 'muted', text: '\u2026 ' + (data.defer.length - 50) + ' more (sort the blame list by slack)' }));

  // Dependency graph: the nodes on a line in boot order, each requirement an arc above it.
  (function () {
    var box = document.getElementById('graph');
    var list = data.spans.filter(function (s) { return s.kind !== 'unplanned'; });
    var pos = new Map(); list.forEach(function (s, i) { if (!pos.has(s.id)) pos.set(s.id, i); });
    var edges = data.edges.filter(function (e) { return pos.has(e.from) && pos.has(e.to); });
    var W = Math.max(600, Math.min(list.length * 14, 4000)), H = 260, base = H - 40, margin = 20;
    var x = function (i) { return margin + (list.length > 1 ? (i * (W - 2 * margin)) / (list.length - 1) : 0); };
    var NS = 'http://www.w3.org/2000/svg';
    var svg = document.createElementNS(NS, 'svg');
    svg.setAttribute('width', W); svg.setAttribute('height', H); svg.setAttribute('viewBox', '0 0 ' + W + ' ' + H);
    var add = function (tag, attrs, parent) { var n = document.createElementNS(NS, tag); Object.keys(attrs).forEach(function (k) { n.setAttribute(k, attrs[k]); }); (parent || svg).appendChild(n); return n; };
    add('line', { x1: margin, y1: base, x2: W - margin, y2: base, stroke: '#bbb' });
    var chainEdge = new Set(); for (var c = 1; c < data.chain.length; c++) chainEdge.add(data.chain[c - 1] + '\u2192' + data.chain[c]);
    var colour = { proven: '#9aa4b5', race: '#e08a00', violation: '#c00000', 'link-order': '#a070b0' };
    edges.forEach(function (e) {
      var a = x(pos.get(e.from)), b = x(pos.get(e.to)), h = Math.min(base - 10, Math.abs(b - a) / 2 + 6);
      var onChain = chainEdge.has(e.from + '\u2192' + e.to);
      var path = add('path', { d: 'M' + a + ' ' + base + ' Q' + ((a + b) / 2) + ' ' + (base - 2 * h) + ' ' + b + ' ' + base, fill: 'none', stroke: onChain ? '#c00000' : (colour[e.status] || '#999'), 'stroke-width': onChain ? 2.5 : 1, opacity: onChain ? 1 : 0.7 });
      add('title', {}, path).textContent = e.from + ' \u2192 ' + e.to + ' (' + e.reason + ', ' + e.status + ')';
    });
    list.forEach(function (s, i) {
      var dot = add('circle', { cx: x(i), cy: base, r: critical.has(s.id) ? 4.5 : 3, fill: critical.has(s.id) ? '#c00000' : colourOf(s), 'data-entry': s.id });
      add('title', {}, dot).textContent = s.id;
      dot.addEventListener('click', function () { select(s.id); });
    });
    var legend = add('text', { x: margin, y: H - 14, 'font-size': 11, fill: '#555' });
    legend.textContent = list.length + ' nodes in boot order, ' + edges.length + ' requirements as arcs (grey proven, orange race, red violation; thick red: the critical chain)';
    box.appendChild(el('div', { class: 'scroll', style: 'max-height:none' }, [svg]));
    if (edges.length === 0) box.appendChild(el('p', { class: 'muted', text: 'The plan declares no requirements (uses/provides, after, before) between the entries that ran.' }));
  })();

  // Phases.
  var phaseTable = document.getElementById('phases');
  phaseTable.appendChild(el('thead', null, [el('tr', null, ['phase', 'start', 'duration', 'share', 'busy', 'entries'].map(function (h) { return el('th', { text: h }); }))]));
  var pbody = el('tbody');
  data.phases.forEach(function (p) {
    pbody.appendChild(el('tr', null, [el('td', { text: p.phase }), el('td', { class: 'num', text: fmt(p.start) }), el('td', { class: 'num', text: fmt(p.duration) }), el('td', { class: 'num', text: (100 * p.duration / total).toFixed(1) + '%' }), el('td', { class: 'num', text: p.observed ? fmt(p.busy) : '\u2014' }), el('td', { class: 'num', text: p.observed ? String(p.entries) : p.phase === 'after the last entry' ? '\u2014' : 'not in the trace' })]));
  });
  phaseTable.appendChild(pbody);

  // Diagnostics with their code frames.
  var diagBox = document.getElementById('diagnostics');
  if (data.diagnostics.length === 0) diagBox.appendChild(el('p', { class: 'muted', text: 'none' }));
  data.diagnostics.forEach(function (d) {
    var subjects = (d.subjects || []).filter(function (id) { return nodes.has(id); });
    diagBox.appendChild(el('div', { class: 'diag ' + d.severity }, [
      el('span', { class: 'sev', text: d.severity + '[' + d.code + ']' }), ': ' + d.message,
      d.location ? el('div', { class: 'muted', text: '--> ' + where(d.location) }) : null,
      frame(d.location),
      d.hint ? el('div', null, ['help: ' + d.hint]) : null,
      subjects.length ? el('div', null, ['entries: '].concat(subjects.map(entryLink))) : null
    ]));
  });
  if (data.diagnosticsLeftOut > 0) diagBox.appendChild(el('p', { class: 'muted', text: '\u2026 ' + data.diagnosticsLeftOut + ' more (bootplan verify lists them all)' }));

  // Details of one entry.
  function chips(list) { return list && list.length ? list.map(function (c) { return el('span', { class: 'chip', text: c }); }) : [el('span', { class: 'muted', text: 'none' })]; }
  function select(id) {
    document.querySelectorAll('.selected').forEach(function (n) { n.classList.remove('selected'); });
    document.querySelectorAll('[data-entry]').forEach(function (n) { if (n.getAttribute('data-entry') === id && (n.classList.contains('tl-row') || n.tagName === 'TR')) n.classList.add('selected'); });
    var s = spans.get(id), n = nodes.get(id), b = blame.get(id);
    var body = document.getElementById('details-body');
    body.textContent = '';
    body.appendChild(el('h3', { id: 'details-id', text: id }));
    var dl = el('dl');
    var row = function (k, v) { if (v === undefined || v === null || v === '') return; dl.appendChild(el('dt', { text: k })); dl.appendChild(el('dd', null, Array.isArray(v) ? v : [typeof v === 'string' ? v : v])); };
    row('kind', s ? s.kind : n ? n.kind : '');
    if (n && n.title) row('step', n.title);
    if (n && n.lib) row('library', n.lib);
    if (n && n.fn) row('function', n.fn);
    if (n && n.table) row('key', n.table + (n.level ? ' level ' + n.level : '') + (n.prio !== undefined ? ' prio ' + n.prio : ''));
    if (s) { row('phase', s.phase); row('start', fmt(s.start)); row('duration', fmt(s.duration)); }
    if (b) { row('slack', fmt(b.slack)); row('needed by', b.neededBy ? entryLink(b.neededBy) : 'nothing in the plan'); }
    if (critical.has(id)) row('critical chain', 'yes');
    if (data.defer.indexOf(id) >= 0) row('defer', 'candidate: main does not need it');
    if (s && s.rc !== undefined) row('returned', String(s.rc));
    if (s && s.failed) row('failed', 'yes');
    if (n) { row('uses', chips(n.uses)); row('provides', chips(n.provides)); if (n.after.length) row('after', chips(n.after)); if (n.before.length) row('before', chips(n.before)); }
    if (n && n.note) row('note', n.note);
    if (!n) row('plan', 'not in the plan');
    body.appendChild(dl);
    var ins = inEdges.get(id) || [], outs = outEdges.get(id) || [];
    body.appendChild(el('h3', { text: 'Edges (' + ins.length + ' in, ' + outs.length + ' out)' }));
    var edgeList = el('div', { id: 'details-edges' });
    ins.forEach(function (e) { edgeList.appendChild(el('div', null, [entryLink(e.from), ' \u2192 this (' + e.reason + ', ', el('span', { class: 'status-' + e.status, text: e.status }), ')'])); });
    outs.forEach(function (e) { edgeList.appendChild(el('div', null, ['this \u2192 ', entryLink(e.to), ' (' + e.reason + ', ', el('span', { class: 'status-' + e.status, text: e.status }), ')'])); });
    if (!ins.length && !outs.length) edgeList.appendChild(el('span', { class: 'muted', text: 'none' }));
    body.appendChild(edgeList);
    if (n && n.source) { body.appendChild(el('h3', { text: 'Source' })); body.appendChild(el('div', { id: 'details-source', text: where(n.source) })); var f = frame(n.source); if (f) body.appendChild(f); }
    if (s && s.line !== undefined && data.trace) { body.appendChild(el('h3', { text: 'Trace' })); var loc = { file: data.trace, line: s.line, column: 0 }; body.appendChild(el('div', { id: 'details-trace', text: where(loc) })); var g = frame(loc); if (g) body.appendChild(g); }
    var r = rowsById.get(id);
    if (r && r.scrollIntoView) { var top = r.offsetTop; if (top < timeline.scrollTop + 34 || top > timeline.scrollTop + timeline.clientHeight - 20) timeline.scrollTop = top - timeline.clientHeight / 2; }
    document.body.dataset.selected = id;
  }
  window.bootplanSelect = select;
})();
`;
