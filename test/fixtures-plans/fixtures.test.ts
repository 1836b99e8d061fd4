/**
 * Broken plans, one folder per rule code under test/fixtures/plans/<code>/. Each fixture's header
 * says what it expects, one line per finding:
 *
 *   # expect: <code> at <line>[ in <file>][ mentions <text>]
 *   # bug: <what the checker does wrong today>      (optional: the line is then a known failure)
 *
 * The test checks the plan from its file and holds the diagnostics to exactly that list: every
 * expectation is met (code, file, line, and the text in the message), and nothing else is
 * reported. YAML files without an `# expect:` line are support files (included catalogs).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { RULES } from '../../compiler/check/rules/index.js';
import { checkPlan } from '../../compiler/index.js';
import type { Diagnostic } from '../../compiler/types.js';
import { run } from '../../runtime/index.js';

const ROOT = 'test/fixtures/plans';
const EXPECT = /^# expect: ([a-z0-9-]+) at (\d+)(?: in (\S+))?(?: mentions (.+))?$/;

interface Expectation {
  code: string;
  line: number;
  file: string;
  mentions?: string;
}

interface Fixture {
  path: string;
  folder: string;
  expectations: Expectation[];
  bug?: string;
  header: string[];
}

function readFixtures(): Fixture[] {
  const out: Fixture[] = [];
  for (const folder of readdirSync(ROOT).sort()) {
    for (const name of readdirSync(join(ROOT, folder)).sort()) {
      if (!/\.ya?ml$/.test(name)) continue;
      const path = join(ROOT, folder, name);
      const lines = readFileSync(path, 'utf8').split('\n');
      const header = lines.slice(0, lines.findIndex((l) => !l.startsWith('#')));
      const expectations = header.flatMap((l) => {
        const m = EXPECT.exec(l);
        return m ? [{ code: m[1]!, line: Number(m[2]), file: resolve(dirname(path), m[3] ?? name), ...(m[4] ? { mentions: m[4] } : {}) }] : [];
      });
      if (expectations.length === 0) continue;
      const bug = header.find((l) => l.startsWith('# bug: '))?.slice('# bug: '.length);
      out.push({ path, folder, expectations, header, ...(bug ? { bug } : {}) });
    }
  }
  return out;
}

const fixtures = readFixtures();
const folders = readdirSync(ROOT).sort();

const key = (code: string, file: string, line: number) => `${code} ${basename(file)}:${line}`;

function reported(diagnostics: Diagnostic[]): Diagnostic[] {
  return diagnostics.filter((d) => d.severity !== 'note');
}

/** Rules whose witness order the emulated machine replays: each such error must carry one. */
const WITNESSED = new Set(['use-before-provide', 'pre-init-use', 'mount-before-mounted', 'race', 'order-violated', 'term-order', 'cycle', 'capability-never-provided', 'entry-fails', 'out-of-memory']);

describe('fixture collection', () => {
  it('has a fixture folder for every rule with an example', () => {
    const missing = RULES.filter((r) => r.example).map((r) => r.code).filter((code) => !folders.includes(code));
    expect(missing).toEqual([]);
  });

  it('names every folder after a rule, and every folder holds a fixture expecting its rule', () => {
    const codes = new Set(RULES.map((r) => r.code));
    for (const folder of folders) {
      expect(codes.has(folder), folder).toBe(true);
      const own = fixtures.filter((f) => f.folder === folder);
      expect(own.length, folder).toBeGreaterThan(0);
      for (const f of own) expect(f.expectations.map((e) => e.code), f.path).toContain(folder);
    }
  });

  it('explains the bug in a header comment above the expectations', () => {
    for (const f of fixtures) {
      const prose = f.header.filter((l) => !l.startsWith('# expect:') && !l.startsWith('# bug:'));
      expect(prose.join(' ').length, f.path).toBeGreaterThan(120);
    }
  });

  it('writes the real bugs of the reference as fixtures', () => {
    const text = fixtures.map((f) => f.header.join('\n')).join('\n');
    for (const issue of ['#1231', '#1838', '#1210', '#1240', 'lib-musl#29', '#1413', '#55452']) expect(text, issue).toContain(issue);
  });
});

