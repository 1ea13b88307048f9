import { describe, expect, it } from 'vitest';
import { choropleth, ranks } from '../../src/lib/map/choropleth';
import { figuresUrl, toFigures, withinOffice } from '../../src/lib/map/figures';
import { layoutLabels, placeMinzoom, type LabelItem } from '../../src/lib/map/labels';
import { classColorExpression, RAMPS, SUPPRESSED_CLASS, SUPPRESSED_COLOR, NO_DATA_COLOR, WITHHELD_CLASS, WITHHELD_COLOR } from '../../src/lib/map/style';
import { sortRows, type TableRow } from '../../src/lib/map/table';
import { DEFAULT_VIEW, parseView, writeView } from '../../src/lib/view-state';

describe('the view in the URL', () => {
	it('leaves every default out, so the plain page has a plain URL', () => {
		expect(writeView(DEFAULT_VIEW).toString()).toBe('');
		expect(parseView(new URLSearchParams())).toEqual(DEFAULT_VIEW);
	});

	it('round-trips a full view: indicator, classes, filters, layers, position, selection, sort', () => {
		const q =
			'indicator=people_served&method=natural&classes=7&target=uninsured&km=80&from=2024-01&to=2024-12&channel=desk,mobile_unit&service=glucose&ptype=clinic,office&group=women&office=san-diego&hide=partners&show=remote&at=6.20/31.8000/-106.5000&sel=county:06073&sort=served:asc';
		const view = parseView(new URLSearchParams(q));
		expect(view.indicator).toBe('people_served');
		expect(view.classes).toBe(7);
		expect(view.filters).toEqual({
			from: '2024-01',
			to: '2024-12',
			channels: ['desk', 'mobile_unit'],
			serviceTypes: ['glucose'],
			providerTypes: ['clinic', 'office'],
			group: 'women',
			office: 'san-diego'
		});
		expect(view.layers.partners).toBe(false);
		expect(view.layers.remote).toBe(true);
		expect(view.at).toEqual({ zoom: 6.2, lat: 31.8, lng: -106.5 });
		expect(view.selected).toEqual({ kind: 'county', id: '06073' });
		expect(view.sort).toEqual({ column: 'served', descending: false });
		expect(parseView(writeView(view))).toEqual(view);
	});

	it('keeps parameters that are not the view (the language) and drops what a bad link gets wrong', () => {
		const view = parseView(new URLSearchParams('indicator=bogus&classes=12&km=-3&from=2024-13&at=99/0/0&sel=county:<script>&sort=drop:asc'));
		expect(view).toEqual(DEFAULT_VIEW);
		expect(writeView({ ...DEFAULT_VIEW, classes: 4 }, new URLSearchParams('lang=es')).toString()).toBe('lang=es&classes=4');
	});

	it('shows a measure other than the count only for population figures', () => {
		expect(parseView(new URLSearchParams('indicator=uninsured&measure=share')).measure).toBe('share');
		expect(parseView(new URLSearchParams('indicator=people_served&measure=share')).measure).toBe('count');
	});
});

describe('classes and legend', () => {
	const values = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10].map((v, i) => ({ code: `c${i}`, value: v }));

	it('counts areas per class, the range each covers, and the areas with no data', () => {
		const c = choropleth(values, 'equal', 3, 12);
		// Equal intervals over 1..10 in 3 classes: breaks at 4 and 7.
		expect(c.upper).toEqual([4, 7]);
		expect(c.classes.map((k) => [k.lo, k.hi, k.count])).toEqual([
			[1, 4, 4],
			[5, 7, 3],
			[8, 10, 3]
		]);
		expect(c.classes.map((k) => k.color)).toEqual(RAMPS[3]);
		expect(c.noData).toBe(2);
		expect(c.byCode.c3).toBe(0);
		expect(c.byCode.c4).toBe(1);
	});

	it('gives small cells a class of their own, never counted as zero or as no data', () => {
		const c = choropleth([...values, { code: 's1', value: null, suppressed: true }, { code: 'n1', value: null }], 'quantile', 5, 13);
		expect(c.byCode.s1).toBe(SUPPRESSED_CLASS);
		expect(c.suppressed).toBe(1);
		expect(c.noData).toBe(2); // n1, plus the one area missing from the values
		expect(c.classes.reduce((s, k) => s + k.count, 0)).toBe(10);
	});

	it('gives areas withheld to protect a small cell a class of their own too, not "< 11", zero or no data', () => {
		const c = choropleth(
			[...values, { code: 's1', value: null, suppressed: true }, { code: 'w1', value: null, suppressed: true, secondary: true }, { code: 'w2', value: null, suppressed: true, secondary: true }],
			'quantile',
			5,
			14
		);
		expect([c.byCode.s1, c.byCode.w1, c.byCode.w2]).toEqual([SUPPRESSED_CLASS, WITHHELD_CLASS, WITHHELD_CLASS]);
		expect([c.suppressed, c.withheld, c.noData]).toEqual([1, 2, 1]);
		expect(c.classes.reduce((s, k) => s + k.count, 0)).toBe(10);
	});

	it('falls back to fewer classes when the values do not allow more', () => {
		const c = choropleth([5, 5, 5].map((v, i) => ({ code: `x${i}`, value: v })), 'natural', 5, 3);
		expect(c.classes).toHaveLength(1);
		expect(c.classes[0]).toMatchObject({ lo: 5, hi: 5, count: 3 });
		expect(choropleth([], 'quantile', 5, 10)).toMatchObject({ classes: [], noData: 10 });
	});

	it('ranks by value with ties sharing the better rank', () => {
		const r = ranks([
			{ code: 'a', value: 3 },
			{ code: 'b', value: 9 },
			{ code: 'c', value: 3 },
			{ code: 'd', value: null }
		]);
		expect([...r.entries()]).toEqual([
			['b', 1],
			['a', 2],
			['c', 2]
		]);
	});

	it('colours by class from feature-state, small cells, withheld cells and no data in their own colours', () => {
		expect(classColorExpression(['#111111', '#222222'])).toEqual([
			'match',
			['coalesce', ['feature-state', 'cls'], -1],
			SUPPRESSED_CLASS,
			SUPPRESSED_COLOR,
			WITHHELD_CLASS,
			WITHHELD_COLOR,
			0,
			'#111111',
			1,
			'#222222',
			NO_DATA_COLOR
		]);
	});
});

