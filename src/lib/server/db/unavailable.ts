/**
 * Telling "the database cannot be reached right now" apart from every other error, so that the
 * server answers 503 (try again shortly) instead of 500 (a bug), for either driver.
 */

/** Thrown when the database could not be opened: the PGlite directory or the PostgreSQL server. */
export class DbUnavailableError extends Error {
	constructor(message: string, options?: { cause?: unknown }) {
		super(message, options);
		this.name = 'DbUnavailableError';
	}
}

/** Seconds a client is told to wait before trying again (the Retry-After header). */
export const RETRY_AFTER_S = 5;

/** Socket errors (Node) and postgres.js's own connection errors. */
const CONNECTION_CODES = new Set([
	'ECONNREFUSED',
	'ECONNRESET',
	'ECONNABORTED',
	'EPIPE',
	'ETIMEDOUT',
	'EHOSTUNREACH',
	'ENETUNREACH',
	'ENOTFOUND',
	'EAI_AGAIN',
	'CONNECTION_CLOSED',
	'CONNECTION_ENDED',
	'CONNECTION_DESTROYED',
	'CONNECT_TIMEOUT'
]);

/**
 * SQLSTATEs of a server that is going away, starting or full: admin_shutdown (a fast or smart
 * stop), crash_shutdown, cannot_connect_now (starting up or recovering), too_many_connections.
 * Class 08 (connection exception) is matched as a class.
 */
const SERVER_STATES = new Set(['57P01', '57P02', '57P03', '53300']);

/**
 * True when the error, or one it wraps (drizzle wraps driver errors in `cause`; Node's
 * happy-eyeballs connect throws an AggregateError), says the database cannot be reached now:
 * a refused, reset or timed-out connection, a server shutting down or starting up, or a database
 * that failed to open (DbUnavailableError). False for everything else, SQL errors included.
 */
export function isDbUnavailable(error: unknown): boolean {
	const seen = new Set<unknown>();
	const visit = (e: unknown, depth: number): boolean => {
		if (typeof e !== 'object' || e === null || seen.has(e) || depth > 8) return false;
		seen.add(e);
		if (e instanceof DbUnavailableError) return true;
		const code = (e as { code?: unknown }).code;
		if (typeof code === 'string' && (CONNECTION_CODES.has(code) || SERVER_STATES.has(code) || /^08[0-9A-Z]{3}$/.test(code))) return true;
		if (e instanceof AggregateError && e.errors.some((inner) => visit(inner, depth + 1))) return true;
		return visit((e as { cause?: unknown }).cause, depth + 1);
	};
	return visit(error, 0);
}

/** The innermost reason an error gives, for a log line: drizzle's "Failed query: ..." wraps the driver's error in `cause`. */
export function unavailableReason(error: unknown): string {
	let e = error as { message?: string; code?: string; cause?: unknown } | undefined;
	for (let depth = 0; depth < 8 && e && typeof e.cause === 'object' && e.cause !== null; depth++) e = e.cause as typeof e;
	return [e?.code, e?.message].filter(Boolean).join(' ') || String(error);
}
