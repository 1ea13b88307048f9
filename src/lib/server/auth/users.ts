/**
 * User accounts: created by an administrator (or `npm run user:add`), deactivated rather than
 * deleted (imports keep naming who made them), passwords reset by an administrator.
 */
import { and, asc, eq } from 'drizzle-orm';
import { isRowId, type Db } from '../db/client';
import { consulates, partners, users, USER_ROLES } from '../db/schema';
import { DUMMY_HASH, hashPassword, passwordProblem, verifyPassword } from './password';
import { recordSignIn, signInWait } from './rate-limit';
import { createSession, endSessionsOf } from './sessions';
import type { Role } from './roles';

/** A refused account change; `key` is a message key of the auth messages (src/lib/i18n/auth.ts). */
export class UserError extends Error {
	constructor(
		readonly key: string,
		readonly vars: Record<string, string | number> = {}
	) {
		super(`${key} ${JSON.stringify(vars)}`);
		this.name = 'UserError';
	}
}

export interface NewUser {
	username: string;
	displayName?: string;
	role: string;
	/** Consulate staff: the office id (e.g. 'san-diego'). */
	consulateId?: string | null;
	/** Partner users: the partner's id. */
	partnerId?: number | null;
	password: string;
	createdBy: string;
}

/** A user name as stored: trimmed and lower-case; refused unless 3-64 of a-z 0-9 . _ @ - */
export function normaliseUsername(raw: string): string {
	const name = String(raw ?? '').trim().toLowerCase();
	if (!/^[a-z0-9._@-]{3,64}$/.test(name)) throw new UserError('user.badName');
	return name;
}

function isRole(role: string): role is Role {
	return (USER_ROLES as readonly string[]).includes(role);
}

/** Creates an account after checking every field; returns its id. */
export async function createUser(db: Db, input: NewUser): Promise<number> {
	const username = normaliseUsername(input.username);
	const displayName = (input.displayName ?? '').trim() || username;
	if (displayName.length > 100) throw new UserError('user.badDisplayName');
	if (!isRole(input.role)) throw new UserError('user.badRole', { roles: USER_ROLES.join(', ') });
	const problem = passwordProblem(String(input.password ?? ''));
	if (problem) throw new UserError(`password.${problem}`);
	let consulateId: string | null = null;
	let partnerId: number | null = null;
	if (input.role === 'consulate') {
		const [office] = input.consulateId ? await db.select({ id: consulates.id }).from(consulates).where(eq(consulates.id, input.consulateId)) : [];
		if (!office) throw new UserError('user.needsOffice', { office: input.consulateId ?? '' });
		consulateId = office.id;
	}
	if (input.role === 'partner') {
		const id = Number(input.partnerId);
		const [partner] = isRowId(id) ? await db.select({ id: partners.id }).from(partners).where(eq(partners.id, id)) : [];
		if (!partner) throw new UserError('user.needsPartner', { partner: String(input.partnerId ?? '') });
		partnerId = partner.id;
	}
	const [taken] = await db.select({ id: users.id }).from(users).where(eq(users.username, username));
	if (taken) throw new UserError('user.taken', { username });
	const [row] = await db
		.insert(users)
		.values({ username, displayName, role: input.role, consulateId, partnerId, passwordHash: await hashPassword(input.password), createdBy: input.createdBy })
		.returning({ id: users.id });
	return row.id;
}

export interface UserListing {
	id: number;
	username: string;
	displayName: string;
	role: Role;
	consulateId: string | null;
	partnerId: number | null;
	partnerName: string | null;
	active: boolean;
	createdBy: string;
	createdAt: Date;
}

/** Every account, by user name (no password hashes). */
export async function listUsers(db: Db): Promise<UserListing[]> {
	const rows = await db
		.select({
			id: users.id,
			username: users.username,
			displayName: users.displayName,
			role: users.role,
			consulateId: users.consulateId,
			partnerId: users.partnerId,
			partnerName: partners.name,
			active: users.active,
			createdBy: users.createdBy,
			createdAt: users.createdAt
		})
		.from(users)
		.leftJoin(partners, eq(partners.id, users.partnerId))
		.orderBy(asc(users.username));
	return rows.map((r) => ({ ...r, role: r.role as Role }));
}

/** Activates or deactivates an account; deactivating ends its sessions. An administrator cannot deactivate themself. */
export async function setActive(db: Db, userId: number, active: boolean, by: { id: number }): Promise<void> {
	if (!active && userId === by.id) throw new UserError('user.notSelf');
	if (!isRowId(userId)) throw new UserError('user.notFound', { id: userId });
	const done = await db.update(users).set({ active }).where(eq(users.id, userId)).returning({ id: users.id });
	if (done.length === 0) throw new UserError('user.notFound', { id: userId });
	if (!active) await endSessionsOf(db, userId);
}

/** Sets a new password and ends the account's sessions. */
export async function setPassword(db: Db, userId: number, password: string): Promise<void> {
	const problem = passwordProblem(String(password ?? ''));
	if (problem) throw new UserError(`password.${problem}`);
	if (!isRowId(userId)) throw new UserError('user.notFound', { id: userId });
	const done = await db.update(users).set({ passwordHash: await hashPassword(password) }).where(eq(users.id, userId)).returning({ id: users.id });
	if (done.length === 0) throw new UserError('user.notFound', { id: userId });
	await endSessionsOf(db, userId);
}

export type SignInResult = { ok: true; token: string; expiresAt: Date } | { ok: false; reason: 'invalid' } | { ok: false; reason: 'limited'; waitSeconds: number };

/**
 * Checks a user name and password against the rate limit and the stored hash; on success starts a
 * session. Unknown names, wrong passwords and deactivated accounts get the same answer in about
 * the same time, so the answer does not tell which names exist.
 */
export async function signIn(db: Db, rawUsername: string, password: string, address: string): Promise<SignInResult> {
	const username = String(rawUsername ?? '').trim().toLowerCase().slice(0, 64);
	const wait = await signInWait(db, username, address);
	if (wait > 0) return { ok: false, reason: 'limited', waitSeconds: wait };
	const [user] = /^[a-z0-9._@-]{3,64}$/.test(username)
		? await db.select({ id: users.id, hash: users.passwordHash }).from(users).where(and(eq(users.username, username), eq(users.active, true)))
		: [];
	const ok = await verifyPassword(String(password ?? ''), user?.hash ?? DUMMY_HASH);
	await recordSignIn(db, username, address, ok && !!user);
	if (!ok || !user) return { ok: false, reason: 'invalid' };
	return { ok: true, ...(await createSession(db, user.id)) };
}

/**
 * Creates the first administrator from ATLAS_ADMIN_USERNAME and ATLAS_ADMIN_PASSWORD when both are
 * set and no account exists yet (a server that cannot be reached by a shell, or a test server);
 * returns the user name created, or null. `npm run user:add` does the same by hand.
 */
export async function ensureFirstAdmin(db: Db, env: Record<string, string | undefined>): Promise<string | null> {
	const username = env.ATLAS_ADMIN_USERNAME?.trim();
	const password = env.ATLAS_ADMIN_PASSWORD;
	if (!username || !password) return null;
	const [any] = await db.select({ id: users.id }).from(users).limit(1);
	if (any) return null;
	await createUser(db, { username, role: 'admin', password, createdBy: 'ATLAS_ADMIN_USERNAME at start' });
	return normaliseUsername(username);
}
