/**
 * dot → SVG through `@viz-js/viz`: Graphviz compiled to WebAssembly, bundled in the package, so
 * nothing runs or downloads outside Node. Imported lazily: its 1.2 MB (WASM inlined) loads only for
 * `graph --format svg`.
 */

/** Lays a dot graph out with Graphviz `dot` and returns the SVG text. */
export async function dotToSvg(dot: string): Promise<string> {
  const { instance } = await import('@viz-js/viz');
  const viz = await instance();
  return viz.renderString(dot, { format: 'svg', engine: 'dot' });
}
