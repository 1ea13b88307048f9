/**
 * Bytes of an uploaded file to text. Spreadsheets save CSV as UTF-8 (with or without a BOM),
 * Windows-1252 (Excel's "CSV" on a Spanish or English Windows) or UTF-16 ("Unicode text"); binary
 * files (a workbook, a picture) are refused with a message that says what they are.
 */
import { ImportError } from './messages';

export type Encoding = 'utf-8' | 'utf-8-bom' | 'windows-1252' | 'utf-16le' | 'utf-16be';

export interface Decoded {
	text: string;
	encoding: Encoding;
}

/** File signatures of things people upload by mistake, checked before any decoding. */
const SIGNATURES: { kind: string; bytes: number[] }[] = [
	{ kind: 'PNG image', bytes: [0x89, 0x50, 0x4e, 0x47] },
	{ kind: 'JPEG image', bytes: [0xff, 0xd8, 0xff] },
	{ kind: 'GIF image', bytes: [0x47, 0x49, 0x46, 0x38] },
	{ kind: 'PDF', bytes: [0x25, 0x50, 0x44, 0x46, 0x2d] },
	{ kind: 'ZIP archive (an Excel .xlsx workbook is one)', bytes: [0x50, 0x4b, 0x03, 0x04] },
	{ kind: 'ZIP archive (empty)', bytes: [0x50, 0x4b, 0x05, 0x06] },
	{ kind: 'gzip archive', bytes: [0x1f, 0x8b] },
	{ kind: 'Excel 97-2003 (.xls) workbook', bytes: [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1] },
	{ kind: '7-Zip archive', bytes: [0x37, 0x7a, 0xbc, 0xaf, 0x27, 0x1c] },
	{ kind: 'RAR archive', bytes: [0x52, 0x61, 0x72, 0x21, 0x1a, 0x07] }
];

/** Executable files, recognised when they also hold NUL bytes. */
const PROGRAMS: { kind: string; bytes: number[] }[] = [
	{ kind: 'Windows program (.exe or .dll)', bytes: [0x4d, 0x5a] },
	{ kind: 'Linux program (ELF)', bytes: [0x7f, 0x45, 0x4c, 0x46] }
];

function startsWith(bytes: Uint8Array, prefix: number[]): boolean {
	return prefix.length <= bytes.length && prefix.every((b, i) => bytes[i] === b);
}

/** A NUL byte: text files never have one (UTF-16 aside, which announces itself with a BOM). */
function hasNul(bytes: Uint8Array, limit = 65536): boolean {
	const end = Math.min(bytes.length, limit);
	for (let i = 0; i < end; i++) if (bytes[i] === 0) return true;
	return false;
}

/**
 * Decodes a file's bytes: UTF-8 (BOM dropped) when they are valid UTF-8, else Windows-1252 (a
 * superset of Latin-1 for printable text, so "Clínica San José" saved by Excel survives); UTF-16
 * when it starts with its BOM. Throws ImportError for an empty or binary file.
 */
export function decodeBytes(bytes: Uint8Array): Decoded {
	if (bytes.length === 0) throw new ImportError('file.empty');
	for (const s of SIGNATURES) if (startsWith(bytes, s.bytes)) throw new ImportError('file.binary', { kind: s.kind });
	if (startsWith(bytes, [0xff, 0xfe])) return { text: new TextDecoder('utf-16le').decode(bytes.subarray(2)), encoding: 'utf-16le' };
	if (startsWith(bytes, [0xfe, 0xff])) return { text: new TextDecoder('utf-16be').decode(bytes.subarray(2)), encoding: 'utf-16be' };
	if (hasNul(bytes)) {
		// ASCII text in UTF-16 without a BOM has a NUL in every other byte.
		const sample = bytes.subarray(0, Math.min(bytes.length, 4096));
		const nulsAtOdd = sample.filter((b, i) => b === 0 && i % 2 === 1).length;
		const nulsAtEven = sample.filter((b, i) => b === 0 && i % 2 === 0).length;
		if (nulsAtOdd > sample.length * 0.4 && nulsAtEven === 0) throw new ImportError('file.utf16NoBom');
		// Programs are named only here, with their NUL bytes: a CSV header may well start with "MZ".
		const program = PROGRAMS.find((p) => startsWith(bytes, p.bytes));
		throw new ImportError('file.binary', { kind: program?.kind ?? 'binary' });
	}
	const bom = startsWith(bytes, [0xef, 0xbb, 0xbf]);
	const body = bom ? bytes.subarray(3) : bytes;
	try {
		// ignoreBOM: the BOM is already cut off; a second one would be data.
		const text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(body);
		return { text, encoding: bom ? 'utf-8-bom' : 'utf-8' };
	} catch {
		return { text: decodeWindows1252(body), encoding: 'windows-1252' };
	}
}

/** What Windows-1252 puts at 0x80-0x9F (Latin-1 has control characters there); undefined bytes stay as U+0080-U+009F. */
const CP1252_HIGH = '\u20ac\u0081\u201a\u0192\u201e\u2026\u2020\u2021\u02c6\u2030\u0160\u2039\u0152\u008d\u017d\u008f' +
	'\u0090\u2018\u2019\u201c\u201d\u2022\u2013\u2014\u02dc\u2122\u0161\u203a\u0153\u009d\u017e\u0178';

/**
 * Windows-1252 bytes to text. Written out because Node 20's TextDecoder('windows-1252') decodes
 * as ISO-8859-1 and would turn Excel's curly quotes and euro signs into control characters.
 */
export function decodeWindows1252(bytes: Uint8Array): string {
	const latin1 = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1');
	return latin1.replace(/[\u0080-\u009f]/g, (c) => CP1252_HIGH[c.charCodeAt(0) - 0x80]);
}
