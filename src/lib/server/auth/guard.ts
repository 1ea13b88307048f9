/**
 * Request checks shared by every protected page, action and endpoint: who is signed in (else 401,
 * or a redirect to the sign-in page for pages), which role (else 403), and the CSRF check of
 * state-changing requests.
 */
import { error, redirect, type RequestEvent } from '@sveltejs/kit';
import { timingSafeEqual } from 'node:crypto';
import type { Role, SessionUser } from './roles';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** The signed-in user, else 401 (or, for a page, a redirect to /signin that comes back here). */
export function requireUser(event: Pick<RequestEvent, 'locals' | 'url' | 'route'>, roles?: readonly Role[]): SessionUser {
	const user = event.locals.user;
	const api = event.url.pathname.startsWith('/api/');
	if (!user) {
		if (api) error(401, event.locals.lang === 'es' ? 'Inicie sesión para usar esta función.' : 'Sign in to use this.');
		redirect(303, `/signin?next=${encodeURIComponent(event.url.pathname + event.url.search)}`);
	}
	if (roles && !roles.includes(user.role)) {
		error(403, event.locals.lang === 'es' ? 'Su cuenta no tiene permiso para esto.' : 'Your account is not allowed to do this.');
	}
	return user;
}

/** A path on this site to go to after signing in: only same-site paths, else '/imports'. */
export function safeNext(next: string | null): string {
	return next && /^\/(?![/\\])[^\s]*$/.test(next) ? next : '/imports';
}

function same(a: string, b: string): boolean {
	const x = Buffer.from(a);
	const y = Buffer.from(b);
	return x.length === y.length && timingSafeEqual(x, y);
}

/**
 * Why a state-changing request must be refused, or null. Every POST/PUT/PATCH/DELETE must come from
 * this site (Origin, else Sec-Fetch-Site; a request with neither is from a program, not a browser,
 * and cannot carry a victim's cookie). A signed-in one must also carry the session's CSRF token in
 * the `x-csrf-token` header or, for a form, its `csrf` field (read from a copy of the body).
 */
export async function csrfProblem(event: Pick<RequestEvent, 'request' | 'url' | 'locals'>): Promise<string | null> {
	const { request, url } = event;
	if (SAFE_METHODS.has(request.method)) return null;
	const origin = request.headers.get('origin');
	if (origin !== null && origin !== url.origin) return `cross-site request refused (Origin ${origin.slice(0, 100)} is not ${url.origin})`;
	if (origin === null && ['cross-site', 'same-site'].includes(request.headers.get('sec-fetch-site') ?? '')) return 'cross-site request refused';
	const user = event.locals.user;
	if (!user) return null;
	let token = request.headers.get('x-csrf-token');
	const type = request.headers.get('content-type') ?? '';
	if (token === null && type.startsWith('application/x-www-form-urlencoded')) {
		const form = await request.clone().formData().catch(() => null);
		const field = form?.get('csrf');
		token = typeof field === 'string' ? field : null;
	}
	if (token === null || !same(token, user.csrfToken)) return 'missing or wrong CSRF token: reload the page and try again';
	return null;
}
