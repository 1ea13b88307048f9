import { error } from '@sveltejs/kit';
import { toCsv } from '$lib/csv';
import { beyond, COMPONENT_INFO, methodText, reasons } from '$lib/gaps';
import { formatDate, isLang } from '$lib/i18n';
import { gapsTranslator } from '$lib/i18n/gaps';
import { getDb } from '$lib/server/db';
import { needWeights, numberIn, supplyFilter, targetGroup } from '$lib/server/analysis/params';
import { countyNeedIndex, NEED_COMPONENTS } from '$lib/server/analysis/service';
import type { RequestHandler } from './$types';

/**
 * The need-index ranking as CSV, same parameters as /api/need-index, with a source header.
 * `?lang=es|en` picks the language of the header row, preamble and reasons (default: the
 * request's); the columns keep their order in both.
 */
export const GET: RequestHandler = async ({ url, locals }) => {
	const q = url.searchParams;
	// hooks.server.ts already puts a valid ?lang= into locals.lang; a wrong one is an error here, not silently ignored.
	if (q.get('lang') !== null && !isLang(q.get('lang'))) error(400, 'lang must be es or en');
	const lang = locals.lang;
	const t = gapsTranslator(lang);
	const result = await countyNeedIndex(await getDb(), {
		group: targetGroup(q.get('group')),
		supply: supplyFilter(q.get('desks'), q.get('partners')),
		weights: needWeights(q.get('weights'))
	});
	const header = [
		...(['rank', 'county_fips', 'county', 'state', 'consulate', 'need_index'] as const).map((c) => t(`gaps.csv.${c}`)),
		...NEED_COMPONENTS.flatMap((c) => {
			const column = t(COMPONENT_INFO[c].column);
			return [column, t('gaps.csv.componentRank', { column })];
		}),
		t('gaps.csv.reasons')
	];
	const beyondKm = q.get('beyondKm') ? numberIn(q.get('beyondKm'), 'beyondKm', 0, 5000) : null;
	const rows = beyond(result.rows, beyondKm).map((r, i) => [
		r.index === null ? '' : i + 1,
		r.id,
		r.name,
		r.state,
		r.consulateId ?? '',
		r.index,
		...NEED_COMPONENTS.flatMap((c) => [r.values[c], r.ranks[c]]),
		reasons(r.ranks, result.weights).map((k) => t(COMPONENT_INFO[k].label)).join('; ')
	]);
	const csv = toCsv(header, rows, [
		t('gaps.csv.title', { date: formatDate(lang, new Date()), kind: t(`kind.${result.kind}`) }) + (result.kind === 'demo' ? t('gaps.csv.demo') : ''),
		t('gaps.csv.method', { method: methodText(lang, result.weights) }) + (beyondKm === null ? '' : t('gaps.csv.beyond', { km: beyondKm })),
		t('gaps.csv.population')
	]);
	const file = lang === 'es' ? 'indice-necesidad.csv' : 'need-index.csv';
	return new Response(csv, {
		headers: { 'content-type': 'text/csv; charset=utf-8', 'content-disposition': `attachment; filename="${file}"`, 'content-language': lang }
	});
};
