/**
 * Just enough of ELF (32 and 64 bit, either byte order) to name a Zephyr build's init entries:
 * the symbol table (`.symtab` with its string table) and the bytes of allocated sections. An init
 * entry (`struct init_entry`, include/zephyr/init.h) is two pointers; the first is the function
 * the kernel calls (`init_fn`, or the device's init function for a device), so the function's
 * name is the FUNC symbol at that address (Thumb code has bit 0 set: it is cleared). The entry
 * itself is the local `__init_<name>` object, the fallback when the pointer names no function
 * (a stripped function symbol, an ELF without the section's bytes). Never throws: a damaged file gives `error`.
 */

export interface ElfSymbol {
  name: string;
  value: bigint;
  size: number;
  type: 'func' | 'object' | 'other';
}

export interface ElfImage {
  symbols: ElfSymbol[];
  /** The function an init entry at `address` calls, or undefined. */
  initFunction(address: bigint): string | undefined;
}

interface Section {
  type: number;
  flags: bigint;
  addr: bigint;
  offset: number;
  size: number;
  link: number;
  entsize: number;
}

/** Reads an ELF file's symbols. */
export function readElf(bytes: Uint8Array): { image: ElfImage } | { error: string } {
  try {
    return { image: read(bytes) };
  } catch (err) {
    return { error: err instanceof RangeError || err instanceof ElfError ? err.message : String(err) };
  }
}

class ElfError extends Error {}

function read(bytes: Uint8Array): ElfImage {
  if (bytes.length < 52 || bytes[0] !== 0x7f || bytes[1] !== 0x45 || bytes[2] !== 0x4c || bytes[3] !== 0x46) throw new ElfError('not an ELF file (no \\x7fELF magic)');
  const is64 = bytes[4] === 2;
  const little = bytes[5] === 1;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const u16 = (o: number): number => view.getUint16(o, little);
  const u32 = (o: number): number => view.getUint32(o, little);
  const word = (o: number): bigint => (is64 ? view.getBigUint64(o, little) : BigInt(view.getUint32(o, little)));
  const shoff = Number(is64 ? view.getBigUint64(0x28, little) : BigInt(u32(0x20)));
  const shentsize = u16(is64 ? 0x3a : 0x2e);
  const shnum = u16(is64 ? 0x3c : 0x30);
  if (shnum > 65535 || shentsize < (is64 ? 64 : 40) || shoff + shnum * shentsize > bytes.length) throw new ElfError('the section header table lies outside the file');
  const sections: Section[] = [];
  for (let i = 0; i < shnum; i++) {
    const o = shoff + i * shentsize;
    sections.push(
      is64
        ? { type: u32(o + 4), flags: view.getBigUint64(o + 8, little), addr: view.getBigUint64(o + 16, little), offset: Number(view.getBigUint64(o + 24, little)), size: Number(view.getBigUint64(o + 32, little)), link: u32(o + 40), entsize: Number(view.getBigUint64(o + 56, little)) }
        : { type: u32(o + 4), flags: BigInt(u32(o + 8)), addr: BigInt(u32(o + 12)), offset: u32(o + 16), size: u32(o + 20), link: u32(o + 24), entsize: u32(o + 36) },
    );
  }
  const symtab = sections.find((s) => s.type === 2);
  if (!symtab) throw new ElfError('no symbol table (.symtab): was the ELF stripped?');
  const strtab = sections[symtab.link];
  if (!strtab || strtab.offset + strtab.size > bytes.length || symtab.offset + symtab.size > bytes.length) throw new ElfError('the symbol table lies outside the file');
  const entsize = symtab.entsize || (is64 ? 24 : 16);
  const decoder = new TextDecoder('latin1');
  const nameAt = (off: number): string => {
    const start = strtab.offset + off;
    let end = start;
    while (end < strtab.offset + strtab.size && bytes[end] !== 0) end++;
    return decoder.decode(bytes.subarray(start, end));
  };
  const symbols: ElfSymbol[] = [];
  for (let o = symtab.offset; o + entsize <= symtab.offset + symtab.size; o += entsize) {
    const name = nameAt(u32(o));
    const info = is64 ? bytes[o + 4]! : bytes[o + 12]!;
    const value = is64 ? view.getBigUint64(o + 8, little) : BigInt(u32(o + 4));
    const size = is64 ? Number(view.getBigUint64(o + 16, little)) : u32(o + 8);
    const t = info & 0xf;
    if (name !== '') symbols.push({ name, value, size, type: t === 2 ? 'func' : t === 1 ? 'object' : 'other' });
  }
  const functions = new Map<bigint, string>();
  for (const s of symbols) if (s.type === 'func' && !functions.has(s.value & ~1n)) functions.set(s.value & ~1n, s.name);
  // The entry's own symbol, `__init_<name>` (SYS_INIT_NAMED's name, the function's for SYS_INIT).
  const entryNames = new Map<bigint, string>();
  for (const s of symbols) if (s.type === 'object' && s.name.startsWith('__init_') && !s.name.startsWith('__init___device_dts_ord_')) entryNames.set(s.value, s.name.slice(7));
  const ptrSize = is64 ? 8 : 4;
  const initFunction = (address: bigint): string | undefined => {
    const sec = sections.find((s) => (s.flags & 2n) !== 0n && s.type !== 8 && address >= s.addr && address + BigInt(ptrSize) <= s.addr + BigInt(s.size));
    const off = sec ? sec.offset + Number(address - sec.addr) : -1;
    const fromPointer = off >= 0 && off + ptrSize <= bytes.length ? functions.get(word(off) & ~1n) : undefined;
    return fromPointer ?? entryNames.get(address);
  };
  return { symbols, initFunction };
}
