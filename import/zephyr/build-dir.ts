/**
 * Finds the inputs of `import zephyr` in a build folder: `zephyr/zephyr.map` (required),
 * `zephyr/include/generated/zephyr/devicetree_generated.h` (3.6+; `include/generated/` before;
 * required) and `zephyr/zephyr.elf` (optional: it names the functions). Missing or unreadable
 * files are diagnostics, never exceptions.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Diagnostic } from '../../compiler/types.js';
import { readElf } from './elf.js';
import type { ZephyrBuildInputs } from './import-zephyr.js';

const MAX_BYTES = 256 * 1024 * 1024;

export function readZephyrBuild(dir: string): { inputs: ZephyrBuildInputs | null; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  const missing = (file: string, message: string): void => {
    diagnostics.push({ code: 'IMPORT_ZEPHYR_MISSING', severity: 'error', message, location: { file, line: 1, column: 1 } });
  };
  try {
    if (!statSync(dir).isDirectory()) {
      missing(dir, `${dir} is not a folder`);
      return { inputs: null, diagnostics };
    }
  } catch (err) {
    missing(dir, `cannot read the build folder ${dir}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`);
    return { inputs: null, diagnostics };
  }
  const mapFile = join(dir, 'zephyr', 'zephyr.map');
  const dtFile = [join(dir, 'zephyr', 'include', 'generated', 'zephyr', 'devicetree_generated.h'), join(dir, 'zephyr', 'include', 'generated', 'devicetree_generated.h')].find((f) => existsSync(f));
  const map = readText(mapFile, diagnostics, 'the linker map (build with the default CONFIG_OUTPUT_MAP / `-Wl,-Map`)');
  const dt = dtFile ? readText(dtFile, diagnostics, 'the devicetree header') : null;
  if (!dtFile) missing(join(dir, 'zephyr', 'include', 'generated', 'zephyr', 'devicetree_generated.h'), 'no devicetree_generated.h in the build folder: is it a Zephyr build (run `west build` first)?');
  if (map === null || dt === null) return { inputs: null, diagnostics };
  const inputs: ZephyrBuildInputs = { map: { text: map, file: mapFile }, devicetree: { text: dt, file: dtFile! } };
  const elfFile = join(dir, 'zephyr', 'zephyr.elf');
  if (existsSync(elfFile)) {
    try {
      const elf = readElf(readFileSync(elfFile));
      if ('image' in elf) inputs.elf = { image: elf.image, file: elfFile };
      else diagnostics.push({ code: 'IMPORT_ZEPHYR_ELF', severity: 'warning', message: `${elfFile}: ${elf.error}; entries are named without it`, location: { file: elfFile, line: 1, column: 1 } });
    } catch (err) {
      diagnostics.push({ code: 'IMPORT_ZEPHYR_ELF', severity: 'warning', message: `cannot read ${elfFile}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`, location: { file: elfFile, line: 1, column: 1 } });
    }
  }
  return { inputs, diagnostics };
}

function readText(file: string, diagnostics: Diagnostic[], what: string): string | null {
  try {
    if (statSync(file).size > MAX_BYTES) {
      diagnostics.push({ code: 'IMPORT_ZEPHYR_MISSING', severity: 'error', message: `${file} is larger than ${MAX_BYTES} bytes`, location: { file, line: 1, column: 1 } });
      return null;
    }
    return readFileSync(file, 'latin1');
  } catch (err) {
    diagnostics.push({ code: 'IMPORT_ZEPHYR_MISSING', severity: 'error', message: `cannot read ${what} ${file}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`, location: { file, line: 1, column: 1 } });
    return null;
  }
}
