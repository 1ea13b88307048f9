/**
 * DEMO data for the dashboard until the program's own records are imported: partners placed at
 * real populated places and monthly service records calibrated to the program's published
 * headline figures (PRODUCT.md). Pure and deterministic: no database, no I/O, no Math.random;
 * the same input always gives the same output. Everything it returns must be stored and shown
 * with kind = 'demo' and never presented as real.
 *
 * How the numbers are built, top down, so that totals are exact rather than approximately summed:
 * 1. Each calendar year gets a network total (1.5 million people, varied by at most
 *    CALIBRATION.yearToYearVariation) and a Health Week total (400,000, same bound). The rest is
 *    spread over the twelve months by CALIBRATION.monthWeights (seasonality). A month outside
 *    the range is simply not generated, so a partial year gets its months' seasonal share.
 * 2. San Diego is fixed at 50,000 people in 2024 (its published figure) and at the same share
 *    of the network in other years; every other open office shares the rest of each month in
 *    proportion to max(targetPopulation, officeFloorShare x mean targetPopulation), with a
 *    little month-to-month noise.
 * 3. Within an office-month, the desk takes 30-50 % and reporting partners share the rest by
 *    size; each unit splits its people across its service types. Every split is a
 *    largest-remainder apportionment (apportion.ts), so integers add up exactly.
 * 4. Groups (women, pregnant women, children, LGBTQ+) are apportioned per office and year from
 *    office-level shares, again exactly, with each record capped by its own people.
 * 5. servicesDelivered adds extra services per visit so that the network delivers
 *    CALIBRATION.servicesPerPerson services per person (8.7 million from January 2021 to
 *    August 2022 in the seed documents).
 */
import { apportion } from './apportion';
import { formatDate, monthOfYear, parseDate, parseMonth, yearOf } from './months';
import { fillCapacity, PARTNER_SETTINGS, planPartners, SERVICE_TYPES, type OfficeInfo, type PartnerPlan } from './partners';
import { streamFor, uniform, type Rng } from './prng';
import type { Channel, DemoInput, DemoOutput, DemoPlace, DemoRecord, ServiceType } from './types';

export type * from './types';
export { PARTNER_SETTINGS, PARTNER_TYPE_MIX, SERVICE_TYPES } from './partners';

/**
 * Share of a year's regular (non-fair) activity in each month, January first. Illustrative, not
 * measured: lows in midsummer and December, spring and autumn outreach, highest in October when
 * Binational Health Week brings people to the desks as well as to the fairs.
 */
const MONTH_WEIGHTS = [0.073, 0.078, 0.091, 0.093, 0.088, 0.079, 0.071, 0.077, 0.088, 0.097, 0.089, 0.076] as const;

const OCTOBER = 9;
const PEOPLE_PER_YEAR = 1_500_000;
const HEALTH_WEEK_PEOPLE_PER_YEAR = 400_000;
const SERVICES_WINDOW = { from: '2021-01', to: '2022-08', services: 8_700_000 } as const;

/**
 * Services per person that reproduces the seed figure: 8.7 million services over the people a
 * calibrated network serves from January 2021 to August 2022 (one full year, with its fair,
 * plus January-August of regular activity), about 3.9.
 */
function servicesPerPersonFromSeed(): number {
	const from = parseMonth(SERVICES_WINDOW.from, 'SERVICES_WINDOW.from');
	const to = parseMonth(SERVICES_WINDOW.to, 'SERVICES_WINDOW.to');
	let people = 0;
	for (let m = from; m <= to; m++) {
		const moy = monthOfYear(m);
		people += (PEOPLE_PER_YEAR - HEALTH_WEEK_PEOPLE_PER_YEAR) * MONTH_WEIGHTS[moy];
		if (moy === OCTOBER) people += HEALTH_WEEK_PEOPLE_PER_YEAR;
	}
	return SERVICES_WINDOW.services / people;
}

/**
 * The published figures the demo data reproduces (PRODUCT.md, from the program's seed
 * documents), and the knobs that shape it. People counts are people per calendar year.
 */
