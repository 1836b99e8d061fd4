/** SARIF 2.1.0 for code-scanning UIs: one run, rule metadata from the registry, witnesses as properties. */
import { isAbsolute, relative, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Log, ReportingDescriptor, Result } from 'sarif';
import { RULES_BY_CODE } from '../check/rules/index.js';
import type { Location } from '../types.js';
import type { Reporter } from './report.js';

function uri(file: string, cwd: string): string {
  const rel = relative(cwd, file);
  if (rel && !rel.startsWith('..') && !rel.startsWith(sep)) return rel.split(sep).join('/');
  return pathToFileURL(file).href;
}

function physical(loc: Location, cwd: string) {
  return {
    physicalLocation: {
      // A relative path is an evidence location in the imported source tree (`lib/foo/foo.c`),
      // not a file next to the plan: SARIF says so with a base id the viewer maps to the tree.
      artifactLocation: isAbsolute(loc.file) ? { uri: uri(loc.file, cwd) } : { uri: loc.file.split(sep).join('/'), uriBaseId: 'SRCROOT' },
      region: { startLine: loc.line, startColumn: loc.column, ...(loc.endLine ? { endLine: loc.endLine, endColumn: loc.endColumn } : {}) },
    },
  };
}

export const sarif: Reporter = (input, options) => {
  const used = [...new Set(input.diagnostics.map((d) => d.code))].sort();
  const rules: ReportingDescriptor[] = used.map((code) => {
    const rule = RULES_BY_CODE.get(code);
    return {
      id: code,
      shortDescription: { text: rule?.title ?? code },
      fullDescription: { text: rule?.doc.replace(/\s*\n\s*/g, ' ') ?? code },
      defaultConfiguration: { level: rule?.severity ?? 'error' },
      help: { text: `bootplan explain ${code}` },
    };
  });
  const results: Result[] = input.diagnostics.map((d) => ({
    ruleId: d.code,
    ruleIndex: used.indexOf(d.code),
    level: d.severity,
    message: { text: d.hint ? `${d.message}. ${d.hint}` : d.message },
    locations: d.location ? [physical(d.location, options.cwd)] : [],
    ...(d.related?.some((r) => r.location) ? { relatedLocations: d.related.filter((r) => r.location).map((r, i) => ({ id: i, message: { text: r.message }, ...physical(r.location!, options.cwd) })) } : {}),
    ...(d.witness || d.subjects ? { properties: { ...(d.witness ? { witness: d.witness } : {}), ...(d.subjects ? { subjects: d.subjects } : {}) } } : {}),
  }));
  const log: Log = {
    version: '2.1.0',
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    runs: [{ tool: { driver: { name: 'bootplan', informationUri: 'https://github.com/bootplan/bootplan', rules } }, results }],
  };
  return JSON.stringify(log, null, 2) + '\n';
};
