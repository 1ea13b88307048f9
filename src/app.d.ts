// See https://svelte.dev/docs/kit/types#app.d.ts
import type { Lang } from '$lib/i18n';

declare global {
	namespace App {
		interface Locals {
			/** The request's language, chosen in hooks.server.ts. */
			lang: Lang;
		}
	}
}

export {};
