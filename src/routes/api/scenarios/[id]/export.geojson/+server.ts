import { planGeoJson } from '$lib/plan/export';
import { exportParts, fileName, scenarioOr404 } from '$lib/server/plan/scenario';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = async ({ params }) => {
	const s = await scenarioOr404(params.id);
	return new Response(JSON.stringify(planGeoJson(...exportParts(s))), {
		headers: { 'content-type': 'application/geo+json', 'content-disposition': `attachment; filename="${fileName(s, 'geojson')}"` }
	});
};
