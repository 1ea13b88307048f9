import { mkdirSync } from 'node:fs';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { launchBrowser, watched } from './support/browser';
import { colourStats } from './support/pixels';
import { sharedServer, type RunningServer } from './support/server';

const SHOTS = 'test-results/e2e';

interface Area {
	partner: { id: number; name: string; kind: string; consulateId: string };
	radiusKm: number;
	catchment: { zctas: number; groups: { group: string; population: number | null }[] };
	services: { records: number; total: { people: number | null; suppressed: boolean; secondary: boolean } };
	nearby: { total: number; rows: { name: string; distanceKm: number }[] };
	underserved: { total: number };
}

const whole = (n: number, locale = 'en-US') => new Intl.NumberFormat(locale, { maximumFractionDigits: 0 }).format(n);
const target = (a: Area) => a.catchment.groups.find((g) => g.group === 'mexican_origin')!.population!;

describe.skipIf(!inject('environment').chromium)('the partner area view in chromium', () => {
	let server: RunningServer;
	let browser: BrowserContext;
	let page: Page;
	let id: number;
	let at25: Area;
	let at40: Area;
	const problems: string[] = [];

	const api = async (query: string): Promise<Area> => {
		const response = await fetch(`${server.url}/api/partners/${id}?${query}`);
		expect(response.status).toBe(200);
		return response.json();
	};
	const text = async (p: Page, testid: string) => (await p.getByTestId(testid).textContent())!.trim();
	const watch = (p: Page) => watched(p, problems);

	beforeAll(async () => {
		mkdirSync(SHOTS, { recursive: true });
		server = await sharedServer();
		// A demo partner in Los Angeles: a dense area, so the ring holds many ZIP areas and nearby sites.
		const partners = await (await fetch(`${server.url}/api/partners.geojson?consulate=los-angeles`)).json();
		const demo = partners.features.find((f: { properties: { kind: string } }) => f.properties.kind === 'demo');
		expect(demo, 'a demo partner in Los Angeles').toBeTruthy();
		id = demo.properties.id;
		[at25, at40] = [await api('radius=25'), await api('radius=40')];
		browser = await launchBrowser();
		page = await browser.newPage();
		watch(page);
		await page.goto(`${server.url}/partners/${id}?radius=25&lang=en`);
		await page.waitForSelector('[data-testid=map][data-ready="1"]', { timeout: 60_000 });
	});

	afterAll(async () => {
		await browser?.close();
	});

	it('shows the partner with its type, office link and demo badge', async () => {
		expect(await text(page, 'partner-name')).toBe(at25.partner.name);
		expect(await page.getByTestId('office-link').getAttribute('href')).toBe(`/consulates/${at25.partner.consulateId}`);
		expect(await text(page, 'demo-badge')).toBe('Demo data');
	});

	it('draws the map: the ring, ZIP areas coloured inside it and the site, not a blank canvas', async () => {
		const drawn = await page.evaluate(() => {
			const map = (window as unknown as { __map: import('maplibre-gl').Map }).__map;
			const count = (layer: string) => map.queryRenderedFeatures({ layers: [layer] }).length;
			return { zctas: count('pa-zctas'), ring: count('pa-ring-line'), site: count('pa-site') };
		});
		expect(drawn.ring).toBeGreaterThan(0);
		expect(drawn.site).toBe(1);
		expect(drawn.zctas).toBeGreaterThan(0);
		const shot = await page.locator('[data-testid=map]').screenshot({ path: `${SHOTS}/partner-map.png` });
		const stats = colourStats(shot);
		expect(stats.distinct).toBeGreaterThan(50);
		expect(stats.dominantShare).toBeLessThan(0.8);
	});

	it('shows the same catchment population as the API, in every group', async () => {
		expect(at25.catchment.zctas).toBeGreaterThan(10);
		expect(await text(page, 'catchment-target')).toBe(whole(target(at25)));
		for (const g of at25.catchment.groups) {
			const row = await text(page, `catchment-${g.group}`);
			expect(row).toContain(g.population === null ? 'no data' : whole(g.population));
		}
		if (at25.services.records > 0) {
			const total = at25.services.total;
			expect(await text(page, 'people-total')).toBe(total.suppressed ? (total.secondary ? 'withheld' : '< 11') : whole(total.people!));
		} else {
			expect(await text(page, 'services-empty')).toMatch(/No service records/);
		}
		await page.screenshot({ path: `${SHOTS}/partner-en.png` });
	});

	it('changes the URL and every radius-dependent figure when the radius changes, and keeps what does not depend on it', async () => {
		// A wider ring holds at least as many people; the API answers 40 km with more ZIP areas in this dense area.
		expect(at40.catchment.zctas).toBeGreaterThan(at25.catchment.zctas);
		const peopleBefore = at25.services.records > 0 ? await text(page, 'people-total') : null;
		await page.getByTestId('radius').fill('40');
		await page.getByTestId('radius').press('Enter');
		await page.waitForURL(/[?&]radius=40(&|$)/);
		await page.waitForFunction((v) => document.querySelector('[data-testid=catchment-target]')?.textContent?.trim() === v, whole(target(at40)));
		await expect(page.locator('[data-testid=catchment] h2').textContent()).resolves.toBe('Who lives within 40 km');
		await expect(page.locator('[data-testid=nearby] h2').textContent()).resolves.toBe('Desks and partners within 80 km');
		await expect(page.locator('[data-testid=nearby] tbody tr').count()).resolves.toBe(Math.min(at40.nearby.total, 100));
		if (peopleBefore !== null) expect(await text(page, 'people-total')).toBe(peopleBefore);
		// The ring on the map is redrawn at 40 km: its east edge moved out.
		const ringWidthKm = await page.evaluate(() => {
			const map = (window as unknown as { __map: import('maplibre-gl').Map }).__map;
			const src = map.getSource('pa-ring') as import('maplibre-gl').GeoJSONSource;
			return src.getData().then((d) => {
				const ring = ((d as GeoJSON.FeatureCollection).features[0].geometry as GeoJSON.Polygon).coordinates[0];
				const lats = ring.map((c) => c[1]);
				return ((Math.max(...lats) - Math.min(...lats)) / 2) * 111.195;
			});
		});
		expect(ringWidthKm).toBeCloseTo(40, 0);
		await page.screenshot({ path: `${SHOTS}/partner-40km.png` });
	});

	it('restores the same view from the copied URL', async () => {
		const copied = page.url();
		const other = await browser.newPage();
		watch(other);
		await other.goto(copied);
		await other.waitForSelector('[data-testid=map][data-ready="1"]', { timeout: 60_000 });
		expect(await text(other, 'catchment-target')).toBe(whole(target(at40)));
		expect(await other.getByTestId('radius').inputValue()).toBe('40');
		await other.close();
	});

	it('refuses a radius outside 1-200 km with a message and leaves the URL alone', async () => {
		const before = page.url();
		await page.getByTestId('radius').fill('500');
		await page.getByTestId('radius').press('Enter');
		await expect(text(page, 'radius-error')).resolves.toMatch(/from 1 to 200 km/);
		expect(page.url()).toBe(before);
	});

	it('speaks Spanish with ?lang=es and English with ?lang=en', async () => {
		const es = await browser.newPage();
		watch(es);
		await es.goto(`${server.url}/partners/${id}?radius=40&lang=es`);
		await es.waitForSelector('[data-testid=map][data-ready="1"]', { timeout: 60_000 });
		await expect(es.locator('[data-testid=catchment] h2').textContent()).resolves.toBe('Quién vive a menos de 40 km');
		expect(await text(es, 'demo-badge')).toBe('Datos de demostración');
		expect(await text(es, 'lang-switch')).toBe('English');
		expect(await text(es, 'catchment-target')).toBe(whole(target(at40), 'es-MX'));
		await es.screenshot({ path: `${SHOTS}/partner-es.png` });
		await es.goto(`${server.url}/partners/${id}?radius=40&lang=en`);
		await expect(es.locator('[data-testid=catchment] h2').textContent()).resolves.toBe('Who lives within 40 km');
		expect(await text(es, 'lang-switch')).toBe('Español');
		await es.close();
	});

	it('lists partners, finds one by a word of its name, and opens its view', async () => {
		const list = await browser.newPage();
		watch(list);
		await list.goto(`${server.url}/partners?lang=en`);
		const all = await text(list, 'partner-count');
		expect(all).toMatch(/^550 of 550 partners$/);
		const word = at25.partner.name.split(' ').find((w) => w.length > 4)!;
		await list.getByTestId('partner-search').fill(word);
		await list.waitForFunction((a) => document.querySelector('[data-testid=partner-count]')?.textContent?.trim() !== a, all);
		const names = await list.locator('[data-testid=partner-list] tbody tr td:first-child a').allTextContents();
		expect(names.length).toBeLessThan(550);
		expect(names).toContain(at25.partner.name);
		expect(list.url()).toContain(`q=${encodeURIComponent(word)}`);
		await list.screenshot({ path: `${SHOTS}/partners-list.png` });
		await list.locator(`[data-testid=partner-list] a[href="/partners/${id}"]`).click();
		await list.waitForURL(new RegExp(`/partners/${id}$`));
		await list.waitForSelector('[data-testid=map][data-ready="1"]', { timeout: 60_000 });
		expect(await text(list, 'partner-name')).toBe(at25.partner.name);
		await list.close();
	});

	it('answers 404 for an unknown partner and 400 for a bad radius', async () => {
		expect((await fetch(`${server.url}/api/partners/99999999`)).status).toBe(404);
		const bad = await fetch(`${server.url}/api/partners/${id}?radius=0`);
		expect(bad.status).toBe(400);
		expect((await bad.json()).message).toMatch(/radius: "0" is not a radius from 1 to 200 km/);
		expect((await fetch(`${server.url}/partners/99999999`)).status).toBe(404);
	});

	it('raised no page or console errors', () => {
		expect(problems).toEqual([]);
	});
});
