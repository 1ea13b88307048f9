/**
 * Reads analysis parameters from a URL or a JSON body, with a 400 that says what to fix.
 */
import { error } from '@sveltejs/kit';
import { TARGET_GROUPS, type TargetGroup } from '../queries/analysis-inputs';
import { PARTNER_TYPES, type PartnerType } from '../queries/partners';
import { NEED_COMPONENTS, type NeedComponentKey, type SupplyFilter } from './service';

export function targetGroup(value: unknown): TargetGroup {
	const group = value ?? 'mexican_origin';
	if (typeof group !== 'string' || !(TARGET_GROUPS as readonly string[]).includes(group)) {
		error(400, `group must be one of ${TARGET_GROUPS.join(', ')}`);
	}
	return group as TargetGroup;
}

/** A number in [min, max]; `fallback` when absent. */
export function numberIn(value: unknown, name: string, min: number, max: number, fallback?: number): number {
	if ((value === null || value === undefined || value === '') && fallback !== undefined) return fallback;
	const n = typeof value === 'number' ? value : Number(value);
	if (!Number.isFinite(n) || n < min || n > max) error(400, `${name} must be a number from ${min} to ${max}`);
	return n;
}

/** Ways to say yes or no to counting the desks (URL text or a JSON boolean); absent means yes. */
const DESKS = new Map<unknown, boolean>([[undefined, true], [null, true], ['', true], [true, true], ['1', true], ['true', true], [false, false], ['0', false], ['false', false]]);

/** "desks" in/out (1/0, true/false; anything else is a 400, not a silent yes) and partner types: 'all', 'none' or a comma list of types. */
export function supplyFilter(desks: unknown, partnerTypes: unknown): SupplyFilter {
	if (!DESKS.has(desks)) error(400, `desks must be 1 or 0 (count the offices' desks as existing service or not), got "${String(desks).slice(0, 40)}"`);
	const list = partnerTypes === undefined || partnerTypes === null || partnerTypes === '' || partnerTypes === 'all' ? null : partnerTypes === 'none' ? [] : String(partnerTypes).split(',');
	for (const t of list ?? []) if (!(PARTNER_TYPES as readonly string[]).includes(t)) error(400, `unknown partner type "${t}"; use ${PARTNER_TYPES.join(', ')}`);
	return { desks: DESKS.get(desks)!, partnerTypes: list as PartnerType[] | null };
}

/** Need-index weights from "key:weight,key:weight"; unspecified components keep weight 1. */
export function needWeights(value: unknown): Partial<Record<NeedComponentKey, number>> {
	if (value === null || value === undefined || value === '') return {};
	const out: Partial<Record<NeedComponentKey, number>> = {};
	for (const part of String(value).split(',')) {
		const [key, w] = part.split(':');
		if (!(NEED_COMPONENTS as readonly string[]).includes(key)) error(400, `unknown need component "${key}"; use ${NEED_COMPONENTS.join(', ')}`);
		out[key as NeedComponentKey] = numberIn(w, `weight of ${key}`, 0, 100);
	}
	return out;
}
