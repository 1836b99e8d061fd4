/**
 * `import linux --src`: where each initcall of the System.map is registered. The symbol
 * `__initcall__kmod_<mod>__<n>_<line>_<fn><id>` gives the registering macro's line and the
 * module (KBUILD_MODNAME, usually the object file's name), never the file: the tree is searched
 * for `<macro>(<fn>)` at that line. Driver-module macros (`module_platform_driver(foo)`) generate
 * `foo_init`, which calls the bus's registration function on `&foo`; that call is recorded so
 * inference can match it like any other.
 */
import type { CompiledFile } from '../infer/types.js';
import type { LinuxInitcall } from '../linux-system-map.js';

/** The initcall macros of include/linux/init.h and include/linux/module.h, by level name. */
export const INITCALL_MACROS: Readonly<Record<string, string>> = {
  console_initcall: 'console', early_initcall: 'early', pure_initcall: 'pure',
  core_initcall: 'core', core_initcall_sync: 'core_sync', postcore_initcall: 'postcore', postcore_initcall_sync: 'postcore_sync',
  arch_initcall: 'arch', arch_initcall_sync: 'arch_sync', subsys_initcall: 'subsys', subsys_initcall_sync: 'subsys_sync',
  fs_initcall: 'fs', fs_initcall_sync: 'fs_sync', rootfs_initcall: 'rootfs', device_initcall: 'device',
  device_initcall_sync: 'device_sync', late_initcall: 'late', late_initcall_sync: 'late_sync',
  module_init: 'device', __initcall: 'device',
};

/** Driver macros that define `<drv>_init` registering `&<drv>` with this function (device level). */
export const DRIVER_MACROS: Readonly<Record<string, string>> = {
  module_platform_driver: 'platform_driver_register', builtin_platform_driver: 'platform_driver_register',
  module_pci_driver: 'pci_register_driver', builtin_pci_driver: 'pci_register_driver',
  module_i2c_driver: 'i2c_add_driver', builtin_i2c_driver: 'i2c_add_driver',
  module_spi_driver: 'spi_register_driver', module_usb_driver: 'usb_register', module_virtio_driver: 'register_virtio_driver',
  module_misc_device: 'misc_register', module_serio_driver: 'serio_register_driver', module_hid_driver: 'hid_register_driver',
};

export interface InitcallDefinition {
  symbol: string;
  file: string;
  /** 1-based line of the macro. */
  line: number;
  macro: string;
  /** The level the macro names, when it is one of INITCALL_MACROS/DRIVER_MACROS. */
  macroLevel: string | null;
  /** For driver macros: the registration call the generated function makes. */
  synthesized?: { calls: Array<{ name: string; args: string[] }>; line: number };
  /** Other files with the same macro at the same line (when the module name could not decide). */
  ambiguous: string[];
}

const CALL_RE = /\b([A-Za-z_]\w*)\s*\(\s*([A-Za-z_]\w*)\s*(?:,\s*([A-Za-z_]\w*)\s*)?[,)]/g;

/** Finds the registration of every initcall whose symbol names a source line. */
export function findInitcallDefinitions(files: readonly CompiledFile[], initcalls: readonly LinuxInitcall[]): Map<string, InitcallDefinition> {
  // fn name → initcalls wanting it; a driver macro's argument is the fn without `_init`.
  const wanted = new Map<string, LinuxInitcall[]>();
  for (const c of initcalls) {
    if (c.sourceLine === null) continue;
    for (const key of [c.fn, c.fn.endsWith('_init') ? c.fn.slice(0, -5) : null]) {
      if (!key) continue;
      const list = wanted.get(key) ?? [];
      list.push(c);
      wanted.set(key, list);
    }
  }
  const candidates = new Map<string, InitcallDefinition[]>();
  for (const f of files) {
    if (!f.path.endsWith('.c') && !f.path.endsWith('.h')) continue;
    let lines: number[] | null = null;
    for (const m of f.text.matchAll(CALL_RE)) {
      const [, macro, arg, second] = m;
      const calls = wanted.get(arg!);
      if (!calls) continue;
      const isInitcall = macro! in INITCALL_MACROS || /initcall/.test(macro!);
      const isDriver = macro! in DRIVER_MACROS || macro === 'module_driver' || macro === 'builtin_driver';
      if (!isInitcall && !isDriver) continue;
      lines ??= lineStarts(f.text);
      const line = lineOf(lines, m.index);
      for (const c of calls) {
        const fnMatches = isDriver ? `${arg}_init` === c.fn : arg === c.fn;
        // __LINE__ inside a macro invocation spanning lines is one of its lines.
        if (!fnMatches || c.sourceLine! < line || c.sourceLine! > line + 3) continue;
        const def: InitcallDefinition = { symbol: c.symbol, file: f.path, line, macro: macro!, macroLevel: INITCALL_MACROS[macro!] ?? (isDriver ? 'device' : null), ambiguous: [] };
        if (isDriver) {
          const register = DRIVER_MACROS[macro!] ?? second;
          if (register) def.synthesized = { calls: [{ name: register, args: [`&${arg}`] }], line };
        }
        const list = candidates.get(c.symbol) ?? [];
        list.push(def);
        candidates.set(c.symbol, list);
      }
    }
  }
  const found = new Map<string, InitcallDefinition>();
  const bySymbol = new Map(initcalls.map((c) => [c.symbol, c]));
  for (const [symbol, list] of candidates) {
    const c = bySymbol.get(symbol)!;
    const exact = list.filter((d) => d.line === c.sourceLine);
    const pool = exact.length > 0 ? exact : list;
    const byModule = pool.filter((d) => moduleMatches(d.file, c.module));
    const chosen = (byModule.length > 0 ? byModule : pool)[0]!;
    chosen.ambiguous = pool.filter((d) => d !== chosen && !(byModule.length === 1)).map((d) => `${d.file}:${d.line}`);
    found.set(symbol, chosen);
  }
  return found;
}

/** KBUILD_MODNAME is the object's name with `-` as `_` (or a composite module's name). */
function moduleMatches(path: string, module: string | null): boolean {
  if (module === null) return false;
  const parts = path.split('/');
  const base = parts[parts.length - 1]!.replace(/\.[ch]$/, '').replace(/-/g, '_');
  return base === module || parts.slice(0, -1).some((p) => p.replace(/-/g, '_') === module);
}

function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  return starts;
}

function lineOf(starts: number[], offset: number): number {
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid]! <= offset) lo = mid;
    else hi = mid - 1;
  }
  return lo + 1;
}
