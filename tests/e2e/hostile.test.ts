/**
 * Hostile input against the running server: SQL in every query parameter and path of the public
 * read APIs and pages, uploads over the size limit, files that are not what they claim, requests
 * from other sites or without the CSRF token, script in partner and file names (chromium), and
 * spreadsheet formulas in names that reach a CSV export. Every answer is a 4xx with a message (or
 * the literal data), never a 500, and the figures and the import history are as they were after.
 *
 * The refusals run on the server the e2e files share: they write nothing. What writes (partners
 * named with script and formulas, with service records) runs on a server of its own, started with
 * IMPORT_MAX_MB=1 for the size limit: an office with any measured service record leaves its demo
 * records out of every figure, so one record would change the figures the other files check while
 * they run.
 */
import { mkdirSync, readFileSync } from 'node:fs';
import Papa from 'papaparse';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { launchBrowser, watched } from './support/browser';
import { E2E_ADMIN, sharedServer, startServer, type RunningServer } from './support/server';
import { signIn, type Client } from './support/session';

/** Strings that would change a query if anything pasted them into SQL (NUL and a 3,000-character one too). */
const SQL_INJECTIONS = ["'; DROP TABLE partners; --", '1 OR 1=1', "\\'); DELETE FROM service_records; --", '$$', "' OR ''='", '\u0000', `${'9'.repeat(2990)}' OR '1'='1`];
const q = encodeURIComponent;

/** Endpoints with the parameters each takes; every parameter gets every injection in turn. */
const FILTERS = ['from', 'to', 'channel', 'service', 'ptype', 'group', 'office'];
const API_PARAMETERS: [string, string[]][] = [
	['/api/services?x=1', ['by', ...FILTERS]],
	['/api/penetration?x=1', ['target', ...FILTERS]],
	['/api/areas/06073?x=1', ['level', 'target', ...FILTERS]],
	['/api/indicators/mexican_origin?x=1', ['level', 'measure']],
	['/api/partners.geojson?x=1', ['consulate', 'type', 'inactive']],
	['/api/need-index?x=1', ['group', 'desks', 'partners', 'weights']],
	['/api/need-index.csv?x=1', ['group', 'desks', 'partners', 'weights', 'lang', 'beyondKm']],
	['/api/places.json?x=1', ['limit']],
	['/api/analysis/nearest_km?x=1', ['level', 'group', 'desks', 'partners']],
	['/api/analysis/remote?x=1', ['radiusKm']],
	['/api/analysis/need_index?x=1', ['weights']]
];
/** How a refusal names a parameter whose message speaks of what it holds. */
const NAMED_AS: Record<string, string> = { weights: 'need component', partners: 'partner type' };
/** Paths whose last part is the injection. */
const API_PATHS = ['/api/areas/', '/api/indicators/', '/api/partners/', '/api/analysis/', '/api/scenarios/'];

const PARTNERS_HEADER = 'clave,nombre,tipo,consulado,dirección,ciudad,estado,código postal,latitud,longitud';
/** Script in names: each would set window.__xss if a page put it into HTML. */
const XSS = { img: '<img src=x onerror="window.__xss=1">', script: '<script>window.__xss=2</script>', city: '<b onmouseover="window.__xss=4">Bold City</b>' };
const XSS_FILE = '<svg onload=window.__xss=3>.csv';
/** Names a spreadsheet would run as formulas. */
const FORMULAS = ['=HYPERLINK("http://evil","x")', '+1+1', '-2+3', '@SUM(A1)'];

const csvLine = (cells: string[]) => cells.map((c) => `"${c.replaceAll('"', '""')}"`).join(',');

