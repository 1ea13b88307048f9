/**
 * Spanish and English for every label, number and date (es-MX / en-US). Messages live in one
 * module per view (`common.ts`, `map.ts`, ...), each a `Bilingual` pair with the same keys in both
 * languages; `{name}` in a message is replaced by the variable of that name.
 */

export const LANGS = ['es', 'en'] as const;
export type Lang = (typeof LANGS)[number];
export const DEFAULT_LANG: Lang = 'es';
export const LOCALE: Record<Lang, string> = { en: 'en-US', es: 'es-MX' };
/** Cookie that keeps the user's choice of language. */
export const LANG_COOKIE = 'lang';

export type Messages = Record<string, string>;
export interface Bilingual<M extends Messages = Messages> {
	en: M;
	es: { [K in keyof M]: string };
}

export function isLang(value: unknown): value is Lang {
	return typeof value === 'string' && (LANGS as readonly string[]).includes(value);
}

/**
 * The language to use from an Accept-Language header: the first of es/en by the header's q
 * weights (ties keep header order); Spanish when the header names neither.
 */
export function langFromAcceptLanguage(header: string | null | undefined): Lang {
	if (!header) return DEFAULT_LANG;
	const ranked = header
		.split(',')
		.map((part, i) => {
			const [tag, ...params] = part.trim().split(';');
			const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
			const weight = q ? Number(q.slice(2)) : 1;
			return { lang: tag.trim().toLowerCase().split('-')[0], weight: Number.isFinite(weight) ? weight : 0, i };
		})
		.filter((r) => r.weight > 0 && isLang(r.lang))
		.sort((a, b) => b.weight - a.weight || a.i - b.i);
	return ranked.length > 0 ? (ranked[0].lang as Lang) : DEFAULT_LANG;
}

/** The language of a request: `?lang=` first, then the cookie, then Accept-Language. */
export function requestLang(url: URL, cookie: string | undefined, acceptLanguage: string | null): Lang {
	const fromUrl = url.searchParams.get('lang');
	if (isLang(fromUrl)) return fromUrl;
	if (isLang(cookie)) return cookie;
	return langFromAcceptLanguage(acceptLanguage);
}

/** Replaces `{name}` by vars.name; an unknown name is left as written so the slip is visible. */
export function interpolate(message: string, vars: Record<string, string | number> = {}): string {
	return message.replace(/\{(\w+)\}/g, (whole, name: string) => (name in vars ? String(vars[name]) : whole));
}

export type Translate<M extends Messages> = (key: keyof M & string, vars?: Record<string, string | number>) => string;

/** A translator for one language over one or more message modules (later modules win on a clash). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- modules have different key sets
export function translator(lang: Lang, ...modules: Bilingual<any>[]): Translate<Messages> {
	const table: Messages = Object.assign({}, ...modules.map((m) => m[lang]));
	return (key, vars) => {
		const message = table[key];
		if (message === undefined) throw new Error(`no ${lang} message "${key}"`);
		return interpolate(message, vars);
	};
}

const numberFormats = new Map<string, Intl.NumberFormat>();

/** A number in the language's conventions (ICU writes es-MX and en-US alike: 1,234.5; dates differ). */
export function formatNumber(lang: Lang, value: number, options: Intl.NumberFormatOptions = {}): string {
	const key = `${lang}|${JSON.stringify(options)}`;
	let f = numberFormats.get(key);
	if (!f) numberFormats.set(key, (f = new Intl.NumberFormat(LOCALE[lang], options)));
	return f.format(value);
}

/** Whole number with grouping: 1,234,567. */
export function formatCount(lang: Lang, value: number): string {
	return formatNumber(lang, value, { maximumFractionDigits: 0 });
}

/** A fixed number of decimals: formatDecimal('es', 3.14159, 2) = "3.14". */
export function formatDecimal(lang: Lang, value: number, digits: number): string {
	return formatNumber(lang, value, { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

/** A share 0-1 as a percentage: 0.256 -> "25.6%" (ICU writes es-MX and en-US alike). */
export function formatPercent(lang: Lang, share: number, digits = 1): string {
	return formatNumber(lang, share, { style: 'percent', minimumFractionDigits: digits, maximumFractionDigits: digits });
}

const dateFormats = new Map<string, Intl.DateTimeFormat>();

/** One formatter per language and options: making one takes far longer than formatting (a report's charts format hundreds of months). */
function dateFormat(lang: Lang, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
	const key = `${lang}|${JSON.stringify(options)}`;
	let f = dateFormats.get(key);
	if (!f) dateFormats.set(key, (f = new Intl.DateTimeFormat(LOCALE[lang], options)));
	return f;
}

/** A month 'YYYY-MM' (or a date 'YYYY-MM-DD'): "oct 2024" / "Oct 2024"; `long` spells the month out. */
export function formatMonth(lang: Lang, month: string, style: 'short' | 'long' = 'short'): string {
	const [y, m] = month.split('-').map(Number);
	if (!y || !m) return month;
	return dateFormat(lang, { month: style, year: 'numeric', timeZone: 'UTC' }).format(Date.UTC(y, m - 1, 1));
}

/** A day 'YYYY-MM-DD' or a Date: "21 de noviembre de 2026" / "November 21, 2026". */
export function formatDate(lang: Lang, day: string | Date): string {
	const d = typeof day === 'string' ? new Date(`${day.slice(0, 10)}T00:00:00Z`) : day;
	return dateFormat(lang, { dateStyle: 'long', timeZone: 'UTC' }).format(d);
}

/** "1 county" / "3,225 counties" with the language's number format; `one` and `many` already translated. */
export function countOf(lang: Lang, n: number, one: string, many: string): string {
	return `${formatCount(lang, n)} ${n === 1 ? one : many}`;
}

/** Message keys every translator has (common.ts), for helpers that take any view's translator. */
type CountKey = 'common.smallCell' | 'common.withheld' | 'common.noData';

/**
 * A count of people or services as the public sees it: "< 11" for a small cell, "withheld" for a
 * cell held back so that a small cell cannot be worked out from the total (never "< 11": it holds
 * 11 or more), "no data" for null, else the number. `cell` is a public row's flags.
 */
export function publicCount(lang: Lang, t: (key: CountKey) => string, value: number | null | undefined, cell: { suppressed?: boolean; secondary?: boolean } = {}): string {
	if (cell.suppressed) return t(cell.secondary ? 'common.withheld' : 'common.smallCell');
	return value === null || value === undefined ? t('common.noData') : formatCount(lang, value);
}
