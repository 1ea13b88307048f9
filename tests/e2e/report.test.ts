import { mkdirSync } from 'node:fs';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { formatMonth } from '../../src/lib/i18n';
import { launchBrowser, watched } from './support/browser';
import { colourStats } from './support/pixels';
import { sharedServer, type RunningServer } from './support/server';

const SHOTS = 'test-results/e2e';

/** "49,916" -> 49916; "< 11" and words -> null. */
function figure(text: string | null): number | null {
	const t = (text ?? '').trim();
	if (!/^[\d,.\s]+$/.test(t)) return null;
	return Number(t.replace(/[^\d.]/g, ''));
}

describe.skipIf(!inject('environment').chromium)("the consul's report in chromium", () => {
	let server: RunningServer;
	let browser: BrowserContext;
	let page: Page;
	const problems: string[] = [];

	const api = async (path: string) => {
		const response = await fetch(`${server.url}${path}`);
		expect(response.status, path).toBe(200);
		return response.json();
	};
	/** The figures the page shows, and the query it says they were computed with. */
	const shown = async () => ({
		people: await page.getByTestId('headline-people').textContent(),
		per1000: await page.getByTestId('headline-per1000').textContent(),
		rank: await page.getByTestId('headline-rank').textContent(),
		query: (await page.getByTestId('headline').getAttribute('data-query'))!,
		target: (await page.getByTestId('headline').getAttribute('data-target'))!
	});
	/** What the API answers for the same office and filters. */
	const fromApi = async (query: string, target: string) => {
		const services = await api(`/api/services?by=total&${query}`);
		const penetration = await api(`/api/penetration?target=${target}&${query}`);
		const row = penetration.rows.find((r: { office: string }) => r.office === 'san-diego');
		const ranked = penetration.rows.filter((r: { rank: number | null }) => r.rank !== null).length;
		return { people: services.total.people as number | null, services: services.total.services as number | null, row, ranked };
	};

	beforeAll(async () => {
		mkdirSync(SHOTS, { recursive: true });
		server = await sharedServer();
		browser = await launchBrowser();
		page = watched(await browser.newPage(), problems);
	});

	afterAll(async () => {
		await browser?.close();
	});

	it('lists the 53 offices, San Diego with the API\'s people served and rate, each linking to its report', async () => {
		await page.goto(`${server.url}/consulates?lang=en`);
		const rows = page.locator('[data-testid=offices] tbody tr');
		await expect(rows.count()).resolves.toBe(53);
		const sd = page.locator('tr[data-office=san-diego]');
		const cells = await sd.locator('td').allTextContents();
		// Columns: rank, office, city, state, people, per 1,000.
		const lede = await page.locator('.lede').textContent();
		expect(lede).toMatch(/last 12 full months/);
		const summary = await api('/api/services?by=total');
		const last = summary.period.last as string;
		const [y, m] = last.split('-').map(Number);
		const first = new Date(Date.UTC(y, m - 12, 1)).toISOString().slice(0, 7);
		const penetration = await api(`/api/penetration?target=mexican_origin&from=${first}&to=${last}`);
		const row = penetration.rows.find((r: { office: string }) => r.office === 'san-diego');
		expect(figure(cells[4])).toBe(row.people);
		expect(cells[5]).toBe(row.per1000.toFixed(1));
		expect(figure(cells[0])).toBe(row.rank);
		await expect(sd.locator('a').getAttribute('href')).resolves.toBe('/consulates/san-diego');
		// Sorting by people served puts the largest first.
		await page.waitForSelector('main[data-live="1"]');
		await page.getByTestId('sort-people').click();
		await expect(page.locator('th[aria-sort=descending]').textContent()).resolves.toContain('People served');
		const firstPeople = figure(await page.locator('[data-testid=offices] tbody tr td:nth-child(5)').first().textContent());
		const most = Math.max(...penetration.rows.map((r: { people: number | null }) => r.people ?? 0));
		expect(firstPeople).toBe(most);
	});

	it('answers an unknown office with a 404 that says so and links to the list', async () => {
		// Its own tab: the browser logs the 404 response as a console error, which is the point here.
		const other = await browser.newPage();
		const response = await other.goto(`${server.url}/consulates/atlantis?lang=en`);
		expect(response?.status()).toBe(404);
		await expect(other.getByTestId('error-message').textContent()).resolves.toContain('There is no consular office "atlantis"');
		await expect(other.getByRole('link', { name: /All offices/ }).getAttribute('href')).resolves.toBe('/consulates');
		await other.close();
	});

	describe('San Diego', () => {
		beforeAll(async () => {
			await page.goto(`${server.url}/consulates/san-diego?lang=en`);
			await page.waitForSelector('[data-testid=map][data-ready="1"]', { timeout: 90_000 });
		});

		it('names the office, its border badge and its one-county jurisdiction', async () => {
			await expect(page.getByTestId('office-name').textContent()).resolves.toBe('Consulate of Mexico in San Diego');
			await expect(page.getByTestId('border-badge').isVisible()).resolves.toBe(true);
			await expect(page.locator('.jurisdiction').textContent()).resolves.toContain('1 county in California');
		});

		it('draws the jurisdiction map, not a blank canvas', async () => {
			const png = await page.getByTestId('map').screenshot({ path: `${SHOTS}/report-map.png` });
			const { distinct, dominantShare } = colourStats(png);
			expect(distinct).toBeGreaterThan(50);
			expect(dominantShare).toBeLessThan(0.8);
			// Framed on San Diego County: the office is inside the view.
			const inView = await page.evaluate(() => {
				const map = (window as unknown as { __map: import('maplibre-gl').Map }).__map;
				return map.getBounds().contains([-117.1611, 32.7157]) && map.getZoom() > 6;
			});
			expect(inView).toBe(true);
		});

		it('shows the same people served, rate and rank as the API for the last 12 months', async () => {
			const s = await shown();
			expect(s.query).toMatch(/^from=\d{4}-\d{2}&to=\d{4}-\d{2}&office=san-diego$/);
			const a = await fromApi(s.query, s.target);
			expect(a.people).toBeGreaterThan(1000);
			expect(figure(s.people)).toBe(a.people);
			await expect(page.getByTestId('headline-services').textContent()).resolves.toBe(a.services!.toLocaleString('en-US'));
			expect(s.per1000).toBe(a.row.per1000.toFixed(1));
			expect(a.ranked).toBe(53);
			expect(s.rank).toBe(`${a.row.rank} of ${a.ranked}`);
			// Twelve months ending at the last month with records.
			const [, from, to] = s.query.match(/from=([\d-]+)&to=([\d-]+)/)!;
			const last = (await api('/api/services?by=total')).period.last;
			expect(to).toBe(last);
			const [y, m] = to.split('-').map(Number);
			expect(from).toBe(new Date(Date.UTC(y, m - 12, 1)).toISOString().slice(0, 7));
			await page.screenshot({ path: `${SHOTS}/report.png`, fullPage: true });
		});

		it('compares with the previous twelve months, with the difference the API gives', async () => {
			const s = await shown();
			const [, from, to] = s.query.match(/from=([\d-]+)&to=([\d-]+)/)!;
			const shift = (month: string) => {
				const [y, m] = month.split('-').map(Number);
				return new Date(Date.UTC(y, m - 13, 1)).toISOString().slice(0, 7);
			};
			const now = (await api(`/api/services?by=total&${s.query}`)).total.people;
			const before = (await api(`/api/services?by=total&office=san-diego&from=${shift(from)}&to=${shift(to)}`)).total.people;
			const change = await page.getByTestId('headline-change').textContent();
			if (before === null) {
				expect(change).toMatch(/No previous data|—/);
			} else {
				const percent = (((now - before) / before) * 100).toFixed(1);
				expect(change!.replace('−', '-').replace('+', '')).toBe(`${percent}%`.replace(/^-0\.0%$/, '0.0%'));
			}
		});

		it('marks October (Binational Health Week) on the monthly trend', async () => {
			const s = await shown();
			const to = s.query.match(/to=([\d-]+)/)![1];
			const octobers = await page.locator('[data-testid=trend] [data-october]').evaluateAll((els) => els.map((e) => e.getAttribute('data-october')));
			// A 12-month period always holds exactly one October.
			expect(octobers).toHaveLength(1);
			expect(octobers[0]).toMatch(/-10$/);
			expect(octobers[0]! <= to).toBe(true);
			await expect(page.getByTestId('trend').textContent()).resolves.toContain('BHW = Binational Health Week');
		});

		it('changes the URL and every headline figure when a filter changes, in step with the API', async () => {
			const before = await shown();
			await page.getByTestId('filter-group').selectOption('women');
			await page.waitForURL(/group=women/);
			await page.waitForFunction(() => document.querySelector('[data-testid=headline]')?.getAttribute('data-query')?.includes('group=women'));
			const after = await shown();
			expect(after.people).not.toBe(before.people);
			const a = await fromApi(after.query, after.target);
			expect(figure(after.people)).toBe(a.people);
			expect(after.per1000).toBe(a.row.per1000.toFixed(1));
			expect(page.url()).toContain('group=women');
			// The service-type filter too: only glucose tests.
			await page.getByTestId('filter-service').selectOption('glucose');
			await page.waitForURL(/service=glucose/);
			await page.waitForFunction(() => document.querySelector('[data-testid=headline]')?.getAttribute('data-query')?.includes('service=glucose'));
			const glucose = await shown();
			const g = await fromApi(glucose.query, glucose.target);
			expect(figure(glucose.people)).toBe(g.people);
			expect(g.people).toBeLessThan(a.people!);
		});

		it('restores the same figures from the copied URL', async () => {
			const before = await shown();
			const url = page.url();
			const other = await browser.newPage();
			await other.goto(url);
			await expect(other.getByTestId('headline-people').textContent()).resolves.toBe(before.people);
			await expect(other.getByTestId('headline-per1000').textContent()).resolves.toBe(before.per1000);
			await expect(other.getByTestId('filter-group').inputValue()).resolves.toBe('women');
			await other.close();
		});

		it('speaks Spanish with ?lang=es and English with ?lang=en, months included', async () => {
			const s = await shown();
			const [, from, to] = s.query.match(/from=([\d-]+)&to=([\d-]+)/)!;
			await page.goto(`${server.url}/consulates/san-diego?lang=es`);
			await expect(page.getByTestId('office-name').textContent()).resolves.toBe('Consulado de México en San Diego');
			const es = await page.getByTestId('period').textContent();
			expect(es).toBe(`Periodo: ${formatMonth('es', from, 'long')} a ${formatMonth('es', to, 'long')}`);
			expect(es).toMatch(/de 20\d\d/); // "noviembre de 2025"
			await expect(page.locator('#h-headline').textContent()).resolves.toContain('Cifras principales');
			await page.goto(`${server.url}/consulates/san-diego?lang=en`);
			const en = await page.getByTestId('period').textContent();
			expect(en).toBe(`Period: ${formatMonth('en', from, 'long')} to ${formatMonth('en', to, 'long')}`);
			expect(en).not.toBe(es);
			await expect(page.locator('#h-headline').textContent()).resolves.toContain('Headline figures');
			await page.waitForSelector('[data-testid=map][data-ready="1"]', { timeout: 90_000 });
		});

		it('presents one section per slide, moved with the keyboard, and leaves with Escape', async () => {
			await page.getByTestId('present').click();
			const counter = page.getByTestId('slide-counter');
			await expect(counter.textContent()).resolves.toBe('Slide 1 of 10');
			await expect(page.getByTestId('slide-cover').isVisible()).resolves.toBe(true);
			await expect(page.getByTestId('headline').isVisible()).resolves.toBe(false);
			await page.keyboard.press('ArrowRight');
			await expect(counter.textContent()).resolves.toBe('Slide 2 of 10');
			await expect(page.getByTestId('headline').isVisible()).resolves.toBe(true);
			await expect(page.getByTestId('slide-cover').isVisible()).resolves.toBe(false);
			await page.screenshot({ path: `${SHOTS}/report-present.png` });
			await page.keyboard.press('PageDown');
			await page.keyboard.press('Space');
			await expect(counter.textContent()).resolves.toBe('Slide 4 of 10');
			await expect(page.getByTestId('trend').isVisible()).resolves.toBe(true);
			await page.keyboard.press('ArrowLeft');
			await expect(page.getByTestId('map-section').isVisible()).resolves.toBe(true);
			await page.keyboard.press('End');
			await expect(counter.textContent()).resolves.toBe('Slide 10 of 10');
			await expect(page.getByTestId('sources').isVisible()).resolves.toBe(true);
			await page.keyboard.press('ArrowRight');
			await expect(counter.textContent()).resolves.toBe('Slide 10 of 10');
			await page.keyboard.press('Home');
			await expect(counter.textContent()).resolves.toBe('Slide 1 of 10');
			expect(page.url()).toContain('present=1');
			await page.keyboard.press('Escape');
			await expect(counter.count()).resolves.toBe(0);
			await expect(page.getByTestId('headline').isVisible()).resolves.toBe(true);
			expect(page.url()).not.toContain('present=1');
		});

		it('opens straight into the slides from ?present=1', async () => {
			const other = await browser.newPage();
			await other.goto(`${server.url}/consulates/san-diego?lang=en&present=1`);
			await expect(other.getByTestId('slide-counter').textContent()).resolves.toBe('Slide 1 of 10');
			await other.keyboard.press('ArrowRight');
			await expect(other.getByTestId('slide-counter').textContent()).resolves.toBe('Slide 2 of 10');
			await other.close();
		});

		it('prints to a PDF of several pages, with the map as a picture and without the controls', async () => {
			await page.waitForSelector('[data-testid=map][data-ready="1"]', { timeout: 90_000 });
			// The picture of the map is taken on screen (hidden there) and shown in print.
			await page.waitForSelector('img.print-map', { state: 'attached' });
			await page.emulateMedia({ media: 'print' });
			await expect(page.getByTestId('filters').isVisible()).resolves.toBe(false);
			await expect(page.locator('img.print-map').isVisible()).resolves.toBe(true);
			const png = await page.screenshot({ path: `${SHOTS}/report-print.png`, fullPage: true });
			const { distinct, dominantShare } = colourStats(png);
			expect(distinct).toBeGreaterThan(50);
			expect(dominantShare).toBeLessThan(0.95);
			const mapShot = colourStats(await page.locator('img.print-map').screenshot());
			expect(mapShot.distinct).toBeGreaterThan(50);
			const pdf = await page.pdf({ format: 'Letter', printBackground: true });
			const pages = (pdf.toString('latin1').match(/\/Type\s*\/Page(?!s)/g) ?? []).length;
			expect(pages).toBeGreaterThanOrEqual(2);
			expect(pages).toBeLessThanOrEqual(12);
			expect(pdf.length).toBeGreaterThan(30_000);
			expect(pdf.length).toBeLessThan(15_000_000);
			await page.emulateMedia({ media: 'screen' });
		});
	});

	it('logged no page errors', () => {
		expect(problems).toEqual([]);
	});
});
