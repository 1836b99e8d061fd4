/** The chunked writers of `check --format json|sarif` write exactly what the one-string writers write. */
import { describe, expect, it } from 'vitest';
import { checkPlan } from '../../../compiler/index.js';
import { jsonFiles, jsonFilesChunks } from '../../../compiler/emit/json.js';
import { sarif, sarifChunks } from '../../../compiler/emit/sarif.js';
import type { Diagnostic } from '../../../compiler/types.js';

const plans = ['specs/plans/linux/qemu-x86_64.yaml', 'test/fixtures/plans/value-out-of-range/absurd-values.yaml', 'test/fixtures/plans/race/posix-socket-fdtab.yaml'];

describe('chunked reports', () => {
  it('join to the same JSON and SARIF text, suppressed findings and fixes included', async () => {
    const checked = await Promise.all(plans.map((p) => checkPlan(p)));
    const files = checked.map((c) => ({ filePath: c.source.root, diagnostics: c.diagnostics, suppressed: c.diagnostics.filter((d) => d.severity === 'warning') }));
    expect(files.flatMap((f) => f.diagnostics).length).toBeGreaterThan(3);
    expect([...jsonFilesChunks(files)].join('')).toBe(jsonFiles(files));
    const all: Diagnostic[] = files.flatMap((f) => f.diagnostics);
    const input = { diagnostics: all, file: files[0]!.filePath, suppressed: files[0]!.suppressed };
    const options = { color: false, cwd: process.cwd(), version: '1.2.3', exitCode: 1 };
    const text = [...sarifChunks(input, options)].join('');
    expect(text).toBe(sarif(input, options));
    expect(JSON.parse(text).runs[0].results).toHaveLength(all.length + files[0]!.suppressed.length);
  });
});
