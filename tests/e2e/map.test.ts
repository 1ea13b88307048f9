import { mkdirSync } from 'node:fs';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { launchBrowser } from './support/browser';
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
		page = await browser.newPage();
		page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
		page.on('console', (m) => {
			if (m.type() === 'error') problems.push(`console error: ${m.text()}`);
		});
	});

	afterAll(async () => {
		await browser?.close();
	});

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
