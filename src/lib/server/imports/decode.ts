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
		if (nulsAtOdd > sample.length / 4) throw new ImportError('file.utf16NoBom');
		throw new ImportError('file.binary', { kind: 'binary' });
	}
	const bom = startsWith(bytes, [0xef, 0xbb, 0xbf]);
	const body = bom ? bytes.subarray(3) : bytes;
	try {
		// ignoreBOM: the BOM is already cut off; a second one would be data.
		const text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(body);
		return { text, encoding: bom ? 'utf-8-bom' : 'utf-8' };
	} catch {
		return { text: new TextDecoder('windows-1252').decode(body), encoding: 'windows-1252' };
	}
}