describe.each(fixtures.map((f) => [f.path, f] as const))('%s', (path, fixture) => {
  const run_ = () => checkPlan(path);

  it(`fires ${fixture.folder}${fixture.bug ? '' : ' at the line its header names'}, and nothing unexpected`, async () => {
    const { diagnostics } = await run_();
    const found = reported(diagnostics);
    expect(found.map((d) => d.code)).toContain(fixture.folder);
    const expectedCodes = new Set(fixture.expectations.map((e) => e.code));
    expect(found.filter((d) => !expectedCodes.has(d.code)).map((d) => `${d.code}: ${d.message}`)).toEqual([]);
    if (fixture.bug) return;
    const got = [...new Set(found.map((d) => key(d.code, d.location?.file ?? '', d.location?.line ?? 0)))].sort();
    const want = [...new Set(fixture.expectations.map((e) => key(e.code, e.file, e.line)))].sort();
    expect(got).toEqual(want);
    for (const e of fixture.expectations) {
      const hit = found.find((d) => d.code === e.code && d.location?.line === e.line && resolve(d.location.file) === e.file);
      expect(hit, key(e.code, e.file, e.line)).toBeDefined();
      if (e.mentions) expect(hit!.message, key(e.code, e.file, e.line)).toContain(e.mentions);
    }
  });

  if (fixture.bug) {
    // Listed in the report for the lead: passes while the bug is there, fails once it is fixed
    // (then delete the `# bug:` line).
    it.fails(`reports at the line its header names (known bug: ${fixture.bug})`, async () => {
      const { diagnostics } = await run_();
      const lines = reported(diagnostics).filter((d) => d.code === fixture.folder).map((d) => d.location?.line);
      expect(lines).toContain(fixture.expectations.find((e) => e.code === fixture.folder)!.line);
    });
  }

  it('gives every ordering error a witness about its subject', async () => {
    const { diagnostics } = await run_();
    for (const d of diagnostics.filter((x) => x.severity === 'error' && WITNESSED.has(x.code))) {
      expect(d.witness, `${d.code}: ${d.message}`).toBeDefined();
      expect(d.witness!.order.length).toBeGreaterThan(0);
      expect(d.subjects ?? [], d.code).toContain(d.witness!.expect.entry);
    }
  });

  it('replays every witness on the emulated machine to the failure it names', async () => {
    const { compiled, diagnostics } = await run_();
    for (const d of diagnostics.filter((x) => x.witness)) {
      const want = d.witness!.expect;
      const { outcome, events } = run(compiled!, { linkOrder: { kind: 'witness', witness: d.witness! } });
      const what = `${d.code}: ${JSON.stringify(want)} → ${outcome.reason}`;
      if (want.kind === 'fault' || want.kind === 'term') {
        expect(outcome.fault?.kind, what).toBe(want.kind);
        expect(outcome.fault?.id, what).toBe(want.entry);
        expect(outcome.fault?.missing ?? [outcome.fault?.capability], what).toContain(want.capability);
      } else if (want.kind === 'return') {
        const returned = outcome.failed ? [outcome.failed.id, outcome.failed.rc] : [compiled!.entries.find((e) => e.kind === 'main')?.id, outcome.mainReturned];
        expect(returned, what).toEqual([want.entry, want.rc]);
      } else {
        const calls = events.filter((e) => e.ev === 'call').map((e) => e.id);
        expect(calls.indexOf(want.entry), what).toBeGreaterThanOrEqual(0);
        expect(calls.indexOf(want.entry), what).toBeLessThan(calls.indexOf(want.first!));
      }
    }
  });
});
