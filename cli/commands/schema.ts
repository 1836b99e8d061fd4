import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Command } from 'commander';
import { SCHEMAS_DIR } from '../../compiler/paths.js';
import { UsageError } from '../io.js';

const KINDS = ['plan', 'profile', 'trace', 'analysis', 'boots', 'report'];

export function register(program: Command): void {
  program
    .command('schema')
    .description('print a JSON Schema: plan (default), profile, trace, analysis, boots or report (check --format json)')
    .argument('[kind]', KINDS.join(' | '), 'plan')
    .action((kind: string) => {
      if (!KINDS.includes(kind)) throw new UsageError(`unknown schema "${kind}"; use one of ${KINDS.join(', ')}`);
      process.stdout.write(readFileSync(join(SCHEMAS_DIR, `${kind}.schema.json`), 'utf8'));
    });
}
