import type { Analysis } from './types.js';
export interface SvgOptions { title: string }
export function analysisToSvg(_analysis: Analysis, _options: SvgOptions): string { return '<svg xmlns="http://www.w3.org/2000/svg"/>\n'; }
