import { redirect } from '@sveltejs/kit';
import { endSession, SESSION_COOKIE } from '$lib/server/auth';
import { getDb } from '$lib/server/db';
import type { RequestHandler } from './$types';

/** Ends the session (the CSRF check in hooks.server.ts has passed) and goes back to the map. */
export const POST: RequestHandler = async ({ cookies, locals }) => {
	const token = cookies.get(SESSION_COOKIE);
	if (token) await endSession(await getDb(), token);
	cookies.delete(SESSION_COOKIE, { path: '/' });
	redirect(303, `/?lang=${locals.lang}`);
};
