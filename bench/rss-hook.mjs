// Preloaded with `node --import` when GNU time is missing: writes the process's peak RSS (KiB) to
// the file named by BOOTPLAN_BENCH_RSS_FILE when the process exits.
import { writeFileSync } from 'node:fs';

const file = process.env.BOOTPLAN_BENCH_RSS_FILE;
if (file) process.on('exit', () => writeFileSync(file, `${process.resourceUsage().maxRSS}\n`));
