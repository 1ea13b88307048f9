import { error, json } from '@sveltejs/kit';
import { getDb } from '$lib/server/db';
import { search, SearchInputError } from '$lib/server/queries/search';
import type { RequestHandler } from './$types';

/** Offices, counties, places, ZIP code areas and partners matching ?q= (2-100 characters), best first, at most 20; labels in ?lang= (or the request's language). */
export const GET: RequestHandler = async ({ url, locals }) => {
	try {
		return json({ results: await search(await getDb(), { q: url.searchParams.get('q') ?? '', lang: locals.lang }) });
	} catch (e) {
		if (e instanceof SearchInputError) error(400, e.message);
		throw e;
	}
};
