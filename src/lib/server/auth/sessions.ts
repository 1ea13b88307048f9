/**
 * Sessions: a random 256-bit token in an httpOnly, SameSite=Lax cookie; the database keeps only
 * its SHA-256. A session ends `SESSION_HOURS` after sign-in or `SESSION_IDLE_MINUTES` after the
 * last request, whichever comes first, and at sign-out or when the user is deactivated.
 */
import { createHash, randomBytes } from 'node:crypto';
import { and, eq, lt, sql } from 'drizzle-orm';
import type { Db } from '../db/client';
import { partners, sessions, users } from '../db/schema';
import type { Role, SessionUser } from './roles';

export const SESSION_COOKIE = 'atlas_session';

export interface SessionLimits {
	/** Hours from sign-in to the end of a session (default 8: a working day). */
	hours: number;
	/** Minutes without a request after which a session ends (default 60). */
	idleMinutes: number;
}

/** Session limits from SESSION_HOURS and SESSION_IDLE_MINUTES; a bad value stops the server with its name. */
export function sessionLimits(env: Record<string, string | undefined> = process.env): SessionLimits {
	const read = (name: string, fallback: number, max: number) => {
		const raw = env[name]?.trim();
		if (!raw) return fallback;
		const n = Number(raw);
		if (!Number.isFinite(n) || n <= 0 || n > max) throw new Error(`${name} must be a number of more than 0 and at most ${max} (got "${raw}")`);
		return n;
	};
	return { hours: read('SESSION_HOURS', 8, 24 * 30), idleMinutes: read('SESSION_IDLE_MINUTES', 60, 24 * 60 * 30) };
}

const digest = (token: string) => createHash('sha256').update(token).digest('hex');

/** Starts a session for `userId`; returns the cookie's token and when it expires. */
export async function createSession(db: Db, userId: number, limits = sessionLimits()): Promise<{ token: string; expiresAt: Date }> {
	const token = randomBytes(32).toString('base64url');
	const expiresAt = new Date(Date.now() + limits.hours * 3600_000);
	await db.insert(sessions).values({ id: digest(token), userId, csrfToken: randomBytes(24).toString('base64url'), expiresAt });
	// Ended sessions are of no use; clear them now and then rather than on a timer.
	await db.delete(sessions).where(lt(sessions.expiresAt, sql`now()`));
	return { token, expiresAt };
}

/**
 * The active user of a session token, or null when the token is unknown, expired, idle too long or
 * its user deactivated. Refreshes the idle clock at most once a minute.
 */
export async function sessionUser(db: Db, token: string, limits = sessionLimits()): Promise<SessionUser | null> {
	if (!/^[A-Za-z0-9_-]{43}$/.test(token)) return null;
	const id = digest(token);
	const [row] = await db
		.select({
			id: users.id,
			username: users.username,
			displayName: users.displayName,
			role: users.role,
			userOffice: users.consulateId,
			partnerId: users.partnerId,
			partnerName: partners.name,
			partnerOffice: partners.consulateId,
			csrfToken: sessions.csrfToken,
			expiresAt: sessions.expiresAt,
			lastSeenAt: sessions.lastSeenAt
		})
		.from(sessions)
		.innerJoin(users, eq(users.id, sessions.userId))
		.leftJoin(partners, eq(partners.id, users.partnerId))
		.where(and(eq(sessions.id, id), eq(users.active, true)));
	const now = Date.now();
	if (!row || row.expiresAt.getTime() <= now || row.lastSeenAt.getTime() + limits.idleMinutes * 60_000 <= now) {
		if (row) await db.delete(sessions).where(eq(sessions.id, id));
		return null;
	}
	if (now - row.lastSeenAt.getTime() > 60_000) await db.update(sessions).set({ lastSeenAt: sql`now()` }).where(eq(sessions.id, id));
	return {
		id: row.id,
		username: row.username,
		displayName: row.displayName,
		role: row.role as Role,
		consulateId: row.role === 'partner' ? row.partnerOffice : row.userOffice,
		partnerId: row.partnerId,
		partnerName: row.partnerName,
		csrfToken: row.csrfToken
	};
}

/** Ends the session of `token` (sign-out). */
export async function endSession(db: Db, token: string): Promise<void> {
	await db.delete(sessions).where(eq(sessions.id, digest(token)));
}

/** Ends every session of a user (deactivated, or password changed). */
export async function endSessionsOf(db: Db, userId: number): Promise<void> {
	await db.delete(sessions).where(eq(sessions.userId, userId));
}
