/**
 * `nm` symbol maps for naming the addresses Unikraft logs print. The parser itself lives in
 * `compiler/nm.ts` (the importer needs it, and the compiler may not import the runtime).
 */
export { parseNm, functionAt, definesFunction, parseAddress } from '../../compiler/nm.js';
export type { SymbolMap, NmSymbol, UkTableEntry } from '../../compiler/nm.js';
