// See https://svelte.dev/docs/kit/types#app.d.ts
import type { Lang } from '$lib/i18n';
import type { SessionUser } from '$lib/server/auth/roles';

declare global {
	namespace App {
		interface Locals {
			/** The request's language, chosen in hooks.server.ts. */
			lang: Lang;
			/** The signed-in user (hooks.server.ts, from the session cookie); null for the public. */
			user: SessionUser | null;
			/** Set when the request failed because the database could not be reached (answered 503). */
			dbUnavailable?: boolean;
		}
		interface Error {
			message: string;
			/** 'db_unavailable': the database could not be reached; the error page says to try again shortly. */
			code?: 'db_unavailable';
		}
	}
}

export {};
