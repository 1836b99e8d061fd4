/**
 * The diagnostic codes the importers produce, with the text `bootplan explain CODE` prints. None
 * of them stops an import except IMPORT_EMPTY and IMPORT_NOT_A_FOLDER (exit 2, nothing written).
 */
import type { Severity } from '../compiler/types.js';

export interface ImportCode {
  severity: Severity;
  doc: string;
}

export const IMPORT_CODES: Readonly<Record<string, ImportCode>> = {
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
  IMPORT_FILE_TOO_LARGE: { severity: 'note', doc: 'Files larger than the limit (8 MiB for C sources) are skipped: no hand-written source is that large.' },
  IMPORT_SYMLINK_SKIPPED: { severity: 'note', doc: 'Symbolic links are not followed (they can loop or leave the tree).' },
  IMPORT_TOO_MANY_FILES: { severity: 'warning', doc: 'The tree has more files than the limit; the rest was not read.' },
};
