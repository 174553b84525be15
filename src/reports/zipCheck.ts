// A look inside a ZIP file before a spreadsheet library inflates it: the central directory's entries, their sizes,
// encryption and compression, and each entry inflated once with Node's zlib under a hard output cap, so that a zip
// bomb (declared sizes small or honest, the real output huge) is refused before exceljs allocates anything.
import { inflateRawSync } from "node:zlib";

export interface ZipLimits {
  /** Most entries a file may hold. */
  maxEntries: number;
  /** Most bytes all entries may inflate to, together. */
  maxTotalBytes: number;
}

export type ZipVerdict =
  | { ok: true; entries: string[] }
  | { ok: false; reason: "not-zip" | "encrypted" | "corrupt" | "too-large" };

const OLE_MAGIC = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);
const LOCAL = 0x04034b50;
const CENTRAL = 0x02014b50;
const END = 0x06054b50;
/** The end record (22 bytes) plus the longest comment. */
const END_SEARCH = 22 + 0xffff;

/** An OLE compound file: how Excel stores a password-protected workbook (and the old .xls format). */
export const isOleContainer = (bytes: Buffer): boolean => bytes.length >= 8 && bytes.subarray(0, 8).equals(OLE_MAGIC);

interface Entry {
  name: string;
  flags: number;
  method: number;
  compressed: number;
  size: number;
  localOffset: number;
}

function findEnd(bytes: Buffer): number {
  const stop = Math.max(0, bytes.length - END_SEARCH);
  for (let at = bytes.length - 22; at >= stop; at--) if (bytes.readUInt32LE(at) === END) return at;
  return -1;
}

function centralEntries(bytes: Buffer, limits: ZipLimits): Entry[] | ZipVerdict {
  const end = findEnd(bytes);
  if (end < 0) return { ok: false, reason: "corrupt" };
  const count = bytes.readUInt16LE(end + 10);
  const length = bytes.readUInt32LE(end + 12);
  const offset = bytes.readUInt32LE(end + 16);
  // ZIP64 markers: far beyond any filled form.
  if (count === 0xffff || length === 0xffffffff || offset === 0xffffffff) return { ok: false, reason: "too-large" };
  if (count > limits.maxEntries) return { ok: false, reason: "too-large" };
  if (offset + length > end) return { ok: false, reason: "corrupt" };
  const entries: Entry[] = [];
  let at = offset;
  for (let i = 0; i < count; i++) {
    if (at + 46 > end || bytes.readUInt32LE(at) !== CENTRAL) return { ok: false, reason: "corrupt" };
    const nameLength = bytes.readUInt16LE(at + 28);
    const extraLength = bytes.readUInt16LE(at + 30);
    const commentLength = bytes.readUInt16LE(at + 32);
    const entry: Entry = {
      flags: bytes.readUInt16LE(at + 8),
      method: bytes.readUInt16LE(at + 10),
      compressed: bytes.readUInt32LE(at + 20),
      size: bytes.readUInt32LE(at + 24),
      localOffset: bytes.readUInt32LE(at + 42),
      name: bytes.toString("utf8", at + 46, Math.min(end, at + 46 + nameLength)),
    };
    if (entry.compressed === 0xffffffff || entry.size === 0xffffffff || entry.localOffset === 0xffffffff) return { ok: false, reason: "too-large" };
    entries.push(entry);
    at += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}

/** Checks a ZIP file's structure and inflates every entry under `limits`; never throws. */
export function checkZip(bytes: Buffer, limits: ZipLimits): ZipVerdict {
  try {
    if (isOleContainer(bytes)) return { ok: false, reason: "encrypted" };
    if (bytes.length < 30 || bytes.readUInt32LE(0) !== LOCAL) return { ok: false, reason: "not-zip" };
    const entries = centralEntries(bytes, limits);
    if (!Array.isArray(entries)) return entries;
    let total = 0;
    for (const entry of entries) {
      if (entry.flags & 0x1) return { ok: false, reason: "encrypted" };
      total += entry.size;
      if (total > limits.maxTotalBytes) return { ok: false, reason: "too-large" };
    }
    for (const entry of entries) {
      const at = entry.localOffset;
      if (at + 30 > bytes.length || bytes.readUInt32LE(at) !== LOCAL) return { ok: false, reason: "corrupt" };
      const start = at + 30 + bytes.readUInt16LE(at + 26) + bytes.readUInt16LE(at + 28);
      if (start + entry.compressed > bytes.length) return { ok: false, reason: "corrupt" };
      const data = bytes.subarray(start, start + entry.compressed);
      if (entry.method === 0) {
        if (entry.compressed !== entry.size) return { ok: false, reason: "corrupt" };
        continue;
      }
      if (entry.method !== 8) return { ok: false, reason: "corrupt" };
      // The declared size is the cap: an entry that inflates to more lied about it (a bomb), and is refused.
      const inflated = inflateRawSync(data, { maxOutputLength: Math.max(1, entry.size) });
      if (inflated.length !== entry.size) return { ok: false, reason: "corrupt" };
    }
    return { ok: true, entries: entries.map((entry) => entry.name) };
  } catch (error) {
    if (error instanceof RangeError) return { ok: false, reason: "too-large" };
    return { ok: false, reason: "corrupt" };
  }
}
