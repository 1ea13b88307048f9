import { json } from '@sveltejs/kit';
import { requireUser } from '$lib/server/auth';
import { jobStatus } from '$lib/server/imports/jobs';
import { importsTranslator } from '$lib/i18n/imports';
import type { RequestHandler } from './$types';

/** A job's phase, progress, preview (counts, row errors, warnings) or result; only its uploader sees it. */
export const GET: RequestHandler = async (event) => {
	const user = requireUser(event);
	const job = jobStatus(event.params.id, user.id);
	if (!job) return json({ message: importsTranslator(event.locals.lang)('imports.api.noJob') }, { status: 404 });
	return json(job, { headers: { 'cache-control': 'no-store' } });
};
