import { building } from '$app/environment';
import { json, text, type Handle, type HandleServerError, type RequestEvent, type ServerInit } from '@sveltejs/kit';
import { sequence } from '@sveltejs/kit/hooks';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { countyNeedIndex } from '$lib/server/analysis/service';
import { csrfProblem, SESSION_COOKIE, sessionUser } from '$lib/server/auth';
import { closeDb, getDb, getDbHandle } from '$lib/server/db';
import { isDbUnavailable, unavailableReason } from '$lib/server/db/unavailable';
import { dbUnavailableError, handleDbUnavailable } from '$lib/server/unavailable-hooks';
import { requestStart } from '$lib/server/db/client';
import { jurisdictionShapes } from '$lib/server/queries/jurisdiction-shapes';
import { searchIndex } from '$lib/server/queries/search';
import { serviceSummary } from '$lib/server/queries/services';
import { DEFAULT_LANG, LANG_COOKIE, isLang, requestLang } from '$lib/i18n';

/**
 * Open, migrate and load the database before the server takes requests. When it cannot be
 * reached, the server starts anyway: requests answer 503 and open it once it is back.
 */
export const init: ServerInit = async () => {
	if (building) return;
	// An open database handle keeps the event loop alive; close it so SIGTERM ends the process. The
	// server has stopped listening by then, but requests whose clients hung up may still be
	// running: let them finish first. (postgres.js ends a pool that still has queries queued by
	// reconnecting for them, and the process never exits: porsager/postgres#861.)
	process.once('sveltekit:shutdown', () => void answered(SHUTDOWN_WAIT_MS).then(closeDb));
	const opened = await getDbHandle().catch((e) => {
		if (!isDbUnavailable(e)) throw e;
		console.error(`database: unavailable at start (${unavailableReason(e)}); pages and the API answer 503 until it is back`);
		return null;
	});
	if (!opened) return;
	const { db } = opened;
	// Fill the slow caches (service records, need index, search names, jurisdiction shapes) while the first visitors load the page.
	const t0 = performance.now();
	void Promise.all([serviceSummary(db, { by: 'county' }), countyNeedIndex(db, { group: 'mexican_origin' }), jurisdictionShapes(db), searchIndex(db)]).then(
		() => console.log(`database: caches warm in ${((performance.now() - t0) / 1000).toFixed(1)} s`),
		(e) => console.error('warming the caches failed:', e)
	);
};

/** How long a shutdown waits for the requests still running. */
const SHUTDOWN_WAIT_MS = 20_000;
/** Requests being answered now: process state for the shutdown, like the database handle, not anyone's data. */
let answering = 0;
let allAnswered: (() => void) | null = null;

/** Resolves when no request is being answered, or after `ms`. */
function answered(ms: number): Promise<void> {
	if (answering === 0) return Promise.resolve();
	return new Promise((resolve) => {
		allAnswered = resolve;
		setTimeout(resolve, ms).unref();
	});
}

/**
 * The request's language (?lang=, then the cookie, then Accept-Language; an explicit ?lang= is
 * remembered), the signed-in user from the session cookie, and the origin/CSRF check of writes.
 */
const language: Handle = async ({ event, resolve }) => {
	// Prerendered files (map geometry) have no request to read a language from.
	const lang = building ? DEFAULT_LANG : requestLang(event.url, event.cookies.get(LANG_COOKIE), event.request.headers.get('accept-language'));
	event.locals.lang = lang;
	if (!building && isLang(event.url.searchParams.get('lang')) && event.cookies.get(LANG_COOKIE) !== lang) {
		event.cookies.set(LANG_COOKIE, lang, { path: '/', maxAge: 365 * 24 * 3600, sameSite: 'lax', httpOnly: false });
	}
	// A page's own fetches to the API come back through here: they keep the page's start time.
	const started = requestStart.getStore() ?? performance.now();
	answering++;
	try {
		return await requestStart.run(started, async () => {
			event.locals.user = null;
			const session = building ? undefined : event.cookies.get(SESSION_COOKIE);
			if (session) event.locals.user = await sessionUser(await getDb(), session);
			const refused = await csrfProblem(event);
			if (refused) return forbidden(event, refused);
			const response = await resolve(event, { transformPageChunk: ({ html }) => html.replace('%lang%', lang) });
			response.headers.set('x-content-type-options', 'nosniff');
			return await compressed(event.request, response);
		});
	} finally {
		if (--answering === 0) allAnswered?.();
	}
};

/** 403 for a state-changing request that failed the origin or CSRF check: JSON for the API, text otherwise. */
function forbidden(event: RequestEvent, why: string): Response {
	return event.url.pathname.startsWith('/api/') ? json({ message: why }, { status: 403 }) : text(why, { status: 403 });
}

/** The database-unavailable 503 goes outermost, so that it also covers errors thrown by the handles after it. */
export const handle = sequence(handleDbUnavailable, language);

const COMPRESSIBLE = /json|csv|html|javascript|text\/plain/;

/**
 * Pages and API answers compressed for the browsers that accept it (static files are served
 * precompressed by the adapter): the county figures and the ranked table's data are JSON of
 * several hundred KB that compress about tenfold.
 */
async function compressed(request: Request, response: Response): Promise<Response> {
	const type = response.headers.get('content-type') ?? '';
	if (request.method === 'HEAD' || !response.body || response.headers.has('content-encoding') || !COMPRESSIBLE.test(type)) return response;
	const accept = request.headers.get('accept-encoding') ?? '';
	const encoding = /\bbr\b/.test(accept) ? 'br' : /\bgzip\b/.test(accept) ? 'gzip' : null;
	if (!encoding) return response;
	const body = Buffer.from(await response.arrayBuffer());
	const headers = new Headers(response.headers);
	headers.append('vary', 'accept-encoding');
	if (body.length < 1024) return new Response(body, { status: response.status, statusText: response.statusText, headers });
	const out = encoding === 'br' ? brotliCompressSync(body, { params: { [constants.BROTLI_PARAM_QUALITY]: 5 } }) : gzipSync(body);
	headers.set('content-encoding', encoding);
	headers.delete('content-length');
	return new Response(out, { status: response.status, statusText: response.statusText, headers });
}

/** Unexpected errors are logged here with detail; the user sees a generic message. */
export const handleError: HandleServerError = ({ error, event, status }) => {
	if (isDbUnavailable(error)) return dbUnavailableError(event, error);
	if (status !== 404) console.error(`${event.request.method} ${event.url.pathname}:`, error);
	return { message: status === 404 ? 'Not found' : 'Something went wrong on the server. The error was logged.' };
};
