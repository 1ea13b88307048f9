/**
 * Filters over the program's service records, shared by the map, the consul report and the partner
 * view, and their form in the URL: from, to (months YYYY-MM), channel, service, ptype (partner
 * types; "office" = the consulate's own records), group, office. Lists are comma-separated.
 */

export const CHANNELS = ['desk', 'health_week_fair', 'mobile_unit'] as const;
export const SERVICE_TYPES = [
	'information_counselling',
	'glucose',
	'blood_pressure',
	'bmi',
	'vision',
	'hiv_test',
	'vaccination',
	'referral',
	'insurance_enrolment',
	'mental_health'
] as const;
export const PARTNER_TYPES = [
	'clinic',
	'community_health_center',
	'hospital',
	'university',
	'public_health_department',
	'community_organization',
	'mobile_unit',
	'other'
] as const;
/** Partner types plus "office": records the consulate made itself, with no partner. */
export const PROVIDER_TYPES = [...PARTNER_TYPES, 'office'] as const;
/** Groups that records break people down by; no group = everyone. */
export const GROUPS = ['women', 'men', 'pregnant_women', 'children', 'lgbtq'] as const;

export type Channel = (typeof CHANNELS)[number];
export type ServiceType = (typeof SERVICE_TYPES)[number];
export type PartnerType = (typeof PARTNER_TYPES)[number];
export type ProviderType = (typeof PROVIDER_TYPES)[number];
export type Group = (typeof GROUPS)[number];

export interface ServiceFilters {
	/** First month included, 'YYYY-MM'; null = from the first record. */
	from: string | null;
	/** Last month included, 'YYYY-MM'; null = up to the last record. */
	to: string | null;
	/** Empty = every channel (likewise for the other lists). */
	channels: Channel[];
	serviceTypes: ServiceType[];
	providerTypes: ProviderType[];
	/** Count this group's people instead of everyone; null = everyone. */
	group: Group | null;
	/** One office's records only; null = the whole network. */
	office: string | null;
}

export const NO_FILTERS: ServiceFilters = { from: null, to: null, channels: [], serviceTypes: [], providerTypes: [], group: null, office: null };

const MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/;
const SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

export class FilterError extends Error {}

function list<T extends string>(params: URLSearchParams, name: string, allowed: readonly T[]): T[] {
	const raw = params.get(name);
	if (raw === null || raw.trim() === '') return [];
	const items = [...new Set(raw.split(',').map((s) => s.trim()).filter(Boolean))];
	const bad = items.filter((s) => !(allowed as readonly string[]).includes(s));
	if (bad.length > 0) throw new FilterError(`${name}: unknown value "${bad[0]}"; expected any of ${allowed.join(', ')}, comma-separated`);
	return items as T[];
}

function month(params: URLSearchParams, name: string): string | null {
	const raw = params.get(name)?.trim();
	if (!raw) return null;
	if (!MONTH.test(raw)) throw new FilterError(`${name}: "${raw}" is not a month; expected YYYY-MM, e.g. 2024-10`);
	return raw;
}

/** Filters from URL parameters; throws FilterError saying which parameter is wrong and what it expects. */
export function parseFilters(params: URLSearchParams): ServiceFilters {
	const from = month(params, 'from');
	const to = month(params, 'to');
	if (from && to && from > to) throw new FilterError(`from (${from}) is after to (${to}); the period must run forwards`);
	const group = params.get('group')?.trim() || null;
	if (group !== null && !(GROUPS as readonly string[]).includes(group)) {
		throw new FilterError(`group: unknown value "${group}"; expected one of ${GROUPS.join(', ')}`);
	}
	const office = params.get('office')?.trim() || null;
	if (office !== null && !SLUG.test(office)) throw new FilterError(`office: "${office}" is not an office id such as san-diego`);
	return {
		from,
		to,
		channels: list(params, 'channel', CHANNELS),
		serviceTypes: list(params, 'service', SERVICE_TYPES),
		providerTypes: list(params, 'ptype', PROVIDER_TYPES),
		group: group as Group | null,
		office
	};
}

/** Writes the filters into `params` (removing the empty ones), in the form parseFilters reads. */
export function writeFilters(params: URLSearchParams, f: ServiceFilters): URLSearchParams {
	const set = (name: string, value: string | null) => (value ? params.set(name, value) : params.delete(name));
	set('from', f.from);
	set('to', f.to);
	set('channel', f.channels.join(','));
	set('service', f.serviceTypes.join(','));
	set('ptype', f.providerTypes.join(','));
	set('group', f.group);
	set('office', f.office);
	return params;
}

/** The filters as a query string (no leading '?'), for API calls. */
export function filtersQuery(f: ServiceFilters): string {
	return writeFilters(new URLSearchParams(), f).toString();
}

/** True when no filter is set. */
export function isUnfiltered(f: ServiceFilters): boolean {
	return filtersQuery(f) === '';
}
