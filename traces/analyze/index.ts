/** Where the boot time goes: the analysis and its reporters (pure functions of the analysis). */
export { analyze, type AnalyzeOptions, type AnalyzeResult } from './analyze.js';
export { analysisToJson, type AnalysisJsonContext } from './json.js';
export { analysisToPretty, type PrettyOptions } from './pretty.js';
export { analysisToSvg, type SvgOptions } from './svg.js';
export { analysisToHtml, type HtmlContext, type HtmlEdge, type HtmlNode } from './html.js';
export { analysisToChromeTrace, type ChromeTraceOptions } from './chrome-trace.js';
export type { Analysis, BlameRow, Phase, Span, SpanKind } from './types.js';
