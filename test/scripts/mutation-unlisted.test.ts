/**
 * scripts/mutation-unlisted.mjs: which survivors of a Stryker report docs/mutation.md does not
 * list, read from the page's own format (positions under a `### file.ts` heading, or in a bullet
 * that starts with the file), and the exit codes `npm run mutate:unlisted` gives.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
// @ts-expect-error: a plain .mjs script, no types
import { listedPositions, unlistedSurvivors } from '../../scripts/mutation-unlisted.mjs';

const DOC = `# Mutation testing

## compiler/check/rules

### cycle.ts
- 11:27 ArrayDeclaration: why.
- 92:9, 92:35 (×3): the fast path.

### rules/mount-point-busy.ts
- 119:*: every mutant of the line.

### The other rules
- race.ts 13:17 OptionalChaining: why.
- out-of-memory.ts:37:9 LogicalOperator: why.
- 50:1 a position in no file's section.

## compiler/graph.ts
- 7:7 under a heading of another level: not cycle.ts's.
`;

const mutant = (line: number, column: number, status = 'Survived') => ({ mutatorName: 'ConditionalExpression', replacement: 'true', status, location: { start: { line, column }, end: { line, column: column + 1 } } });
const REPORT = {
  files: {
    'compiler/check/rules/cycle.ts': { mutants: [mutant(11, 27), mutant(92, 35), mutant(92, 36), mutant(7, 7), mutant(5, 5, 'Killed')] },
    'compiler/check/rules/mount-point-busy.ts': { mutants: [mutant(119, 33), mutant(120, 1, 'NoCoverage')] },
    'compiler/check/rules/race.ts': { mutants: [mutant(13, 17), mutant(50, 1)] },
    'compiler/check/rules/out-of-memory.ts': { mutants: [mutant(37, 9, 'NoCoverage'), mutant(37, 9, 'Timeout')] },
  },
};

describe('listedPositions', () => {
  it('files each position under its heading or its bullet\'s file, and none under another level\'s heading', () => {
    expect([...listedPositions(DOC)].sort()).toEqual([
      'cycle.ts:11:27', 'cycle.ts:92:35', 'cycle.ts:92:9', 'mount-point-busy.ts:119:*', 'out-of-memory.ts:37:9', 'race.ts:13:17',
    ]);
  });

  it('reads the project\'s own page: a listed position of each kind is there', () => {
    const listed = listedPositions(readFileSync(new URL('../../docs/mutation.md', import.meta.url), 'utf8'));
    expect(listed.has('cycle.ts:11:27')).toBe(true);
    expect(listed.has('fs-replay.ts:239:7')).toBe(true);
  });
});

describe('unlistedSurvivors', () => {
  it('keeps survivors and uncovered mutants the page does not list, in file and line order', () => {
    expect(unlistedSurvivors(REPORT, listedPositions(DOC)).map((u: { path: string; line: number; column: number; status: string }) => `${u.path}:${u.line}:${u.column} ${u.status}`)).toEqual([
      'compiler/check/rules/cycle.ts:7:7 Survived',
      'compiler/check/rules/cycle.ts:92:36 Survived',
      'compiler/check/rules/mount-point-busy.ts:120:1 NoCoverage',
      'compiler/check/rules/race.ts:50:1 Survived',
    ]);
  });
});

describe('npm run mutate:unlisted', () => {
  const dir = mkdtempSync(join(tmpdir(), 'bootplan-unlisted-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const script = new URL('../../scripts/mutation-unlisted.mjs', import.meta.url).pathname;
  const run = (report: unknown, doc: string) => {
    writeFileSync(join(dir, 'report.json'), JSON.stringify(report));
    writeFileSync(join(dir, 'doc.md'), doc);
    return spawnSync(process.execPath, [script, join(dir, 'report.json'), join(dir, 'doc.md')], { encoding: 'utf8' });
  };

  it('exits 1 and prints each unlisted survivor, then the count', () => {
    const r = run(REPORT, DOC);
    expect(r.status).toBe(1);
    expect(r.stdout.split('\n').filter(Boolean)).toEqual([
      'compiler/check/rules/cycle.ts:7:7 ConditionalExpression → "true"',
      'compiler/check/rules/cycle.ts:92:36 ConditionalExpression → "true"',
      'compiler/check/rules/mount-point-busy.ts:120:1 ConditionalExpression (no coverage) → "true"',
      'compiler/check/rules/race.ts:50:1 ConditionalExpression → "true"',
      `9 survivors, 4 not listed in ${join(dir, 'doc.md')}`,
    ]);
  });

  it('exits 0 when the page lists every survivor, and 2 when the report cannot be read', () => {
    expect(run({ files: { 'a/cycle.ts': { mutants: [mutant(11, 27)] } } }, DOC).status).toBe(0);
    const broken = spawnSync(process.execPath, [script, join(dir, 'missing.json'), join(dir, 'doc.md')], { encoding: 'utf8' });
    expect(broken.status).toBe(2);
    expect(broken.stderr).toContain('missing.json');
  });
});
