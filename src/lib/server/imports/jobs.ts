/**
 * Imports started from the web page. A large file takes seconds to check and a minute to commit,
 * longer than a browser should wait on one request, so each upload becomes a job the page polls
 * for progress: checking -> previewed -> committing -> committed (or failed).
 *
 * Jobs live in this process's memory, on purpose: the uploaded bytes must be kept between the
 * preview and the commit (the commit reads the file again inside its transaction), and writing
 * tens of megabytes to the database only to read them back would double the work. Each job
 * belongs to the user who uploaded it (others get "not found"); jobs are dropped 30 minutes after
 * their last change, and a user has at most two files in progress. A restart loses previews, not
 * data: nothing is written before the commit, and a commit is one transaction.
 */
import { randomBytes } from 'node:crypto';
import type { Lang } from '../../i18n/index';
import type { Db } from '../db/client';
import type { ImportScope } from '../auth/roles';
import { ImportError } from './messages';
import { commitImport, previewImport, safeFileName, type CommitResult, type ImportPlan, type ImportPreview } from './pipeline';

export type JobPhase = 'checking' | 'previewed' | 'committing' | 'committed' | 'failed';

/** What the page is told about a job (never the file's bytes). */
export interface JobStatus {
	id: string;
	phase: JobPhase;
	dataset: string;
	fileName: string;
	/** Rows done so far, and an upper bound of the rows in the file (its lines or features). */
	rowsDone: number;
	rowsTotal: number | null;
	preview: Omit<ImportPreview, 'plan'> | null;
	result: CommitResult | null;
	/** Why the job failed, in the uploader's language. */
	error: string | null;
}

interface Job extends JobStatus {
	userId: number;
	plan: ImportPlan | null;
	touched: number;
}

const jobs = new Map<string, Job>();
const KEEP_MS = 30 * 60_000;
export const MAX_JOBS_PER_USER = 2;

function sweep(now = Date.now()): void {
	for (const [id, job] of jobs) if (now - job.touched > KEEP_MS && job.phase !== 'checking' && job.phase !== 'committing') jobs.delete(id);
}

function status(job: Job): JobStatus {
	const { id, phase, dataset, fileName, rowsDone, rowsTotal, preview, result, error } = job;
	return { id, phase, dataset, fileName, rowsDone, rowsTotal, preview, result, error };
}

function progress(job: Job) {
	return (done: number, total?: number) => {
		job.rowsDone = done;
		job.rowsTotal = total ?? null;
		job.touched = Date.now();
	};
}

function failed(job: Job, e: unknown, lang: Lang): void {
	job.phase = 'failed';
	job.touched = Date.now();
	if (e instanceof ImportError) job.error = e.in(lang);
	else {
		console.error(`import job ${job.id} (${job.fileName}) failed:`, e);
		job.error = lang === 'es' ? 'La importación falló por un error del servidor (quedó registrado). No se escribió nada.' : 'The import failed on a server error (it was logged). Nothing was written.';
	}
}

/** Thrown when a user already has MAX_JOBS_PER_USER files being checked or committed. */
export class TooManyJobsError extends Error {}

export interface StartPreview {
	userId: number;
	actor: string;
	dataset: string;
	fileName: string;
	bytes: Uint8Array;
	scope: ImportScope;
	lang: Lang;
}

/** Starts checking an uploaded file; returns the job's status at once (phase 'checking'). */
export function startPreview(db: Db, request: StartPreview): JobStatus {
	sweep();
	const busy = [...jobs.values()].filter((j) => j.userId === request.userId && (j.phase === 'checking' || j.phase === 'committing'));
	if (busy.length >= MAX_JOBS_PER_USER) throw new TooManyJobsError();
	const job: Job = {
		id: randomBytes(12).toString('base64url'),
		userId: request.userId,
		phase: 'checking',
		dataset: request.dataset,
		// The name as it will be recorded, also while checking and when the check fails: never a path or control characters.
		fileName: safeFileName(request.fileName),
		rowsDone: 0,
		rowsTotal: null,
		preview: null,
		result: null,
		error: null,
		plan: null,
		touched: Date.now()
	};
	jobs.set(job.id, job);
	previewImport(db, {
		dataset: request.dataset,
		fileName: request.fileName,
		bytes: request.bytes,
		actor: request.actor,
		consulateId: request.scope.consulateId,
		partnerId: request.scope.partnerId,
		lang: request.lang,
		maxErrors: 500,
		onProgress: progress(job)
	}).then(
		({ plan, ...preview }) => {
			Object.assign(job, { phase: 'previewed', preview, plan, fileName: preview.fileName, touched: Date.now() });
		},
		(e) => failed(job, e, request.lang)
	);
	return status(job);
}

/** The job's status for its owner; null when there is no such job of this user (or it expired). */
export function jobStatus(id: string, userId: number): JobStatus | null {
	const job = jobs.get(id);
	return job && job.userId === userId ? status(job) : null;
}

/**
 * Commits a previewed job in the background; returns its status (phase 'committing'), null when
 * there is no such job of this user, or throws ImportError when it is not in the previewed phase or
 * has rejected rows and `skipRejected` is not set.
 */
export function startCommit(db: Db, id: string, userId: number, options: { skipRejected: boolean; lang: Lang }): JobStatus | null {
	const job = jobs.get(id);
	if (!job || job.userId !== userId) return null;
	if (job.phase !== 'previewed' || !job.plan) throw new ImportError('refuse.fileError', { detail: `this file is ${job.phase}, not waiting to be committed` });
	if (job.plan.counts.reject > 0 && !options.skipRejected) throw new ImportError('refuse.rejected', { count: job.plan.counts.reject });
	const plan = job.plan;
	Object.assign(job, { phase: 'committing', rowsDone: 0, touched: Date.now() });
	commitImport(db, plan, { skipRejected: options.skipRejected, onProgress: progress(job) }).then(
		(result) => Object.assign(job, { phase: 'committed', result, plan: null, touched: Date.now() }),
		(e) => failed(job, e, options.lang)
	);
	return status(job);
}
