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
		}
	}
}

export {};