describe.skipIf(!inject('environment').chromium)('hostile input against the server', () => {
	let server: RunningServer;
	let admin: Client;
	let other: Client;
	/** What the tests compare before and after: the national totals and the import history. */
	const state = async () => ({
		total: await (await fetch(`${server.url}/api/services?by=total`)).json(),
		imports: await (await admin.fetch('/api/imports')).json()
	});
	let initial: Awaited<ReturnType<typeof state>>;
	/** The server of its own, loading its data while the refusals run on the shared one. */
	let isolatedServer: Promise<RunningServer>;

	beforeAll(async () => {
		server = await sharedServer();
		isolatedServer = startServer({ IMPORT_MAX_MB: '1' });
		isolatedServer.catch(() => {}); // awaited (and reported) by the block that uses it
		// Two sessions of the administrator, signed in first: their tokens differ, which the CSRF tests use.
		admin = await signIn(server.url, E2E_ADMIN.username, E2E_ADMIN.password);
		other = await signIn(server.url, E2E_ADMIN.username, E2E_ADMIN.password);
		initial = await state();
	});

	afterAll(async () => {
		await (await isolatedServer?.catch(() => null))?.stop();
	});

	describe('SQL in query parameters and paths', () => {
		/** A refusal: 400 or 404 with a message in JSON (API) or the error page (pages), never a 500. */
		async function expectRefusal(path: string, init: RequestInit = {}, client?: Client) {
			const response = client ? await client.fetch(path, init) : await fetch(`${server.url}${path}`, init);
			const body = await response.text();
			expect([400, 404], `${path.slice(0, 120)} -> ${response.status} ${body.slice(0, 200)}`).toContain(response.status);
			if (path.startsWith('/api/')) expect(JSON.parse(body).message, path.slice(0, 120)).toMatch(/\w{3}/);
			// The report's own error page, or SvelteKit's: the status as the heading, the message under it.
			else expect(body, path.slice(0, 120)).toMatch(new RegExp(`data-testid="error-message">[^<]{3}|<h1>${response.status}</h1>\\s*<p>[^<]{3}`));
			return response.status;
		}

		it('answers every injected parameter of the public read APIs with 400 and what the parameter expects', async () => {
			for (const [base, names] of API_PARAMETERS) {
				for (const name of names) {
					for (const injection of SQL_INJECTIONS) {
						const path = `${base}&${name}=${q(injection)}`;
						const response = await fetch(`${server.url}${path}`);
						const body = await response.text();
						expect(response.status, `${path.slice(0, 120)}: ${body.slice(0, 200)}`).toBe(400);
						// The message names the parameter (the lists of types and weights by what they hold).
						expect(JSON.parse(body).message).toMatch(new RegExp(NAMED_AS[name] ?? name, 'i'));
					}
				}
			}
		}, 600_000);

		it('answers an injected path part with 400 or 404 and a message', async () => {
			for (const base of API_PATHS) for (const injection of SQL_INJECTIONS) await expectRefusal(`${base}${q(injection)}`);
			for (const injection of SQL_INJECTIONS) {
				await expectRefusal(`/api/areas/${q(injection)}?level=zcta`);
				await expectRefusal(`/api/scenarios/${q(injection)}/export.csv`);
			}
		}, 300_000);

		it('takes an injected search as words to look for (200), or refuses one too short or too long (400)', async () => {
			for (const injection of SQL_INJECTIONS) {
				const response = await fetch(`${server.url}/api/search?q=${q(injection)}`);
				const body = await response.json();
				if (injection.length > 100 || injection.trim().length < 2) {
					expect([response.status, body.message], injection.slice(0, 20)).toEqual([400, expect.stringMatching(/characters/)]);
				} else {
					expect(response.status, injection).toBe(200);
					// "1 OR 1=1" finds places with "1" and "or" in their names: the words are data, never SQL.
					expect(Array.isArray(body.results)).toBe(true);
				}
			}
		});

		it('answers injected page paths and filters with a 400 or 404 page that says why', async () => {
			const partner = (await (await fetch(`${server.url}/api/partners.geojson?consulate=san-diego`)).json()).features[0].properties.id;
			for (const injection of SQL_INJECTIONS) {
				expect(await expectRefusal(`/consulates/${q(injection)}?lang=en`)).toBe(404);
				await expectRefusal(`/partners/${q(injection)}?lang=en`);
				for (const name of ['target', 'from', 'to', 'channel', 'office']) await expectRefusal(`/consulates/san-diego?lang=en&${name}=${q(injection)}`);
				for (const name of ['radius', 'target', 'from', 'group']) await expectRefusal(`/partners/${partner}?lang=en&${name}=${q(injection)}`);
			}
		}, 300_000);

		it('answers injected parameters of the signed-in pages and APIs with 400 or 404', async () => {
			for (const injection of SQL_INJECTIONS) {
				for (const name of ['office', 'partner', 'from', 'to', 'page']) {
					await expectRefusal(`/api/records?${name}=${q(injection)}`, {}, admin);
					await expectRefusal(`/records?lang=en&${name}=${q(injection)}`, {}, admin);
				}
				await expectRefusal(`/api/imports/jobs/${q(injection)}`, {}, admin);
				await expectRefusal(`/api/imports/jobs/${q(injection)}/commit`, { method: 'POST', body: '{}' }, admin);
				await expectRefusal(`/api/imports/${q(injection)}/undo`, { method: 'POST' }, admin);
			}
		}, 300_000);

		it('refuses SQL in the fields of the administrator forms and the sign-in form', async () => {
			const users = async () => (await (await admin.fetch('/admin/users?lang=en')).text()).match(/<tr[ >]/g)!.length;
			const before = await users();
			for (const injection of SQL_INJECTIONS.slice(0, 5)) {
				const forms: Record<string, string>[] = [
					{ username: injection, role: 'program', password: 'a long enough password' },
					{ username: 'valid-name', role: injection, password: 'a long enough password' },
					{ username: 'valid-name', role: 'consulate', consulateId: injection, password: 'a long enough password' },
					{ username: 'valid-name', role: 'partner', partnerId: injection, password: 'a long enough password' },
					{ username: 'valid-name', role: 'partner', partnerId: '99999999999', password: 'a long enough password' }
				];
				for (const fields of forms) {
					const answer = await admin.action('/admin/users?/create', fields);
					expect([answer.type, answer.status], JSON.stringify(fields)).toEqual(['failure', 400]);
				}
				for (const action of ['active', 'password']) {
					const answer = await admin.action(`/admin/users?/${action}`, { id: injection, active: 'false', password: 'a long enough password' });
					expect([answer.type, answer.status], `${action} ${injection}`).toEqual(['failure', 400]);
				}
			}
			expect(await users()).toBe(before);
			// One failed sign-in (the address limit is shared by every e2e file): SQL in both fields, no session.
			const response = await fetch(`${server.url}/signin`, {
				method: 'POST',
				headers: { origin: server.url, accept: 'application/json', 'content-type': 'application/x-www-form-urlencoded' },
				body: new URLSearchParams({ username: "admin' --", password: "' OR '1'='1" }),
				redirect: 'manual'
			});
			expect(await response.json()).toMatchObject({ type: 'failure', status: 400 });
			expect(response.headers.getSetCookie().some((c) => c.startsWith('atlas_session='))).toBe(false);
		}, 300_000);

		it('refuses SQL in every field of a plan request before running it', async () => {
			const plan = (body: object) => fetch(`${server.url}/api/plan`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
			for (const injection of SQL_INJECTIONS) {
				for (const [field, named] of [
					['group', 'group'],
					['candidates', 'candidates'],
					['radiusKm', 'radiusKm'],
					['k', 'k must'],
					['partners', 'partner type'],
					['desks', 'desks']
				]) {
					const response = await plan({ [field]: injection });
					expect([response.status, (await response.json()).message], `${field}=${injection.slice(0, 20)}`).toEqual([400, expect.stringContaining(named)]);
				}
				const point = await plan({ candidates: 'given', extraCandidates: [{ id: injection, lat: injection, lon: -117 }] });
				expect([point.status, (await point.json()).message]).toEqual([400, 'extraCandidates[0].lat must be a number from -90 to 90']);
			}
		});

		it('stores SQL in a scenario name as text, and refuses control characters, NUL, half characters and deep nesting with a 400', async () => {
			const save = (name: string, extra: object = {}) =>
				fetch(`${server.url}/api/scenarios?lang=en`, {
					method: 'POST',
					headers: { 'content-type': 'application/json' },
					body: JSON.stringify({ name, params: {}, sites: [], summary: {}, ...extra })
				});
			for (const name of SQL_INJECTIONS.slice(0, 5)) {
				const response = await save(name);
				expect(response.status, name).toBe(201);
				const saved = await response.json();
				expect(saved.name).toBe(name);
				expect((await (await fetch(`${server.url}/api/scenarios/${saved.id}`)).json()).name).toBe(name);
				expect((await fetch(`${server.url}/api/scenarios/${saved.id}`, { method: 'DELETE' })).status).toBe(204);
			}
			const nameRule = 'The scenario name must be 1 to 120 characters, without control characters.';
			for (const name of ['nul\u0000name', 'bell\u0007name', 'half \ud800 name', 'x'.repeat(121), '   ']) {
				const response = await save(name);
				expect([response.status, (await response.json()).message], JSON.stringify(name)).toEqual([400, nameRule]);
			}
			for (const extra of [{ sites: [{ label: 'a\u0000b' }] }, { summary: { kind: '\udc00' } }, { params: { ['k\u0000']: 1 } }]) {
				const response = await save('hostile scenario', extra);
				expect([response.status, (await response.json()).message]).toEqual([400, 'params, sites and summary cannot be stored: a NUL character or half a character in a text']);
			}
			const deep = await fetch(`${server.url}/api/scenarios`, {
				method: 'POST',
				headers: { 'content-type': 'application/json' },
				body: `{"name":"deep","params":${'['.repeat(10_000)}${']'.repeat(10_000)},"sites":[],"summary":{}}`
			});
			expect([deep.status, (await deep.json()).message]).toEqual([400, 'params, sites and summary cannot be stored: nested more than 20 levels deep']);
			const names = (await (await fetch(`${server.url}/api/scenarios`)).json()).map((x: { name: string }) => x.name);
			for (const name of [...SQL_INJECTIONS, 'hostile scenario', 'deep']) expect(names).not.toContain(name);
		});

		it('left the figures and the import history as they were', async () => {
			expect(await state()).toEqual(initial);
		});
	});

	describe('wrong file types and malformed files through the upload API', () => {
		const bytes = (...b: number[]) => new Uint8Array(b);
		const binary = (kind: string) => `This is a ${kind} file, not CSV text. Save it as CSV (comma- or semicolon-separated, UTF-8) and upload that.`;
		const cases: [string, string, Uint8Array | string, string | RegExp][] = [
			['services', 'logo.png', bytes(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13), binary('PNG image')],
			['services', 'report.pdf', '%PDF-1.7\n%âãÏÓ\n', binary('PDF')],
			['services', 'book.xlsx', bytes(0x50, 0x4b, 0x03, 0x04, 0x14, 0, 0x06, 0), binary('ZIP archive (an Excel .xlsx workbook is one)')],
			['partners', 'partners.csv.gz', bytes(0x1f, 0x8b, 0x08, 0, 0, 0, 0, 0, 0, 3), binary('gzip archive')],
			['services', 'setup.exe', bytes(0x4d, 0x5a, 0x90, 0, 0x03, 0, 0, 0, 0x04, 0, 0, 0, 0xff, 0xff, 0, 0), binary('Windows program (.exe or .dll)')],
			['services', 'random.bin', bytes(0x13, 0x37, 0, 0xde, 0xad, 0xbe, 0xef, 0, 0x42), binary('binary')],
			['services', 'utf16.csv', new Uint8Array(Buffer.from('mes,consulado\n2024-01,san-diego\n', 'utf16le')), 'The file looks like UTF-16 text without a byte-order mark. Save it as CSV UTF-8.'],
			['services', 'records.json', '[{"mes": "2024-01"}]', binary('JSON')],
			['partners', 'shapes.geojson', JSON.stringify({ type: 'FeatureCollection', features: [{ type: 'Feature', geometry: { type: 'Polygon', coordinates: [] }, properties: {} }] }), 'Not a GeoJSON FeatureCollection of points: features.0.geometry.type: Invalid input: expected "Point".'],
			['partners', 'broken.geojson', '{"type": "FeatureCollection", "features": [', /^Not a GeoJSON FeatureCollection of points: .*JSON.*\.$/],
			['services', 'quote.csv', 'mes,consulado,canal,tipo de servicio,personas atendidas,servicios\n2024-01,"san-diego,desk,glucose,1,1\n', 'Line 2: Quoted field unterminated. Check the quotes in that line.'],
			['services', 'header.csv', 'mes,consulado,canal,tipo de servicio,personas atendidas,servicios\n', 'The file has a header but no data rows.'],
			['services', 'blank.csv', '\n\n\n', 'The first line must be the header (the column names).'],
			['services', 'columns.csv', 'a,b,c\n1,2,3\n', /^Missing required columns: mes \(month\), consulado \(office\)/]
		];

		it('fails each job with a message that says what the file is or what is wrong with it', async () => {
			for (const [dataset, name, content, message] of cases) {
				const { status, job } = await admin.importFile(dataset, name, content);
				expect(status, name).toBe(202);
				expect(job.phase, name).toBe('failed');
				if (typeof message === 'string') expect(job.error, name).toBe(message);
				else expect(job.error, name).toMatch(message);
			}
		}, 600_000);

		it('refuses a malformed request before any job: no file, empty file, unknown data set, not multipart', async () => {
			const post = (body: BodyInit, headers: Record<string, string> = {}) => admin.fetch('/api/imports/jobs?lang=en', { method: 'POST', body, headers });
			const empty = new FormData();
			empty.set('dataset', 'services');
			empty.set('file', new Blob([]), 'empty.csv');
			expect([(await post(empty)).status, (await (await post(empty)).json()).message]).toEqual([400, 'file: choose a file to import.']);
			for (const injection of SQL_INJECTIONS.slice(0, 5)) {
				const form = new FormData();
				form.set('dataset', injection);
				form.set('file', new Blob(['a,b\n1,2\n']), 'a.csv');
				const response = await post(form);
				expect([response.status, (await response.json()).message]).toEqual([400, 'dataset: one of partners, services, population, jurisdictions.']);
			}
			const json = await post(JSON.stringify({ dataset: 'services' }), { 'content-type': 'application/json' });
			expect([json.status, (await json.json()).message]).toEqual([400, 'Send the file as multipart/form-data with the fields dataset, file and (optionally) office.']);
			const broken = await post('--x\r\nnot a form', { 'content-type': 'multipart/form-data; boundary=x' });
			expect(broken.status).toBe(400);
		});

		it('fails a job for an injected office with "Unknown office", and keeps an injected file name as text', async () => {
			for (const injection of SQL_INJECTIONS.slice(0, 5)) {
				const { job } = await admin.importFile('services', 'a.csv', 'mes,consulado,canal,tipo de servicio,personas atendidas,servicios\n2024-01,san-diego,desk,glucose,1,1\n', { office: injection });
				expect([job.phase, job.error]).toEqual(['failed', `Unknown office "${injection}".`]);
			}
			const name = "x'; DROP TABLE import_uploads; --.csv";
			const { job } = await admin.importFile('services', `..\\..\\${name}`, 'mes,consulado\n');
			expect(job.phase).toBe('failed');
			expect((job as unknown as { fileName: string }).fileName).toBe(name);
		}, 300_000);

		it('left the figures and the import history as they were', async () => {
			expect(await state()).toEqual(initial);
		});
	});

	describe('requests from another site or without the CSRF token', () => {
		const undoPath = '/api/imports/999999/undo';
		const uploadForm = () => {
			const form = new FormData();
			form.set('dataset', 'services');
			form.set('file', new Blob(['mes,consulado,canal,tipo de servicio,personas atendidas,servicios\n2024-01,san-diego,desk,glucose,1,1\n']), 'a.csv');
			return form;
		};

		it('refuses a state-changing request with a foreign, null or look-alike Origin', async () => {
			for (const origin of ['https://evil.example', 'null', server.url.replace('http://', 'https://'), `${server.url}.evil.example`, server.url.replace(/:\d+$/, ':1')]) {
				for (const [path, init] of [
					['/api/imports/jobs?lang=en', { method: 'POST', body: uploadForm() }],
					[undoPath, { method: 'POST' }],
					['/api/scenarios', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name: 'csrf', params: {}, sites: [], summary: {} }) }],
					['/signout', { method: 'POST' }]
				] as [string, RequestInit][]) {
					const response = await admin.fetch(path, { ...init, headers: { ...(init.headers as Record<string, string>), origin } });
					expect(response.status, `${origin} ${path}`).toBe(403);
					// The app's own check, or SvelteKit's for form bodies (multipart), which runs first.
					const refusal = await response.text();
					expect(refusal.includes(`cross-site request refused (Origin ${origin} is not`) || refusal === 'Cross-site POST form submissions are forbidden', refusal).toBe(true);
				}
				const form = await fetch(`${server.url}/admin/users?/create`, {
					method: 'POST',
					headers: { cookie: admin.cookie, origin, 'content-type': 'application/x-www-form-urlencoded' },
					body: new URLSearchParams({ csrf: admin.csrf, username: 'csrf-victim', role: 'admin', password: 'a long enough password' })
				});
				expect(form.status, `${origin} form`).toBe(403);
			}
			// The control: from this site, with the token, the same requests pass the check (and fail on their content).
			expect((await admin.fetch(undoPath, { method: 'POST' })).status).toBe(404);
			expect(await admin.action('/admin/users?/create', { username: '!', role: 'admin', password: 'a long enough password' })).toMatchObject({ type: 'failure', status: 400 });
		}, 300_000);

		it('refuses a request a browser marks cross-site even without an Origin header', async () => {
			// Not admin.fetch: it adds this site's Origin, as a browser would for a same-site request.
			const response = await fetch(`${server.url}${undoPath}`, { method: 'POST', headers: { cookie: admin.cookie, 'x-csrf-token': admin.csrf, 'sec-fetch-site': 'cross-site' } });
			expect([response.status, (await response.json()).message]).toEqual([403, 'cross-site request refused']);
		});

		it('refuses a signed-in request without the CSRF token, with a wrong one, or with another session\'s', async () => {
			for (const token of [null, '', 'x', `${admin.csrf}x`, admin.csrf.slice(1), other.csrf]) {
				const headers: Record<string, string> = token === null ? {} : { 'x-csrf-token': token };
				const raw = (path: string, init: RequestInit) =>
					fetch(`${server.url}${path}`, { ...init, headers: { cookie: admin.cookie, origin: server.url, ...headers, ...(init.headers as Record<string, string>) }, redirect: 'manual' });
				for (const [path, init] of [
					['/api/imports/jobs?lang=en', { method: 'POST', body: uploadForm() }],
					[undoPath, { method: 'POST' }],
					['/signout', { method: 'POST' }]
				] as [string, RequestInit][]) {
					const response = await raw(path, init);
					expect(response.status, `${String(token).slice(0, 10)} ${path}`).toBe(403);
					expect(await response.text()).toContain('missing or wrong CSRF token');
				}
				const form = await raw('/admin/users?/create', {
					method: 'POST',
					headers: { 'content-type': 'application/x-www-form-urlencoded' },
					body: new URLSearchParams({ ...(token === null ? {} : { csrf: token }), username: 'csrf-victim', role: 'admin', password: 'a long enough password' })
				});
				expect(form.status, `form with ${String(token).slice(0, 10)}`).toBe(403);
			}
		});

		it('changed nothing: no user, no scenario, no import, and both sessions still signed in', async () => {
			expect(await (await admin.fetch('/admin/users?lang=en')).text()).not.toContain('csrf-victim');
			expect((await (await fetch(`${server.url}/api/scenarios`)).json()).map((s: { name: string }) => s.name)).not.toContain('csrf');
			expect((await admin.fetch('/api/imports')).status).toBe(200);
			expect((await other.fetch('/api/imports')).status).toBe(200);
			expect(await state()).toEqual(initial);
		});
	});

	describe('on a server of its own', () => {
		// The same names as the outer block, so the tests below read as they would on the shared server.
		let server: RunningServer;
		let admin: Client;
		const state = async () => ({
			total: await (await fetch(`${server.url}/api/services?by=total`)).json(),
			imports: await (await admin.fetch('/api/imports')).json()
		});
		let initial: Awaited<ReturnType<typeof state>>;

		beforeAll(async () => {
			server = await isolatedServer;
			admin = await signIn(server.url, E2E_ADMIN.username, E2E_ADMIN.password);
			initial = await state();
		}, 600_000);

		describe('uploads over the size limit', () => {
			const MB = 2 ** 20;
			let limitBytes: number;
			beforeAll(async () => {
				const page = await (await admin.fetch('/imports?lang=en')).text();
				const mb = Number(/at most (\d+) MB\)/.exec(page)?.[1]);
				expect(mb, 'the limit the import page states').toBeGreaterThan(0);
				limitBytes = mb * MB;
			});
			const boundary = '----hostile-upload-boundary';
			const head = (name: string) =>
				`--${boundary}\r\nContent-Disposition: form-data; name="dataset"\r\n\r\nservices\r\n--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${name}"\r\nContent-Type: text/csv\r\n\r\n`;
			const tail = `\r\n--${boundary}--\r\n`;
			async function expect413(response: Response) {
				expect(response.status).toBe(413);
				const body = await response.json();
				expect(body.message).toBe(`The file is larger than the limit of ${limitBytes / MB} MB. Split it into smaller files, or ask an administrator to raise IMPORT_MAX_MB.`);
				expect(body.limitBytes).toBe(limitBytes);
			}

			it('refuses a body whose Content-Length is over the limit with 413 naming the limit in MB', async () => {
				const body = new Uint8Array(limitBytes + 256 * 1024).fill(0x41);
				const response = await admin.fetch('/api/imports/jobs?lang=en', {
					method: 'POST',
					headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
					body: new Blob([head('big.csv'), body, tail])
				});
				await expect413(response);
			}, 300_000);

			it('refuses a chunked body without Content-Length as soon as it passes the limit', async () => {
				const chunk = new Uint8Array(64 * 1024).fill(0x42);
				let sent = 0;
				const stream = new ReadableStream<Uint8Array>({
					start(controller) {
						controller.enqueue(new TextEncoder().encode(head('chunked.csv')));
					},
					pull(controller) {
						// Four times the limit, in 64 KB chunks: the server answers once it has read past the limit.
						if (sent >= 4 * limitBytes) return controller.close();
						sent += chunk.length;
						controller.enqueue(chunk);
					}
				});
				const response = await admin.fetch('/api/imports/jobs?lang=en', {
					method: 'POST',
					headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
					body: stream,
					duplex: 'half'
				} as RequestInit);
				await expect413(response);
			}, 300_000);

			it('refuses a file over the limit in a body just under the limit with the form overhead', async () => {
				const response = await admin.fetch('/api/imports/jobs?lang=en', {
					method: 'POST',
					headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
					body: new Blob([head('just-over.csv'), new Uint8Array(limitBytes + 1).fill(0x43), tail])
				});
				await expect413(response);
			}, 300_000);

			it('answers the next upload from the same client as usual: each refused body was read to its end', async () => {
				const { status, job } = await admin.importFile('services', 'after.csv', 'a,b\n1,2\n');
				expect([status, job.phase]).toEqual([202, 'failed']);
				expect(job.error).toMatch(/^Missing required columns/);
			});

			it('left the figures and the import history as they were', async () => {
				expect(await state()).toEqual(initial);
			});
		});

		describe('script and formulas in names, as data everywhere', () => {
			let browser: BrowserContext;
			let page: Page;
			const problems: string[] = [];
			const dialogs: string[] = [];
			let partnersBatch: number | null = null;
			let servicesBatch: number | null = null;
			let scenarioId: number | null = null;
			/** Partner id by name, and where each was placed. */
			const ids = new Map<string, number>();
			const PLACES: [string, string, number, number][] = [
				['XSS-1', XSS.img, 32.723, -117.155],
				['XSS-2', XSS.script, 32.708, -117.153],
				...FORMULAS.map((name, i): [string, string, number, number] => [`FX-${i + 1}`, name, 32.75 + i * 0.01, -117.1])
			];

			const noScriptRan = async (p: Page = page) => {
				expect(await p.evaluate(() => (window as unknown as { __xss?: number }).__xss), p.url()).toBeUndefined();
				expect(dialogs).toEqual([]);
			};
			/** Undoes what this block imported (services first: they use the partners). */
			async function undoAll() {
				for (const batch of [servicesBatch, partnersBatch]) {
					if (batch === null) continue;
					const response = await admin.fetch(`/api/imports/${batch}/undo?lang=en`, { method: 'POST' });
					expect(response.status, `undo ${batch}: ${await response.clone().text()}`).toBe(200);
				}
				servicesBatch = partnersBatch = null;
			}

			beforeAll(async () => {
				mkdirSync('test-results/e2e', { recursive: true });
				// Partners with script and formulas for names at real San Diego points (ZIP 92101), imported as the administrator.
				const rows = PLACES.map(([key, name, lat, lon]) => [key, name, 'clinic', 'san-diego', '1 Main St', key === 'XSS-1' ? XSS.city : 'San Diego', 'CA', '92101', String(lat), String(lon)]);
				const upload = await admin.importFile('partners', XSS_FILE, `${PARTNERS_HEADER}\n${rows.map(csvLine).join('\n')}\n`);
				expect(upload.job.phase, upload.job.error ?? '').toBe('previewed');
				expect([upload.job.preview!.add, upload.job.preview!.reject]).toEqual([PLACES.length, 0]);
				const committed = await admin.commit(upload.job.id);
				expect(committed.job.phase, committed.job.error ?? '').toBe('committed');
				partnersBatch = committed.job.result!.batchId;
				const geo = await (await fetch(`${server.url}/api/partners.geojson?consulate=san-diego`)).json();
				for (const f of geo.features) if (PLACES.some(([, name]) => name === f.properties.name)) ids.set(f.properties.name, f.properties.id);
				expect(ids.size).toBe(PLACES.length);
				// Records of the script-named partners in the network's last month: the records page and San Diego's report list them.
				const month = initial.total.period.last as string;
				const records = ['XSS-1', 'XSS-2'].map((key, i) => `${month},san-diego,${key},desk,glucose,${120 + i},150,,,,,`);
				const services = await admin.importFile('services', 'records.csv', `mes,consulado,socio,canal,tipo de servicio,personas atendidas,servicios,mujeres,hombres,embarazadas,niños,lgbtq+\n${records.join('\n')}\n`);
				expect([services.job.phase, services.job.preview?.add], services.job.error ?? JSON.stringify(services.job.preview?.errors)).toEqual(['previewed', 2]);
				const written = await admin.commit(services.job.id);
				expect(written.job.phase).toBe('committed');
				servicesBatch = written.job.result!.batchId;

				browser = await launchBrowser();
				const [name, value] = admin.cookie.split('=');
				await browser.addCookies([{ name, value, url: server.url }]);
				page = watched(await browser.newPage(), problems);
				page.on('dialog', (d) => {
					dialogs.push(`${d.type()}: ${d.message()}`);
					void d.dismiss();
				});
			}, 600_000);

			afterAll(async () => {
				if (scenarioId !== null) await fetch(`${server.url}/api/scenarios/${scenarioId}`, { method: 'DELETE' });
				await undoAll();
				await browser?.close();
			});

			it('stores the names byte for byte and serves them as JSON text', async () => {
				const area = await (await fetch(`${server.url}/api/partners/${ids.get(XSS.img)}`)).json();
				expect([area.partner.name, area.partner.city]).toEqual([XSS.img, XSS.city]);
				const found = (await (await fetch(`${server.url}/api/search?q=${q('window.__xss')}`)).json()).results;
				expect(found.map((r: { label: string }) => r.label).sort()).toEqual([XSS.img, XSS.script].sort());
			});

			it('shows the file name as text in the import history', async () => {
				await page.goto(`${server.url}/imports?lang=en`);
				const history = page.getByTestId('import-history');
				await expect(history.getByText(XSS_FILE, { exact: true }).first().isVisible()).resolves.toBe(true);
				await expect(history.locator('svg').count()).resolves.toBe(0);
				await noScriptRan();
			});

			it("shows a rejected file's script cells, column names and file name as text in the preview", async () => {
				const name = '<img src=x onerror="window.__xss=5">.csv';
				const file = `clave,nombre,tipo,latitud,longitud,<img src=y onerror="window.__xss=6">\nK-1,<b>bold</b>,<script>window.__xss=7</script>,32.72,-117.15,x\n`;
				await page.locator('select[name=dataset]').selectOption('partners');
				await page.locator('input[type=file]').setInputFiles({ name, mimeType: 'text/csv', buffer: Buffer.from(file) });
				await page.getByTestId('import-form').locator('button[type=submit]').click();
				const preview = page.getByTestId('import-preview');
				await preview.waitFor({ timeout: 120_000 });
				await expect(preview.locator('h2').textContent()).resolves.toContain(name);
				await expect(preview.getByText('<script>window.__xss=7</script>', { exact: true }).isVisible()).resolves.toBe(true);
				await expect(preview.textContent()).resolves.toContain('Column "<img src=y onerror="window.__xss=6">" is not used');
				await expect(preview.locator('img, script, b').count()).resolves.toBe(0);
				// Every row was rejected: nothing to commit, so no commit button.
				await expect(page.getByTestId('nothing-to-commit').isVisible()).resolves.toBe(true);
				await noScriptRan();
			}, 180_000);

			it('shows the names as text on the records page', async () => {
				for (const name of [XSS.img, XSS.script]) {
					await page.goto(`${server.url}/records?lang=en&partner=${ids.get(name)}`);
					const table = page.getByTestId('records');
					await expect(table.getByText(name, { exact: true }).isVisible()).resolves.toBe(true);
					await expect(table.locator('img, script').count()).resolves.toBe(0);
					await noScriptRan();
				}
			});

			it('finds the partner with the search box, opens its panel and its hover card, all as text', async () => {
				await page.goto(`${server.url}/?lang=en`);
				await page.waitForSelector('[data-testid=map][data-ready="1"]', { timeout: 120_000 });
				await page.getByTestId('search').fill('window.__xss');
				const results = page.locator('#atlas-search-results');
				await results.waitFor();
				await expect(results.getByText(XSS.script, { exact: true }).isVisible()).resolves.toBe(true);
				await results.locator('li').filter({ hasText: XSS.img }).locator('button').click();
				const panel = page.getByTestId('side-panel');
				await expect(panel.locator('h2').textContent()).resolves.toBe(XSS.img);
				await expect(panel.textContent()).resolves.toContain(XSS.city);
				await page.waitForURL(new RegExp(`sel=partner(%3A|:)${ids.get(XSS.img)}`));
				// The panel lies over the map; close it so the points under it can be hovered.
				await page.keyboard.press('Escape');
				await expect(panel.count()).resolves.toBe(0);
				// The hover card (the map's popup) of each partner's point, found where the map draws it.
				for (const [, name, lat, lon] of PLACES.slice(0, 2)) {
					await page.evaluate(([lng, lt]) => (window as unknown as { __map: import('maplibre-gl').Map }).__map.jumpTo({ center: [lng, lt], zoom: 14 }), [lon, lat]);
					const id = ids.get(name)!;
					const point = await page.waitForFunction(
						(want) => {
							const map = (window as unknown as { __map: import('maplibre-gl').Map }).__map;
							const f = map.queryRenderedFeatures({ layers: ['partners'] }).find((x) => x.properties.id === want);
							return f ? map.project((f.geometry as GeoJSON.Point).coordinates as [number, number]) : null;
						},
						id,
						{ timeout: 60_000 }
					);
					const { x, y } = (await point.jsonValue())!;
					const box = (await page.getByTestId('map').boundingBox())!;
					await page.mouse.move(box.x + x, box.y + y);
					await page.screenshot({ path: `test-results/e2e/hostile-hover-${id}.png` });
					const card = page.getByTestId('hover-card');
					await expect(card.locator('strong').textContent()).resolves.toBe(name);
					await expect(card.locator('img, script, b').count()).resolves.toBe(0);
					await page.mouse.move(box.x + 5, box.y + 5);
				}
				await noScriptRan();
			}, 300_000);

			it("shows the partner's page with its name and its neighbour's as text", async () => {
				await page.goto(`${server.url}/partners/${ids.get(XSS.img)}?lang=en`);
				await page.waitForSelector('[data-testid=map][data-ready="1"]', { timeout: 120_000 });
				await expect(page.getByTestId('partner-name').textContent()).resolves.toBe(XSS.img);
				await expect(page.getByTestId('nearby').getByText(XSS.script, { exact: true }).isVisible()).resolves.toBe(true);
				await expect(page.locator('main img, main script').count()).resolves.toBe(0);
				await noScriptRan();
			}, 180_000);

			it("shows the names as text in San Diego's report, its top partners", async () => {
				await page.goto(`${server.url}/consulates/san-diego?lang=en`);
				await page.waitForSelector('[data-testid=map][data-ready="1"]', { timeout: 120_000 });
				await expect(page.getByTestId('office-name').textContent()).resolves.toBe('Consulate of Mexico in San Diego');
				const partners = page.getByTestId('partners');
				// Each name is its row's second cell, followed by " · " and the city.
				const cells = await partners.locator('tbody tr td:nth-child(2)').allTextContents();
				for (const name of [XSS.img, XSS.script]) expect(cells.filter((c) => c.startsWith(`${name} · `))).toHaveLength(1);
				await expect(partners.locator('img, script').count()).resolves.toBe(0);
				await noScriptRan();
			}, 180_000);

			it('shows script in an unknown office\'s address as text on the 404 page', async () => {
				// Its own tab: the browser logs the 404 as a console error, which is the point here.
				const tab = await browser.newPage();
				const response = await tab.goto(`${server.url}/consulates/${q('<img src=x onerror="window.__xss=9">')}?lang=en`);
				expect(response?.status()).toBe(404);
				await expect(tab.getByTestId('error-message').textContent()).resolves.toContain('<img src=x onerror="window.__xss=9">');
				await noScriptRan(tab);
				await tab.close();
			});

			it('neutralises formula names in the plan CSV export, and leaves them as written in GeoJSON', async () => {
				const extraCandidates = PLACES.slice(2).map(([, name, lat, lon]) => ({ id: `partner:${ids.get(name)}`, lat, lon }));
				const plan = await (
					await fetch(`${server.url}/api/plan`, {
						method: 'POST',
						headers: { 'content-type': 'application/json' },
						body: JSON.stringify({ group: 'mexican_origin', radiusKm: 5, k: FORMULAS.length, candidates: 'given', extraCandidates, desks: true, partners: 'none' })
					})
				).json();
				expect(plan.chosen.map((c: { label: string }) => c.label).sort()).toEqual([...FORMULAS].sort());
				const name = '=HYPERLINK("http://evil","scenario")';
				const saved = await fetch(`${server.url}/api/scenarios`, {
					method: 'POST',
					headers: { 'content-type': 'application/json' },
					body: JSON.stringify({
						name,
						params: { group: 'mexican_origin', radiusKm: 5, k: FORMULAS.length, candidates: 'given' },
						sites: plan.chosen,
						summary: { coveredBefore: plan.coveredBefore, coveredAfter: plan.coveredAfter, totalPopulation: plan.totalPopulation, upperBound: plan.upperBound, kind: plan.kind }
					})
				});
				expect(saved.status).toBe(201);
				scenarioId = (await saved.json()).id;
				const response = await fetch(`${server.url}/api/scenarios/${scenarioId}/export.csv?lang=en`);
				expect(response.headers.get('content-disposition')).toMatch(/^attachment; filename="scenario-\d+-[\w-]+\.csv"$/);
				const text = await response.text();
				expect(unneutralised(text)).toEqual([]);
				const rows = Papa.parse<string[]>(text.trim()).data;
				const header = rows.findIndex((r) => r[0] === 'rank');
				expect(rows.slice(header + 1).map((r) => r[2]).sort()).toEqual(FORMULAS.map((f) => `'${f}`).sort());
				// The scenario's name starts a formula too, but inside the "# ..." title line, which is text.
				expect(rows[0][0]).toMatch(/^# Ventanillas Atlas siting scenario "=HYPERLINK\("http:\/\/evil","scenario"\)", exported /);
				const geo = await (await fetch(`${server.url}/api/scenarios/${scenarioId}/export.geojson?lang=en`)).json();
				expect(geo.features.map((f: { properties: { name: string } }) => f.properties.name).sort()).toEqual([...FORMULAS].sort());
			});

			it('has no formula cell in the gaps CSV or in the national map table CSV', async () => {
				for (const lang of ['en', 'es']) {
					const text = await (await fetch(`${server.url}/api/need-index.csv?lang=${lang}&beyondKm=0`)).text();
					expect(text.split('\r\n').length).toBeGreaterThan(3000);
					expect(unneutralised(text)).toEqual([]);
				}
				await page.goto(`${server.url}/?lang=en&office=san-diego&indicator=people_served`);
				await page.waitForSelector('[data-testid=ranked-table] tbody tr', { timeout: 120_000 });
				const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-csv').click()]);
				expect(unneutralised(readFileSync((await download.path())!, 'utf8'))).toEqual([]);
				await noScriptRan();
			}, 180_000);

			it('undoes the import: the figures, the partners and the history are as before, the two imports marked undone', async () => {
				await undoAll();
				const after = await state();
				expect(after.total).toEqual(initial.total);
				expect(after.imports.slice(2)).toEqual(initial.imports);
				expect(after.imports.slice(0, 2).map((i: { fileName: string; undoneBy: string | null }) => [i.fileName, i.undoneBy])).toEqual([
					['records.csv', E2E_ADMIN.username],
					[XSS_FILE, E2E_ADMIN.username]
				]);
				const geo = await (await fetch(`${server.url}/api/partners.geojson?consulate=san-diego`)).json();
				expect(geo.features.filter((f: { properties: { id: number } }) => [...ids.values()].includes(f.properties.id))).toEqual([]);
			});

			it('logged no page errors and opened no dialog', () => {
				expect(problems).toEqual([]);
				expect(dialogs).toEqual([]);
			});
		});
	});
});

/**
 * Cells of a CSV text that a spreadsheet would run as a formula: starting with =, +, -, @, tab or
 * carriage return, other than plain numbers such as -117.15 (which a spreadsheet reads as numbers).
 */
function unneutralised(text: string): string[] {
	const rows = Papa.parse<string[]>(text, { skipEmptyLines: true }).data;
	return rows.flat().filter((c) => /^[=+\-@\t\r]/.test(c) && !/^-?\d+(\.\d+)?(e[+-]?\d+)?$/i.test(c));
}