/**
 * Column names a file may use, in Spanish or English, and the match of a file's header against
 * them: case, accents, spaces and punctuation do not matter ("Código Postal", "codigo_postal",
 * "CP" and "zip code" all name the ZIP column).
 */
import { foldKey } from './normalise';
import { clip, ImportError, message } from './messages';

export interface ColumnSpec {
	/** Internal name, also the English template name. */
	key: string;
	/** Name in the Spanish template. */
	es: string;
	/** Other accepted names (either language). */
	aliases: string[];
	required: boolean;
}

export function column(key: string, es: string, aliases: string[], required = false): ColumnSpec {
	return { key, es, aliases, required };
}

export interface HeaderMatch {
	/** Column key -> index in the record. */
	index: Map<string, number>;
	/** Column key -> the header text as the file writes it, for error messages. */
	names: Map<string, string>;
	/** Header cells that name no known column. */
	unknown: string[];
}

function lookupTable(columns: ColumnSpec[]): Map<string, ColumnSpec> {
	const table = new Map<string, ColumnSpec>();
	for (const c of columns) {
		for (const name of [c.key, c.es, ...c.aliases]) {
			const k = foldKey(name);
			const clash = table.get(k);
			if (clash && clash !== c) throw new Error(`column name "${name}" is given to both ${clash.key} and ${c.key}`);
			table.set(k, c);
		}
	}
	return table;
}

/** Every name a column accepts, for messages: `nombre / name`. */
export function acceptedNames(c: ColumnSpec): string {
	return [...new Set([c.es, c.key.replaceAll('_', ' '), ...c.aliases])].join(' / ');
}

/**
 * Matches a header row against the columns. Throws ImportError naming the missing required
 * columns (with every name each accepts) or two header cells that mean the same column.
 */
export function matchHeader(header: string[], columns: ColumnSpec[]): HeaderMatch {
	const table = lookupTable(columns);
	const index = new Map<string, number>();
	const names = new Map<string, string>();
	const unknown: string[] = [];
	header.forEach((raw, i) => {
		const text = raw.trim();
		if (text === '') return;
		const c = table.get(foldKey(text));
		if (!c) {
			unknown.push(text);
			return;
		}
		if (index.has(c.key)) throw new ImportError('file.sameColumn', { a: clip(names.get(c.key)!, 100), b: clip(text, 100), column: c.key });
		index.set(c.key, i);
		names.set(c.key, text);
	});
	const missing = columns.filter((c) => c.required && !index.has(c.key));
	if (missing.length > 0) {
		throw new ImportError('file.missingColumns', {
			missing: missing.map((c) => `${c.es} (${c.key})`).join(', '),
			accepted: missing.map((c) => `${c.key}: ${acceptedNames(c)}`).join('; ')
		});
	}
	for (const c of columns) if (!names.has(c.key)) names.set(c.key, c.key);
	return { index, names, unknown };
}

/** The unknown-column warnings of a header match, in `lang`. */
export function unknownColumnWarnings(match: HeaderMatch, lang: 'en' | 'es' = 'en'): string[] {
	return match.unknown.map((column) => message('warning.unknownColumn', { column }, lang));
}