export const CALIBRATION = {
	/** Network people served per calendar year, all channels, Health Week included. */
	peoplePerYear: PEOPLE_PER_YEAR,
	/** People served at Binational Health Week fairs, all in October. */
	healthWeekPeoplePerYear: HEALTH_WEEK_PEOPLE_PER_YEAR,
	/** The office whose 2024 figures are reproduced exactly. */
	sanDiegoOfficeId: 'san-diego',
	sanDiegoYear: 2024,
	/** San Diego, 2024, all its records: women + men = 50,000 people. */
	sanDiego2024: { women: 30_000, men: 20_000, pregnantWomen: 4_000, children: 2_500, lgbtq: 1_000 },
	/** Services delivered in the seed documents' window; sets servicesPerPerson. */
	servicesWindow: SERVICES_WINDOW,
	servicesPerPerson: servicesPerPersonFromSeed(),
	/** A year's network and Health Week totals vary from the figures above by at most this share. */
	yearToYearVariation: 0.015,
	monthWeights: MONTH_WEIGHTS
} as const;

/** How the network total is shared out; see the module comment. */
export const RECORD_SETTINGS = {
	/** An office's weight is max(targetPopulation, this x the mean), so small offices still serve some thousands a year. */
	officeFloorShare: 0.12,
	/** Month-to-month noise on an office's share, +/- this fraction. */
	officeMonthNoise: 0.1,
	/** The desk's share of its office's month when partners report, drawn per office from this range. */
	deskShare: [0.3, 0.5],
	/** Chance that a reporting partner also runs a Health Week fair stand in a given October. */
	fairPartnerChance: 0.35,
	/** The office's own fair's share of its Health Week people when partners take part. */
	fairDeskShare: [0.5, 0.7]
} as const;

/** Regular visits by service type: counselling leads, then screenings and referrals. */
const TYPE_WEIGHTS: Record<ServiceType, number> = {
	information_counselling: 0.3,
	glucose: 0.1,
	blood_pressure: 0.11,
	bmi: 0.09,
	vision: 0.06,
	hiv_test: 0.04,
	vaccination: 0.07,
	referral: 0.1,
	insurance_enrolment: 0.08,
	mental_health: 0.05
};

/** Fair visits by service type: screenings dominate at Health Week. */
const FAIR_TYPE_WEIGHTS: Record<ServiceType, number> = {
	information_counselling: 0.22,
	glucose: 0.16,
	blood_pressure: 0.16,
	bmi: 0.12,
	vision: 0.09,
	hiv_test: 0.06,
	vaccination: 0.09,
	referral: 0.04,
	insurance_enrolment: 0.04,
	mental_health: 0.02
};

/** Relative services per visit by type (a glucose visit usually adds blood pressure and BMI). */
const SERVICES_PER_VISIT: Record<ServiceType, number> = {
	information_counselling: 3.5,
	glucose: 4.5,
	blood_pressure: 4.2,
	bmi: 4.2,
	vision: 3.0,
	hiv_test: 3.2,
	vaccination: 2.6,
	referral: 3.6,
	insurance_enrolment: 3.0,
	mental_health: 5.0
};

/** How much more (or less) often each group appears in a type's visits than on average. */
const GROUP_AFFINITY: Record<'women' | 'pregnantWomen' | 'children' | 'lgbtq', Record<ServiceType, number>> = {
	women: {
		information_counselling: 1,
		glucose: 1,
		blood_pressure: 0.95,
		bmi: 1.05,
		vision: 1,
		hiv_test: 0.8,
		vaccination: 1.1,
		referral: 1.05,
		insurance_enrolment: 1.05,
		mental_health: 1.15
	},
	// Relative to the record's women, not its people.
	pregnantWomen: {
		information_counselling: 1.2,
		glucose: 1,
		blood_pressure: 1,
		bmi: 0.6,
		vision: 0.4,
		hiv_test: 1.3,
		vaccination: 1.3,
		referral: 1.4,
		insurance_enrolment: 1.3,
		mental_health: 0.8
	},
	children: {
		information_counselling: 0.6,
		glucose: 0.3,
		blood_pressure: 0.2,
		bmi: 1.6,
		vision: 2.2,
		hiv_test: 0.1,
		vaccination: 3.5,
		referral: 0.8,
		insurance_enrolment: 1.2,
		mental_health: 0.8
	},
	lgbtq: {
		information_counselling: 1,
		glucose: 0.6,
		blood_pressure: 0.6,
		bmi: 0.6,
		vision: 0.6,
		hiv_test: 3.5,
		vaccination: 0.9,
		referral: 1,
		insurance_enrolment: 0.9,
		mental_health: 2.2
	}
};

