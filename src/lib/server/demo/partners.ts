/**
 * Demo partners: where they are, what they are called, what they offer and when they were
 * active. Everything is drawn from seeded streams (prng.ts) so the same input gives the same
 * partner list.
 */
import { serviceType } from '../db/schema';
import { apportion } from './apportion';
import { formatDate } from './months';
import { intBetween, normal, shuffled, streamFor, uniform, weightedSampler, type Rng } from './prng';
import type { DemoOffice, DemoPartner, DemoPlace, PartnerType, ServiceType } from './types';

/** Every service type, in the order of the service_type enum (the schema is the one list). */
export const SERVICE_TYPES: readonly ServiceType[] = serviceType.enumValues;

/**
 * Share of partners of each type. Illustrative, not measured: PRODUCT.md lists the kinds of
 * partner but not their mix, so clinics and health centres lead, as the program describes.
 */
export const PARTNER_TYPE_MIX: Readonly<Record<PartnerType, number>> = {
	clinic: 0.25,
	community_health_center: 0.2,
	community_organization: 0.2,
	hospital: 0.08,
	public_health_department: 0.08,
	university: 0.07,
	mobile_unit: 0.06,
	other: 0.06
};

/** Shape of the partner list; each share is applied exactly (largest remainder), not drawn. */
export const PARTNER_SETTINGS = {
	defaultPartnerCount: 550,
	/**
	 * Every office with places gets at least this many partners; the rest are shared in
	 * proportion to sqrt(targetPopulation), because partner networks grow more slowly than the
	 * population: Los Angeles has more partners than Presidio, but not a hundred times more.
	 */
	minPerOffice: 3,
	/** Places are drawn with probability proportional to population^0.6: big cities host more partners, small towns still some. */
	placePopulationExponent: 0.6,
	/** Partners that send monthly reports and so have service records. */
	reportingShare: 0.65,
	/** Partners whose activeFrom falls after startMonth. */
	lateStartShare: 0.1,
	/** Partners whose activeTo falls before endMonth. */
	endedShare: 0.05,
	/** Partners with a known capacity. */
	capacityKnownShare: 0.5,
	/** Half-width of the jitter around the place centre, in degrees of latitude (0.005 deg = 0.56 km). */
	jitterDeg: 0.005,
	/** Earliest activeFrom: the desks opened in 2003 and partners followed. */
	earliestActiveFrom: '2004-01-01'
} as const;

/** Services every partner of a type offers, and those it may add (at most one, which keeps the record count near 125,000 for six years). */
const SERVICES_BY_TYPE: Record<PartnerType, { core: ServiceType[]; optional: ServiceType[] }> = {
	clinic: {
		core: ['information_counselling', 'glucose', 'blood_pressure', 'referral'],
		optional: ['bmi', 'vision', 'vaccination', 'hiv_test', 'insurance_enrolment', 'mental_health']
	},
	community_health_center: {
		core: ['information_counselling', 'glucose', 'blood_pressure', 'bmi', 'insurance_enrolment'],
		optional: ['vaccination', 'hiv_test', 'mental_health', 'vision', 'referral']
	},
	hospital: {
		core: ['referral', 'insurance_enrolment', 'information_counselling'],
		optional: ['glucose', 'blood_pressure', 'vaccination', 'mental_health', 'vision']
	},
	university: {
		core: ['information_counselling', 'mental_health'],
		optional: ['bmi', 'vision', 'hiv_test', 'glucose', 'blood_pressure']
	},
	public_health_department: {
		core: ['vaccination', 'hiv_test', 'information_counselling'],
		optional: ['insurance_enrolment', 'referral', 'glucose', 'blood_pressure']
	},
	community_organization: {
		core: ['information_counselling', 'referral'],
		optional: ['insurance_enrolment', 'mental_health', 'blood_pressure', 'glucose']
	},
	// Mobile units are screening vans.
	mobile_unit: {
		core: ['glucose', 'blood_pressure', 'bmi'],
		optional: ['vision', 'hiv_test', 'vaccination', 'information_counselling']
	},
	other: {
		core: ['information_counselling'],
		optional: ['vision', 'referral', 'mental_health', 'insurance_enrolment']
	}
};

