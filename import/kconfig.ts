/**
 * A Kconfig `.config` as the build reads it: `CONFIG_X=y|m|n`, `CONFIG_X="string"`,
 * `CONFIG_X=123` or `0x1f`, and `# CONFIG_X is not set`. Make sees each value as text
 * (`$(CONFIG_X)` is `y`, empty when unset); the preprocessor sees the generated config header,
 * where `y` is `#define CONFIG_X 1`, `m` is `#define CONFIG_X_MODULE 1`, strings and numbers are
 * defined as they are written, and `n` or unset is not defined at all. A line that is none of these
 * is a warning with its file:line, never a failure.
 */
import type { Diagnostic } from '../compiler/types.js';

export interface KconfigValue {
  /** The value as written after `=`, quotes included for strings. */
  raw: string;
  kind: 'bool' | 'tristate-module' | 'string' | 'number';
  line: number;
}

export interface Kconfig {
  file: string;
  /** Every option set in the file (`n` and `is not set` are left out: both mean undefined). */
  values: Map<string, KconfigValue>;
  /** Options the file explicitly turns off. */
  unset: Set<string>;
}

const ASSIGN = /^(CONFIG_[A-Za-z0-9_]+)=(.*)$/;
const NOT_SET = /^#\s*(CONFIG_[A-Za-z0-9_]+) is not set\s*$/;

/** Reads a `.config`; never throws. */
export function readKconfig(text: string, file: string): { config: Kconfig; diagnostics: Diagnostic[] } {
  const config: Kconfig = { file, values: new Map(), unset: new Set() };
  const diagnostics: Diagnostic[] = [];
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!.trim();
    if (line === '') continue;
    const off = NOT_SET.exec(line);
    if (off) {
      config.values.delete(off[1]!);
      config.unset.add(off[1]!);
      continue;
    }
    if (line.startsWith('#')) continue;
    const m = ASSIGN.exec(line);
    const kind = m ? kindOf(m[2]!) : null;
    if (!m || kind === null) {
      diagnostics.push({
        code: 'IMPORT_BAD_CONFIG_LINE',
        severity: 'warning',
        message: `${file}:${i + 1}: \`${line.length > 60 ? `${line.slice(0, 60)}…` : line}\` is not \`CONFIG_NAME=value\` (y, m, n, "string", a number) or \`# CONFIG_NAME is not set\`; ignored`,
        location: { file, line: i + 1, column: 1 },
      });
      continue;
    }
    const [, name, raw] = m as unknown as [string, string, string];
    if (raw === 'n') {
      config.values.delete(name);
      config.unset.add(name);
      continue;
    }
    config.unset.delete(name);
    config.values.set(name, { raw, kind, line: i + 1 });
  }
  return { config, diagnostics };
}

function kindOf(raw: string): KconfigValue['kind'] | null {
  if (raw === 'y' || raw === 'n') return 'bool';
  if (raw === 'm') return 'tristate-module';
  if (/^"(?:[^"\\]|\\.)*"$/.test(raw)) return 'string';
  if (/^-?(?:0[xX][0-9a-fA-F]+|\d+)$/.test(raw)) return 'number';
  return null;
}

/** `$(CONFIG_X)` in a Makefile: the text after `=` (strings keep their quotes, as in make). */
export function makeValue(config: Kconfig, name: string): string {
  return config.values.get(name)?.raw ?? '';
}

/**
 * The object-like macros the generated config header defines: `y` → `1`, `m` → `NAME_MODULE 1`,
 * strings and numbers as written.
 */
export function configDefines(config: Kconfig): Map<string, string> {
  const defines = new Map<string, string>();
  for (const [name, v] of config.values) {
    if (v.kind === 'bool') defines.set(name, '1');
    else if (v.kind === 'tristate-module') defines.set(`${name}_MODULE`, '1');
    else defines.set(name, v.raw);
  }
  return defines;
}
