import type { LayoutServerLoad } from './$types';

/** Every page gets the request's language (chosen in hooks.server.ts). */
export const load: LayoutServerLoad = ({ locals }) => ({ lang: locals.lang });
