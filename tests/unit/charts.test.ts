import type { ComponentProps } from 'svelte';
import { render } from 'svelte/server';
import { describe, expect, it } from 'vitest';
import BarChart from '../../src/lib/components/charts/BarChart.svelte';
import TrendChart from '../../src/lib/components/charts/TrendChart.svelte';

/** Server-rendered HTML of the charts (what the first paint and the printed page show). */
const barChart = (props: ComponentProps<typeof BarChart>) => render(BarChart, { props }).body;
const trendChart = (props: ComponentProps<typeof TrendChart>) => render(TrendChart, { props }).body;

const attr = (markup: string, selector: RegExp) => [...markup.matchAll(selector)].map((m) => m[1]);

describe('BarChart', () => {
	const bars = [
		{ key: 'a', label: 'Glucose test', value: 100 },
		{ key: 'b', label: 'Eye exam', value: 50 },
		{ key: 'c', label: 'HIV test', value: null, suppressed: true },
		{ key: 'd', label: 'Vaccination', value: null }
	];

	it('draws bars in proportion, longest = the width less the room for the value', () => {
		const out = barChart({ bars, lang: 'en', label: 'Services by type' });
		// Default width 560 px, 70 px kept for the value text: 490 and 245 px.
		expect(attr(out, /class="bar[ "][^>]*width="([\d.]+)"/g).map(Number)).toEqual([490, 245]);
	});

	it('shows a withheld small cell as "< 11" and a missing value as "no data", never as 0', () => {
		const out = barChart({ bars, lang: 'en', label: 'Services by type' });
		const values = attr(out, /class="value[^"]*"[^>]*>([^<]*)</g);
		expect(values).toEqual(['100', '50', '&lt; 11', 'no data']);
		// The accessible table says the same.
		expect(out).toMatch(/<th scope="row">HIV test<\/th><td>&lt; 11<\/td>/);
		expect(out).toMatch(/<th scope="row">Vaccination<\/th><td>no data<\/td>/);
		const es = barChart({ bars, lang: 'es', label: 'Servicios' });
		expect(es).toContain('sin datos');
	});

	it('shows a cell withheld to protect a small cell as "withheld" ("reservado"), never "< 11", with no bar', () => {
		const withheld = [bars[0], { key: 'e', label: 'Referral', value: null, suppressed: true, secondary: true }];
		const out = barChart({ bars: withheld, lang: 'en', label: 'Services by type' });
		expect(attr(out, /class="value[^"]*"[^>]*>([^<]*)</g)).toEqual(['100', 'withheld']);
		expect(attr(out, /class="bar[ "][^>]*width="([\d.]+)"/g)).toHaveLength(1);
		expect(barChart({ bars: withheld, lang: 'es', label: 'Servicios' })).toMatch(/<th scope="row">Referral<\/th><td>reservado<\/td>/);
	});

	it('writes values with the format given, and names itself for screen readers', () => {
		const out = barChart({ bars: bars.slice(0, 1), lang: 'en', label: 'Rate', format: (v: number) => `${v / 10} per 1,000` });
		expect(out).toContain('10 per 1,000');
		expect(out).toContain('aria-label="Rate"');
		expect(out).toContain('<caption>Rate</caption>');
	});
});

describe('TrendChart', () => {
	const points = [
		{ month: '2024-08', value: 100 },
		{ month: '2024-09', value: 120 },
		{ month: '2024-10', value: 400 },
		{ month: '2024-11', value: null, suppressed: true },
		{ month: '2024-12', value: 110 }
	];

	it('breaks the line at a missing month instead of drawing it as zero', () => {
		const out = trendChart({ points, lang: 'en', label: 'People served' });
		const d = attr(out, /class="line[ "][^"]*" d="([^"]*)"/g)[0];
		// Two runs: Aug-Oct and Dec; each starts with a move-to.
		expect(d.match(/M/g)).toHaveLength(2);
		// December stands alone between a gap and the end: a dot shows it, as a one-point run is invisible.
		expect(attr(out, /data-alone="([^"]+)"/g)).toEqual(['2024-12']);
	});

	it('marks October as Binational Health Week when asked', () => {
		const marked = trendChart({ points, lang: 'en', label: 'People served', highlightOctober: true });
		expect(attr(marked, /data-october="([^"]+)"/g)).toEqual(['2024-10']);
		expect(marked).toContain('BHW = Binational Health Week');
		const es = trendChart({ points, lang: 'es', label: 'Personas atendidas', highlightOctober: true });
		expect(es).toContain('SBS = Semana Binacional de Salud');
		const plain = trendChart({ points, lang: 'en', label: 'People served' });
		expect(plain).not.toContain('data-october');
	});

	it('gives screen readers every month in the language, with "< 11" for withheld ones', () => {
		const en = trendChart({ points, lang: 'en', label: 'People served' });
		expect(en).toMatch(/<th scope="row">October 2024<\/th><td>400<\/td>/);
		expect(en).toMatch(/<th scope="row">November 2024<\/th><td>&lt; 11<\/td>/);
		const es = trendChart({ points, lang: 'es', label: 'Personas atendidas' });
		expect(es).toMatch(/<th scope="row">octubre de 2024<\/th><td>400<\/td>/);
	});

	it('labels the axis with months in the language', () => {
		const en = trendChart({ points, lang: 'en', label: 'People served' });
		const es = trendChart({ points, lang: 'es', label: 'Personas atendidas' });
		expect(en).toMatch(/>Oct 2024</);
		expect(es).toMatch(/>oct 2024</);
	});

	it('draws a lighter context series behind, on the same scale', () => {
		const context = [{ month: '2024-01', value: 90 }, ...points];
		const out = trendChart({ points: points.slice(2), context, lang: 'en', label: 'People served' });
		expect(out).toContain('class="context-line');
		expect(out).toContain('class="period');
	});
});
