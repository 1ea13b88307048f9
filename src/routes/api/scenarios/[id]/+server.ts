import { error, json } from '@sveltejs/kit';
import { getDb } from '$lib/server/db';
import { deleteScenario } from '$lib/server/queries/scenarios';
import { scenarioOr404 } from '$lib/server/plan/scenario';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = async ({ params }) => json(await scenarioOr404(params.id));

export const DELETE: RequestHandler = async ({ params }) => {
	const scenario = await scenarioOr404(params.id);
	if (!(await deleteScenario(await getDb(), scenario.id))) error(404, `No scenario ${params.id}`);
	return new Response(null, { status: 204 });
};
