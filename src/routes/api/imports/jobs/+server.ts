import { env } from '$env/dynamic/private';
import { json } from '@sveltejs/kit';
import { importScope, requireUser } from '$lib/server/auth';
import { importMaxBytes } from '$lib/server/config';
import { getDb } from '$lib/server/db';
import { DATASETS, type DatasetId } from '$lib/server/imports';
import { MAX_JOBS_PER_USER, startPreview, TooManyJobsError } from '$lib/server/imports/jobs';
import { formOf, readBodyLimited } from '$lib/server/imports/upload';
import { importsTranslator } from '$lib/i18n/imports';
import type { RequestHandler } from './$types';

/** Room for the multipart boundaries and the small fields around the file. */
const FORM_OVERHEAD = 64 * 1024;

/**
 * Upload a file to check (multipart: dataset, file, office): 202 with the job to poll at
 * /api/imports/jobs/<id>; 413 over IMPORT_MAX_MB; 400 for a malformed form; 403 when the account
 * may not import this data set or for this office; 429 with two files already in progress.
 */
export const POST: RequestHandler = async (event) => {
	const user = requireUser(event);
	const t = importsTranslator(event.locals.lang);
	const limit = importMaxBytes(env);
	const mb = Math.round(limit / 2 ** 20);
	const body = await readBodyLimited(event.request, limit + FORM_OVERHEAD);
	if (body === 'too-large') return json({ message: t('imports.api.tooLarge', { mb }), limitBytes: limit }, { status: 413 });
	const form = await formOf(body, event.request.headers.get('content-type'));
	if (!form) return json({ message: t('imports.api.form') }, { status: 400 });
	const dataset = String(form.get('dataset') ?? '');
	if (!(DATASETS as readonly string[]).includes(dataset)) return json({ message: t('imports.api.dataset', { options: DATASETS.join(', ') }) }, { status: 400 });
	const file = form.get('file');
	if (!(file instanceof File) || file.size === 0) return json({ message: t('imports.api.noFile') }, { status: 400 });
	if (file.size > limit) return json({ message: t('imports.api.tooLarge', { mb }), limitBytes: limit }, { status: 413 });
	const scope = importScope(user, dataset as DatasetId, String(form.get('office') ?? '') || null);
	if (scope === 'dataset') return json({ message: t('imports.api.roleDataset', { dataset }) }, { status: 403 });
	if (scope === 'office') return json({ message: t('imports.api.otherOffice', { office: user.consulateId ?? '' }) }, { status: 403 });
	try {
		const job = startPreview(await getDb(), {
			userId: user.id,
			actor: user.username,
			dataset,
			fileName: file.name,
			bytes: new Uint8Array(await file.arrayBuffer()),
			scope,
			lang: event.locals.lang
		});
		return json(job, { status: 202 });
	} catch (e) {
		if (e instanceof TooManyJobsError) return json({ message: t('imports.api.busy', { max: MAX_JOBS_PER_USER }) }, { status: 429 });
		throw e;
	}
};