/** Families come to the fairs together. */
const FAIR_CHILDREN_FACTOR = 1.4;

/** Group shares of people for offices other than San Diego, drawn per office from these ranges. */
const GROUP_SHARE_RANGES = {
	women: [0.55, 0.64],
	pregnantWomen: [0.06, 0.1],
	children: [0.04, 0.07],
	lgbtq: [0.012, 0.025]
} as const;

interface GroupShares {
	women: number;
	pregnantWomen: number;
	children: number;
	lgbtq: number;
}

interface YearPlan {
	network: number;
	fair: number;
	regularByMonth: number[];
}

interface CheckedInput {
	seed: number;
	startMonth: number;
	endMonth: number;
	offices: OfficeInfo[];
	placesByOffice: DemoPlace[][];
	partnerCount: number;
}

function finite(value: unknown, param: string): number {
	if (typeof value !== 'number' || !Number.isFinite(value)) throw new Error(`${param} must be a finite number (got ${String(value)})`);
	return value;
}

/** Returns the input in checked, indexed form; throws naming the first bad parameter. */
function checkInput(input: DemoInput): CheckedInput {
	const seed = finite(input.seed, 'seed');
	const startMonth = parseMonth(input.startMonth, 'startMonth');
	const endMonth = parseMonth(input.endMonth, 'endMonth');
	if (endMonth < startMonth) throw new Error(`endMonth (${input.endMonth}) is before startMonth (${input.startMonth})`);
	if (!Array.isArray(input.offices) || input.offices.length === 0) throw new Error('offices must list at least one office');
	const partnerCount = input.partnerCount ?? PARTNER_SETTINGS.defaultPartnerCount;
	if (!Number.isInteger(partnerCount) || partnerCount < 0) {
		throw new Error(`partnerCount must be a non-negative integer (got ${partnerCount})`);
	}
	const byId = new Map<string, number>();
	const offices: OfficeInfo[] = input.offices.map((office, i) => {
		const at = `offices[${i}] (${office.id})`;
		if (!office.id) throw new Error(`offices[${i}].id is empty`);
		if (byId.has(office.id)) throw new Error(`${at}: id is listed twice`);
		byId.set(office.id, i);
		finite(office.lat, `${at}.lat`);
		finite(office.lon, `${at}.lon`);
		if (finite(office.targetPopulation, `${at}.targetPopulation`) < 0) {
			throw new Error(`${at}.targetPopulation must be >= 0 (got ${office.targetPopulation})`);
		}
		if (office.openedOn === null) return { office, openMonth: null, openDay: 1 };
		const opened = parseDate(office.openedOn, `${at}.openedOn`);
		return { office, openMonth: opened.month, openDay: opened.day };
	});
	const placesByOffice: DemoPlace[][] = offices.map(() => []);
	input.places.forEach((place, i) => {
		const o = byId.get(place.consulateId);
		if (o === undefined) throw new Error(`places[${i}] (${place.name}): consulateId "${place.consulateId}" is not an office id`);
		if (!place.name) throw new Error(`places[${i}].name is empty`);
		finite(place.lat, `places[${i}].lat`);
		finite(place.lon, `places[${i}].lon`);
		if (finite(place.population, `places[${i}].population`) < 0) {
			throw new Error(`places[${i}].population must be >= 0 (got ${place.population})`);
		}
		placesByOffice[o].push(place);
	});
	return { seed, startMonth, endMonth, offices, placesByOffice, partnerCount };
}

/** Weights of `types` from `table`, each times a noise factor in [0.75, 1.25). */
function typeWeights(rng: Rng, types: readonly number[], table: Record<ServiceType, number>): number[] {
	return types.map((t) => table[SERVICE_TYPES[t]] * uniform(rng, 0.75, 1.25));
}

