// Writes N copies of a Linux initcall_debug log with jitter, for many-boot figures: each copy's
// `after N usecs` durations scaled by a factor in [0.8, 1.25) from a seeded PRNG (copy k, seed k),
// so the copies differ as boots of one image do. Usage: node bench/jitter-logs.mjs LOG N OUTDIR
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const [log, countText, outDir] = process.argv.slice(2);
const count = Number(countText);
if (!log || !Number.isSafeInteger(count) || count <= 0 || !outDir) {
  console.error('usage: node bench/jitter-logs.mjs LOG N OUTDIR');
  process.exit(2);
}
const text = readFileSync(log, 'utf8');
mkdirSync(outDir, { recursive: true });
function mulberry32(seed) {
  return () => {
    seed |= 0; seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const files = [];
for (let k = 0; k < count; k++) {
  const random = mulberry32(k + 1);
  const copy = text.replace(/ after (\d+) usecs/g, (_, n) => ` after ${Math.round(Number(n) * (0.8 + random() * 0.45))} usecs`);
  const file = join(outDir, `boot-${String(k).padStart(5, '0')}.log`);
  writeFileSync(file, copy);
  files.push(file);
}
console.log(`${count} logs in ${outDir}`);
