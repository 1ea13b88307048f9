import { env } from '$env/dynamic/private';
import { importableDatasets, requireUser, undoScope } from '$lib/server/auth';
import { importMaxBytes } from '$lib/server/config';
import { getDb } from '$lib/server/db';
import { officeNames } from '$lib/server/queries/consulates';
import { importHistory } from '$lib/server/queries/imports';
import type { PageServerLoad } from './$types';

/** The import page: what this account may import, for which offices, and the imports it may see and undo. */
export const load: PageServerLoad = async (event) => {
	const user = requireUser(event);
	const db = await getDb();
	const offices = await officeNames(db);
	return {
		datasets: importableDatasets(user),
		offices,
		chooseOffice: user.role === 'admin' || user.role === 'program',
		maxMb: Math.round(importMaxBytes(env) / 2 ** 20),
		history: await importHistory(db, undoScope(user))
	};
};
