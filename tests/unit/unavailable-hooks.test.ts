import type { RequestEvent } from '@sveltejs/kit';
import { describe, expect, it } from 'vitest';
import type { Lang } from '../../src/lib/i18n';
import { dbUnavailableError, dbUnavailableMessage, handleDbUnavailable } from '../../src/lib/server/unavailable-hooks';

const refused = () => new Error('Failed query: select 1', { cause: Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' }) });

/** The parts of a request event the hooks read. */
function event(path: string, { accept = '*/*', lang, isDataRequest = false }: { accept?: string; lang?: Lang; isDataRequest?: boolean } = {}): RequestEvent {
	const url = new URL(`http://localhost${path}`);
	return {
		url,
		request: new Request(url, { headers: { accept, 'accept-language': 'en-US,en;q=0.9' } }),
		cookies: { get: () => undefined },
		locals: lang ? { lang } : {},
		isDataRequest
	} as unknown as RequestEvent;
}

const run = (e: RequestEvent, resolve: () => Promise<Response> | Response) => handleDbUnavailable({ event: e, resolve: async () => resolve() }) as Promise<Response>;

describe('the database-unavailable hooks', () => {
	it('answer 503 JSON { message } with Retry-After when a later handle throws because the database is unreachable', async () => {
		// The language handle had not run yet: the language comes from Accept-Language.
		const response = await run(event('/api/services'), () => {
			throw refused();
		});
		expect(response.status).toBe(503);
		expect(response.headers.get('retry-after')).toBe('5');
		expect(await response.json()).toEqual({ message: dbUnavailableMessage('en'), code: 'db_unavailable' });
	});

	it('answer a browser with the static error page saying 503 and the notice in its language', async () => {
		const response = await run(event('/', { accept: 'text/html,*/*;q=0.8', lang: 'es' }), () => {
			throw refused();
		});
		expect(response.status).toBe(503);
		expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
		const html = await response.text();
		expect(html).toContain('<title>503 — Ventanillas Atlas</title>');
		expect(html).toContain(dbUnavailableMessage('es'));
		expect(html).not.toContain('%sveltekit');
	});

	it('turn the 500 of a request whose error handleError recognised into a 503, keeping its body', async () => {
		const e = event('/api/services', { lang: 'en' });
		const body = dbUnavailableError(e, refused());
		expect(body).toEqual({ message: 'The database is unavailable right now. Please try again in a few moments.', code: 'db_unavailable' });
		const response = await run(e, () => Response.json(body, { status: 500 }));
		expect(response.status).toBe(503);
		expect(response.headers.get('retry-after')).toBe('5');
		expect(await response.json()).toEqual(body);
	});

	it('leave alone other errors, other statuses, and a data request that carries its error in a 200', async () => {
		await expect(
			run(event('/'), () => {
				throw new TypeError('a bug');
			})
		).rejects.toThrow('a bug');
		const other = await run(event('/'), () => new Response('boom', { status: 500 }));
		expect(other.status).toBe(500);
		const data = event('/__data.json', { isDataRequest: true, lang: 'en' });
		dbUnavailableError(data, refused());
		expect((await run(data, () => new Response('{"type":"data"}', { status: 200 }))).status).toBe(200);
	});
});
