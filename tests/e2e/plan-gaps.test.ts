import { mkdirSync } from 'node:fs';
import Papa from 'papaparse';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { launchBrowser, watched } from './support/browser';
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
		page = watched(await browser.newPage(), problems);
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
			// Without ?lang= the export follows the request's Accept-Language.
			const csv = await (await fetch(`${server.url}/api/scenarios/${saved.id}/export.csv`, { headers: { 'accept-language': 'en-US,en;q=0.9' } })).text();
			const lines = csv.trim().split('\r\n');
			expect(lines.filter((l) => l.startsWith('"# ') || l.startsWith('# '))).toHaveLength(4);
			expect(lines.find((l) => l.startsWith('rank,'))).toBe('rank,id,name,consulate,lat,lon,new_covered,cumulative_covered');
			expect(lines.filter((l) => /^\d/.test(l))).toHaveLength(4);
			// The same scenario in Spanish: same columns in the same order, Spanish names and preamble.
			const es = (await (await fetch(`${server.url}/api/scenarios/${saved.id}/export.csv?lang=es`)).text()).trim().split('\r\n');
			expect(es.find((l) => l.startsWith('orden,'))).toBe('orden,id,nombre,consulado,lat,lon,nueva_cobertura,cobertura_acumulada');
			// The preamble is a CSV cell: quoted, its own quotes doubled.
			expect(Papa.parse<string[]>(es[0]).data[0][0]).toMatch(/^# Ventanillas Atlas, escenario de ubicación "El Paso <b>stop<\/b>", exportado el \d{1,2} de [a-z]+ de \d{4}$/);
			const rowsOf = (text: string[]) =>
				Papa.parse<string[]>(text.filter((l) => /^\d/.test(l)).join('\r\n'), { skipEmptyLines: true }).data;
			const [esRows, enRows] = [rowsOf(es), rowsOf(lines)];
			expect(esRows).toHaveLength(4);
			// Every figure is the same; only the names of added points are translated.
			expect(esRows.map((r) => r.filter((_, i) => i !== 2))).toEqual(enRows.map((r) => r.filter((_, i) => i !== 2)));
			expect(esRows.map((r) => r[2])).toContain(enRows.find((r) => r[2].startsWith('Added point '))![2].replace('Added point', 'Punto agregado'));
			expect((await fetch(`${server.url}/api/scenarios/${saved.id}/export.csv?lang=fr`)).status).toBe(400);
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
			const csv = await (await fetch(`${server.url}/api/need-index.csv?${new URL(page.url()).searchParams}&lang=en`)).text();
			const header = csv.split('\r\n').find((l) => l.startsWith('rank,'))!.split(',');
			const km = header.indexOf('nearest_km');
			const rows = csv.split('\r\n').filter((l) => /^\d/.test(l)).map((l) => l.split(','));
			expect(rows.length).toBeGreaterThan(0);
			// Every exported county is beyond 100 km, and the ranking by population puts the biggest first.
			expect(rows.every((r) => Number(r[km]) > 100)).toBe(true);
			expect(csv).toMatch(/only counties more than 100 km/);
		});

		it('says so when no county is beyond the distance, and suggests lowering it', async () => {
			await page.goto(`${server.url}/gaps?beyondKm=5000`);
			await expect(page.getByTestId('gaps-empty').textContent()).resolves.toMatch(/No county is farther than 5,000 km.*Lower the distance \(N\)/);
			await expect(page.locator('[data-testid=gaps]').count()).resolves.toBe(0);
		});
	});

	describe('in Spanish and English', () => {
		afterAll(async () => {
			// Later tests (and other files) expect the browser's own language again.
			await browser.clearCookies();
		});

		it('shows the planner, gaps and sources in Spanish with ?lang=es', async () => {
			await page.goto(`${server.url}/plan?lang=es`);
			await expect(page.locator('html').getAttribute('lang')).resolves.toBe('es');
			await expect(page.locator('h1').textContent()).resolves.toBe('Planificador de clínicas móviles');
			await expect(page.getByTestId('run').textContent()).resolves.toBe('Buscar sitios');
			await expect(page.getByLabel('Sitios nuevos (K)').inputValue()).resolves.toBe('10');
			await expect(page.getByTestId('plan-empty').textContent()).resolves.toMatch(/^Aún no hay plan/);
			await page.waitForSelector('[data-testid=map][data-ready="1"]', { timeout: 60_000 });
			await page.screenshot({ path: `${SHOTS}/plan-es.png` });

			await page.goto(`${server.url}/gaps?lang=es`);
			await expect(page.locator('h1').textContent()).resolves.toBe('Brechas de cobertura: condados ordenados por necesidad');
			const headers = await page.locator('[data-testid=gaps] thead th').allTextContents();
			expect(headers).toEqual(expect.arrayContaining(['Condado', 'Consulado', 'Índice de necesidad', 'Km al servicio más cercano', 'Tasa sin seguro médico']));
			await expect(page.getByTestId('matching').textContent()).resolves.toBe('3,225 de 3,225 condados cumplen; la página muestra los primeros 200 y el CSV los tiene todos.');
			await expect(page.getByLabel('Peso de Tasa de pobreza').count()).resolves.toBe(1);

			await page.goto(`${server.url}/sources?lang=es`);
			await expect(page.locator('h1').textContent()).resolves.toBe('De dónde viene cada cifra');
			await expect(page.getByTestId('sources').textContent()).resolves.toContain('Consulados de México en Estados Unidos (53)');
			await expect(page.locator('[data-testid=sources] thead').textContent()).resolves.toMatch(/Conjunto de datos.*Tipo.*Fuente.*Año de referencia.*Filas.*Cargado/);
			await expect(page.getByRole('navigation', { name: 'Navegación principal' }).getByRole('link', { name: 'Fuentes' }).getAttribute('aria-current')).resolves.toBe('page');
		});

		it('toggles the language with the switch and keeps the choice on the next page without ?lang', async () => {
			await browser.clearCookies();
			await page.goto(`${server.url}/gaps?beyondKm=100`);
			await expect(page.locator('h1').textContent()).resolves.toBe('Coverage gaps: counties ranked by need');
			await expect(page.getByTestId('lang-switch').textContent()).resolves.toBe('Español');
			await page.getByTestId('lang-switch').click();
			await page.waitForURL(/lang=es/);
			// The switch keeps the page's filters.
			expect(new URL(page.url()).searchParams.get('beyondKm')).toBe('100');
			await expect(page.locator('h1').textContent()).resolves.toBe('Brechas de cobertura: condados ordenados por necesidad');
			await page.goto(`${server.url}/sources`);
			await expect(page.locator('h1').textContent()).resolves.toBe('De dónde viene cada cifra');
			await page.getByTestId('nav-plan').click();
			await page.waitForURL(/\/plan/);
			await expect(page.locator('h1').textContent()).resolves.toBe('Planificador de clínicas móviles');
			await page.getByTestId('lang-switch').click();
			await page.waitForURL(/lang=en/);
			await page.goto(`${server.url}/sources`);
			await expect(page.locator('h1').textContent()).resolves.toBe('Where every figure comes from');
		});

		it('exports the gaps table with Spanish headers and the same figures as the English one', async () => {
			await page.goto(`${server.url}/gaps?lang=es&beyondKm=100`);
			const matching = Number((await page.getByTestId('matching').textContent())!.match(/^([\d,]+) de /)![1].replaceAll(',', ''));
			const href = (await page.getByTestId('gaps-csv').getAttribute('href'))!;
			expect(new URL(href, server.url).searchParams.get('lang')).toBe('es');
			const parse = async (url: string) => {
				const text = await (await fetch(url)).text();
				const preamble = text.split('\r\n').filter((l) => l.startsWith('# ') || l.startsWith('"# '));
				const body = text.split('\r\n').filter((l) => !(l.startsWith('# ') || l.startsWith('"# '))).join('\r\n');
				const { data, errors } = Papa.parse<Record<string, string>>(body, { header: true, skipEmptyLines: true });
				expect(errors).toEqual([]);
				return { preamble, rows: data, header: Object.keys(data[0]) };
			};
			const es = await parse(new URL(href, server.url).toString());
			const en = await parse(new URL(href.replace('lang=es', 'lang=en'), server.url).toString());
			expect(es.header).toEqual([
				'lugar', 'fips_condado', 'condado', 'estado', 'consulado', 'indice_necesidad',
				'poblacion_objetivo', 'poblacion_objetivo_percentil', 'tasa_sin_seguro', 'tasa_sin_seguro_percentil',
				'proporcion_ingles_limitado', 'proporcion_ingles_limitado_percentil', 'tasa_pobreza', 'tasa_pobreza_percentil',
				'km_servicio_cercano', 'km_servicio_cercano_percentil', 'penetracion', 'penetracion_percentil', 'razones'
			]);
			expect(en.header[0]).toBe('rank');
			expect(es.header).toHaveLength(en.header.length);
			expect(es.preamble[0]).toMatch(/índice de necesidad por condado, \d{1,2} de [a-z]+ de \d{4}; tipo Datos de demostración/);
			expect(es.preamble[1]).toMatch(/solo condados a más de 100 km/);
			// Same counties in the same order, as many as the page says match, with the same totals.
			expect(es.rows).toHaveLength(matching);
			expect(en.rows).toHaveLength(matching);
			expect(es.rows.map((r) => r.fips_condado)).toEqual(en.rows.map((r) => r.county_fips));
			const sum = (rows: Record<string, string>[], column: string) => rows.reduce((s, r) => s + Number(r[column] || 0), 0);
			expect(sum(es.rows, 'poblacion_objetivo')).toBe(sum(en.rows, 'target_population'));
			expect(sum(es.rows, 'poblacion_objetivo')).toBeGreaterThan(0);
			expect(sum(es.rows, 'indice_necesidad')).toBeCloseTo(sum(en.rows, 'need_index'), 9);
			// Reasons are written in the export's language.
			const reasonsEs = es.rows.map((r) => r.razones).join('; ');
			expect(reasonsEs).toMatch(/Km al servicio más cercano/);
			expect(reasonsEs).not.toMatch(/Km to nearest service/);
		});
	});


	it('logged no page errors', () => {
		expect(problems).toEqual([]);
	});
});
