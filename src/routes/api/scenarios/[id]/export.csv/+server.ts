import { error } from '@sveltejs/kit';
import { isLang } from '$lib/i18n';
import { planCsv } from '$lib/plan/export';
import { exportParts, fileName, scenarioOr404 } from '$lib/server/plan/scenario';
import type { RequestHandler } from './$types';

/** A saved scenario as CSV; `?lang=es|en` picks the header and preamble language (default: the request's). */
export const GET: RequestHandler = async ({ params, url, locals }) => {
	// hooks.server.ts already puts a valid ?lang= into locals.lang; a wrong one is an error here, not silently ignored.
	const asked = url.searchParams.get('lang');
	if (asked !== null && !isLang(asked)) error(400, 'lang must be es or en');
	const lang = locals.lang;
	const s = await scenarioOr404(params.id);
	return new Response(planCsv(lang, ...exportParts(s)), {
		headers: { 'content-type': 'text/csv; charset=utf-8', 'content-disposition': `attachment; filename="${fileName(s, 'csv')}"`, 'content-language': lang }
	});
};
