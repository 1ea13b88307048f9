import { recordScope, requireUser } from '$lib/server/auth';
import { getDb } from '$lib/server/db';
import { officeNames } from '$lib/server/queries/consulates';
import { serviceRecordPage } from '$lib/server/queries/records';
import { recordQueryOf } from '$lib/server/records-request';
import type { PageServerLoad } from './$types';

const PAGE_SIZE = 100;

/** Service records row by row: a partner account's own, or any for staff (filters in the URL). */
export const load: PageServerLoad = async (event) => {
	const user = requireUser(event);
	const query = { ...recordQueryOf(event.url, recordScope(user), event.locals.lang), pageSize: PAGE_SIZE };
	const db = await getDb();
	const offices = await officeNames(db);
	return { query, pageSize: PAGE_SIZE, offices, ...(await serviceRecordPage(db, query)) };
};
