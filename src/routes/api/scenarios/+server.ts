import { error, json } from '@sveltejs/kit';
import { getDb } from '$lib/server/db';
import { normaliseText } from '$lib/server/imports/normalise';
import { listScenarios, saveScenario, ScenarioNameTaken } from '$lib/server/queries/scenarios';
import { planTranslator } from '$lib/i18n/plan';
import type { RequestHandler } from './$types';

/**
 * Why a JSON value cannot be stored, or null: PostgreSQL's text and jsonb cannot hold a NUL
 * character (the insert fails), half a character becomes U+FFFD, and nothing a plan saves is
 * nested deeper than a few levels (10,000 nested arrays made the insert fail).
 */
function unstorable(value: unknown, depth = 0): string | null {
	if (depth > 20) return 'nested more than 20 levels deep';
	if (typeof value === 'string') return value.includes('\u0000') || !value.isWellFormed() ? 'a NUL character or half a character in a text' : null;
	if (value === null || typeof value !== 'object') return null;
	for (const [k, v] of Object.entries(value)) {
		const why = unstorable(k, depth + 1) ?? unstorable(v, depth + 1);
		if (why) return why;
	}
	return null;
}

export const GET: RequestHandler = async () => json(await listScenarios(await getDb()));

/** Saves { name, params, sites, summary }; 409 when the name is taken, 400 on a malformed body (name problems in the request's language). */
export const POST: RequestHandler = async ({ request, locals }) => {
	const t = planTranslator(locals.lang);
	const body = await request.json().catch(() => error(400, 'send a JSON body'));
	const name = typeof body?.name === 'string' ? body.name.trim() : '';
	if (!normaliseText(name, 120).ok || name.length < 1) error(400, t('plan.nameLength'));
	if (!body.params || typeof body.params !== 'object') error(400, 'params must be an object');
	if (!Array.isArray(body.sites) || body.sites.length > 500) error(400, 'sites must be a list of at most 500 sites');
	if (!body.summary || typeof body.summary !== 'object') error(400, 'summary must be an object');
	const why = unstorable([body.params, body.sites, body.summary]);
	if (why) error(400, `params, sites and summary cannot be stored: ${why}`);
	try {
		return json(await saveScenario(await getDb(), { name, params: body.params, sites: body.sites, summary: body.summary }), { status: 201 });
	} catch (e) {
		if (e instanceof ScenarioNameTaken) error(409, t('plan.nameTaken', { name }));
		throw e;
	}
};
