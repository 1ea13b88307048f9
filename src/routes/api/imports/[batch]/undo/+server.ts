import { json } from '@sveltejs/kit';
import { requireUser, undoScope } from '$lib/server/auth';
import { getDb } from '$lib/server/db';
import { ImportError, undoImport } from '$lib/server/imports';
import { importsTranslator } from '$lib/i18n/imports';
import type { RequestHandler } from './$types';

/** Undoes one import as a whole; refused (403) for an import outside the user's office or organisation, 409 when a later import depends on it. */
export const POST: RequestHandler = async (event) => {
	const user = requireUser(event);
	const lang = event.locals.lang;
	const batchId = Number(event.params.batch);
	if (!/^\d{1,9}$/.test(event.params.batch) || batchId < 1) return json({ message: importsTranslator(lang)('imports.api.batch') }, { status: 400 });
	try {
		return json(await undoImport(await getDb(), batchId, user.username, undoScope(user)));
	} catch (e) {
		if (!(e instanceof ImportError)) throw e;
		const status = e.key === 'refuse.scope' || e.key === 'refuse.partnerScope' ? 403 : e.key === 'refuse.notFound' ? 404 : 409;
		return json({ message: e.in(lang) }, { status });
	}
};
