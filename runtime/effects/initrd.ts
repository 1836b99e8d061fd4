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
  return extractCpio(ctx.machine.vfs, dir, entries, {
    // File contents live in ramfs, so they come out of the heap like on the real machine.
    allocate: (size) => size === 0 || ctx.allocate(size) !== 0,
  });
}
