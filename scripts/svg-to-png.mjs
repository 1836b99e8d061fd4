// Renders an SVG to PNG with @resvg/resvg-js (a devDependency: prebuilt binaries in the package,
// nothing downloaded): `node scripts/svg-to-png.mjs in.svg out.png [width]`. Used for the
// README's pictures under docs/ and by tests that check a picture is not blank.
import { readFileSync, writeFileSync } from 'node:fs';
import { Resvg } from '@resvg/resvg-js';

const [input, output, width] = process.argv.slice(2);
if (!input || !output) {
  console.error('usage: node scripts/svg-to-png.mjs IN.svg OUT.png [WIDTH]');
  process.exit(2);
}
const resvg = new Resvg(readFileSync(input, 'utf8'), {
  background: '#ffffff',
  font: { loadSystemFonts: true, defaultFontFamily: 'DejaVu Sans' },
  ...(width ? { fitTo: { mode: 'width', value: Number(width) } } : {}),
});
const png = resvg.render().asPng();
writeFileSync(output, png);
console.log(`${output}: ${resvg.width}×${resvg.height} → ${png.length} bytes`);
