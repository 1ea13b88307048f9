/**
 * The national map in headless chromium on a production build, on an already loaded PGlite
 * directory: time to the first drawn map with figures (server just started, then warm), time for
 * the map to show new figures after a filter change, and bytes of JS and data on the first load.
 * Figures are printed, not checked. Called by scripts/bench.ts; alone: `tsx scripts/bench-ui.ts DIR`.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { BrowserContext, Page } from 'playwright-core';
import { launchBrowser } from '../tests/e2e/support/browser';
import { startServer } from './production-server';

type Row = [string, string];


const kb = (bytes: number) => `${(bytes / 1024).toFixed(0)} KB`;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

interface Transfer {
	url: string;
	type: string;
	bytes: number;
}

/** Loads `url` in a fresh context (empty cache) and returns ms to a map drawn with figures, and what went over the wire. */
async function firstLoad(browser: BrowserContext, url: string): Promise<{ ms: number; transfers: Transfer[]; page: Page; steps: Record<string, number> }> {
	const page = await browser.newPage();
	const cdp = await browser.newCDPSession(page);
	await cdp.send('Network.enable');
	await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
	const types = new Map<string, { url: string; type: string }>();
	const transfers: Transfer[] = [];
	cdp.on('Network.responseReceived', (e) => types.set(e.requestId, { url: e.response.url, type: e.type }));
	cdp.on('Network.loadingFinished', (e) => {
		const t = types.get(e.requestId);
		if (t) transfers.push({ ...t, bytes: e.encodedDataLength });
	});
	const t0 = performance.now();
	await page.goto(url);
	await page.waitForFunction(
		() => document.querySelector('[data-testid=map]')?.getAttribute('data-ready') === '1' && Number(document.querySelector('[data-testid=map-wrap]')?.getAttribute('data-updates')) > 0,
		undefined,
		{ timeout: 120_000, polling: 16 }
	);
	const steps = await page.evaluate(() => {
		const nav = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming;
		// No helper functions in here: the bundler would wrap them in a helper the page does not have.
		return {
			html: nav.responseEnd,
			scripts: nav.domContentLoadedEventEnd,
			mapCreated: performance.getEntriesByName('atlas:map-created')[0]?.startTime ?? NaN,
			mapLoaded: performance.getEntriesByName('atlas:map-loaded')[0]?.startTime ?? NaN,
			figures: performance.getEntriesByName('atlas:figures-drawn')[0]?.startTime ?? NaN
		};
	});
	return { ms: performance.now() - t0, transfers, page, steps };
}

/** ms from a filter change to the map showing the new figures. */
async function filterUpdate(page: Page, change: () => Promise<void>): Promise<{ ms: number; inPage: number }> {
	const before = await page.evaluate(() => Number(document.querySelector('[data-testid=map-wrap]')!.getAttribute('data-updates')));
	const t0 = performance.now();
	await change();
	await page.waitForFunction((n) => Number(document.querySelector('[data-testid=map-wrap]')!.getAttribute('data-updates')) > n, before, { polling: 8 });
	const ms = performance.now() - t0;
	// In the page: from the filter's change to the frame that shows the new figures.
	const inPage = await page.evaluate(
		() => performance.getEntriesByName('atlas:figures-drawn').at(-1)!.startTime - performance.getEntriesByName('atlas:filters-changed').at(-1)!.startTime
	);
	return { ms, inPage };
}

/** Gzip size of the build's own copy of each script loaded (what "first-load JS gzipped" means). */
function gzippedScripts(transfers: Transfer[]): number {
	let total = 0;
	for (const t of transfers.filter((x) => x.type === 'Script')) {
		const file = join('build', 'client', new URL(t.url).pathname);
		if (existsSync(file)) total += gzipSync(readFileSync(file)).length;
	}
	return total;
}

