import { toCsv } from '$lib/csv';
import { beyond, COMPONENT_INFO, reasons } from '$lib/gaps';
import { getDb } from '$lib/server/db';
import { needWeights, numberIn, supplyFilter, targetGroup } from '$lib/server/analysis/params';
import { countyNeedIndex, NEED_COMPONENTS } from '$lib/server/analysis/service';
import type { RequestHandler } from './$types';

/** The need-index ranking as CSV, same parameters as /api/need-index, with a source header. */
export const GET: RequestHandler = async ({ url }) => {
	const q = url.searchParams;
	const result = await countyNeedIndex(await getDb(), {
		group: targetGroup(q.get('group')),
		supply: supplyFilter(q.get('desks'), q.get('partners')),
		weights: needWeights(q.get('weights'))
	});
	const header = ['rank', 'county_fips', 'county', 'state', 'consulate', 'need_index', ...NEED_COMPONENTS.flatMap((c) => [c, `${c}_rank`]), 'reasons'];
	const beyondKm = q.get('beyondKm') ? numberIn(q.get('beyondKm'), 'beyondKm', 0, 5000) : null;
	const rows = beyond(result.rows, beyondKm).map((r, i) => [
		r.index === null ? '' : i + 1,
		r.id,
		r.name,
		r.state,
		r.consulateId ?? '',
		r.index,
		...NEED_COMPONENTS.flatMap((c) => [r.values[c], r.ranks[c]]),
		reasons(r.ranks, result.weights).map((k) => COMPONENT_INFO[k].label).join('; ')
	]);
	const csv = toCsv(header, rows, [
		`Ventanillas Atlas need index by county, ${new Date().toISOString().slice(0, 10)}; kind ${result.kind}${result.kind === 'demo' ? ' (penetration uses DEMO service records)' : ''}`,
		`Method: ${result.sources[0].method}${beyondKm === null ? '' : `; only counties more than ${beyondKm} km from the nearest desk or partner`}`,
		'Population: modelled from ACS state shares on SimpleMaps US ZIPs (CC BY 4.0) unless ACS figures are loaded'
	]);
	return new Response(csv, { headers: { 'content-type': 'text/csv; charset=utf-8', 'content-disposition': 'attachment; filename="need-index.csv"' } });
};
