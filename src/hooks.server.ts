import { building } from '$app/environment';
import type { Handle, HandleServerError, ServerInit } from '@sveltejs/kit';
import { countyNeedIndex } from '$lib/server/analysis/service';
import { closeDb, getDbHandle } from '$lib/server/db';
import { jurisdictionShapes } from '$lib/server/queries/jurisdiction-shapes';
import { searchIndex } from '$lib/server/queries/search';
import { DEFAULT_LANG, LANG_COOKIE, isLang, requestLang } from '$lib/i18n';

/** Open, migrate and load the database before the server takes requests. */
export const init: ServerInit = async () => {
	if (building) return;
	const { db } = await getDbHandle();
	// Fill the slow caches (need index, search names, jurisdiction shapes) while the first visitors load the page.
	void Promise.all([countyNeedIndex(db, { group: 'mexican_origin' }), jurisdictionShapes(db), searchIndex(db)]).catch((e) =>
		console.error('warming the caches failed:', e)
	);
	// An open database handle keeps the event loop alive; close it so SIGTERM ends the process.
	process.once('sveltekit:shutdown', () => void closeDb());
};

/** The request's language (?lang=, then the cookie, then Accept-Language); an explicit ?lang= is remembered. */
export const handle: Handle = async ({ event, resolve }) => {
	// Prerendered files (map geometry) have no request to read a language from.
	const lang = building ? DEFAULT_LANG : requestLang(event.url, event.cookies.get(LANG_COOKIE), event.request.headers.get('accept-language'));
	event.locals.lang = lang;
	if (!building && isLang(event.url.searchParams.get('lang')) && event.cookies.get(LANG_COOKIE) !== lang) {
		event.cookies.set(LANG_COOKIE, lang, { path: '/', maxAge: 365 * 24 * 3600, sameSite: 'lax', httpOnly: false });
	}
	const response = await resolve(event, { transformPageChunk: ({ html }) => html.replace('%lang%', lang) });
	response.headers.set('x-content-type-options', 'nosniff');
	return response;
};

/** Unexpected errors are logged here with detail; the user sees a generic message. */
export const handleError: HandleServerError = ({ error, event, status }) => {
	if (status !== 404) console.error(`${event.request.method} ${event.url.pathname}:`, error);
	return { message: status === 404 ? 'Not found' : 'Something went wrong on the server. The error was logged.' };
};
