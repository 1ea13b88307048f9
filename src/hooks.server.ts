import { building } from '$app/environment';
import type { Handle, HandleServerError, ServerInit } from '@sveltejs/kit';
import { closeDb, getDbHandle } from '$lib/server/db';

/** Open, migrate and load the database before the server takes requests. */
export const init: ServerInit = async () => {
	if (building) return;
	await getDbHandle();
	// An open database handle keeps the event loop alive; close it so SIGTERM ends the process.
	process.once('sveltekit:shutdown', () => void closeDb());
};

export const handle: Handle = async ({ event, resolve }) => {
	const response = await resolve(event);
	response.headers.set('x-content-type-options', 'nosniff');
	return response;
};

/** Unexpected errors are logged here with detail; the user sees a generic message. */
export const handleError: HandleServerError = ({ error, event, status }) => {
	if (status !== 404) console.error(`${event.request.method} ${event.url.pathname}:`, error);
	return { message: status === 404 ? 'Not found' : 'Something went wrong on the server. The error was logged.' };
};
