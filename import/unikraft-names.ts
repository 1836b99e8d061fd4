/**
 * Which Unikraft library a registered function belongs to, guessed from its name: an image's
 * symbols do not say which library linked a function in. Known registrations (reference
 * unikraft.md §3 and the fixtures) first, then the naming conventions Unikraft libraries follow
 * (`vfscore_*`, `devfs_*`, `posix_<lib>_*`, `init_posix_<lib>`, `uk_<lib>_*`), then the
 * function's first word. The guess only groups entries; a person renames libraries freely.
 */

const KNOWN: Readonly<Record<string, string>> = {
  uk_bus_lib_init: 'ukbus',
  com_init: 'ns16550',
  com_early_init: 'ns16550',
  pl011_init: 'pl011',
  vga_init: 'vgacons',
  mutex_metrics_ctor: 'uklock',
  uniquify_env: 'posix-environ',
  uk_random_init: 'ukrandom',
  _init_ectx_store: 'context',
  init_fsgsbasefns: 'context',
  uk_test_print_stats: 'uktest',
  gdb_entry: 'ukdebug',
  gen_etc: 'elfloader',
  libinfo_bootdump: 'uklibid',
  hv_console_init: 'xen',
  main: 'app',
};

const RULES: [RegExp, (m: RegExpExecArray) => string][] = [
  // UK_TESTSUITE_REGISTER places `testsuite_run_<suite>` through lib/uktest's own macro.
  [/^testsuite_run_/, () => 'uktest'],
  [/^(?:init_|term_)?posix_([a-z0-9]+)/, (m) => `posix-${m[1]}`],
  [/^(?:lib)?lwip_|^liblwip/, () => 'lwip'],
  [/^(vfscore|devfs|ramfs|uk9p|9pfs|ukcpio|ukconsole|uksched|ukalloc|uktest|ukboot|ukargparse|uklibparam)(?:_|$)/, (m) => m[1]!],
  [/^uk_boot_/, () => 'ukboot'],
  [/^uk_([a-z0-9]+)_/, (m) => `uk${m[1]}`],
  [/^(virtio|pci|xenbus|xen|platform)_/, (m) => m[1]!],
];

/** The library name an imported entry is filed under. */
export function unikraftLibraryOf(fn: string): string {
  const known = KNOWN[fn];
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
