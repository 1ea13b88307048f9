import { fail } from '@sveltejs/kit';
import { createUser, listUsers, MIN_PASSWORD_LENGTH, requireUser, setActive, setPassword, UserError } from '$lib/server/auth';
import { getDb } from '$lib/server/db';
import { officeNames } from '$lib/server/queries/consulates';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	requireUser(event, ['admin']);
	const db = await getDb();
	const offices = await officeNames(db);
	return { users: await listUsers(db), offices, minPassword: MIN_PASSWORD_LENGTH };
};

/** A refused change as the form's error (a message key and its variables), else rethrown. */
function refused(e: unknown, action: string, values: Record<string, string> = {}) {
	if (e instanceof UserError) return fail(400, { action, error: { key: e.key, vars: e.vars }, values });
	throw e;
}

const idOf = (form: FormData) => Number(form.get('id'));

export const actions: Actions = {
	create: async (event) => {
		const admin = requireUser(event, ['admin']);
		const form = await event.request.formData();
		const field = (name: string) => String(form.get(name) ?? '');
		try {
			await createUser(await getDb(), {
				username: field('username'),
				displayName: field('displayName'),
				role: field('role'),
				consulateId: field('consulateId') || null,
				partnerId: field('partnerId') ? Number(field('partnerId')) : null,
				password: field('password'),
				createdBy: admin.username
			});
		} catch (e) {
			const values = Object.fromEntries(['username', 'displayName', 'role', 'consulateId', 'partnerId'].map((k) => [k, field(k)]));
			return refused(e, 'create', values);
		}
		return { action: 'create', created: field('username').trim().toLowerCase() };
	},
	active: async (event) => {
		const admin = requireUser(event, ['admin']);
		const form = await event.request.formData();
		try {
			await setActive(await getDb(), idOf(form), form.get('active') === 'true', admin);
		} catch (e) {
			return refused(e, 'active');
		}
		return { action: 'active', saved: true };
	},
	password: async (event) => {
		requireUser(event, ['admin']);
		const form = await event.request.formData();
		try {
			await setPassword(await getDb(), idOf(form), String(form.get('password') ?? ''));
		} catch (e) {
			return refused(e, 'password');
		}
		return { action: 'password', saved: true };
	}
};
