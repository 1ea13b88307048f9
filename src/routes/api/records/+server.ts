import { json } from '@sveltejs/kit';
import { recordScope, requireUser } from '$lib/server/auth';
import { getDb } from '$lib/server/db';
import { serviceRecordPage } from '$lib/server/queries/records';
import { recordQueryOf } from '$lib/server/records-request';
import type { RequestHandler } from './$types';

/**
 * Service records row by row for signed-in users (?office=&partner=&from=&to=&page=): partner
 * accounts get their own organisation's only (asking for another partner is 403); staff any.
 */
export const GET: RequestHandler = async (event) => {
	const user = requireUser(event);
	const query = recordQueryOf(event.url, recordScope(user), event.locals.lang);
	return json(await serviceRecordPage(await getDb(), query), { headers: { 'cache-control': 'no-store' } });
};
