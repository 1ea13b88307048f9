import { json } from '@sveltejs/kit';
import { requireUser } from '$lib/server/auth';
import { getDb } from '$lib/server/db';
import { ImportError } from '$lib/server/imports';
import { startCommit } from '$lib/server/imports/jobs';
import { importsTranslator } from '$lib/i18n/imports';
import type { RequestHandler } from './$types';

/** Commits a previewed job ({ skipRejected }): 202 and the job to poll; 409 when it cannot be committed as it is. */
export const POST: RequestHandler = async (event) => {
	const user = requireUser(event);
	const lang = event.locals.lang;
	const body = await event.request.json().catch(() => ({}));
	try {
		const job = startCommit(await getDb(), event.params.id, user.id, { skipRejected: body?.skipRejected === true, lang });
		if (!job) return json({ message: importsTranslator(lang)('imports.api.noJob') }, { status: 404 });
		return json(job, { status: 202 });
	} catch (e) {
		if (e instanceof ImportError) return json({ message: e.in(lang) }, { status: 409 });
		throw e;
	}
};
