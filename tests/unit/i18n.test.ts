import { describe, expect, it } from 'vitest';
import {
	countOf,
	formatDate,
	formatMonth,
	formatPercent,
	interpolate,
	langFromAcceptLanguage,
	requestLang,
	translator,
	type Bilingual
} from '../../src/lib/i18n';
import { common } from '../../src/lib/i18n/common';

/** Every message module under src/lib/i18n, and in each the exports that are es/en pairs. */
const files = import.meta.glob('../../src/lib/i18n/*.ts', { eager: true }) as Record<string, Record<string, unknown>>;
const isBilingual = (v: unknown): v is Bilingual =>
	typeof v === 'object' && v !== null && 'en' in v && 'es' in v && typeof (v as Bilingual).en === 'object' && typeof (v as Bilingual).es === 'object';
const modules = Object.entries(files).flatMap(([file, exports]) =>
	Object.entries(exports)
		.filter(([, v]) => isBilingual(v))
		.map(([name, v]) => ({ label: `${file.replace(/^.*\//, '')} ${name}`, messages: v as Bilingual }))
);
const placeholders = (message: string) => [...message.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe('message modules', () => {
	it('include the shared labels and the planner, gaps and sources views', () => {
		const labels = modules.map((m) => m.label);
		for (const expected of ['common.ts common', 'plan.ts plan', 'gaps.ts gaps', 'sources.ts sources']) expect(labels).toContain(expected);
	});

	describe.each(modules)('$label', ({ messages }) => {
		it('has exactly the same keys in Spanish and English', () => {
			expect(Object.keys(messages.es).sort()).toEqual(Object.keys(messages.en).sort());
		});

		it('has no empty message in either language', () => {
			for (const lang of ['en', 'es'] as const) {
				const empty = Object.entries(messages[lang]).filter(([, m]) => typeof m !== 'string' || m.trim() === '');
				expect(empty.map(([k]) => `${lang} ${k}`)).toEqual([]);
			}
		});

		it('uses the same {placeholders} in both languages of each message', () => {
			const mismatched = Object.keys(messages.en).filter((k) => placeholders(messages.en[k]).join() !== placeholders(messages.es[k] ?? '').join());
			expect(mismatched).toEqual([]);
		});
	});

	it('never gives one key two different texts across modules (a later module would silently win)', () => {
		for (const lang of ['en', 'es'] as const) {
			const seen = new Map<string, string>();
			const clashes: string[] = [];
			for (const { label, messages } of modules) {
				for (const key of Object.keys(messages[lang])) {
					if (seen.has(key)) clashes.push(`${key} in ${seen.get(key)} and ${label}`);
					seen.set(key, label);
				}
			}
			expect(clashes).toEqual([]);
		}
	});
});

describe('langFromAcceptLanguage', () => {
	it('takes the language with the highest q weight, whatever its position', () => {
		expect(langFromAcceptLanguage('es;q=0.4, en;q=0.9')).toBe('en');
		expect(langFromAcceptLanguage('en;q=0.2,es;q=0.8')).toBe('es');
	});

	it('reads region tags as their language, in any case', () => {
		expect(langFromAcceptLanguage('en-US,en;q=0.9')).toBe('en');
		expect(langFromAcceptLanguage('ES-mx')).toBe('es');
	});

	it('skips languages it does not offer and keeps header order on equal weights', () => {
		expect(langFromAcceptLanguage('fr-FR, de;q=0.9, en-GB;q=0.5, es;q=0.5')).toBe('en');
		expect(langFromAcceptLanguage('es, en')).toBe('es');
	});

	it('ignores a language refused with q=0', () => {
		expect(langFromAcceptLanguage('en;q=0, fr')).toBe('es');
	});

	it('falls back to Spanish when the header is missing or names neither language', () => {
		expect(langFromAcceptLanguage(null)).toBe('es');
		expect(langFromAcceptLanguage(undefined)).toBe('es');
		expect(langFromAcceptLanguage('')).toBe('es');
		expect(langFromAcceptLanguage('fr-FR, de;q=0.8')).toBe('es');
	});
});

describe('requestLang', () => {
	const url = (query: string) => new URL(`http://localhost/gaps${query}`);

	it('prefers ?lang= over the cookie and the header', () => {
		expect(requestLang(url('?lang=en'), 'es', 'es-MX')).toBe('en');
		expect(requestLang(url('?lang=es'), 'en', 'en-US')).toBe('es');
	});

	it('uses the cookie when the address names no language, over the header', () => {
		expect(requestLang(url(''), 'en', 'es-MX,es')).toBe('en');
		expect(requestLang(url(''), 'es', 'en-US')).toBe('es');
	});

	it('ignores an unknown ?lang= or cookie and goes on to the next source', () => {
		expect(requestLang(url('?lang=fr'), 'en', 'es')).toBe('en');
		expect(requestLang(url('?lang=fr'), 'xx', 'en-US')).toBe('en');
		expect(requestLang(url(''), undefined, null)).toBe('es');
	});
});

describe('interpolate and translator', () => {
	it('replaces each {name} by its variable, every time it occurs', () => {
		expect(interpolate('{n} of {total} counties; {n} shown', { n: 3, total: '3,225' })).toBe('3 of 3,225 counties; 3 shown');
	});

	it('leaves an unknown {name} as written so the slip is visible', () => {
		expect(interpolate('Saved "{name}" on {date}', { name: 'A' })).toBe('Saved "A" on {date}');
		expect(interpolate('no variables')).toBe('no variables');
	});

	it('looks messages up in the chosen language and throws on an unknown key', () => {
		expect(translator('es', common)('nav.gaps')).toBe('Brechas de cobertura');
		expect(translator('en', common)('common.km', { n: 40 })).toBe('40 km');
		expect(() => translator('en', common)('no.such.key' as 'nav.gaps')).toThrow(/no en message "no.such.key"/);
	});
});

describe('formatters', () => {
	it('write a month short in each language', () => {
		expect(formatMonth('es', '2024-10')).toBe('oct 2024');
		expect(formatMonth('en', '2024-10')).toBe('Oct 2024');
		expect(formatMonth('en', '2021-01-15')).toBe('Jan 2021');
	});

	it('spell a month out in the long style', () => {
		expect(formatMonth('es', '2024-09', 'long')).toBe('septiembre de 2024');
		expect(formatMonth('en', '2024-09', 'long')).toBe('September 2024');
	});

	it('return text that is not a month unchanged', () => {
		expect(formatMonth('en', 'latest')).toBe('latest');
	});

	it('write a day in each language, from text or a Date, without shifting it by the time zone', () => {
		expect(formatDate('es', '2026-11-21')).toBe('21 de noviembre de 2026');
		expect(formatDate('en', '2026-11-21')).toBe('November 21, 2026');
		expect(formatDate('en', '2024-03-01T23:30:00.000Z')).toBe('March 1, 2024');
		expect(formatDate('es', new Date(Date.UTC(2025, 0, 1)))).toBe('1 de enero de 2025');
	});

	it('write shares as percentages with the asked decimals', () => {
		expect(formatPercent('en', 0.256)).toBe('25.6%');
		expect(formatPercent('es', 0.256)).toBe('25.6%');
		expect(formatPercent('en', 0.12345, 2)).toBe('12.35%');
		expect(formatPercent('es', 1, 0)).toBe('100%');
	});

	it('count with the singular for exactly one and grouping for thousands', () => {
		expect(countOf('es', 1, 'condado', 'condados')).toBe('1 condado');
		expect(countOf('en', 3225, 'county', 'counties')).toBe('3,225 counties');
		expect(countOf('es', 0, 'sitio', 'sitios')).toBe('0 sitios');
	});
});
