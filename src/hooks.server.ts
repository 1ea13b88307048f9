import { building } from '$app/environment';
import type { Handle, HandleServerError, ServerInit } from '@sveltejs/kit';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { countyNeedIndex } from '$lib/server/analysis/service';
import { closeDb, getDbHandle } from '$lib/server/db';
import { requestStart } from '$lib/server/db/client';
import { jurisdictionShapes } from '$lib/server/queries/jurisdiction-shapes';
import { searchIndex } from '$lib/server/queries/search';
import { serviceSummary } from '$lib/server/queries/services';
import { DEFAULT_LANG, LANG_COOKIE, isLang, requestLang } from '$lib/i18n';

/** Open, migrate and load the database before the server takes requests. */
export const init: ServerInit = async () => {
	if (building) return;
	const { db } = await getDbHandle();
	// Fill the slow caches (service records, need index, search names, jurisdiction shapes) while the first visitors load the page.
	const t0 = performance.now();
	void Promise.all([serviceSummary(db, { by: 'county' }), countyNeedIndex(db, { group: 'mexican_origin' }), jurisdictionShapes(db), searchIndex(db)]).then(
		() => console.log(`database: caches warm in ${((performance.now() - t0) / 1000).toFixed(1)} s`),
		(e) => console.error('warming the caches failed:', e)
	);
	// An open database handle keeps the event loop alive; close it so SIGTERM ends the process. The
	// server has stopped listening by then, but requests whose clients hung up may still be
	// running: let them finish first. (postgres.js ends a pool that still has queries queued by
	// reconnecting for them, and the process never exits: porsager/postgres#861.)
	process.once('sveltekit:shutdown', () => void answered(SHUTDOWN_WAIT_MS).then(closeDb));
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

/** The request's language (?lang=, then the cookie, then Accept-Language); an explicit ?lang= is remembered. */
export const handle: Handle = async ({ event, resolve }) => {
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
		const response = await requestStart.run(started, () => resolve(event, { transformPageChunk: ({ html }) => html.replace('%lang%', lang) }));
		response.headers.set('x-content-type-options', 'nosniff');
		return await compressed(event.request, response);
	} finally {
		if (--answering === 0) allAnswered?.();
	}
};

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
	if (status !== 404) console.error(`${event.request.method} ${event.url.pathname}:`, error);
	return { message: status === 404 ? 'Not found' : 'Something went wrong on the server. The error was logged.' };
};