/**
 * Relative size of a partner of each type (people served per month, before noise). A health
 * centre or hospital sees more people than a community group or a volunteer project.
 */
const SIZE_BY_TYPE: Record<PartnerType, number> = {
	clinic: 1,
	community_health_center: 2.2,
	hospital: 1.8,
	university: 0.7,
	public_health_department: 1.5,
	community_organization: 0.8,
	mobile_unit: 0.9,
	other: 0.5
};

/** Capacity range (people per month) for partners that have no records to size it from. */
const CAPACITY_RANGE: Record<PartnerType, [number, number]> = {
	clinic: [80, 400],
	community_health_center: [200, 1500],
	hospital: [300, 2000],
	university: [50, 300],
	public_health_department: [200, 1200],
	community_organization: [40, 300],
	mobile_unit: [60, 400],
	other: [30, 200]
};

/**
 * Name patterns, Spanish and English as on the program's partner lists; {p} is the place name.
 * Invented names: none is meant to be a real organisation.
 */
const NAME_PATTERNS: Record<PartnerType, string[]> = {
	clinic: [
		'Clínica Comunitaria San José de {p}',
		'{p} Family Clinic',
		'Clínica Familiar {p}',
		'{p} Free Clinic',
		'Clínica Santa María de {p}',
		'{p} Community Medical Clinic',
		'Clínica Guadalupana de {p}',
		'{p} Neighborhood Clinic',
		'Clínica Hispana de {p}',
		'{p} Health Clinic'
	],
	community_health_center: [
		'{p} Community Health Center',
		'Centro de Salud Comunitario {p}',
		'{p} Family Health Center',
		'{p} Neighborhood Health Center',
		'Centro de Salud Familiar La Esperanza, {p}',
		'{p} Valley Health Center',
		'Centro de Salud Campesino de {p}',
		'{p} Community Health Services'
	],
	hospital: [
		'{p} General Hospital',
		'{p} Regional Medical Center',
		'Hospital Comunitario de {p}',
		'{p} Memorial Hospital',
		'{p} Community Hospital',
		'{p} Medical Center'
	],
	university: [
		'{p} State University School of Public Health',
		'{p} Community College Health Programs',
		'{p} College of Nursing',
		'{p} University Health Sciences Center',
		'Programa de Salud Binacional, {p} University'
	],
	public_health_department: [
		'{p} County Health Department',
		'{p} Public Health Department',
		'Departamento de Salud Pública de {p}',
		'{p} City Health Department',
		'{p} Health District'
	],
	community_organization: [
		'Casa de la Comunidad {p}',
		'{p} Latino Community Alliance',
		'Centro Cultural Mexicano de {p}',
		'Promotoras de Salud de {p}',
		'Asociación Hispana de {p}',
		'{p} Immigrant Resource Center',
		'Mujeres Unidas de {p}',
		'{p} Farmworker Association',
		'Club de Oriundos de {p}',
		'{p} Hispanic Outreach Network'
	],
	mobile_unit: [
		'Unidad Móvil de Salud {p}',
		'{p} Mobile Health Van',
		'Clínica Móvil {p}',
		'{p} Mobile Medical Unit',
		'{p} Health on Wheels'
	],
	other: [
		'Farmacia Comunitaria {p}',
		'{p} Dental Outreach',
		'Ministerio de Salud Parroquial de {p}',
		'{p} Workers Health Network',
		'Línea de Salud {p}',
		'{p} Wellness Coalition'
	]
};

/** What the generator knows about an office once its input is checked. */
export interface OfficeInfo {
	office: DemoOffice;
	/** Month index of openedOn, or null when open throughout. */
	openMonth: number | null;
	/** Day of openedOn (1 when null). */
	openDay: number;
}

/** A partner plus the bookkeeping the record generator needs. */
export interface PartnerPlan {
	partner: DemoPartner;
	/** Index into the offices array. */
	office: number;
	/** First and last month with records (inclusive); lastMonth is Infinity while active. */
	firstMonth: number;
	lastMonth: number;
	reporting: boolean;
	capacityKnown: boolean;
	/** Relative monthly volume against the office's other partners. */
	size: number;
}

