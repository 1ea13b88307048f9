import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import Papa from 'papaparse';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { launchBrowser, watched } from './support/browser';
import { colourStats } from './support/pixels';
import { sharedServer, type RunningServer } from './support/server';

const SHOTS = 'test-results/e2e';

describe.skipIf(!inject('environment').chromium)('the dashboard in chromium', () => {
	let server: RunningServer;
	let browser: BrowserContext;
	let page: Page;
	const problems: string[] = [];

	beforeAll(async () => {
		mkdirSync(SHOTS, { recursive: true });
		server = await sharedServer();
		browser = await launchBrowser();
		page = watched(await browser.newPage(), problems);
	});

	afterAll(async () => {
		await browser?.close();
	});

	/** How many times the map has shown new figures. */
	const figureUpdates = () => page.evaluate(() => Number(document.querySelector('[data-testid=map-wrap]')?.getAttribute('data-updates') ?? 0));
	const waitForFigures = async () => {
		await page.waitForSelector('[data-testid=map][data-ready="1"]', { timeout: 60_000 });
		await page.waitForFunction(() => Number(document.querySelector('[data-testid=map-wrap]')!.getAttribute('data-updates')) > 0);
	};
	async function clickOffice(id: string) {
		const office = (await (await fetch(`${server.url}/api/consulates.geojson`)).json()).features.find((f: { id: string }) => f.id === id);
		const point = await page.evaluate(
			([lng, lat]) => (window as unknown as { __map: import('maplibre-gl').Map }).__map.project([lng, lat]),
			office.geometry.coordinates
		);
		const box = (await page.getByTestId('map').boundingBox())!;
		await page.mouse.click(box.x + point.x, box.y + point.y);
	}

	describe('national map', () => {
		beforeAll(async () => {
			await page.goto(`${server.url}/`);
			await page.waitForSelector('[data-testid=map][data-ready="1"]', { timeout: 60_000 });
		});
		it('loads the data on first start, printing each step', () => {
			expect(server.output()).toMatch(/\[1\/8\] loading Consular offices/);
			expect(server.output()).toMatch(/database: ready/);
		});

		it('draws a map that is not blank', async () => {
			const png = await page.locator('[data-testid=map]').screenshot({ path: `${SHOTS}/map.png` });
			const { distinct, dominantShare } = colourStats(png);
			// A blank or failed canvas is one colour; the drawn map is mostly sea, land and many classes.
			expect(distinct).toBeGreaterThan(50);
			expect(dominantShare).toBeLessThan(0.8);
		});

		it('shows all 53 offices on the map and says so in the legend', async () => {
			const ids = await page.evaluate(() => {
				const map = (window as unknown as { __map: import('maplibre-gl').Map }).__map;
				return [...new Set(map.queryRenderedFeatures({ layers: ['offices'] }).map((f) => f.properties.id))];
			});
			expect(ids).toHaveLength(53);
			expect(ids).toContain('san-juan');
			await expect(page.getByTestId('office-count').textContent()).resolves.toBe('53');
		});

		it("names an office in a card when the pointer rests on it, from the API's own figures", async () => {
			const api = await (await fetch(`${server.url}/api/consulates.geojson`)).json();
			const sanDiego = api.features.find((f: { id: string }) => f.id === 'san-diego');
			const point = await page.evaluate(
				([lng, lat]) => (window as unknown as { __map: import('maplibre-gl').Map }).__map.project([lng, lat]),
				sanDiego.geometry.coordinates
			);
			const box = (await page.getByTestId('map').boundingBox())!;
			await page.mouse.move(box.x + point.x, box.y + point.y);
			const card = page.getByRole('tooltip');
			await expect(card.textContent()).resolves.toContain('Consulate of Mexico in San Diego');
			expect(sanDiego.properties.counties).toBe(1);
			await expect(card.textContent()).resolves.toContain('1 county in its jurisdiction');
		});

		it('colours counties by the chosen indicator, badges modelled and demo figures, and keeps the choice in the URL', async () => {
			const legend = page.getByTestId('legend');
			await expect(legend.textContent()).resolves.toMatch(/Mexican-origin population, by county\s*Modelled/);
			await expect(page.getByText('Demo data', { exact: true }).first().isVisible()).resolves.toBe(true);
			// The Virgin Islands have no state figures: shown as no data, never as zero.
			await expect(page.getByTestId('no-data').textContent()).resolves.toBe('3 counties');
			await page.getByTestId('indicator').selectOption('uninsured');
			await page.waitForURL(/indicator=uninsured/);
			await expect(legend.textContent()).resolves.toMatch(/Uninsured people, by county/);
			await page.locator('[data-testid=map]').screenshot({ path: `${SHOTS}/map-uninsured.png` });
		});

		it("opens an office's panel with the same figures as the API", async () => {
			await page.goto(`${server.url}/`);
			await page.waitForSelector('[data-testid=map][data-ready="1"]');
			const [total, penetration] = await Promise.all([
				fetch(`${server.url}/api/services?by=total&office=san-diego`).then((r) => r.json()),
				fetch(`${server.url}/api/penetration?target=mexican_origin`).then((r) => r.json())
			]);
			const row = penetration.rows.find((r: { office: string }) => r.office === 'san-diego');
			await clickOffice('san-diego');
			const panel = page.getByTestId('side-panel');
			await expect(panel.getByTestId('panel-people').textContent()).resolves.toBe(total.total.people.toLocaleString('en-US'));
			await expect(panel.getByTestId('panel-services').textContent()).resolves.toBe(total.total.services.toLocaleString('en-US'));
			await expect(panel.getByTestId('panel-per1000').textContent()).resolves.toContain(row.per1000.toFixed(1));
			await expect(panel.getByTestId('panel-rank').textContent()).resolves.toBe(`${row.rank} of 53`);
			await page.waitForURL(/sel=office%3Asan-diego|sel=office:san-diego/);
			await panel.screenshot({ path: `${SHOTS}/panel-office.png` });
			await page.keyboard.press('Escape');
			await expect(panel.count()).resolves.toBe(0);
		});

		it('changes the URL, the legend, the table and the totals together when a filter changes', async () => {
			await page.goto(`${server.url}/?indicator=people_served`);
			await page.waitForSelector('[data-testid=map][data-ready="1"]');
			await waitForFigures();
			const before = await page.getByTestId('legend').textContent();
			const updates = await figureUpdates();
			await page.getByTestId('filters').locator('summary', { hasText: 'Channel' }).click();
			await page.getByTestId('filter-channel-mobile_unit').check();
			await page.waitForURL(/channel=mobile_unit/);
			await page.waitForFunction((n) => Number(document.querySelector('[data-testid=map-wrap]')!.getAttribute('data-updates')) > n, updates);
			const api = await (await fetch(`${server.url}/api/services?by=county&channel=mobile_unit`)).json();
			const shown = api.rows.filter((r: { suppressed: boolean }) => !r.suppressed).length;
			const small = api.rows.filter((r: { suppressed: boolean; secondary: boolean }) => r.suppressed && !r.secondary).length;
			const withheld = api.rows.length - shown - small;
			const legend = page.getByTestId('legend');
			expect(await legend.textContent()).not.toBe(before);
			const classCounts = await page.getByTestId('legend-class').locator('td.n').allTextContents();
			expect(classCounts.reduce((s, c) => s + Number(c.replace(/\D/g, '')), 0)).toBe(shown);
			// Small cells ("< 11") and cells withheld to protect them ("withheld") each have a legend row of their own.
			await expect(page.getByTestId('suppressed').count()).resolves.toBe(small > 0 ? 1 : 0);
			if (small > 0) await expect(page.getByTestId('suppressed').textContent()).resolves.toBe(`${small} ${small === 1 ? 'county' : 'counties'}`);
			await expect(page.getByTestId('withheld').count()).resolves.toBe(withheld > 0 ? 1 : 0);
			if (withheld > 0) {
				await expect(page.getByTestId('withheld').textContent()).resolves.toBe(`${withheld} ${withheld === 1 ? 'county' : 'counties'}`);
				await expect(page.getByTestId('withheld-note').textContent()).resolves.toMatch(/cannot be worked out from the total/);
			}
			await expect(page.getByTestId('no-data').textContent()).resolves.toBe(`${(3225 - api.rows.length).toLocaleString('en-US')} counties`);
			// The totals and the table's "served" column are the API's figures for the same filters.
			const total = await (await fetch(`${server.url}/api/services?by=total&channel=mobile_unit`)).json();
			await expect(page.getByTestId('total-people').textContent()).resolves.toBe(total.total.people.toLocaleString('en-US'));
			await page.getByTestId('sort-served').click();
			await page.waitForURL(/sort=served/);
			const first = page.locator('[data-testid=ranked-table] tbody tr').first();
			const code = await first.getAttribute('data-code');
			const top = api.rows.filter((r: { suppressed: boolean }) => !r.suppressed).sort((a: { people: number; key: string }, b: { people: number; key: string }) => b.people - a.people || a.key.localeCompare(b.key))[0];
			expect(code).toBe(top.key);
			await expect(first.locator('td').nth(5).textContent()).resolves.toBe(top.people.toLocaleString('en-US'));
			await page.locator('[data-testid=map]').screenshot({ path: `${SHOTS}/map-filtered.png` });
		});

		it('restores exactly the same view from a copied link', async () => {
			await page.evaluate(() => (window as unknown as { __map: import('maplibre-gl').Map }).__map.jumpTo({ center: [-106.5, 31.8], zoom: 6.2 }));
			await page.waitForURL(/at=6\.2/);
			const link = page.url();
			const legend = await page.getByTestId('legend').textContent();
			const people = await page.getByTestId('total-people').textContent();
			const other = await browser.newPage();
			await other.goto(link);
			await other.waitForSelector('[data-testid=map][data-ready="1"]');
			await other.waitForFunction(() => Number(document.querySelector('[data-testid=map-wrap]')!.getAttribute('data-updates')) > 0);
			await expect(other.getByTestId('indicator').inputValue()).resolves.toBe('people_served');
			await expect(other.getByTestId('filter-channel-mobile_unit').isChecked()).resolves.toBe(true);
			await expect(other.getByTestId('legend').textContent()).resolves.toBe(legend);
			await expect(other.getByTestId('total-people').textContent()).resolves.toBe(people);
			const view = await other.evaluate(() => {
				const m = (window as unknown as { __map: import('maplibre-gl').Map }).__map;
				return { zoom: m.getZoom(), ...m.getCenter() };
			});
			expect(view.zoom).toBeCloseTo(6.2, 1);
			expect(view.lng).toBeCloseTo(-106.5, 1);
			expect(view.lat).toBeCloseTo(31.8, 1);
			expect(other.url()).toBe(link);
			await other.close();
		});

		it('switches language, labels and date formats, and remembers the choice', async () => {
			await page.goto(`${server.url}/?indicator=people_served&from=2024-10&to=2024-10`);
			await waitForFigures();
			await expect(page.getByTestId('totals').textContent()).resolves.toContain('Oct 2024');
			await page.getByTestId('lang-switch').click();
			await page.waitForURL(/lang=es/);
			await waitForFigures();
			await expect(page.locator('html').getAttribute('lang')).resolves.toBe('es');
			await expect(page.getByTestId('filters').textContent()).resolves.toContain('Filtros');
			await expect(page.getByTestId('legend').textContent()).resolves.toMatch(/Personas atendidas, por condado/);
			await expect(page.getByTestId('totals').textContent()).resolves.toContain('oct 2024');
			await expect(page.getByTestId('indicator').inputValue()).resolves.toBe('people_served');
			// The cookie keeps Spanish without ?lang=.
			await page.goto(`${server.url}/`);
			await expect(page.getByTestId('lang-switch').textContent()).resolves.toBe('English');
			await page.screenshot({ path: `${SHOTS}/map-es.png` });
			await page.goto(`${server.url}/?lang=en`);
			await expect(page.getByTestId('lang-switch').textContent()).resolves.toBe('Español');
		});

		it('exports the rows the filters select as CSV, with source and date, matching the API', async () => {
			await page.goto(`${server.url}/?indicator=people_served&office=houston&from=2024-01&to=2024-12`);
			await waitForFigures();
			await page.waitForSelector('[data-testid=ranked-table] tbody tr');
			const rowsShown = await page.getByTestId('ranked-table').locator('caption').textContent();
			const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-csv').click()]);
			const text = readFileSync((await download.path())!, 'utf8');
			const lines = text.split('\r\n');
			expect(lines[0]).toMatch(/^# Ventanillas Atlas — People served/);
			// Preamble lines are "# ..." cells, quoted when they hold a comma.
			const preamble = lines.filter((l) => /^"?# /.test(l));
			expect(preamble.some((l) => /^"?# Source: Demo data/.test(l))).toBe(true);
			expect(preamble.some((l) => /^"?# Generated /.test(l))).toBe(true);
			const data = Papa.parse<string[]>(lines.filter((l) => l && !/^"?# /.test(l)).join('\n')).data;
			const [header, ...rows] = data;
			expect(header.slice(0, 4)).toEqual(['rank', 'fips', 'County', 'Office']);
			const houstonCounties = (await (await fetch(`${server.url}/api/consulates.geojson`)).json()).features.find((f: { id: string }) => f.id === 'houston').properties.counties;
			expect(rows).toHaveLength(houstonCounties);
			expect(rowsShown).toContain(String(houstonCounties));
			const api = await (await fetch(`${server.url}/api/services?by=county&office=houston&from=2024-01&to=2024-12`)).json();
			const served = new Map<string, string>(rows.map((r) => [r[1], r[6]]));
			for (const r of api.rows) expect(served.get(r.key)).toBe(r.suppressed ? (r.secondary ? 'withheld' : '< 11') : String(r.people));
		});

		it('exports the map as a PNG with its legend and sources', async () => {
			const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-png').click()]);
			const png = readFileSync((await download.path())!);
			writeFileSync(`${SHOTS}/export.png`, png);
			const { distinct, dominantShare } = colourStats(png);
			expect(distinct).toBeGreaterThan(50);
			expect(dominantShare).toBeLessThan(0.85);
		});

		it('serves the data-sources listing with every kind labelled', async () => {
			const sources = await (await fetch(`${server.url}/api/sources`)).json();
			const kinds = new Set(sources.map((s: { kind: string }) => s.kind));
			expect(kinds).toEqual(new Set(['measured', 'modelled', 'demo']));
			await page.goto(`${server.url}/sources`);
			await expect(page.getByTestId('sources').textContent()).resolves.toContain('DEMO partners and monthly service records');
		});
	});


	it('logged no page errors', () => {
		expect(problems).toEqual([]);
	});
});
