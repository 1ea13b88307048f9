/**
 * 503 answers while the database cannot be reached. SvelteKit gives every unexpected error a 500
 * and handleError can change only the message, so the two hooks here work as a pair:
 * `dbUnavailableError` (called from handleError) words the notice in the request's language and
 * marks the request; `handleDbUnavailable` (the outermost handle) turns that request's 500 into a
 * 503 with Retry-After. An error thrown by a later handle itself (one that reads a session from the
 * database, say) never reaches a page, so that one is answered here directly.
 */
import { json, type Handle, type RequestEvent } from '@sveltejs/kit';
import { LANG_COOKIE, requestLang, translator, type Lang } from '$lib/i18n';
import { errors } from '$lib/i18n/errors';
import errorPage from '../../error.html?raw';
import { isDbUnavailable, RETRY_AFTER_S, unavailableReason } from './db/unavailable';

const CODE = 'db_unavailable';

function langOf(event: RequestEvent): Lang {
	// Set by the language handle, unless the failure came before it ran.
	return event.locals.lang ?? requestLang(event.url, event.cookies.get(LANG_COOKIE), event.request.headers.get('accept-language'));
}

/** The notice in the user's language: the database is unavailable, try again shortly. */
export function dbUnavailableMessage(lang: Lang): string {
	return translator(lang, errors)('error.dbUnavailable');
}

/**
 * What handleError answers for an error that isDbUnavailable: one log line (an outage would
 * otherwise print a stack per request) and the notice with `code: 'db_unavailable'`, which the
 * error page shows; the request is marked for handleDbUnavailable's 503.
 */
export function dbUnavailableError(event: RequestEvent, error: unknown): App.Error {
	event.locals.dbUnavailable = true;
	console.error(`${event.request.method} ${event.url.pathname}: database unavailable: ${unavailableReason(error)}`);
	return { message: dbUnavailableMessage(langOf(event)), code: CODE };
}

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/**
 * The 503 itself: the static error page (src/error.html) for a browser's request, JSON `{ message }`
 * otherwise (fetch, the client's data requests, API clients), as SvelteKit chooses for its own errors.
 */
function unavailableResponse(event: RequestEvent): Response {
	const message = dbUnavailableMessage(langOf(event));
	const headers = { 'retry-after': String(RETRY_AFTER_S), 'cache-control': 'no-store' };
	if (event.isDataRequest || !(event.request.headers.get('accept') ?? '').includes('text/html')) {
		return json({ message, code: CODE }, { status: 503, headers });
	}
	const html = errorPage.replaceAll('%sveltekit.status%', '503').replaceAll('%sveltekit.error.message%', message.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]));
	return new Response(html, { status: 503, headers: { ...headers, 'content-type': 'text/html; charset=utf-8' } });
}

/**
 * The outermost handle: a request whose error was the database being unreachable answers 503 with
 * Retry-After instead of 500. Pages keep the error page SvelteKit rendered (it shows the notice)
 * and JSON keeps its body; SvelteKit's static error page, which would say 500, is replaced. A data
 * request that carries its error inside a 200 is left alone, as the client expects.
 */
export const handleDbUnavailable: Handle = async ({ event, resolve }) => {
	let response: Response;
	try {
		response = await resolve(event);
	} catch (e) {
		if (!isDbUnavailable(e)) throw e;
		dbUnavailableError(event, e);
		return unavailableResponse(event);
	}
	if (!event.locals.dbUnavailable || response.status !== 500) return response;
	if (!response.headers.has('x-sveltekit-page') && response.headers.get('content-type')?.startsWith('text/html')) return unavailableResponse(event);
	const headers = new Headers(response.headers);
	headers.set('retry-after', String(RETRY_AFTER_S));
	headers.set('cache-control', 'no-store');
	return new Response(response.body, { status: 503, statusText: 'Service Unavailable', headers });
};