/** Returns the number of partners per office: a minimum for each office with places, the rest by sqrt(targetPopulation). */
export function partnersPerOffice(offices: readonly OfficeInfo[], eligible: readonly boolean[], partnerCount: number): number[] {
	const counts = new Array<number>(offices.length).fill(0);
	const idx = offices.map((_, i) => i).filter((i) => eligible[i]);
	if (idx.length === 0 || partnerCount === 0) return counts;
	const min = Math.min(PARTNER_SETTINGS.minPerOffice, Math.floor(partnerCount / idx.length));
	let weights = idx.map((i) => Math.sqrt(offices[i].office.targetPopulation));
	if (!weights.some((w) => w > 0)) weights = idx.map(() => 1);
	const rest = apportion(partnerCount - min * idx.length, weights);
	idx.forEach((i, k) => (counts[i] = min + rest[k]));
	return counts;
}

/** Returns `count` item labels repeated by exact shares (largest remainder), in a seeded order. */
function exactMix<T>(rng: Rng, labels: readonly T[], shares: readonly number[], count: number): T[] {
	const n = apportion(count, shares);
	const out: T[] = [];
	labels.forEach((label, i) => {
		for (let k = 0; k < n[i]; k++) out.push(label);
	});
	return shuffled(rng, out);
}

/** Returns a name for a partner of `type` at `place` that is not yet in `used`, and records it there. */
function uniqueName(rng: Rng, type: PartnerType, place: string, used: Set<string>): string {
	const patterns = NAME_PATTERNS[type];
	const start = Math.floor(rng() * patterns.length);
	// A function replacer, so a '$' in a place name is not read as a replacement pattern.
	for (let k = 0; k < patterns.length; k++) {
		const name = patterns[(start + k) % patterns.length].replace('{p}', () => place);
		if (!used.has(name)) {
			used.add(name);
			return name;
		}
	}
	// Every pattern is taken at this place (a big city with many partners): number the sites.
	const base = patterns[start].replace('{p}', () => place);
	for (let site = 2; ; site++) {
		const name = `${base}, Site ${site}`;
		if (!used.has(name)) {
			used.add(name);
			return name;
		}
	}
}

/** Returns the partner's services: its type's core list plus at most one optional one, in enum order. */
function pickServices(rng: Rng, type: PartnerType): ServiceType[] {
	const { core, optional } = SERVICES_BY_TYPE[type];
	const extra = shuffled(rng, optional).slice(0, intBetween(rng, 0, 1));
	const chosen = new Set<ServiceType>([...core, ...extra]);
	return SERVICE_TYPES.filter((s) => chosen.has(s));
}

const round5 = (x: number) => Math.round(x * 1e5) / 1e5;

/**
 * Returns the demo partners with their record-keeping plan, `partnerCount` in all (fewer only
 * when no office has places). capacity is left null here; fillCapacity sets it once the records
 * are known. Months are month indexes (months.ts).
 */