describe('figures for the view', () => {
	const jurisdictions = { 'san-diego': ['06073'], 'los-angeles': ['06037', '06111'] };

	it('asks the endpoint that gives each kind of indicator, with the filters only where they apply', () => {
		const view = { ...DEFAULT_VIEW, filters: { ...DEFAULT_VIEW.filters, channels: ['desk' as const] } };
		expect(figuresUrl({ ...view, indicator: 'uninsured', measure: 'per_km2' })).toBe('/api/indicators/uninsured?level=county&measure=per_km2');
		expect(figuresUrl({ ...view, indicator: 'people_served' })).toBe('/api/services?by=county&channel=desk');
		expect(figuresUrl({ ...view, indicator: 'penetration' })).toBe('/api/penetration?target=mexican_origin&channel=desk');
		expect(figuresUrl({ ...view, indicator: 'remote', km: 80 })).toBe('/api/analysis/remote?level=county&group=mexican_origin&radiusKm=80');
	});

	it("paints every county of a jurisdiction with its office's rate, withheld where the office's count is a small cell", () => {
		const f = toFigures(
			'penetration',
			{
				rows: [
					{ office: 'san-diego', per1000: 12.5, suppressed: false, secondary: false },
					{ office: 'los-angeles', per1000: null, suppressed: true, secondary: false },
					{ office: 'chicago', per1000: null, suppressed: true, secondary: true }
				],
				populationSources: [{ kind: 'modelled', vintage: '2020', source: 'model' }]
			},
			{ ...jurisdictions, chicago: ['17031'] }
		);
		expect(f.values).toEqual([
			{ code: '06073', value: 12.5, suppressed: false, secondary: false },
			{ code: '06037', value: null, suppressed: true, secondary: false },
			{ code: '06111', value: null, suppressed: true, secondary: false },
			{ code: '17031', value: null, suppressed: true, secondary: true }
		]);
		expect(withinOffice(f.values, 'los-angeles', jurisdictions).map((v) => v.code)).toEqual(['06037', '06111']);
	});

	it('takes people or services from the services summary', () => {
		const body = {
			rows: [
				{ key: '06073', people: 40, services: 90, suppressed: false, secondary: false },
				{ key: '06037', people: null, services: null, suppressed: true, secondary: false },
				{ key: '06111', people: null, services: null, suppressed: true, secondary: true }
			],
			sources: [{ kind: 'demo', source: 'generator', records: 12 }]
		};
		expect(toFigures('services_delivered', body, jurisdictions).values).toEqual([
			{ code: '06073', value: 90, suppressed: false, secondary: false },
			{ code: '06037', value: null, suppressed: true, secondary: false },
			{ code: '06111', value: null, suppressed: true, secondary: true }
		]);
	});
});

describe('the ranked table', () => {
	const row = (code: string, name: string, served: number | null): TableRow => ({
		code,
		name,
		office: 'X',
		cells: {
			value: { text: '', value: null },
			target: { text: '', value: null },
			served: { text: '', value: served },
			nearest_km: { text: '', value: null },
			need_index: { text: '', value: null }
		}
	});
	const rows = [row('2', 'Bexar', 5), row('1', 'Adams', null), row('3', 'Cook', 50), row('4', 'Dade', 5)];

	it('sorts either way with areas without a figure last, ties by code', () => {
		expect(sortRows(rows, { column: 'served', descending: true }).map((r) => r.code)).toEqual(['3', '2', '4', '1']);
		expect(sortRows(rows, { column: 'served', descending: false }).map((r) => r.code)).toEqual(['2', '4', '3', '1']);
		expect(sortRows(rows, { column: 'name', descending: false }).map((r) => r.name)).toEqual(['Adams', 'Bexar', 'Cook', 'Dade']);
	});
});

describe('map labels', () => {
	const project = (lng: number, lat: number) => ({ x: lng, y: lat });
	const view = { width: 500, height: 300, zoom: 5 };
	const item = (id: string, x: number, y: number, priority: number, kind: LabelItem['kind'] = 'place'): LabelItem => ({ id, text: 'Abcdefgh', lng: x, lat: y, priority, kind });

	it('places the more important of two overlapping labels and skips the other', () => {
		const placed = layoutLabels([item('small', 100, 100, 10), item('big', 105, 102, 1000), item('far', 300, 200, 5)], project, view);
		expect(placed.map((p) => p.item.id)).toEqual(['big', 'far']);
	});

	it('leaves out labels off screen or below their zoom, and never hides a cluster count', () => {
		const placed = layoutLabels(
			[item('off', 900, 100, 10), { ...item('later', 50, 50, 10), minzoom: 8 }, item('city', 200, 100, 10), item('count', 202, 100, 1, 'cluster')],
			project,
			view
		);
		expect(placed.map((p) => p.item.id).sort()).toEqual(['city', 'count']);
	});

	it('labels big cities from far out and small towns only close in', () => {
		expect(placeMinzoom(3_800_000)).toBe(3);
		expect(placeMinzoom(150_000)).toBe(6.5);
		expect(placeMinzoom(5_000)).toBe(9.5);
	});
});
