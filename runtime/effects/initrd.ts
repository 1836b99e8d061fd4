/** Unpacking the plan's initrd into the VFS: shared by `mount` (fs `extract`) and `extract-initrd`. */
import { readCpio } from '../vfs/cpio.js';
import { extractCpio, type ExtractReport } from '../vfs/extract.js';
import type { EffectContext } from './context.js';

/** Reads, checks and extracts the initrd into `dir`; throws VfsError/CpioError on trouble. */
export function unpackInitrd(ctx: EffectContext, dir: string): ExtractReport {
  ctx.use('initrd0');
  const bytes = ctx.machine.readInitrd();
  ctx.machine.log(ctx.machine.dialect.extracting(bytes.length, dir));
  const entries = readCpio(bytes);
  // The heap model counts what entries allocate (`alloc:`, alloc effects), the same sum the
  // out-of-memory rule makes; the bytes of unpacked files are not charged to it.
  return extractCpio(ctx.machine.vfs, dir, entries);
}
