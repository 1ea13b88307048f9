/**
 * A signed-in HTTP client for the e2e server: signs in through the real form, keeps the session
 * cookie, and sends the page's CSRF token and this site's Origin with state-changing requests,
 * as the browser would.
 */
import { expect } from 'vitest';

export interface Client {
	url: string;
	cookie: string;
	csrf: string;
	/** fetch with the session cookie (and, for POST, Origin and the CSRF token) unless `raw`. */
	fetch: (path: string, init?: RequestInit & { raw?: boolean }) => Promise<Response>;
	/** Posts a SvelteKit form action (urlencoded, csrf field added); returns the action's JSON answer. */
	action: (path: string, fields: Record<string, string>) => Promise<{ type: string; status: number; data?: string }>;
	/** Uploads a file to the import API and waits for the job to leave its running phase. */
	importFile: (dataset: string, name: string, content: string | Uint8Array, fields?: Record<string, string>) => Promise<{ status: number; job: Job }>;
	commit: (jobId: string, skipRejected?: boolean) => Promise<{ status: number; job: Job }>;
}

export interface Job {
	id: string;
	phase: string;
	message?: string;
	error: string | null;
	preview: {
		rows: number;
		add: number;
		update: number;
		unchanged: number;
		reject: number;
		errors: { row: number; column: string; value: string; expected: string; key: string }[];
		errorCount: number;
		warnings: string[];
		encoding: string;
	} | null;
	result: { batchId: number; add: number; update: number; unchanged: number; reject: number } | null;
}

/** The session cookie from a response's Set-Cookie headers. */
function sessionCookie(response: Response): string | null {
	const line = response.headers.getSetCookie().find((c) => c.startsWith('atlas_session='));
	return line ? line.split(';')[0] : null;
}

/** Signs in as `username`; fails the test when the form does not set a session. */
export async function signIn(url: string, username: string, password: string): Promise<Client> {
	const response = await fetch(`${url}/signin`, {
		method: 'POST',
		headers: { origin: url, 'content-type': 'application/x-www-form-urlencoded' },
		body: new URLSearchParams({ username, password }),
		redirect: 'manual'
	});
	const cookie = sessionCookie(response);
	expect(cookie, `signing in as ${username} (HTTP ${response.status})`).toBeTruthy();
	const page = await (await fetch(`${url}/imports?lang=en`, { headers: { cookie: cookie! } })).text();
	const csrf = /name="csrf" value="([^"]+)"/.exec(page)?.[1];
	expect(csrf, 'the CSRF token in the page').toBeTruthy();
	const client: Client = {
		url,
		cookie: cookie!,
		csrf: csrf!,
		fetch: (path, init = {}) => {
			const headers = new Headers(init.headers);
			if (!init.raw) {
				headers.set('cookie', client.cookie);
				if (init.method && init.method !== 'GET') {
					if (!headers.has('origin')) headers.set('origin', url);
					if (!headers.has('x-csrf-token')) headers.set('x-csrf-token', client.csrf);
				}
			}
			return fetch(`${url}${path}`, { ...init, headers, redirect: 'manual' });
		},
		action: async (path, fields) => {
			const response = await fetch(`${url}${path}`, {
				method: 'POST',
				headers: { cookie: client.cookie, origin: url, accept: 'application/json', 'content-type': 'application/x-www-form-urlencoded' },
				body: new URLSearchParams({ csrf: client.csrf, ...fields })
			});
			return response.json();
		},
		importFile: async (dataset, name, content, fields = {}) => {
			const form = new FormData();
			form.set('dataset', dataset);
			for (const [k, v] of Object.entries(fields)) form.set(k, v);
			form.set('file', new Blob([content as BlobPart]), name);
			const response = await client.fetch('/api/imports/jobs?lang=en', { method: 'POST', body: form });
			const job = (await response.json()) as Job;
			if (response.status !== 202) return { status: response.status, job };
			return { status: 202, job: await settle(client, job.id) };
		},
		commit: async (jobId, skipRejected = false) => {
			const response = await client.fetch(`/api/imports/jobs/${jobId}/commit?lang=en`, {
				method: 'POST',
				headers: { 'content-type': 'application/json' },
				body: JSON.stringify({ skipRejected })
			});
			const job = (await response.json()) as Job;
			if (response.status !== 202) return { status: response.status, job };
			return { status: 202, job: await settle(client, jobId) };
		}
	};
	return client;
}

async function settle(client: Client, id: string): Promise<Job> {
	const deadline = Date.now() + 5 * 60_000;
	for (;;) {
		const job = (await (await client.fetch(`/api/imports/jobs/${id}`)).json()) as Job;
		if (job.phase !== 'checking' && job.phase !== 'committing') return job;
		if (Date.now() > deadline) throw new Error(`import job ${id} still ${job.phase} after 5 minutes`);
		await new Promise((r) => setTimeout(r, 200));
	}
}
