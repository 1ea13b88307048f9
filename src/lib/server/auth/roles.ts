/**
 * Who may do what. Every endpoint and action asks these functions on the server; the UI only
 * hides what the server would refuse anyway.
 *
 * - admin: everything, including users.
 * - program: all data, all imports (any office), undo any import.
 * - consulate: imports and undo for their office only; reads everything.
 * - partner: their own organisation's records: imports of service records and of their own
 *   partner row, undo of their own imports; reads their own records and the public figures.
 * - public (no sign-in): aggregated figures only, small cells withheld.
 */
import type { DatasetId } from '../imports/types';

export type Role = 'admin' | 'program' | 'consulate' | 'partner';

/** The signed-in user as the server sees it on each request (event.locals.user). */
export interface SessionUser {
	id: number;
	username: string;
	displayName: string;
	role: Role;
	/** Consulate staff: their office. Partner users: their partner's office. */
	consulateId: string | null;
	/** Partner users only. */
	partnerId: number | null;
	partnerName: string | null;
	/** To send back with state-changing requests. */
	csrfToken: string;
}

/** Datasets each role may import. */
const IMPORTS: Record<Role, readonly DatasetId[]> = {
	admin: ['services', 'partners', 'population', 'jurisdictions'],
	program: ['services', 'partners', 'population', 'jurisdictions'],
	consulate: ['services', 'partners', 'population', 'jurisdictions'],
	partner: ['services', 'partners']
};

export function importableDatasets(user: SessionUser): readonly DatasetId[] {
	return IMPORTS[user.role];
}

/** The scope an import by `user` runs under: the office (consulate staff, partners) and the partner (partners). */
export interface ImportScope {
	consulateId: string | null;
	partnerId: number | null;
}

/**
 * The scope of `user`'s import for `requestedOffice` (staff of all offices may limit an import to
 * one office), or a reason it is refused: 'dataset' (the role may not import it) or 'office'
 * (consulate staff asking for another office).
 */
export function importScope(user: SessionUser, dataset: DatasetId, requestedOffice: string | null): ImportScope | 'dataset' | 'office' {
	if (!IMPORTS[user.role].includes(dataset)) return 'dataset';
	if (user.role === 'partner') return { consulateId: user.consulateId, partnerId: user.partnerId };
	if (user.role === 'consulate') {
		if (requestedOffice && requestedOffice !== user.consulateId) return 'office';
		return { consulateId: user.consulateId, partnerId: null };
	}
	return { consulateId: requestedOffice || null, partnerId: null };
}

/** Undo scope: the import must have been made under this scope (null fields: any). */
export function undoScope(user: SessionUser): ImportScope {
	if (user.role === 'partner') return { consulateId: null, partnerId: user.partnerId };
	if (user.role === 'consulate') return { consulateId: user.consulateId, partnerId: null };
	return { consulateId: null, partnerId: null };
}

/** Which service records `user` may read row by row: all, or one partner's. */
export function recordScope(user: SessionUser): { partnerId: number | null } {
	return { partnerId: user.role === 'partner' ? user.partnerId : null };
}

export function canManageUsers(user: SessionUser | null): boolean {
	return user?.role === 'admin';
}
