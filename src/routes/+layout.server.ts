import type { LayoutServerLoad } from './$types';

/** Every page gets the request's language and, when someone is signed in, who (chosen in hooks.server.ts). */
export const load: LayoutServerLoad = ({ locals }) => {
	const u = locals.user;
	return {
		lang: locals.lang,
		account: u ? { username: u.username, displayName: u.displayName, role: u.role, consulateId: u.consulateId, partnerId: u.partnerId, partnerName: u.partnerName, csrf: u.csrfToken } : null
	};
};
