/** A code frame: the lines around a location, with a caret under the spot. */

export function codeFrame(text: string | string[], line: number, column: number, endLine?: number, endColumn?: number, context = 1): string {
  const lines = typeof text === 'string' ? text.split(/\r?\n/) : text;
  if (line < 1 || line > lines.length) return '';
  const first = Math.max(1, line - context);
  const last = Math.min(lines.length, line + context);
  const width = String(last).length;
  const out: string[] = [];
  for (let n = first; n <= last; n++) {
    const content = (lines[n - 1] ?? '').replace(/\t/g, ' ');
    out.push(`${n === line ? '>' : ' '} ${String(n).padStart(width)} | ${content.length > 200 ? content.slice(0, 200) + '…' : content}`);
    if (n === line) {
      const stop = endLine === line && endColumn !== undefined && endColumn > column ? endColumn : Math.max(column + 1, content.trimEnd().length + 1);
      const span = Math.max(1, Math.min(stop - column, 200 - column + 1));
      out.push(`  ${' '.repeat(width)} | ${' '.repeat(Math.max(0, column - 1))}${'^'.repeat(Math.max(1, span))}`);
    }
  }
  return out.join('\n');
}
