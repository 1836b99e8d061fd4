/**
 * Writes a minimal little-endian ELF32 image for tests: one allocated data section with the
 * given bytes at `dataAddress`, and a symbol table. Enough for import/zephyr/elf.ts, which reads
 * section headers, `.symtab` and its string table. (No binaries are committed: tests build them.)
 */
export interface TestSymbol {
  name: string;
  value: number;
  size: number;
  type: 'func' | 'object';
}

export function writeElf32(dataAddress: number, data: Uint8Array, symbols: TestSymbol[]): Uint8Array {
  const strings: number[] = [0];
  const nameOffset = (name: string): number => {
    const at = strings.length;
    for (const ch of Buffer.from(name, 'latin1')) strings.push(ch);
    strings.push(0);
    return at;
  };
  const symtab = Buffer.alloc(16 * (symbols.length + 1));
  symbols.forEach((s, i) => {
    const o = 16 * (i + 1);
    symtab.writeUInt32LE(nameOffset(s.name), o);
    symtab.writeUInt32LE(s.value >>> 0, o + 4);
    symtab.writeUInt32LE(s.size, o + 8);
    symtab[o + 12] = s.type === 'func' ? 2 : 1;
    symtab.writeUInt16LE(1, o + 14);
  });
  const strtab = Buffer.from(strings);
  const header = 52;
  const dataOff = header;
  const symOff = dataOff + data.length;
  const strOff = symOff + symtab.length;
  const shOff = (strOff + strtab.length + 3) & ~3;
  const out = Buffer.alloc(shOff + 40 * 4);
  out.set([0x7f, 0x45, 0x4c, 0x46, 1, 1, 1], 0);
  out.writeUInt16LE(2, 16); // ET_EXEC
  out.writeUInt16LE(40, 18); // EM_ARM
  out.writeUInt32LE(1, 20);
  out.writeUInt32LE(shOff, 0x20);
  out.writeUInt16LE(header, 0x28);
  out.writeUInt16LE(40, 0x2e);
  out.writeUInt16LE(4, 0x30);
  out.set(data, dataOff);
  out.set(symtab, symOff);
  out.set(strtab, strOff);
  const section = (i: number, type: number, flags: number, addr: number, off: number, size: number, link: number, entsize: number): void => {
    const o = shOff + 40 * i;
    out.writeUInt32LE(type, o + 4);
    out.writeUInt32LE(flags, o + 8);
    out.writeUInt32LE(addr >>> 0, o + 12);
    out.writeUInt32LE(off, o + 16);
    out.writeUInt32LE(size, o + 20);
    out.writeUInt32LE(link, o + 24);
    out.writeUInt32LE(entsize, o + 36);
  };
  section(1, 1, 2, dataAddress, dataOff, data.length, 0, 0); // PROGBITS, SHF_ALLOC
  section(2, 2, 0, 0, symOff, symtab.length, 3, 16); // SYMTAB → strtab
  section(3, 3, 0, 0, strOff, strtab.length, 0, 0); // STRTAB
  return new Uint8Array(out);
}
