import { error, json } from '@sveltejs/kit';
import { getDb } from '$lib/server/db';
import { listScenarios, saveScenario, ScenarioNameTaken } from '$lib/server/queries/scenarios';
import { planTranslator } from '$lib/i18n/plan';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = async () => json(await listScenarios(await getDb()));

/** Saves { name, params, sites, summary }; 409 when the name is taken, 400 on a malformed body (name problems in the request's language). */
export const POST: RequestHandler = async ({ request, locals }) => {
	const t = planTranslator(locals.lang);
	const body = await request.json().catch(() => error(400, 'send a JSON body'));
	const name = typeof body?.name === 'string' ? body.name.trim() : '';
	if (name.length < 1 || name.length > 120) error(400, t('plan.nameLength'));
	if (!body.params || typeof body.params !== 'object') error(400, 'params must be an object');
	if (!Array.isArray(body.sites) || body.sites.length > 500) error(400, 'sites must be a list of at most 500 sites');
	if (!body.summary || typeof body.summary !== 'object') error(400, 'summary must be an object');
	try {
		return json(await saveScenario(await getDb(), { name, params: body.params, sites: body.sites, summary: body.summary }), { status: 201 });
	} catch (e) {
		if (e instanceof ScenarioNameTaken) error(409, t('plan.nameTaken', { name }));
		throw e;
	}
};
