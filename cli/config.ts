/**
 * The project config file: `bootplan.config.yaml` (or `.bootplanrc.yaml`), found by walking up
 * from the plan's folder, the nearest one wins. It sets rule severities, as linters' configs do:
 *
 *     rules:
 *       link-order-dependency: off      # off | note | warning | error
 *
 * A bad config is bad input (exit 2), said with its file and line.
 */
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import type { Diagnostic, Severity } from '../compiler/types.js';
import { RULES_BY_CODE } from '../compiler/index.js';
import { yamlModule } from '../compiler/yaml-lazy.js';

/** File names a config has, in the order they are looked for in one folder. */
export const CONFIG_NAMES = ['bootplan.config.yaml', '.bootplanrc.yaml'];

export type RuleLevel = Severity | 'off';
const LEVELS: readonly RuleLevel[] = ['off', 'note', 'warning', 'error'];

export interface Config {
  /** The config file, or null when none was found. */
  file: string | null;
  /** Its text (for code frames). */
  text: string;
  rules: Map<string, RuleLevel>;
  /** Problems in the config itself (exit 2). */
  diagnostics: Diagnostic[];
}

const cache = new Map<string, Config>();

/** The config that applies to a plan: the nearest config file in its folder or one above. */
export function configFor(planPath: string): Config {
  let dir = dirname(resolve(planPath));
  for (;;) {
    for (const name of CONFIG_NAMES) {
      const file = join(dir, name);
      let text: string;
      try {
        text = readFileSync(file, 'utf8');
      } catch {
        continue;
      }
      let config = cache.get(file);
      if (!config) {
        config = parseConfig(file, text);
        cache.set(file, config);
      }
      return config;
    }
    const up = dirname(dir);
    if (up === dir) return { file: null, text: '', rules: new Map(), diagnostics: [] };
    dir = up;
  }
}

/** A config's text read into rule levels; every mistake is a `bad-config` error at its line. */
export function parseConfig(file: string, text: string): Config {
  const rules = new Map<string, RuleLevel>();
  const diagnostics: Diagnostic[] = [];
  const { isMap, isScalar, LineCounter, parseDocument } = yamlModule();
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false });
  const at = (offset: number | undefined) => {
    const p = lines.linePos(offset ?? 0);
    return { file, line: p.line, column: p.col };
  };
  const bad = (message: string, offset: number | undefined, hint?: string) =>
    diagnostics.push({ code: 'bad-config', severity: 'error', message, location: at(offset), ...(hint ? { hint } : {}) });
  if (doc.errors.length > 0) {
    bad(`the config is not YAML: ${doc.errors[0]!.message.split('\n')[0]}`, doc.errors[0]!.pos[0]);
    return { file, text, rules, diagnostics };
  }
  const root = doc.contents;
  if (root === null || (isScalar(root) && root.value === null)) return { file, text, rules, diagnostics };
  if (!isMap(root)) {
    bad('the config must be a mapping with a `rules:` key', root.range?.[0]);
    return { file, text, rules, diagnostics };
  }
  for (const pair of root.items) {
    const key = isScalar(pair.key) ? String(pair.key.value) : '';
    const keyAt = isScalar(pair.key) ? pair.key.range?.[0] : undefined;
    if (key !== 'rules') {
      bad(`unknown config key \`${key}\``, keyAt, 'the config knows `rules:` (rule code: off | note | warning | error)');
      continue;
    }
    if (pair.value === null || (isScalar(pair.value) && pair.value.value === null)) continue;
    if (!isMap(pair.value)) {
      bad('`rules` must map rule codes to off, note, warning or error', keyAt);
      continue;
    }
    for (const rule of pair.value.items) {
      const code = isScalar(rule.key) ? String(rule.key.value) : '';
      const codeAt = isScalar(rule.key) ? rule.key.range?.[0] : keyAt;
      const value = isScalar(rule.value) ? String(rule.value.value) : '';
      const known = RULES_BY_CODE.get(code);
      if (!known) bad(`unknown rule \`${code}\` in the config`, codeAt, 'the codes are listed by `bootplan explain` and in docs/rules/');
      else if (known.input) bad(`\`${code}\` reports unreadable input: its severity cannot be changed`, codeAt);
      else if (!(LEVELS as readonly string[]).includes(value)) bad(`rule \`${code}\`: "${value}" is not off, note, warning or error`, isScalar(rule.value) ? rule.value.range?.[0] : codeAt);
      else rules.set(code, value as RuleLevel);
    }
  }
  return { file, text, rules, diagnostics };
}

/** The diagnostics with the config's severities applied (`off` drops the finding). */
export function applyConfig(config: Config, diagnostics: Diagnostic[]): Diagnostic[] {
  if (config.rules.size === 0) return diagnostics;
  const out: Diagnostic[] = [];
  for (const d of diagnostics) {
    const level = config.rules.get(d.code);
    if (level === undefined) out.push(d);
    else if (level !== 'off') out.push({ ...d, severity: level });
  }
  return out;
}
