import { error, json } from '@sveltejs/kit';
import { getDb } from '$lib/server/db';
import { PlanInputError, planSites } from '$lib/server/analysis/service';
import { numberIn, supplyFilter, targetGroup } from '$lib/server/analysis/params';
import type { RequestHandler } from './$types';

/**
 * Runs the mobile-clinic siting (MCLP). Body: { group, radiusKm, k, candidates: 'partners'|'zcta'|'given',
 * extraCandidates?: [{id?, lat, lon}], desks?: boolean, partners?: 'all'|'none'|'type,...' }. With
 * 'given', the points are the plan (a hand-edited one) and the answer is its coverage.
 */
export const POST: RequestHandler = async ({ request }) => {
	const body = await request.json().catch(() => error(400, 'send a JSON body'));
	const candidates = body.candidates ?? 'partners';
	if (!['partners', 'zcta', 'given'].includes(candidates)) error(400, 'candidates must be partners, zcta or given');
	const extra = Array.isArray(body.extraCandidates) ? body.extraCandidates : [];
	if (extra.length > 200) error(400, 'at most 200 added points');
	const extraCandidates = extra.map((p: { id?: unknown; lat: unknown; lon: unknown }, i: number) => {
		const lat = numberIn(p?.lat, `extraCandidates[${i}].lat`, -90, 90);
		const lon = numberIn(p?.lon, `extraCandidates[${i}].lon`, -180, 180);
		const id = typeof p.id === 'string' && /^[\w:.,-]{1,80}$/.test(p.id) ? p.id : `point:${lat.toFixed(5)},${lon.toFixed(5)}`;
		return { id, lat, lon };
	});
	if (candidates === 'given' && extraCandidates.length === 0) error(400, 'candidates "given" needs at least one point in extraCandidates');
	const run = planSites(await getDb(), {
			group: targetGroup(body.group),
			radiusKm: numberIn(body.radiusKm, 'radiusKm', 1, 500, 40),
			k: Math.round(numberIn(body.k, 'k', 1, 100, 10)),
			candidates,
			extraCandidates,
			existing: supplyFilter(body.desks, body.partners)
		});
	try {
		return json(await run);
	} catch (e) {
		if (e instanceof PlanInputError) error(400, e.message);
		throw e;
	}
};
