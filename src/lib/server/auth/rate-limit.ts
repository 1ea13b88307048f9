/**
 * Sign-in rate limit: after `perUser` failed attempts for one user name, or `perAddress` from one
 * network address, within `windowMinutes`, further attempts are refused until the oldest counted
 * failure leaves the window. Attempts are kept in the database, so a restart does not reset the
 * count and several server processes share it.
 */
import { and, count, eq, gt, lt, min, sql } from 'drizzle-orm';
import type { Db } from '../db/client';
import { signInAttempts } from '../db/schema';

export interface RateLimit {
	perUser: number;
	perAddress: number;
	windowMinutes: number;
}

export const SIGN_IN_LIMIT: RateLimit = { perUser: 5, perAddress: 20, windowMinutes: 15 };

/** Seconds to wait before the next attempt, or 0 when one is allowed now. */
export async function signInWait(db: Db, username: string, address: string, limit: RateLimit = SIGN_IN_LIMIT): Promise<number> {
	const since = sql`now() - make_interval(mins => ${limit.windowMinutes})`;
	const failures = async (where: ReturnType<typeof eq>, max: number) => {
		const [r] = await db
			.select({ n: count(), first: min(signInAttempts.at) })
			.from(signInAttempts)
			.where(and(where, eq(signInAttempts.ok, false), gt(signInAttempts.at, since)));
		if (Number(r.n) < max || !r.first) return 0;
		return Math.max(1, Math.ceil((new Date(r.first).getTime() + limit.windowMinutes * 60_000 - Date.now()) / 1000));
	};
	return Math.max(await failures(eq(signInAttempts.username, username), limit.perUser), await failures(eq(signInAttempts.address, address), limit.perAddress));
}

/** Records an attempt; a success clears that user name's failures. Old attempts (over a day) are dropped. */
export async function recordSignIn(db: Db, username: string, address: string, ok: boolean): Promise<void> {
	await db.insert(signInAttempts).values({ username, address, ok });
	if (ok) await db.delete(signInAttempts).where(and(eq(signInAttempts.username, username), eq(signInAttempts.ok, false)));
	await db.delete(signInAttempts).where(lt(signInAttempts.at, sql`now() - interval '1 day'`));
}
