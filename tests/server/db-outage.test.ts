/**
 * The built server (`node build`) while its database cannot be reached: a PostgreSQL cluster of
 * the test's own that it stops and starts, and an embedded directory another process holds. The
 * API answers 503 with { message } and Retry-After, pages answer 503 with the notice, in the
 * request's language, and the same server process serves again once the database is back.
 */
import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { translator, type Lang } from '../../src/lib/i18n';
import { errors } from '../../src/lib/i18n/errors';
import { openDb, type DbHandle } from '../../src/lib/server/db/client';
import { startServer, type RunningServer } from '../e2e/support/server';
import { freshPgliteDir } from '../support/db';
import { loadGeography } from '../support/fixtures';
import { privateCluster, type Cluster } from '../support/pg-cluster';

const API = '/api/services?by=total';
const unavailable = (status: number) => status === 503;

/** Retries `check` until it passes or `ms` run out (the machine may be slow: no timing is asserted). */
async function eventually(check: () => Promise<void>, ms = 120_000): Promise<void> {
	const deadline = Date.now() + ms;
	for (;;) {
		try {
			return await check();
		} catch (e) {
			if (Date.now() > deadline) throw e;
			await new Promise((r) => setTimeout(r, 500));
		}
	}
}

const get = (server: RunningServer, path: string, lang: Lang, accept = '*/*') =>
	fetch(`${server.url}${path}`, { headers: { accept, 'accept-language': lang } });

/** The API and the national map page both answer the database-unavailable 503, in `lang`. */
async function expectUnavailable(server: RunningServer, lang: Lang): Promise<void> {
	const t = translator(lang, errors);
	const api = await get(server, API, lang);
	expect(api.status).toBe(503);
	expect(api.headers.get('content-type')).toMatch(/^application\/json/);
	expect(Number(api.headers.get('retry-after'))).toBeGreaterThan(0);
	expect(await api.json()).toMatchObject({ message: t('error.dbUnavailable') });

	const page = await get(server, '/', lang, 'text/html');
	expect(page.status).toBe(503);
	expect(page.headers.get('content-type')).toMatch(/^text\/html/);
	expect(Number(page.headers.get('retry-after'))).toBeGreaterThan(0);
	const html = await page.text();
	expect(html).toContain(`<html lang="${lang}"`);
	expect(html).toContain(t('error.dbUnavailable.title'));
	expect(html).toContain(t('error.dbUnavailable'));
	expect(html).toContain(t('error.retry'));
}

/** The API and the page answer 200 again. */
async function expectServing(server: RunningServer): Promise<void> {
	const api = await get(server, API, 'en');
	expect(api.status).toBe(200);
	expect(await api.json()).toHaveProperty('rows');
	const page = await get(server, '/', 'es', 'text/html');
	expect(page.status).toBe(200);
}

const pgBin = inject('environment').pgBin;

describe.skipIf(!pgBin)('the server while its PostgreSQL stops and starts again', () => {
	let cluster: Cluster;
	let server: RunningServer | undefined;
	beforeAll(async () => {
		cluster = await privateCluster(pgBin!);
		const handle = await openDb({ url: cluster.url });
		await handle.migrate();
		await loadGeography(handle.db);
		await handle.close();
		// Down before the server starts: it must start anyway.
		await cluster.stop('fast');
		server = await startServer({ DATABASE_URL: cluster.url }, { ready: (r) => unavailable(r.status) });
	});
	afterAll(async () => {
		await server?.stop();
		await cluster?.destroy();
	});

	it('starts while the database is down, answering 503 with the notice in Spanish and in English', async () => {
		await expectUnavailable(server!, 'es');
		await expectUnavailable(server!, 'en');
		expect(server!.output()).toContain('database: unavailable at start');
	});

	it('serves once the database is up, without a restart', async () => {
		await cluster.start();
		await eventually(() => expectServing(server!));
	}, 240_000);

	it('answers 503 when the database stops under it (clients disconnected by a fast shutdown)', async () => {
		await cluster.stop('fast');
		// Figures are cached for the data version, which is read again within a second.
		await eventually(() => expectUnavailable(server!, 'en'));
		await expectUnavailable(server!, 'es');
	}, 240_000);

	it('serves again by itself when the database comes back', async () => {
		await cluster.start();
		await eventually(() => expectServing(server!));
		// One line per failed request, not a stack trace: the outage is expected, not a bug.
		expect(server!.output()).toMatch(/GET \/api\/services: database unavailable: \S+/);
	}, 240_000);
});

describe('the server on an embedded database that another process holds', () => {
	let root: string;
	let holder: DbHandle | undefined;
	let server: RunningServer | undefined;
	beforeAll(async () => {
		let dir: string;
		({ root, dir } = await freshPgliteDir());
		holder = await openDb({ pgliteDir: dir });
		await loadGeography(holder.db);
		server = await startServer({ PGLITE_DIR: dir }, { ready: (r) => unavailable(r.status) });
	});
	afterAll(async () => {
		await server?.stop();
		await holder?.close();
		rmSync(root, { recursive: true, force: true });
	});

	it('answers 503 while the directory is in use, saying why in its log', async () => {
		await expectUnavailable(server!, 'es');
		await expectUnavailable(server!, 'en');
		expect(server!.output()).toMatch(/is in use by process \d+ \(the server or another data command\)/);
	});

	it('opens the directory and serves once the other process lets go of it', async () => {
		await holder!.close();
		holder = undefined;
		await eventually(() => expectServing(server!), 300_000);
	}, 360_000);
});
