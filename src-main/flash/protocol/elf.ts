/**
 * The parts of an ELF32 little-endian file a flasher needs: the header, the program headers
 * (what is loaded where) and named sections (notes). Bounded: every offset and count is checked
 * against the file before it is read.
 *
 * Hand-written because no maintained ELF reader runs without Node: elfy (2014) and elf-tools need
 * Buffer, `assert` and `util`, which this pure folder cannot import; what is needed is ~100 lines.
 */
import { FlashError, FlashErrorCode } from './FlashError';

/** e_machine values named in messages. */
export const EM_AVR = 83;
const PT_LOAD = 1;
/** Largest .elf accepted: an AVR ELF with debug info is rarely over 2 MB; 16 MB is generous. */
export const MAX_ELF_BYTES = 16 * 1024 * 1024;

interface ElfSegment {
  /** Load (physical) address: where the bytes go in the chip's memory. */
  readonly paddr: number;
  readonly vaddr: number;
  readonly data: Uint8Array;
  readonly memSize: number;
}

interface ElfSection {
  readonly name: string;
  readonly type: number;
  readonly data: Uint8Array;
}

export interface ElfFile {
  readonly machine: number;
  readonly flags: number;
  readonly loadSegments: readonly ElfSegment[];
  section(name: string): ElfSection | undefined;
}

const damaged = (why: string): FlashError =>
  new FlashError(
    FlashErrorCode.IMAGE_INVALID,
    `the ELF file is damaged: ${why}. Nothing was written`,
    {
      detail: why,
    },
  );

export const isElf = (bytes: Uint8Array): boolean =>
  bytes.length >= 4 &&
  bytes[0] === 0x7f &&
  bytes[1] === 0x45 &&
  bytes[2] === 0x4c &&
  bytes[3] === 0x46;

export function parseElf32(bytes: Uint8Array): ElfFile {
  if (!isElf(bytes)) throw damaged('it does not start with the ELF magic');
  if (bytes.length > MAX_ELF_BYTES) throw damaged(`it is larger than ${MAX_ELF_BYTES} bytes`);
  if (bytes.length < 52) throw damaged('the header is cut short');
  if (bytes[4] !== 1) throw damaged('it is not a 32-bit ELF file (an AVR ELF is)');
  if (bytes[5] !== 1) throw damaged('it is not little-endian (an AVR ELF is)');
  const v = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const u16 = (o: number) => v.getUint16(o, true);
  const u32 = (o: number) => v.getUint32(o, true);
  const slice = (offset: number, size: number, what: string): Uint8Array => {
    if (offset + size > bytes.length) throw damaged(`${what} runs past the end of the file`);
    return bytes.subarray(offset, offset + size);
  };

  const machine = u16(18);
  const flags = u32(36);
  const phoff = u32(28);
  const shoff = u32(32);
  const phentsize = u16(42);
  const phnum = u16(44);
  const shentsize = u16(46);
  const shnum = u16(48);
  const shstrndx = u16(50);

  const loadSegments: ElfSegment[] = [];
  if (phnum > 0) {
    if (phentsize < 32) throw damaged('program headers are too small');
    slice(phoff, phentsize * phnum, 'the program header table');
    for (let i = 0; i < phnum; i++) {
      const o = phoff + i * phentsize;
      if (u32(o) !== PT_LOAD) continue;
      const offset = u32(o + 4);
      const filesz = u32(o + 16);
      loadSegments.push({
        vaddr: u32(o + 8),
        paddr: u32(o + 12),
        data: slice(offset, filesz, `segment ${i}`),
        memSize: u32(o + 20),
      });
    }
  }

  const sections = new Map<string, ElfSection>();
  if (shnum > 0 && shoff > 0) {
    if (shentsize < 40) throw damaged('section headers are too small');
    slice(shoff, shentsize * shnum, 'the section header table');
    const header = (i: number) => shoff + i * shentsize;
    const names =
      shstrndx < shnum
        ? slice(u32(header(shstrndx) + 16), u32(header(shstrndx) + 20), 'the section names')
        : new Uint8Array(0);
    const nameAt = (at: number): string => {
      let end = at;
      while (end < names.length && names[end] !== 0) end++;
      return new TextDecoder().decode(names.subarray(at, end));
    };
    const NOBITS = 8;
    for (let i = 1; i < shnum; i++) {
      const o = header(i);
      const type = u32(o + 4);
      const name = nameAt(u32(o));
      const data = type === NOBITS ? new Uint8Array(0) : slice(u32(o + 16), u32(o + 20), name);
      sections.set(name, { name, type, data });
    }
  }

  return { machine, flags, loadSegments, section: (name) => sections.get(name) };
}

export interface ElfNote {
  readonly name: string;
  readonly type: number;
  readonly desc: Uint8Array;
}

/** The notes in a SHT_NOTE section's bytes (namesz, descsz, type, name, desc; 4-byte aligned). */
export function readNotes(data: Uint8Array): ElfNote[] {
  const v = new DataView(data.buffer, data.byteOffset, data.byteLength);
  const notes: ElfNote[] = [];
  const align = (n: number) => (n + 3) & ~3;
  for (let o = 0; o + 12 <= data.length;) {
    const namesz = v.getUint32(o, true);
    const descsz = v.getUint32(o + 4, true);
    const type = v.getUint32(o + 8, true);
    const nameStart = o + 12;
    const descStart = nameStart + align(namesz);
    if (descStart + descsz > data.length) throw damaged('a note runs past its section');
    const rawName = data.subarray(nameStart, nameStart + namesz);
    const nul = rawName.indexOf(0);
    notes.push({
      name: new TextDecoder().decode(nul >= 0 ? rawName.subarray(0, nul) : rawName),
      type,
      desc: data.subarray(descStart, descStart + descsz),
    });
    o = descStart + align(descsz);
  }
  return notes;
}
