/**
 * The diagnostic codes the importers produce, with the text `bootplan explain CODE` prints. Only
 * the errors stop an import (exit 2, nothing written).
 */
import type { Severity } from '../compiler/types.js';
import { INFER_CODES } from './infer/codes.js';

export interface ImportCode {
  severity: Severity;
  doc: string;
}

const SOURCE_CODES: Readonly<Record<string, ImportCode>> = {
  IMPORT_KRAFTFILE: { severity: 'error', doc: 'bootplan init --kraftfile: the Kraftfile is not YAML, not a mapping, or a key has a shape kraftkit does not accept (a target that is not plat/arch is a warning and is left out). The file:line says where; nothing is written on an error.' },
  IMPORT_EMPTY: { severity: 'error', doc: 'The input has no registrations at all: not a System.map of a 5.x+ kernel, not `nm` of a Unikraft image, or a source tree (or a build of it) that registers nothing. Nothing is written.' },
  IMPORT_NOT_A_FOLDER: { severity: 'error', doc: 'The --src, --lib or --app path is not a folder that can be read. Nothing is written.' },
  IMPORT_BAD_REGISTRATION: { severity: 'warning', doc: 'A registration macro whose arguments are not a function, a class and a priority even after the tree\'s macros are expanded (`UK_CTOR_PRIO(x)` with one argument). The entry is left out; the file:line says where.' },
  IMPORT_BAD_PRIO: { severity: 'warning', doc: 'A priority that does not resolve to 0..9 through the tree\'s defines. Unikraft pastes it into a section name the linker script does not match, and the entry silently never runs (unikraft#1231, #1838): the entry keeps the raw token, and `check` reports it.' },
  IMPORT_DROPPED_ENTRY: { severity: 'warning', doc: 'An `nm` table symbol that lies outside its table\'s bounds: the linker dropped it (a bad priority token) and the image never runs it.' },
  IMPORT_UNREADABLE_SYMBOL: { severity: 'warning', doc: 'A System.map symbol that looks like an initcall but whose level suffix is unknown; it is left out.' },
  IMPORT_BAD_CONFIG_LINE: { severity: 'warning', doc: 'A .config line that is neither `CONFIG_NAME=value` (y, m, n, "string", a number) nor `# CONFIG_NAME is not set` (a merge marker, a typo). It is ignored; the rest of the file is read.' },
  IMPORT_MAKEFILE_UNKNOWN: { severity: 'note', doc: 'A Makefile.uk construct the importer does not evaluate (an unknown `$(call …)`, `$(shell …)`, an unreadable include, unbalanced `ifeq`/`endif` or `$(`, an `$(error …)` the build would stop at). It expands to nothing and evaluation goes on; if it decides which libraries or files are built, check the result by hand.' },
  IMPORT_SOURCE_NOT_IN_TREE: { severity: 'note', doc: 'Files the build compiles that are not in the given folders: sources an external library fetches at build time (lib-musl, lib-lwip upstream code) or generates. Their registrations, if any, are not seen.' },
  IMPORT_UNDECIDED_IF: { severity: 'note', doc: 'An `#if` the configuration cannot decide (it depends on a macro from the compiler command line or a header the importer did not evaluate). The branch is kept and marked with its condition; of several branches of one chain only the first with a registration is registered, the others are written as comments.' },
  IMPORT_UNBALANCED_IF: { severity: 'warning', doc: 'An `#else`, `#elif` or `#endif` without its `#if`, or an `#if` without `#endif`: the directive is ignored, or the file is read as if it ended the conditional there.' },
  IMPORT_MACRO_TOO_DEEP: { severity: 'warning', doc: 'The expansion of a registration macro reached its step bound (a macro that expands into ever more macros); registrations inside it may be missing.' },
  IMPORT_UNREADABLE_SOURCE: { severity: 'warning', doc: 'A C file that could not be scanned at all; it is skipped.' },
  IMPORT_UNREADABLE_FILE: { severity: 'warning', doc: 'Files or folders of the tree that could not be read (permissions, I/O errors); they are skipped.' },
  IMPORT_SYMLINK_SKIPPED: { severity: 'note', doc: 'Symbolic links are not followed (they can loop or leave the tree).' },
  IMPORT_TOO_MANY_FILES: { severity: 'warning', doc: 'The tree has more files than the limit; the rest was not read.' },
  IMPORT_C_PARSE: { severity: 'warning', doc: 'The C parser (tree-sitter) could not read part of a Linux or Zephyr source file, usually a macro it cannot know without the preprocessor. The location is the first unreadable place; inference goes on with what was recovered.' },
  IMPORT_LOG_EMPTY: { severity: 'error', doc: 'The `--log` of `import linux` has no `initcall FN returned RC after N usecs` lines: boot with `initcall_debug` (and `ignore_loglevel` or `loglevel=8`) to get them. Nothing is written.' },
  IMPORT_SUMMARY: { severity: 'note', doc: 'What an import read and how long it took (the time is kept out of the written file, so the same import writes the same bytes; the counts are in its header).' },
  IMPORT_ZEPHYR_MISSING: { severity: 'error', doc: 'The `--build` folder of `import zephyr` is missing, or has no `zephyr/zephyr.map`: build the application first (west build) and give the build folder. Nothing is written.' },
  IMPORT_ZEPHYR_MAP: { severity: 'error', doc: 'The `zephyr.map` has no `.z_init_<LEVEL>_P_<prio>_SUB_<sub>_` input sections: it is not the GNU ld map of a Zephyr image, or the image registers nothing. Nothing is written.' },
  IMPORT_ZEPHYR_MAP_LINE: { severity: 'warning', doc: 'A line of `zephyr.map` names an init section but does not read as `section address size object`, or its size is not a whole number of init entries; its entries are left out and the line says where.' },
  IMPORT_ZEPHYR_DEVICETREE: { severity: 'error', doc: 'The devicetree header (`zephyr/include/generated/zephyr/devicetree_generated.h`) is missing or defines no node ordinals, so the device dependencies (`REQUIRES_ORDS`) cannot be read. Nothing is written.' },
  IMPORT_ZEPHYR_DEVICETREE_LINE: { severity: 'warning', doc: 'A line of the devicetree header looks like a node ordinal or a `REQUIRES_ORDS` list but cannot be read; that node\'s dependencies are left out.' },
  IMPORT_ZEPHYR_ELF: { severity: 'warning', doc: 'The `zephyr.elf` of the build cannot be read or is not an ELF file; init entries are then named from the sources (`--src`) or from their sections only.' },
  IMPORT_ZEPHYR_LEVEL: { severity: 'warning', doc: 'An init section names a level the zephyr@3 profile does not have (SMP, PRE_MAIN); its entries are left out.' },
  IMPORT_ZEPHYR_ORDINAL: { severity: 'warning', doc: 'A device\'s init section carries a devicetree ordinal the devicetree header does not define: the header and the map come from different builds.' },
};

/** Every code `bootplan import` reports: the readers', the importers' and inference's. */
export const IMPORT_CODES: Readonly<Record<string, ImportCode>> = { ...SOURCE_CODES, ...INFER_CODES };
