/** Machine output: the diagnostics as data, witnesses included (what `run --link-order witness:` reads). */
import { summarize, type Reporter } from './report.js';

export const json: Reporter = (input) =>
  JSON.stringify({ bootplan: 1, file: input.file, summary: summarize(input.diagnostics), diagnostics: input.diagnostics.map(({ source, ...d }) => ({ ...d, ...(source ? { path: source.path } : {}) })) }, null, 2) + '\n';