export function planPartners(args: {
	seed: number;
	startMonth: number;
	endMonth: number;
	offices: readonly OfficeInfo[];
	placesByOffice: readonly DemoPlace[][];
	partnerCount: number;
}): PartnerPlan[] {
	const { seed, startMonth, endMonth, offices, placesByOffice, partnerCount } = args;
	const rng = streamFor(seed, 'partners');
	// An office that opens after the last generated month has nothing to show yet.
	const eligible = offices.map(
		(o, i) => placesByOffice[i].length > 0 && (o.openMonth === null || o.openMonth <= endMonth)
	);
	const counts = partnersPerOffice(offices, eligible, partnerCount);
	const total = counts.reduce((a, b) => a + b, 0);

	const types = Object.keys(PARTNER_TYPE_MIX) as PartnerType[];
	const typeOf = exactMix(rng, types, Object.values(PARTNER_TYPE_MIX), total);
	// Which partners start late, end early, report and have a known capacity: exact shares, drawn
	// independently so that, say, ended partners are not all non-reporting.
	const order = shuffled(
		rng,
		Array.from({ length: total }, (_, i) => i)
	);
	const late = new Set(order.slice(0, Math.round(total * PARTNER_SETTINGS.lateStartShare)));
	const ended = new Set(
		order.slice(late.size, late.size + Math.round(total * PARTNER_SETTINGS.endedShare))
	);
	const reporting = new Set(shuffled(rng, order).slice(0, Math.round(total * PARTNER_SETTINGS.reportingShare)));
	const capacityKnown = new Set(shuffled(rng, order).slice(0, Math.round(total * PARTNER_SETTINGS.capacityKnownShare)));

	const earliest = Number(PARTNER_SETTINGS.earliestActiveFrom.slice(0, 4)) * 12;
	const usedNames = new Set<string>();
	const plans: PartnerPlan[] = [];
	let k = 0;
	offices.forEach((info, o) => {
		if (counts[o] === 0) return;
		const places = placesByOffice[o];
		const sample = weightedSampler(
			places.map((p) => Math.max(p.population, 1) ** PARTNER_SETTINGS.placePopulationExponent)
		);
		for (let n = 1; n <= counts[o]; n++, k++) {
			const type = typeOf[k];
			const place = places[sample(rng)];
			const cosLat = Math.max(Math.cos((place.lat * Math.PI) / 180), 0.2);
			const lat = round5(place.lat + uniform(rng, -1, 1) * PARTNER_SETTINGS.jitterDeg);
			const lon = round5(place.lon + (uniform(rng, -1, 1) * PARTNER_SETTINGS.jitterDeg) / cosLat);

			// Active window, by month; a partner never starts before its office opened.
			const open = info.openMonth;
			const lowest = Math.max(earliest, open ?? earliest);
			// Partners of an office that opened inside the range start after it did, late or not.
			let firstMonth: number;
			if (!late.has(k) && lowest <= startMonth - 1) firstMonth = intBetween(rng, lowest, startMonth - 1);
			else {
				const from = Math.max(lowest, late.has(k) ? startMonth + 1 : startMonth);
				firstMonth = intBetween(rng, Math.min(from, endMonth), endMonth);
			}
			let fromDay = intBetween(rng, 1, 28);
			if (open !== null && firstMonth === open) fromDay = Math.max(fromDay, info.openDay);
			let lastMonth = Infinity;
			let activeTo: string | null = null;
			if (ended.has(k)) {
				const from = Math.max(firstMonth, startMonth) + 2;
				if (from <= endMonth - 1) {
					lastMonth = intBetween(rng, from, endMonth - 1);
					activeTo = formatDate(lastMonth, intBetween(rng, 1, 28));
				}
			}
			const services = pickServices(rng, type);
			const size = SIZE_BY_TYPE[type] * Math.exp(0.5 * normal(rng));
			plans.push({
				partner: {
					sourceKey: `demo-${info.office.id}-${String(n).padStart(3, '0')}`,
					name: uniqueName(rng, type, place.name, usedNames),
					type,
					consulateId: info.office.id,
					city: place.name,
					state: place.state,
					lat,
					lon,
					services,
					capacity: null,
					activeFrom: formatDate(firstMonth, fromDay),
					activeTo
				},
				office: o,
				firstMonth,
				lastMonth,
				reporting: reporting.has(k),
				capacityKnown: capacityKnown.has(k),
				size
			});
		}
	});
	return plans;
}

/**
 * Sets capacity (people per month) on partners with a known capacity: above the busiest month
 * they report (outside Health Week fairs), so the dashboard never shows a site over capacity, or
 * a typical figure for the type when the partner has no records.
 */
export function fillCapacity(seed: number, plans: readonly PartnerPlan[], busiestMonth: ReadonlyMap<string, number>): void {
	const rng = streamFor(seed, 'capacity');
	for (const plan of plans) {
		const headroom = uniform(rng, 1.15, 1.6);
		const [lo, hi] = CAPACITY_RANGE[plan.partner.type];
		const typical = uniform(rng, lo, hi);
		if (!plan.capacityKnown) continue;
		const busiest = busiestMonth.get(plan.partner.sourceKey);
		const raw = busiest !== undefined && busiest > 0 ? busiest * headroom : typical;
		plan.partner.capacity = Math.max(10, Math.ceil(raw / 10) * 10);
	}
}
