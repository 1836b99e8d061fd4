// `npm run mutate:unlisted [-- REPORT [DOC]]`: the surviving mutants of a Stryker JSON report
// (default reports/mutation/mutation.json, what `npm run mutate` writes) that docs/mutation.md does
// not list. Each one is a gap: kill it with a test, or list it with why it is equivalent. Exit 0
// when every survivor (and every mutant no test covers) is listed, 1 when some are not, 2 when the
// report or the page cannot be read.
//
// The page lists a mutant by its position, `LINE:COL` (or `LINE:*` for every mutant on the line),
// under a `### file.ts` heading, or in a bullet that starts with the file's name
// (`- race.ts 13:17 …`, `- out-of-memory.ts:37:9 …`). A `## ` heading ends the file a `###` named.
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';

/** Positions the page lists, as `file.ts:LINE:COL` or `file.ts:LINE:*` (file: its base name). */
export function listedPositions(doc) {
  const listed = new Set();
  let heading = null;
  for (const line of doc.split('\n')) {
    const head = /^###\s+(?:\S*\/)?([\w.-]+\.ts)\b/.exec(line);
    if (head) {
      heading = head[1];
      continue;
    }
    if (/^#{1,3}\s/.test(line)) {
      heading = null;
      continue;
    }
    const bullet = /^-\s+(?:\S*\/)?([\w.-]+\.ts)[: ]/.exec(line);
    const file = bullet ? bullet[1] : heading;
    if (!file) continue;
    for (const m of line.matchAll(/\b(\d+):(\d+|\*)/g)) listed.add(`${file}:${m[1]}:${m[2]}`);
  }
  return listed;
}

/** The survivors and uncovered mutants of `report` whose position `listed` lacks, in file and line order. */
export function unlistedSurvivors(report, listed) {
  const out = [];
  for (const [path, file] of Object.entries(report.files ?? {})) {
    const base = path.split('/').pop();
    for (const m of file.mutants ?? []) {
      if (m.status !== 'Survived' && m.status !== 'NoCoverage') continue;
      const { line, column } = m.location.start;
      if (listed.has(`${base}:${line}:${column}`) || listed.has(`${base}:${line}:*`)) continue;
      out.push({ path, line, column, mutator: m.mutatorName, replacement: m.replacement ?? '', status: m.status });
    }
  }
  return out.sort((a, b) => a.path.localeCompare(b.path) || a.line - b.line || a.column - b.column);
}

function main(argv) {
  const [reportPath = 'reports/mutation/mutation.json', docPath = 'docs/mutation.md'] = argv;
  let report;
  let doc;
  try {
    report = JSON.parse(readFileSync(reportPath, 'utf8'));
    doc = readFileSync(docPath, 'utf8');
  } catch (err) {
    process.stderr.write(`mutation-unlisted: ${err instanceof Error ? err.message : String(err)}\n`);
    return 2;
  }
  const survivors = Object.values(report.files ?? {}).flatMap((f) => (f.mutants ?? []).filter((m) => m.status === 'Survived' || m.status === 'NoCoverage')).length;
  const unlisted = unlistedSurvivors(report, listedPositions(doc));
  for (const u of unlisted) {
    process.stdout.write(`${u.path}:${u.line}:${u.column} ${u.mutator}${u.status === 'NoCoverage' ? ' (no coverage)' : ''} → ${JSON.stringify(u.replacement).slice(0, 80)}\n`);
  }
  process.stdout.write(`${survivors} survivors, ${unlisted.length} not listed in ${docPath}\n`);
  return unlisted.length === 0 ? 0 : 1;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) process.exitCode = main(process.argv.slice(2));
