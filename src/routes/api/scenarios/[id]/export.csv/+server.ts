import { planCsv } from '$lib/plan/export';
import { exportParts, fileName, scenarioOr404 } from '$lib/server/plan/scenario';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = async ({ params }) => {
	const s = await scenarioOr404(params.id);
	return new Response(planCsv(...exportParts(s)), {
		headers: { 'content-type': 'text/csv; charset=utf-8', 'content-disposition': `attachment; filename="${fileName(s, 'csv')}"` }
	});
};
