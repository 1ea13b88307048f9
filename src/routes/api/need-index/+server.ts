import { json } from '@sveltejs/kit';
import { getDb } from '$lib/server/db';
import { countyNeedIndex } from '$lib/server/analysis/service';
import { needWeights, supplyFilter, targetGroup } from '$lib/server/analysis/params';
import type { RequestHandler } from './$types';

/** Counties ranked by the need index, most need first, with each component's value and rank. */
export const GET: RequestHandler = async ({ url }) => {
	const q = url.searchParams;
	return json(
		await countyNeedIndex(await getDb(), {
			group: targetGroup(q.get('group')),
			supply: supplyFilter(q.get('desks'), q.get('partners')),
			weights: needWeights(q.get('weights'))
		})
	);
};
