import { mkdirSync } from 'node:fs';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { launchBrowser } from './support/browser';
import { colourStats } from './support/pixels';
import { sharedServer, type RunningServer } from './support/server';

const SHOTS = 'test-results/e2e';

describe.skipIf(!inject('environment').chromium)('the planner and gaps views in chromium', () => {
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

	describe('mobile-clinic planner', () => {
		beforeAll(async () => {
			await page.goto(`${server.url}/plan?k=3&radiusKm=40`);
			await page.waitForSelector('[data-testid=map][data-ready="1"]', { timeout: 60_000 });
		});

		it('finds K sites hosted by partners and covers more people than the desks alone', async () => {
			await page.getByTestId('run').click();
			await page.getByTestId('sites').waitFor();
			await expect(page.locator('[data-testid=sites] tbody tr').count()).resolves.toBe(3);
			const number = async (id: string) => Number((await page.getByTestId(id).textContent())!.replace(/[^\d]/g, ''));
			expect(await number('newly')).toBeGreaterThan(0);
			await expect(page.getByTestId('totals').textContent()).resolves.toMatch(/Demo data/);
			await page.waitForURL(/k=3/);
		});

		it('adds a site where the planner clicks and updates the totals', async () => {
			const before = await page.getByTestId('covered-after').textContent();
			await page.getByTestId('add-mode').check();
			const point = await page.evaluate(() => (window as unknown as { __map: import('maplibre-gl').Map }).__map.project([-106.44, 31.77]));
			const box = (await page.getByTestId('map').boundingBox())!;
			await page.mouse.click(box.x + point.x, box.y + point.y);
			await page.waitForFunction((b) => document.querySelector('[data-testid=covered-after]')?.textContent !== b, before);
			await expect(page.locator('[data-testid=sites] tbody tr').count()).resolves.toBe(4);
			await page.locator('[data-testid=map]').screenshot({ path: `${SHOTS}/plan.png` });
		});

		it('removes a site the planner clicks on, and adds it back', async () => {
			const box = (await page.getByTestId('map').boundingBox())!;
			const point = await page.evaluate(() => (window as unknown as { __map: import('maplibre-gl').Map }).__map.project([-106.44, 31.77]));
			const rows = page.locator('[data-testid=sites] tbody tr');
			// The site is drawn (the map updates its sources asynchronously) before it can be clicked.
			await page.waitForFunction(
				([x, y]) =>
					(window as unknown as { __map: import('maplibre-gl').Map }).__map.queryRenderedFeatures([x, y], { layers: ['plan-sites'] }).length > 0,
				[point.x, point.y]
			);
			await page.mouse.click(box.x + point.x, box.y + point.y);
			await page.waitForFunction(() => document.querySelectorAll('[data-testid=sites] tbody tr').length === 3);
			await page.waitForFunction(
				([x, y]) =>
					(window as unknown as { __map: import('maplibre-gl').Map }).__map.queryRenderedFeatures([x, y], { layers: ['plan-sites'] }).length === 0,
				[point.x, point.y]
			);
			await expect(page.getByTestId('sites').textContent()).resolves.not.toMatch(/Added point/);
			await page.mouse.click(box.x + point.x, box.y + point.y);
			await page.waitForFunction(() => document.querySelectorAll('[data-testid=sites] tbody tr').length === 4);
			await expect(rows.count()).resolves.toBe(4);
		});

		it('saves the scenario (name shown as text, not HTML) and exports it as CSV and GeoJSON', async () => {
			await page.getByTestId('scenario-name').fill('El Paso <b>stop</b>');
			await page.getByTestId('save').click();
			await page.getByTestId('scenarios').getByText('El Paso <b>stop</b>').waitFor();
			const list = await (await fetch(`${server.url}/api/scenarios`)).json();
			const saved = list.find((x: { name: string }) => x.name === 'El Paso <b>stop</b>');
			const csv = await (await fetch(`${server.url}/api/scenarios/${saved.id}/export.csv`)).text();
			const lines = csv.trim().split('\r\n');
			expect(lines.filter((l) => l.startsWith('"# ') || l.startsWith('# '))).toHaveLength(4);
			expect(lines.find((l) => l.startsWith('rank,'))).toBe('rank,id,name,consulate,lat,lon,new_covered,cumulative_covered');
			expect(lines.filter((l) => /^\d/.test(l))).toHaveLength(4);
			const geo = await (await fetch(`${server.url}/api/scenarios/${saved.id}/export.geojson`)).json();
			expect(geo.features).toHaveLength(4);
			const dup = await fetch(`${server.url}/api/scenarios`, {
				method: 'POST',
				headers: { 'content-type': 'application/json' },
				body: JSON.stringify({ name: 'El Paso <b>stop</b>', params: {}, sites: [], summary: {} })
			});
			expect(dup.status).toBe(409);
		});
	});

	describe('gaps view', () => {
		it('ranks counties by need and re-ranks when a weight changes', async () => {
			await page.goto(`${server.url}/gaps`);
			const first = page.locator('[data-testid=gaps] tbody tr').first();
			await expect(first.textContent()).resolves.toMatch(/0\.\d{3}/);
			for (const c of ['uninsured_rate', 'lep_share', 'poverty_rate', 'nearest_km', 'penetration']) {
				await page.getByTestId(`weight-${c}`).fill('0');
				await page.getByTestId(`weight-${c}`).dispatchEvent('change');
			}
			await page.waitForURL(/penetration%3A0|penetration:0/);
			// With only the population weight left, the largest Mexican-origin county leads.
			await expect(page.locator('[data-testid=gaps] tbody tr').first().textContent()).resolves.toContain('Los Angeles, CA');
		});

		it('answers "most target population more than N km from any service" and exports that table', async () => {
			await page.getByTestId('beyond-km').fill('100');
			await page.getByTestId('beyond-km').dispatchEvent('change');
			await page.waitForURL(/beyondKm=100/);
			await expect(page.getByTestId('matching').textContent()).resolves.toMatch(/^[\d,]+ of 3,225 counties match/);
			const csv = await (await fetch(`${server.url}/api/need-index.csv?${new URL(page.url()).searchParams}`)).text();
			const header = csv.split('\r\n').find((l) => l.startsWith('rank,'))!.split(',');
			const km = header.indexOf('nearest_km');
			const rows = csv.split('\r\n').filter((l) => /^\d/.test(l)).map((l) => l.split(','));
			expect(rows.length).toBeGreaterThan(0);
			// Every exported county is beyond 100 km, and the ranking by population puts the biggest first.
			expect(rows.every((r) => Number(r[km]) > 100)).toBe(true);
			expect(csv).toMatch(/only counties more than 100 km/);
		});
	});


	it('logged no page errors', () => {
		expect(problems).toEqual([]);
	});
});