export async function benchUi(pgliteDir: string): Promise<Row[]> {
	const rows: Row[] = [];
	const server = await startServer({ pgliteDir });
	const base = server.url;
	const browser = await launchBrowser({ width: 1440, height: 900 });
	try {
		const cold = await firstLoad(browser, `${base}/`);
		rows.push(['first map with figures, server just started', `${cold.ms.toFixed(0)} ms`]);
		await cold.page.close();
		const warm: number[] = [];
		let last: Awaited<ReturnType<typeof firstLoad>> | null = null;
		for (let i = 0; i < 5; i++) {
			last?.page && (await last.page.close());
			last = await firstLoad(browser, `${base}/`);
			warm.push(last.ms);
		}
		rows.push(['first map with figures, empty browser cache (median of 5)', `${median(warm).toFixed(0)} ms`]);
		const st = last!.steps;
		rows.push([
			'  of which (ms after navigation start)',
			`HTML ${st.html.toFixed(0)}, scripts run ${st.scripts.toFixed(0)}, map created ${st.mapCreated.toFixed(0)}, geometry drawn ${st.mapLoaded.toFixed(0)}, figures drawn ${st.figures.toFixed(0)}`
		]);
		const t = last!.transfers;
		const sum = (f: (x: Transfer) => boolean) => t.filter(f).reduce((s, x) => s + x.bytes, 0);
		rows.push(['  JS transferred (brotli)', kb(sum((x) => x.type === 'Script'))]);
		rows.push(['  JS gzipped (build files, same scripts)', kb(gzippedScripts(t))]);
		rows.push(['  data transferred (JSON, geometry)', kb(sum((x) => x.type === 'Fetch' || x.type === 'XHR'))]);
		rows.push(['  everything transferred', `${kb(sum(() => true))} in ${t.length} requests`]);
		// The map's worker fetches the prerendered geometry itself (not seen by the page's network log): their brotli files.
		const prerendered = join('build', 'prerendered', 'api', 'geo');
		const files = existsSync(prerendered) ? readdirSync(prerendered).filter((f) => f.endsWith('.json.br')) : [];
		rows.push(['  geometry (prerendered, brotli, fetched once)', files.map((f) => `${f.replace('.br', '')} ${kb(statSync(join(prerendered, f)).size)}`).join(', ')]);
		await last!.page.close();

		// Filter changes on the people-served map: each combination asked for the first time.
		const page = (await firstLoad(browser, `${base}/?indicator=people_served`)).page;
		// Checkboxes sit in closed <details>: click them the way a keyboard user would toggle them.
		const tick = (testid: string) => () => page.evaluate((id) => (document.querySelector(`[data-testid=${id}]`) as HTMLInputElement).click(), testid);
		const changes: [string, () => Promise<void>][] = [
			['channel = mobile unit', tick('filter-channel-mobile_unit')],
			['+ channel = fair', tick('filter-channel-health_week_fair')],
			['group = women', async () => void (await page.getByTestId('filter-group').selectOption('women'))],
			['office = Houston', async () => void (await page.getByTestId('filter-office').selectOption('houston'))],
			['provider = clinic', tick('filter-ptype-clinic')],
			['back to no office', async () => void (await page.getByTestId('filter-office').selectOption(''))]
		];
		const inPage: number[] = [];
		const outside: number[] = [];
		for (const [label, change] of changes) {
			const r = await filterUpdate(page, change);
			inPage.push(r.inPage);
			outside.push(r.ms);
			rows.push([`  filter: ${label}`, `${r.inPage.toFixed(0)} ms in the page, ${r.ms.toFixed(0)} ms seen from playwright`]);
		}
		rows.push(['map updated after a filter change (median, in the page)', `${median(inPage).toFixed(0)} ms`]);
		rows.push(['  the same seen from playwright (adds its round trips)', `${median(outside).toFixed(0)} ms`]);
		// Zooming to an office may fetch the ZCTA points once; no geometry file may be fetched twice.
		const geo = (await page.evaluate(() => performance.getEntriesByType('resource').map((e) => e.name).filter((n) => n.includes('/api/geo/')))) as string[];
		rows.push(['geometry files fetched more than once', String(geo.length - new Set(geo).size)]);
	} finally {
		await browser.close();
		await server.stop();
	}
	return rows;
}

if (process.argv[1]?.endsWith('bench-ui.ts')) {
	const dir = process.argv[2];
	if (!dir) {
		console.error('usage: tsx scripts/bench-ui.ts <loaded PGlite directory>');
		process.exit(2);
	}
	for (const [label, value] of await benchUi(dir)) console.log(`${label.padEnd(58)}  ${value}`);
}
