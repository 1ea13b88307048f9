import { fail, redirect } from '@sveltejs/kit';
import { safeNext, SESSION_COOKIE, signIn } from '$lib/server/auth';
import { getDb } from '$lib/server/db';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = ({ locals, url }) => {
	if (locals.user) redirect(303, safeNext(url.searchParams.get('next')));
	return { next: safeNext(url.searchParams.get('next')) };
};

export const actions: Actions = {
	/** Checks the name and password (rate-limited), sets the session cookie and goes where the user was heading. */
	default: async ({ request, cookies, url, getClientAddress }) => {
		const form = await request.formData();
		const username = String(form.get('username') ?? '');
		const result = await signIn(await getDb(), username, String(form.get('password') ?? ''), getClientAddress());
		if (!result.ok) {
			const status = result.reason === 'limited' ? 429 : 400;
			return fail(status, { username: username.slice(0, 64), reason: result.reason, waitMinutes: result.reason === 'limited' ? Math.ceil(result.waitSeconds / 60) : 0 });
		}
		cookies.set(SESSION_COOKIE, result.token, { path: '/', httpOnly: true, sameSite: 'lax', secure: url.protocol === 'https:', expires: result.expiresAt });
		redirect(303, safeNext(url.searchParams.get('next')));
	}
};
