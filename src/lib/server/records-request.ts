/** The record listing's query from a URL, within the user's scope (shared by /records and /api/records). */
import { error } from '@sveltejs/kit';
import { importsTranslator } from '../i18n/imports';
import type { Lang } from '../i18n/index';
import type { RecordQuery } from './queries/records';

const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;

/** 400 for a malformed parameter, 403 when a partner account asks for another partner's records. */
export function recordQueryOf(url: URL, scope: { partnerId: number | null }, lang: Lang): RecordQuery {
	const p = url.searchParams;
	const month = (name: string) => {
		const v = p.get(name);
		if (v && !MONTH.test(v)) error(400, `${name}: a month as YYYY-MM (got "${v.slice(0, 20)}")`);
		return v || null;
	};
	const asked = p.get('partner');
	if (asked && !/^\d{1,9}$/.test(asked)) error(400, `partner: a partner id (whole number), got "${asked.slice(0, 20)}"`);
	if (scope.partnerId !== null && asked && Number(asked) !== scope.partnerId) error(403, importsTranslator(lang)('records.forbidden'));
	const office = p.get('office');
	if (office && !/^[a-z-]{2,40}$/.test(office)) error(400, `office: an office id such as san-diego (got "${office.slice(0, 40)}")`);
	const kind = p.get('kind') || null;
	if (kind !== null && kind !== 'measured' && kind !== 'demo') error(400, `kind: measured or demo (got "${kind.slice(0, 20)}")`);
	const page = Number(p.get('page') ?? 0);
	if (!Number.isInteger(page) || page < 0 || page > 100_000) error(400, 'page: a whole number of 0 or more');
	return { partnerId: scope.partnerId ?? (asked ? Number(asked) : null), consulateId: office, kind, from: month('from'), to: month('to'), page };
}
