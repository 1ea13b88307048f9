import { json } from '@sveltejs/kit';
import { requireUser, undoScope } from '$lib/server/auth';
import { getDb } from '$lib/server/db';
import { importHistory } from '$lib/server/queries/imports';
import type { RequestHandler } from './$types';

/** The imports the signed-in user may see (their office's, their organisation's, or all), newest first. */
export const GET: RequestHandler = async (event) => {
	const user = requireUser(event);
	return json(await importHistory(await getDb(), undoScope(user)), { headers: { 'cache-control': 'no-store' } });
};
