import type { Command } from 'commander';
import pc from 'picocolors';
import { RULES, RULES_BY_CODE } from '../../compiler/check/rules/index.js';
import { suggest } from '../../compiler/suggest.js';
import { useColor } from '../diagnostics.js';
import { UsageError } from '../io.js';

export function register(program: Command): void {
  program
    .command('explain')
    .description("print a rule's documentation with a failing and a fixed example")
    .argument('[code]', 'rule code, e.g. use-before-provide (omit to list every rule)')
    .action(async (code: string | undefined) => {
      const c = pc.createColors(useColor());
      if (!code) {
        const width = Math.max(...RULES.map((r) => r.code.length));
        process.stdout.write(RULES.map((r) => `${r.code.padEnd(width)}  ${r.severity.padEnd(7)}  ${r.title}`).join('\n') + '\n');
        const [{ VERIFY_CODES }, { IMPORT_CODES }] = await Promise.all([import('../../traces/verify/verify-codes.js'), import('../../import/codes.js')]);
        process.stdout.write(`\nbootplan verify reports:\n${codeTable(VERIFY_CODES)}\n`);
        process.stdout.write(`\nbootplan import reports:\n${codeTable(IMPORT_CODES)}\n`);
        return;
      }
      const rule = RULES_BY_CODE.get(code);
      if (!rule) {
        // Codes of `bootplan verify` and the log readers live with them in the runtime.
        const { VERIFY_CODES } = await import('../../traces/verify/verify-codes.js');
        const verify = Object.hasOwn(VERIFY_CODES, code) ? VERIFY_CODES[code] : undefined;
        if (verify) {
          process.stdout.write(`${c.bold(code)} (${verify.severity}, bootplan verify)\n\n${verify.doc}\n`);
          return;
        }
        const { IMPORT_CODES } = await import('../../import/codes.js');
        const imported = Object.hasOwn(IMPORT_CODES, code) ? IMPORT_CODES[code] : undefined;
        if (imported) {
          process.stdout.write(`${c.bold(code)} (${imported.severity}, bootplan import)\n\n${imported.doc}\n`);
          return;
        }
        const guess = suggest(code, [...RULES_BY_CODE.keys(), ...Object.keys(VERIFY_CODES), ...Object.keys(IMPORT_CODES)]);
        throw new UsageError(`no rule "${code}"${guess ? `; did you mean "${guess}"?` : ''} (bootplan explain lists them)`);
      }
      const parts = [`${c.bold(rule.code)} (${rule.severity}): ${rule.title}`, '', rule.doc];
      if (rule.example) {
        parts.push('', c.red('Fails:'), indent(rule.example.failing), c.green('Fixed:'), indent(rule.example.fixed));
      }
      process.stdout.write(parts.join('\n') + '\n');
    });
}

/** One line per code: the code, its severity and the first sentence of its doc. */
function codeTable(codes: Readonly<Record<string, { severity: string; doc: string }>>): string {
  const width = Math.max(...Object.keys(codes).map((k) => k.length));
  return Object.entries(codes).map(([k, v]) => `${k.padEnd(width)}  ${v.severity.padEnd(7)}  ${v.doc.split(/(?<=\.)\s/)[0]}`).join('\n');
}

function indent(text: string): string {
  return text.trimEnd().split('\n').map((l) => `    ${l}`).join('\n') + '\n';
}
