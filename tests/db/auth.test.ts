import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser, sessionUser, setActive, setPassword, signIn, UserError } from '../../src/lib/server/auth';
import { importScope, undoScope, type SessionUser } from '../../src/lib/server/auth/roles';
import { queryRows, type DbHandle } from '../../src/lib/server/db/client';
import { partners, sessions, signInAttempts, users } from '../../src/lib/server/db/schema';
import { commitImport, ImportError, previewImport, undoImport } from '../../src/lib/server/imports';
import { loadWorld } from '../fixtures/imports/world';
import { drivers, freshDb } from '../support/db';

const enc = (s: string) => new TextEncoder().encode(s);
const PASSWORD = 'correct horse battery';

async function refusal(p: Promise<unknown>): Promise<string> {
	try {
		await p;
	} catch (e) {
		if (e instanceof UserError || e instanceof ImportError) return e.key;
		throw e;
	}
	throw new Error('expected a refusal');
}

describe.each(drivers())('accounts, sessions and scoped imports on %s', (driver) => {
	let handle: DbHandle;
	let clinicA: number;
	let clinicB: number;
	beforeAll(async () => {
		handle = await freshDb(driver);
		await loadWorld(handle.db);
		const db = handle.db;
		// Two partners of San Diego, imported by staff, each with a key.
		const file = 'key,nombre,tipo,consulado,código postal\nA-1,Clínica Uno,clínica,San Diego,92101\nB-2,Clínica Dos,ONG,San Diego,92173\n';
		const p = await previewImport(db, { dataset: 'partners', fileName: 'socios.csv', bytes: enc(file), actor: 'staff' });
		await commitImport(db, p.plan);
		const rows = await db.select({ id: partners.id, key: partners.sourceKey }).from(partners);
		clinicA = rows.find((r) => r.key === 'A-1')!.id;
		clinicB = rows.find((r) => r.key === 'B-2')!.id;
	});
	afterAll(() => handle?.close());

	it('creates accounts only with a valid name, role, scope and password, and never stores the password', async () => {
		const db = handle.db;
		const base = { password: PASSWORD, createdBy: 'test' };
		expect(await refusal(createUser(db, { ...base, username: 'x', role: 'admin' }))).toBe('user.badName');
		expect(await refusal(createUser(db, { ...base, username: "ana'; drop table users; --", role: 'admin' }))).toBe('user.badName');
		expect(await refusal(createUser(db, { ...base, username: 'ana', role: 'superuser' }))).toBe('user.badRole');
		expect(await refusal(createUser(db, { ...base, username: 'ana', role: 'admin', password: 'short' }))).toBe('password.short');
		expect(await refusal(createUser(db, { ...base, username: 'cons', role: 'consulate', consulateId: 'atlantis' }))).toBe('user.needsOffice');
		expect(await refusal(createUser(db, { ...base, username: 'part', role: 'partner', partnerId: 999999 }))).toBe('user.needsPartner');
		await createUser(db, { ...base, username: 'Ana', role: 'admin' });
		expect(await refusal(createUser(db, { ...base, username: 'ANA', role: 'program' }))).toBe('user.taken');
		await createUser(db, { ...base, username: 'sd-staff', role: 'consulate', consulateId: 'san-diego' });
		await createUser(db, { ...base, username: 'uno', role: 'partner', partnerId: clinicA });
		await createUser(db, { ...base, username: 'dos', role: 'partner', partnerId: clinicB });
		const stored = await db.select({ username: users.username, hash: users.passwordHash }).from(users);
		expect(stored.map((u) => u.username).sort()).toEqual(['ana', 'dos', 'sd-staff', 'uno']);
		for (const u of stored) {
			expect(u.hash).toMatch(/^scrypt\$32768\$8\$1\$[\w-]{22}\$[\w-]{43}$/);
			expect(u.hash).not.toContain(PASSWORD);
		}
		// Same password, different salts.
		expect(new Set(stored.map((u) => u.hash)).size).toBe(4);
	});

	it('signs in with the right password only, and the session names the user, role and scope', async () => {
		const db = handle.db;
		expect(await signIn(db, 'uno', 'wrong password!', '10.0.0.1')).toEqual({ ok: false, reason: 'invalid' });
		expect(await signIn(db, 'nobody', PASSWORD, '10.0.0.1')).toEqual({ ok: false, reason: 'invalid' });
		const ok = await signIn(db, ' UNO ', PASSWORD, '10.0.0.1');
		expect(ok.ok).toBe(true);
		const user = await sessionUser(db, (ok as { token: string }).token);
		expect(user).toMatchObject({ username: 'uno', role: 'partner', partnerId: clinicA, partnerName: 'Clínica Uno', consulateId: 'san-diego' });
		// Only the token's hash is stored.
		const [row] = await db.select({ id: sessions.id }).from(sessions);
		expect(row.id).toMatch(/^[0-9a-f]{64}$/);
		expect(row.id).not.toBe((ok as { token: string }).token);
		expect(await sessionUser(db, 'not-a-token')).toBeNull();
		expect(await sessionUser(db, 'A'.repeat(43))).toBeNull();
	});

	it('refuses a sixth attempt after five failures for one name, even with the right password, and counts per address too', async () => {
		const db = handle.db;
		for (let i = 0; i < 5; i++) expect(await signIn(db, 'dos', `wrong ${i} password`, `10.0.1.${i}`)).toEqual({ ok: false, reason: 'invalid' });
		const limited = await signIn(db, 'dos', PASSWORD, '10.0.1.9');
		expect(limited.ok).toBe(false);
		expect((limited as { reason: string }).reason).toBe('limited');
		// The wait is the rest of the 15-minute window.
		expect((limited as { waitSeconds: number }).waitSeconds).toBeGreaterThan(14 * 60);
		expect((limited as { waitSeconds: number }).waitSeconds).toBeLessThanOrEqual(15 * 60);
		// Another name from another address is not affected.
		expect((await signIn(db, 'ana', PASSWORD, '10.0.2.1')).ok).toBe(true);
		// Twenty failures from one address block every name from it.
		for (let i = 0; i < 20; i++) await signIn(db, `guess${i}`, 'wrong password!', '10.0.3.1');
		expect(await signIn(db, 'ana', PASSWORD, '10.0.3.1')).toMatchObject({ ok: false, reason: 'limited' });
		// Once the window has passed, the name may try again.
		await db.update(signInAttempts).set({ at: sql`now() - interval '16 minutes'` }).where(eq(signInAttempts.username, 'dos'));
		expect((await signIn(db, 'dos', PASSWORD, '10.0.1.9')).ok).toBe(true);
	});

	it('ends sessions at their expiry, after the idle limit, on deactivation and on a password change', async () => {
		const db = handle.db;
		const start = async () => ((await signIn(db, 'sd-staff', PASSWORD, '10.0.4.1')) as { token: string }).token;
		const [staff] = await db.select({ id: users.id }).from(users).where(eq(users.username, 'sd-staff'));
		let token = await start();
		expect(await sessionUser(db, token)).not.toBeNull();
		await db.update(sessions).set({ expiresAt: sql`now() - interval '1 second'` }).where(eq(sessions.userId, staff.id));
		expect(await sessionUser(db, token)).toBeNull();
		token = await start();
		await db.update(sessions).set({ lastSeenAt: sql`now() - interval '61 minutes'` }).where(eq(sessions.userId, staff.id));
		expect(await sessionUser(db, token)).toBeNull();
		token = await start();
		const [admin] = await db.select({ id: users.id }).from(users).where(eq(users.username, 'ana'));
		await setActive(db, staff.id, false, admin);
		expect(await sessionUser(db, token)).toBeNull();
		expect(await signIn(db, 'sd-staff', PASSWORD, '10.0.4.1')).toEqual({ ok: false, reason: 'invalid' });
		await setActive(db, staff.id, true, admin);
		token = await start();
		await setPassword(db, staff.id, 'a brand new password');
		expect(await sessionUser(db, token)).toBeNull();
		expect((await signIn(db, 'sd-staff', 'a brand new password', '10.0.4.1')).ok).toBe(true);
		expect(await refusal(setActive(db, admin.id, false, admin))).toBe('user.notSelf');
	});

	const as = async (username: string): Promise<SessionUser> => {
		const [u] = await handle.db.select().from(users).where(eq(users.username, username));
		const [p] = u.partnerId ? await handle.db.select({ office: partners.consulateId, name: partners.name }).from(partners).where(eq(partners.id, u.partnerId)) : [];
		return { id: u.id, username: u.username, displayName: u.displayName, role: u.role, consulateId: p?.office ?? u.consulateId, partnerId: u.partnerId, partnerName: p?.name ?? null, csrfToken: '' };
	};

	it("lets a partner import its own service records and rejects rows of another partner or of the office's own desk", async () => {
		const uno = await as('uno');
		const scope = importScope(uno, 'services', null);
		expect(scope).toEqual({ consulateId: 'san-diego', partnerId: clinicA });
		const file = [
			'mes,consulado,socio,canal,tipo de servicio,personas atendidas,servicios',
			'2025-03,San Diego,A-1,feria,glucosa,40,45',
			'2025-03,San Diego,B-2,feria,glucosa,30,30',
			'2025-03,San Diego,,ventanilla,glucosa,20,20',
			'2025-03,Phoenix,,ventanilla,glucosa,20,20'
		].join('\n');
		const p = await previewImport(handle.db, { dataset: 'services', fileName: 'mios.csv', bytes: enc(file), actor: 'uno', ...(scope as object) });
		expect([p.rows, p.add, p.reject]).toEqual([4, 1, 3]);
		expect(p.errors.map((e) => [e.row, e.column, e.value, e.expected])).toEqual([
			[3, 'socio', 'B-2', 'a row of your own organisation (Clínica Uno)'],
			[4, 'socio', '', 'a row of your own organisation (Clínica Uno)'],
			[5, 'consulado', 'Phoenix', 'a row of your office (san-diego)']
		]);
		const { batchId } = await commitImport(handle.db, p.plan, { skipRejected: true });
		const [stored] = await queryRows<{ partner_id: number; people_served: number }>(handle.db, sql`SELECT partner_id, people_served FROM service_records WHERE batch_id = ${batchId}`);
		expect(stored).toEqual({ partner_id: clinicA, people_served: 40 });
		// The other partner cannot undo it; the partner itself can.
		expect(await refusal(undoImport(handle.db, batchId, 'dos', undoScope(await as('dos'))))).toBe('refuse.partnerScope');
		expect(await undoImport(handle.db, batchId, 'uno', undoScope(uno))).toMatchObject({ removed: 1 });
	});

	it('lets a partner update only its own partner row, and not import population or jurisdictions', async () => {
		const uno = await as('uno');
		const file = 'clave,nombre,tipo,código postal,capacidad\nA-1,Clínica Uno,clínica,92101,500\nB-2,Clínica Dos,ONG,92173,1\nC-3,Clínica Nueva,clínica,92101,\n';
		const p = await previewImport(handle.db, { dataset: 'partners', fileName: 'socio.csv', bytes: enc(file), actor: 'uno', partnerId: clinicA });
		expect([p.add, p.update, p.reject]).toEqual([0, 1, 2]);
		expect(p.errors.map((e) => [e.row, e.column, e.value])).toEqual([
			[3, 'clave', 'B-2'],
			[4, 'clave', 'C-3']
		]);
		expect(p.errors[0].expected).toBe('your own organisation (Clínica Uno), by its key; partner accounts cannot add or change other partners');
		expect(importScope(uno, 'population', null)).toBe('dataset');
		expect(importScope(uno, 'jurisdictions', null)).toBe('dataset');
		expect(await refusal(previewImport(handle.db, { dataset: 'population', fileName: 'p.csv', bytes: enc('x'), actor: 'uno', partnerId: clinicA }))).toBe('refuse.partnerDataset');
	});

	it('keeps consulate staff to their own office, for imports and for undo', async () => {
		const staff = await as('sd-staff');
		expect(importScope(staff, 'services', 'phoenix')).toBe('office');
		expect(importScope(staff, 'services', null)).toEqual({ consulateId: 'san-diego', partnerId: null });
		const program = { ...staff, role: 'program' as const, consulateId: null };
		expect(importScope(program, 'services', 'phoenix')).toEqual({ consulateId: 'phoenix', partnerId: null });
		const file = 'mes,consulado,canal,tipo de servicio,personas atendidas,servicios\n2025-04,Phoenix,ventanilla,glucosa,20,20\n';
		const p = await previewImport(handle.db, { dataset: 'services', fileName: 'phx.csv', bytes: enc(file), actor: 'program', consulateId: 'phoenix' });
		const { batchId } = await commitImport(handle.db, p.plan);
		expect(await refusal(undoImport(handle.db, batchId, 'sd-staff', undoScope(staff)))).toBe('refuse.scope');
		expect(await undoImport(handle.db, batchId, 'program', undoScope(program))).toMatchObject({ removed: 1 });
	});
});