/** Splits `people` over `types`, giving each at least one person when there are enough people to go round. */
function splitByType(rng: Rng, people: number, types: readonly number[], table: Record<ServiceType, number>, atLeastOne: boolean): number[] {
	const weights = typeWeights(rng, types, table);
	if (!atLeastOne || people < types.length) return apportion(people, weights);
	return apportion(people - types.length, weights).map((n) => n + 1);
}

const ALL_TYPES = SERVICE_TYPES.map((_, i) => i);

/**
 * Returns demo partners and monthly service records for `input` (see the module comment for the
 * method). People and service counts are integers per record; partners number
 * `partnerCount` (default 550). Throws naming the parameter when the input is malformed.
 */
export function generateDemo(input: DemoInput): DemoOutput {
	const { seed, startMonth, endMonth, offices, placesByOffice, partnerCount } = checkInput(input);

	const plans = planPartners({ seed, startMonth, endMonth, offices, placesByOffice, partnerCount });
	const plansByOffice: PartnerPlan[][] = offices.map(() => []);
	for (const plan of plans) plansByOffice[plan.office].push(plan);
	const partnerServices = new Map<PartnerPlan, number[]>(
		plans.map((p) => [p, p.partner.services.map((s) => SERVICE_TYPES.indexOf(s))])
	);

	// Per-office traits, drawn once from their own stream.
	const officeRng = streamFor(seed, 'offices');
	const sdIndex = offices.findIndex((o) => o.office.id === CALIBRATION.sanDiegoOfficeId);
	const meanTarget = offices.reduce((a, o) => a + o.office.targetPopulation, 0) / offices.length;
	const officeWeight = offices.map((o) =>
		meanTarget > 0 ? Math.max(o.office.targetPopulation, RECORD_SETTINGS.officeFloorShare * meanTarget) : 1
	);
	const deskShare = offices.map(() => uniform(officeRng, RECORD_SETTINGS.deskShare[0], RECORD_SETTINGS.deskShare[1]));
	const sd = CALIBRATION.sanDiego2024;
	const sdPeople2024 = sd.women + sd.men;
	const groupShares: GroupShares[] = offices.map((_, o) => {
		const drawn = {
			women: uniform(officeRng, ...GROUP_SHARE_RANGES.women),
			pregnantWomen: uniform(officeRng, ...GROUP_SHARE_RANGES.pregnantWomen),
			children: uniform(officeRng, ...GROUP_SHARE_RANGES.children),
			lgbtq: uniform(officeRng, ...GROUP_SHARE_RANGES.lgbtq)
		};
		if (o !== sdIndex) return drawn;
		return {
			women: sd.women / sdPeople2024,
			pregnantWomen: sd.pregnantWomen / sdPeople2024,
			children: sd.children / sdPeople2024,
			lgbtq: sd.lgbtq / sdPeople2024
		};
	});

	// Year totals depend only on the seed and the year, so 2024 is the same whatever the range.
	const yearPlans = new Map<number, YearPlan>();
	const yearPlan = (year: number): YearPlan => {
		let plan = yearPlans.get(year);
		if (!plan) {
			const rng = streamFor(seed, `year:${year}`);
			const v = CALIBRATION.yearToYearVariation;
			const network = Math.round(CALIBRATION.peoplePerYear * (1 + v * uniform(rng, -1, 1)));
			const fair = Math.round(CALIBRATION.healthWeekPeoplePerYear * (1 + v * uniform(rng, -1, 1)));
			plan = { network, fair, regularByMonth: apportion(network - fair, MONTH_WEIGHTS) };
			yearPlans.set(year, plan);
		}
		return plan;
	};
	// San Diego: its 2024 figure, scaled with the network in other years.
	const sdPlans = new Map<number, YearPlan>();
	const sdPlan = (year: number): YearPlan => {
		let plan = sdPlans.get(year);
		if (!plan) {
			const net = yearPlan(year);
			const people = Math.round((sdPeople2024 * net.network) / yearPlan(CALIBRATION.sanDiegoYear).network);
			const fair = Math.round((net.fair * people) / net.network);
			plan = { network: people, fair, regularByMonth: apportion(people - fair, MONTH_WEIGHTS) };
			sdPlans.set(year, plan);
		}
		return plan;
	};

	const firstYear = yearOf(startMonth);
	const yearCount = yearOf(endMonth) - firstYear + 1;
	const records: DemoRecord[] = [];
	const recType: number[] = [];
	const recFair: boolean[] = [];
	// Record indexes per office and year, for the group apportionment.
	const groups: number[][] = Array.from({ length: offices.length * yearCount }, () => []);
	const monthStarts: number[] = [];
	const busiestMonth = new Map<string, number>();
	const rng = streamFor(seed, 'records');

	const emit = (month: number, o: number, partnerKey: string | null, channel: Channel, types: readonly number[], people: readonly number[]) => {
		const monthText = formatDate(month, 1);
		const group = groups[o * yearCount + yearOf(month) - firstYear];
		for (let k = 0; k < types.length; k++) {
			if (people[k] === 0) continue;
			group.push(records.length);
			recType.push(types[k]);
			recFair.push(channel === 'health_week_fair');
			records.push({
				month: monthText,
				consulateId: offices[o].office.id,
				partnerKey,
				channel,
				serviceType: SERVICE_TYPES[types[k]],
				peopleServed: people[k],
				servicesDelivered: people[k],
				women: 0,
				men: 0,
				pregnantWomen: 0,
				children: 0,
				lgbtq: 0
			});
		}
	};

	/** Shares each open office's total out among the offices, San Diego first at its fixed figure. */
	const shareOut = (total: number, open: readonly number[], sdAmount: number): Map<number, number> => {
		const out = new Map<number, number>();
		const others = open.filter((o) => o !== sdIndex);
		const sdOpen = others.length < open.length;
		if (sdOpen && others.length === 0) {
			out.set(sdIndex, total);
			return out;
		}
		const sdTake = sdOpen ? Math.min(sdAmount, total) : 0;
		if (sdOpen) out.set(sdIndex, sdTake);
		const noise = RECORD_SETTINGS.officeMonthNoise;
		const shares = apportion(
			total - sdTake,
			others.map((o) => officeWeight[o] * uniform(rng, 1 - noise, 1 + noise))
		);
		others.forEach((o, k) => out.set(o, shares[k]));
		return out;
	};

	for (let month = startMonth; month <= endMonth; month++) {
		monthStarts.push(records.length);
		const year = yearOf(month);
		const moy = monthOfYear(month);
		const open = offices.map((_, o) => o).filter((o) => offices[o].openMonth === null || (offices[o].openMonth as number) <= month);
		if (open.length === 0) continue;
		const regular = shareOut(yearPlan(year).regularByMonth[moy], open, sdIndex >= 0 ? sdPlan(year).regularByMonth[moy] : 0);
		const fair = moy === OCTOBER ? shareOut(yearPlan(year).fair, open, sdIndex >= 0 ? sdPlan(year).fair : 0) : null;

		for (const o of open) {
			const active = plansByOffice[o].filter((p) => p.reporting && p.firstMonth <= month && month <= p.lastMonth);
			// Regular activity: the desk, then the reporting partners by size.
			const total = regular.get(o) ?? 0;
			const desk = active.length === 0 ? total : Math.max(Math.min(total, 10), Math.round(total * deskShare[o]));
			emit(month, o, null, 'desk', ALL_TYPES, splitByType(rng, desk, ALL_TYPES, TYPE_WEIGHTS, true));
			const byPartner = apportion(
				total - desk,
				active.map((p) => p.size * uniform(rng, 0.85, 1.15))
			);
			active.forEach((plan, k) => {
				const key = plan.partner.sourceKey;
				const types = partnerServices.get(plan) as number[];
				const channel: Channel = plan.partner.type === 'mobile_unit' ? 'mobile_unit' : 'desk';
				emit(month, o, key, channel, types, splitByType(rng, byPartner[k], types, TYPE_WEIGHTS, false));
				busiestMonth.set(key, Math.max(busiestMonth.get(key) ?? 0, byPartner[k]));
			});

			if (!fair) continue;
			// Binational Health Week: the office's own fair, plus stands run by some partners.
			const fairTotal = fair.get(o) ?? 0;
			const stands = active.filter(() => rng() < RECORD_SETTINGS.fairPartnerChance);
			const own =
				stands.length === 0
					? fairTotal
					: Math.round(fairTotal * uniform(rng, RECORD_SETTINGS.fairDeskShare[0], RECORD_SETTINGS.fairDeskShare[1]));
			emit(month, o, null, 'health_week_fair', ALL_TYPES, splitByType(rng, own, ALL_TYPES, FAIR_TYPE_WEIGHTS, true));
			const byStand = apportion(
				fairTotal - own,
				stands.map((p) => p.size)
			);
			stands.forEach((plan, k) => {
				const types = partnerServices.get(plan) as number[];
				emit(month, o, plan.partner.sourceKey, 'health_week_fair', types, splitByType(rng, byStand[k], types, FAIR_TYPE_WEIGHTS, false));
			});
		}
	}
	monthStarts.push(records.length);

	assignGroups(records, recType, recFair, groups, offices.length, yearCount, groupShares);
	assignServices(rng, records, recType, recFair, monthStarts);
	fillCapacity(seed, plans, busiestMonth);
	return { partners: plans.map((p) => p.partner), records };
}

