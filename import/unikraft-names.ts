/**
 * Which Unikraft library a registered function belongs to, guessed from its name: an image's
 * symbols do not say which library linked a function in. The names are the ones `import unikraft
 * --src` gives (import/unikraft-build.ts): the library's Makefile.uk name without `lib`
 * (`libposix_fdtab` → `posix_fdtab`, `libukconsole_ns16550` → `ukconsole_ns16550`), so both imports
 * of one image agree. Known registrations (reference unikraft.md §3 and the fixtures) first, then
 * the names the build generates (`__LIBNAME__` pasted into `lib<name>_uk_bus_register`, uktest's
 * `testsuite_run_<suite>`), then the naming conventions Unikraft libraries follow (`vfscore_*`,
 * `devfs_*`, `posix_<lib>_*`, `init_posix_<lib>`, `uk_<lib>_*`), then the function's first word.
 * The guess only groups entries; a person renames libraries freely.
 */
import { isForbiddenKey } from '../compiler/load.js';


const KNOWN: Readonly<Record<string, string>> = {
  uk_bus_lib_init: 'ukbus',
  com_init: 'ukconsole_ns16550',
  com_early_init: 'ukconsole_ns16550',
  pl011_init: 'ukconsole_pl011',
  vga_init: 'ukconsole_vga',
  mutex_metrics_ctor: 'uklock',
  uniquify_env: 'posix_environ',
  uk_random_init: 'ukrandom',
  _init_ectx_store: 'context',
  init_fsgsbasefns: 'context',
  uk_test_print_stats: 'uktest',
  gdb_entry: 'ukdebug',
  gen_etc: 'elfloader',
  libinfo_bootdump: 'uklibid',
  hv_console_init: 'xenconsole',
  main: 'app',
};

/** Functions the bus and driver registration macros generate: `__LIBNAME__` ## suffix
 * (lib/ukbus/include/uk/bus.h:84-90, drivers/virtio/bus/include/virtio/virtio_bus.h:364-372). */
const GENERATED = /^lib([a-z0-9_]+?)_(uk_bus_register|virtio_register_driver|pci_register_driver|pf_register_driver|xenbus_register_driver)$/;

const RULES: [RegExp, (m: RegExpExecArray) => string][] = [
  [GENERATED, (m) => m[1]!],
  // uktest's `_UK_TESTSUITE_RUN_NAME(suite)` is `testsuite_run_<suite>` (lib/uktest/include/uk/test.h:212);
  // suites are named after their library.
  [/^testsuite_run_(.+?)(?:_testsuite)?$/, (m) => suiteLibrary(m[1]!)],
  [/^(?:init_|term_)?posix_([a-z0-9]+)/, (m) => `posix_${m[1]}`],
  [/^(?:lib)?lwip_|^liblwip/, () => 'lwip'],
  [/^(vfscore|devfs|ramfs|uk9p|9pfs|ukcpio|ukconsole|uksched|ukalloc|uktest|ukboot|ukargparse|uklibparam)(?:_|$)/, (m) => m[1]!],
  [/^uk_boot_/, () => 'ukboot'],
  [/^uk_([a-z0-9]+)_/, (m) => `uk${m[1]}`],
  [/^(virtio|pci|xenbus|xen|platform)_/, (m) => m[1]!],
];

function suiteLibrary(suite: string): string {
  const posix = /^posix_([a-z0-9]+)/.exec(suite);
  if (posix) return `posix_${posix[1]}`;
  const uk = /^uk_([a-z0-9]+)/.exec(suite);
  if (uk) return `uk${uk[1]}`;
  return suite.split('_')[0] || 'uktest';
}

/** The library name an imported entry is filed under. */
export function unikraftLibraryOf(fn: string): string {
  const name = guessLibrary(fn);
  // `constructor_init` would file under `constructor`, a key no plan may use.
  return isForbiddenKey(name) ? `${name}-lib` : name;
}

function guessLibrary(fn: string): string {
  const known = Object.hasOwn(KNOWN, fn) ? KNOWN[fn] : undefined;
  if (known) return known;
  for (const [re, name] of RULES) {
    const m = re.exec(fn);
    if (m) return name(m);
  }
  // The first word after a leading verb or underscore: `foo_init` and `init_foo` both give foo.
  const words = fn.replace(/^_+/, '').split('_').filter((w) => w !== '');
  const meaningful = words.filter((w) => !/^(init|term|register|setup|early|late|ctor|dtor|fn|do|run)$/.test(w));
  const word = (meaningful[0] ?? words[0] ?? 'lib').toLowerCase().replace(/[^a-z0-9]/g, '');
  return word === '' ? 'lib' : word;
}
