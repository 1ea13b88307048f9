/**
 * The "done means", tried as new users would, in chromium against the 'writes' server: an
 * administrator creates accounts; a partner signs in, imports a messy file, reads the row errors,
 * fixes them, commits, sees its figures on the map and its own records, cannot see another
 * partner's, and undoes the import; the public sees only suppressed, aggregated figures.
 */
import { mkdirSync } from 'node:fs';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { launchBrowser, watched } from './support/browser';
import { E2E_ADMIN, sharedServer, type RunningServer } from './support/server';
import { signIn, type Client } from './support/session';

const SHOTS = 'test-results/e2e';
const PASSWORD = 'partner-password-1';

interface Total {
	people: number | null;
	services: number | null;
	suppressed: boolean;
}

describe.skipIf(!inject('environment').chromium)('accounts, a partner import and privacy in chromium', () => {
	let server: RunningServer;
	let browser: BrowserContext;
	let page: Page;
	let mine: { id: number; name: string };
	let other: { id: number; name: string };
	let before: Total;
	const problems: string[] = [];

	const api = async <T>(path: string): Promise<T> => {
		const r = await fetch(`${server.url}${path}`);
		expect(r.status, path).toBe(200);
		return r.json() as Promise<T>;
	};
	const boiseTotal = async () => (await api<{ total: Total }>('/api/services?by=total&office=boise')).total;

	/** The messy file a partner exports from a spreadsheet: Windows-1252, semicolons, Spanish headers, 03/2024 months, 1.234 thousands, a trailing blank row. */
	const messy = (rows: string[]) =>
		Buffer.from(['Mes;Consulado;Socio;Canal;Tipo de servicio;Personas atendidas;Servicios;Mujeres;Hombres', ...rows, ';;;;;;;;', ''].join('\r\n'), 'latin1');

	async function signInWithForm(username: string, password: string) {
		await page.goto(`${server.url}/signin?lang=en`);
		await page.getByLabel('User name').fill(username);
		await page.getByLabel('Password').fill(password);
		await page.getByRole('button', { name: 'Sign in' }).click();
		await page.waitForLoadState('networkidle');
	}

	beforeAll(async () => {
		mkdirSync(SHOTS, { recursive: true });
		server = await sharedServer('writes');
		const partners = await api<{ features: { properties: { id: number; name: string } }[] }>('/api/partners.geojson?consulate=boise');
		expect(partners.features.length, 'partners of the Boise office').toBeGreaterThanOrEqual(2);
		[mine, other] = partners.features.slice(0, 2).map((f) => ({ id: f.properties.id, name: f.properties.name }));
		before = await boiseTotal();
		browser = await launchBrowser();
		page = watched(await browser.newPage(), problems);
	});

	afterAll(async () => {
		await browser?.close();
	});

	it('keeps the import page, the records and the user list from the public', async () => {
		await page.goto(`${server.url}/?lang=en`);
		await expect(page.getByTestId('signin-link').textContent()).resolves.toBe('Sign in');
		const imports = await page.goto(`${server.url}/imports?lang=en`);
		expect(new URL(page.url()).pathname).toBe('/signin');
		expect(imports!.status()).toBe(200);
		for (const path of ['/api/records', '/api/imports', '/api/imports/jobs/x']) expect((await fetch(`${server.url}${path}`)).status, path).toBe(401);
		const upload = await fetch(`${server.url}/api/imports/jobs`, { method: 'POST', headers: { origin: server.url }, body: new FormData() });
		expect(upload.status).toBe(401);
		expect((await fetch(`${server.url}/admin/users`, { redirect: 'manual' })).status).toBe(303);
	});

	it('lets the administrator create a partner account through the users page', async () => {
		await signInWithForm(E2E_ADMIN.username, E2E_ADMIN.password);
		await page.goto(`${server.url}/admin/users?lang=en`);
		const form = page.getByTestId('user-create');
		await form.getByLabel('User name').fill('clinica-boise');
		await form.getByLabel('Full name').fill(`Staff of ${mine.name}`);
		await form.getByLabel('Role').selectOption('partner');
		await form.getByLabel('Partner id (partner accounts)').fill(String(mine.id));
		await form.getByLabel('Password').fill(PASSWORD);
		await form.getByRole('button', { name: 'Create user' }).click();
		await expect(page.getByRole('status').textContent()).resolves.toContain('User clinica-boise created.');
		const row = page.getByTestId('users').locator('tr', { hasText: 'clinica-boise' });
		await expect(row.textContent()).resolves.toContain(mine.name);
		await expect(row.textContent()).resolves.toContain('partner');
		// A bad request is refused with what to fix, and the form keeps what was typed.
		await form.getByLabel('User name').fill('x');
		await form.getByLabel('Role').selectOption('program');
		await form.getByLabel('Password').fill(PASSWORD);
		await form.getByRole('button', { name: 'Create user' }).click();
		await expect(page.getByTestId('users-error').textContent()).resolves.toContain('User name: 3 to 64 characters');
		await page.screenshot({ path: `${SHOTS}/admin-users.png`, fullPage: true });
		// The second partner's account, made over HTTP the same way the form does.
		const admin = await signIn(server.url, E2E_ADMIN.username, E2E_ADMIN.password);
		const made = await admin.action('/admin/users?/create', { username: 'club-boise', role: 'partner', partnerId: String(other.id), password: PASSWORD });
		expect(made.type).toBe('success');
		await browser.clearCookies();
	});

	it('shows a partner the rejected rows of a messy file with row, column, value and what was expected, and writes nothing', async () => {
		await signInWithForm('clinica-boise', PASSWORD);
		expect(new URL(page.url()).pathname).toBe('/imports');
		await expect(page.getByTestId('import-scope').textContent()).resolves.toContain(`You import for ${mine.name}`);
		const file = messy([
			`09/2026;Boise;${mine.name};Feria;Glucosa;1.234;1,300;700;500`,
			`2026-09;boise;${mine.name};Ventanilla;VIH;40;45;20;20`,
			`13/2026;Boise;${mine.name};Feria;Presión arterial;25;25;;`,
			`2026-10;Boise;${other.name};Feria;Glucosa;30;30;;`,
			`2026-10;Boise;${mine.name};unidad móvil;vacunación;5;5;;`
		]);
		await page.getByLabel(/^File/).setInputFiles({ name: 'registros septiembre.csv', mimeType: 'text/csv', buffer: file });
		await page.getByRole('button', { name: 'Check the file' }).click();
		await page.getByTestId('import-preview').waitFor();
		await expect(page.getByTestId('import-counts').locator('td').allTextContents()).resolves.toEqual(['5', '3', '0', '0', '2']);
		const errors = await page.getByTestId('import-errors').locator('tbody tr').evaluateAll((rows) => rows.map((r) => [...r.querySelectorAll('td')].map((td) => td.textContent)));
		expect(errors).toEqual([
			['4', 'Mes', '13/2026', 'a month such as 2024-03, 03/2024, 2024/03, mar 2024 or marzo 2024'],
			['5', 'Socio', other.name, `a row of your own organisation (${mine.name})`]
		]);
		await expect(page.getByText('Read as CSV, windows-1252.').count()).resolves.toBe(1);
		await expect(page.getByTestId('import-commit').isDisabled()).resolves.toBe(true);
		await page.screenshot({ path: `${SHOTS}/import-preview-errors.png`, fullPage: true });
		expect(await boiseTotal()).toEqual(before);
	});

	it('commits the fixed file, after which the map shows its figures and the public sees the small cell withheld', async () => {
		const fixed = messy([
			`09/2026;Boise;${mine.name};Feria;Glucosa;1.234;1,300;700;500`,
			`2026-09;boise;${mine.name};Ventanilla;VIH;40;45;20;20`,
			`08/2026;Boise;${mine.name};Feria;Presión arterial;25;25;;`,
			`2026-10;Boise;${mine.name};unidad móvil;vacunación;5;5;;`
		]);
		await page.getByLabel(/^File/).setInputFiles({ name: 'registros septiembre.csv', mimeType: 'text/csv', buffer: fixed });
		await page.getByRole('button', { name: 'Check the file' }).click();
		await page.getByTestId('import-commit').waitFor();
		await expect(page.getByTestId('import-counts').locator('td').allTextContents()).resolves.toEqual(['4', '4', '0', '0', '0']);
		await page.getByTestId('import-commit').click();
		await page.getByTestId('import-committed').waitFor({ timeout: 60_000 });
		await expect(page.getByTestId('import-committed').textContent()).resolves.toMatch(/Committed as import \d+: 4 added, 0 updated, 0 unchanged, 0 rejected/);
		await expect(page.getByTestId('import-history').textContent()).resolves.toContain('registros septiembre.csv');
		// Measured records replace the office's demo records: 1,234 + 40 + 25 + 5 people, 1,300 + 45 + 25 + 5 services.
		expect(await boiseTotal()).toMatchObject({ people: 1304, services: 1375, suppressed: false });
		const byService = await api<{ rows: (Total & { key: string })[] }>('/api/services?by=service&office=boise');
		expect(byService.rows.find((r) => r.key === 'vaccination')).toMatchObject({ people: null, services: null, suppressed: true });
		expect(byService.rows.find((r) => r.key === 'glucose')).toMatchObject({ people: 1234, suppressed: false });
		await page.goto(`${server.url}/?office=boise&lang=en`);
		await page.waitForSelector('[data-testid=map][data-ready="1"]', { timeout: 60_000 });
		await expect(page.getByTestId('total-people').textContent()).resolves.toBe('1,304');
		await page.screenshot({ path: `${SHOTS}/partner-figures-on-map.png` });
	});

	it("lets the partner read its own records with exact counts, and refuses another partner's", async () => {
		// The demo generator gave this partner records too; the imported ones are 'measured'.
		await page.goto(`${server.url}/records?lang=en`);
		await page.getByLabel('Kind').selectOption('measured');
		await page.getByRole('button', { name: 'Show' }).click();
		await page.waitForURL(/kind=measured/);
		await expect(page.getByTestId('records-count').textContent()).resolves.toContain('4 records');
		const people = await page.getByTestId('records').locator('tbody tr td:nth-child(6)').allTextContents();
		expect(people.sort()).toEqual(['1,234', '25', '40', '5']);
		const partner = await signIn(server.url, 'clinica-boise', PASSWORD);
		const own = await (await partner.fetch('/api/records?kind=measured')).json();
		expect(own.total).toBe(4);
		const all = await (await partner.fetch('/api/records')).json();
		expect(all.total).toBeGreaterThan(4);
		expect(new Set(all.rows.map((r: { partnerId: number }) => r.partnerId))).toEqual(new Set([mine.id]));
		const theirs = await partner.fetch(`/api/records?partner=${other.id}&lang=en`);
		expect(theirs.status).toBe(403);
		expect((await theirs.json()).message).toBe("Partner accounts can read their own organisation's records only.");
		expect((await partner.fetch(`/records?partner=${other.id}&lang=en`)).status).toBe(403);
		// The other partner sees none of them, and cannot undo the import.
		const club = await signIn(server.url, 'club-boise', PASSWORD);
		expect((await (await club.fetch('/api/records?kind=measured')).json()).total).toBe(0);
		const clubs = await (await club.fetch('/api/records')).json();
		expect(clubs.rows.every((r: { partnerId: number }) => r.partnerId === other.id)).toBe(true);
		const [batch] = await (await partner.fetch('/api/imports')).json();
		expect(await (await club.fetch('/api/imports')).json()).toEqual([]);
		const undo = await club.fetch(`/api/imports/${batch.batchId}/undo?lang=en`, { method: 'POST' });
		expect(undo.status).toBe(403);
		expect((await undo.json()).message).toBe(`Import ${batch.batchId} was not made for your organisation.`);
		// Nor import for it, nor population figures.
		const pop = await club.importFile('population', 'p.csv', 'GEO_ID,indicator,value,vintage\n0500000US16001,total_population,5,x\n');
		expect(pop.status).toBe(403);
		// Nor use the administrator's pages.
		expect((await club.fetch('/admin/users?lang=en')).status).toBe(403);
	});

	it('undoes the import from the page, and the office is back to its earlier figures', async () => {
		await page.goto(`${server.url}/imports?lang=en`);
		page.once('dialog', (d) => void d.accept());
		const undo = page.getByTestId('import-history').getByRole('button', { name: 'Undo' }).first();
		await undo.click();
		await page.getByTestId('import-notice').waitFor();
		await expect(page.getByTestId('import-notice').textContent()).resolves.toMatch(/undone: 4 rows removed, 0 restored/);
		expect(await boiseTotal()).toEqual(before);
	});

	it('refuses a sixth sign-in attempt after five wrong passwords, saying how long to wait', async () => {
		await browser.clearCookies();
		for (let i = 0; i < 5; i++) {
			await signInWithForm('clinica-boise', `wrong password ${i}`);
			await expect(page.getByTestId('signin-error').textContent()).resolves.toContain('do not match an active account');
		}
		await signInWithForm('clinica-boise', PASSWORD);
		await expect(page.getByTestId('signin-error').textContent()).resolves.toMatch(/Too many failed attempts\. Try again in 1[45] min\./);
		expect(new URL(page.url()).pathname).toBe('/signin');
	});

	it('raised no page errors', () => {
		// The refused sign-ins answer 400 and 429 on purpose; the browser logs those as failed loads.
		expect(problems.filter((p) => !/status of (400|429)/.test(p))).toEqual([]);
	});
});