/**
 * Sets women, men, pregnantWomen, children and lgbtq on every record. Per office and year the
 * totals are round(share x people), which for San Diego in 2024 (50,000 people) are exactly the
 * published figures; each record's count is capped so the per-record invariants hold.
 */
function assignGroups(
	records: DemoRecord[],
	recType: readonly number[],
	recFair: readonly boolean[],
	groups: readonly number[][],
	officeCount: number,
	yearCount: number,
	shares: readonly GroupShares[]
): void {
	for (let o = 0; o < officeCount; o++) {
		for (let y = 0; y < yearCount; y++) {
			const idx = groups[o * yearCount + y];
			if (idx.length === 0) continue;
			const people = idx.map((r) => records[r].peopleServed);
			const total = people.reduce((a, b) => a + b, 0);
			const type = (k: number) => SERVICE_TYPES[recType[idx[k]]];
			const share = shares[o];

			const women = apportion(
				Math.round(share.women * total),
				people.map((p, k) => p * GROUP_AFFINITY.women[type(k)]),
				people
			);
			const pregnant = apportion(
				Math.round(share.pregnantWomen * total),
				women.map((w, k) => w * GROUP_AFFINITY.pregnantWomen[type(k)]),
				women
			);
			const children = apportion(
				Math.round(share.children * total),
				people.map((p, k) => p * GROUP_AFFINITY.children[type(k)] * (recFair[idx[k]] ? FAIR_CHILDREN_FACTOR : 1)),
				people
			);
			const lgbtq = apportion(
				Math.round(share.lgbtq * total),
				people.map((p, k) => p * GROUP_AFFINITY.lgbtq[type(k)]),
				people
			);
			idx.forEach((r, k) => {
				const rec = records[r];
				rec.women = women[k];
				rec.men = people[k] - women[k];
				rec.pregnantWomen = pregnant[k];
				rec.children = children[k];
				rec.lgbtq = lgbtq[k];
			});
		}
	}
}

/**
 * Sets servicesDelivered: each month the network delivers round(servicesPerPerson x people)
 * services, every visit counting at least one and the extra ones going where visits bundle
 * more services (SERVICES_PER_VISIT).
 */
function assignServices(rng: Rng, records: DemoRecord[], recType: readonly number[], recFair: readonly boolean[], monthStarts: readonly number[]): void {
	for (let m = 0; m + 1 < monthStarts.length; m++) {
		const from = monthStarts[m];
		const to = monthStarts[m + 1];
		if (from === to) continue;
		let people = 0;
		const weights: number[] = [];
		for (let r = from; r < to; r++) {
			const p = records[r].peopleServed;
			people += p;
			// Fair visits are quicker: fewer extra services.
			const perVisit = SERVICES_PER_VISIT[SERVICE_TYPES[recType[r]]] * (recFair[r] ? 0.85 : 1);
			weights.push(p * (perVisit - 1) * uniform(rng, 0.9, 1.1));
		}
		const extra = apportion(Math.round(CALIBRATION.servicesPerPerson * people) - people, weights);
		for (let r = from; r < to; r++) records[r].servicesDelivered += extra[r - from];
	}
}

