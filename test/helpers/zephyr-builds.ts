/**
 * Zephyr build folders for tests. `nucleo` is committed whole; its variants differ only in their
 * `zephyr.map`, so they are assembled in a temp folder (the nucleo build with the variant's map)
 * instead of committing the same devicetree header twice.
 */
import { copyFileSync, cpSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ZEPHYR_BUILDS = fileURLToPath(new URL('../fixtures/zephyr-build/', import.meta.url));

/** `nucleo-bad-prio`: the bme280 at POST_KERNEL 40, before the i2c1 bus it requires (at 50). */
export function zephyrBuild(name: 'nucleo' | 'nucleo-bad-prio'): string {
  if (name === 'nucleo') return join(ZEPHYR_BUILDS, 'nucleo');
  const dir = join(mkdtempSync(join(tmpdir(), 'bootplan-zephyr-')), name);
  cpSync(join(ZEPHYR_BUILDS, 'nucleo'), dir, { recursive: true });
  copyFileSync(join(ZEPHYR_BUILDS, `${name}.zephyr.map`), join(dir, 'zephyr', 'zephyr.map'));
  return dir;
}
