import { beforeAll, describe, expect, it } from 'vitest';
import { haversineKm } from '../../src/lib/analysis/distance';
import {
	CALIBRATION,
	generateDemo,
	type DemoInput,
	type DemoOffice,
	type DemoOutput,
	type DemoPlace,
	type DemoRecord
} from '../../src/lib/server/demo/generate';
import { mulberry32 } from '../../src/lib/server/demo/prng';

/**
 * A realistic synthetic input: the 53 offices at their city coordinates, with made-up but
 * plausible target populations (modelled Mexican-origin population of the jurisdiction), and
 * 25-140 invented places around each office with a Zipf-like population. Presidio "opens" on
 * 2023-05-15 and San Juan has no places, to exercise both edge cases.
 */
const OFFICE_ROWS: [string, string, string, number, number, number][] = [
	['albuquerque', 'Albuquerque', 'NM', 35.0844, -106.6504, 450_000],
	['atlanta', 'Atlanta', 'GA', 33.749, -84.388, 650_000],
	['austin', 'Austin', 'TX', 30.2672, -97.7431, 700_000],
	['boise', 'Boise', 'ID', 43.615, -116.2023, 220_000],
	['boston', 'Boston', 'MA', 42.3601, -71.0589, 120_000],
	['brownsville', 'Brownsville', 'TX', 25.9017, -97.4975, 350_000],
	['calexico', 'Calexico', 'CA', 32.6789, -115.4989, 180_000],
	['chicago', 'Chicago', 'IL', 41.8781, -87.6298, 1_900_000],
	['dallas', 'Dallas', 'TX', 32.7767, -96.797, 2_100_000],
	['del-rio', 'Del Rio', 'TX', 29.3709, -100.8959, 90_000],
	['denver', 'Denver', 'CO', 39.7392, -104.9903, 800_000],
	['detroit', 'Detroit', 'MI', 42.3314, -83.0458, 250_000],
	['douglas', 'Douglas', 'AZ', 31.3445, -109.5453, 45_000],
	['eagle-pass', 'Eagle Pass', 'TX', 28.7091, -100.4995, 110_000],
	['el-paso', 'El Paso', 'TX', 31.7619, -106.485, 850_000],
	['fresno', 'Fresno', 'CA', 36.7378, -119.7871, 1_100_000],
	['houston', 'Houston', 'TX', 29.7604, -95.3698, 2_300_000],
	['indianapolis', 'Indianapolis', 'IN', 39.7684, -86.1581, 280_000],
	['kansas-city', 'Kansas City', 'MO', 39.0997, -94.5786, 350_000],
	['laredo', 'Laredo', 'TX', 27.5306, -99.4803, 300_000],
	['las-vegas', 'Las Vegas', 'NV', 36.1699, -115.1398, 650_000],
	['little-rock', 'Little Rock', 'AR', 34.7465, -92.2896, 180_000],
	['los-angeles', 'Los Angeles', 'CA', 34.0522, -118.2437, 4_600_000],
	['mcallen', 'McAllen', 'TX', 26.2034, -98.23, 800_000],
	['miami', 'Miami', 'FL', 25.7617, -80.1918, 180_000],
	['milwaukee', 'Milwaukee', 'WI', 43.0389, -87.9065, 220_000],
	['new-brunswick', 'New Brunswick', 'NJ', 40.4862, -74.4518, 250_000],
	['new-orleans', 'New Orleans', 'LA', 29.9511, -90.0715, 200_000],
	['new-york', 'New York', 'NY', 40.7128, -74.006, 600_000],
	['nogales', 'Nogales', 'AZ', 31.3404, -110.9343, 70_000],
	['oklahoma-city', 'Oklahoma City', 'OK', 35.4676, -97.5164, 350_000],
	['omaha', 'Omaha', 'NE', 41.2565, -95.9345, 250_000],
	['orlando', 'Orlando', 'FL', 28.5383, -81.3792, 300_000],
	['oxnard', 'Oxnard', 'CA', 34.1975, -119.1771, 600_000],
	['philadelphia', 'Philadelphia', 'PA', 39.9526, -75.1652, 250_000],
	['phoenix', 'Phoenix', 'AZ', 33.4484, -112.074, 1_600_000],
	['portland', 'Portland', 'OR', 45.5152, -122.6784, 500_000],
	['presidio', 'Presidio', 'TX', 29.5608, -104.3721, 12_000],
	['raleigh', 'Raleigh', 'NC', 35.7796, -78.6382, 500_000],
	['sacramento', 'Sacramento', 'CA', 38.5816, -121.4944, 900_000],
	['saint-paul', 'Saint Paul', 'MN', 44.9537, -93.09, 220_000],
	['salt-lake-city', 'Salt Lake City', 'UT', 40.7608, -111.891, 380_000],
	['san-antonio', 'San Antonio', 'TX', 29.4241, -98.4936, 1_400_000],
	['san-bernardino', 'San Bernardino', 'CA', 34.1083, -117.2898, 2_000_000],
	['san-diego', 'San Diego', 'CA', 32.7157, -117.1611, 1_100_000],
	['san-francisco', 'San Francisco', 'CA', 37.7749, -122.4194, 500_000],
	['san-jose', 'San Jose', 'CA', 37.3382, -121.8863, 700_000],
	['san-juan', 'San Juan', 'PR', 18.4655, -66.1057, 3_000],
	['santa-ana', 'Santa Ana', 'CA', 33.7455, -117.8677, 1_200_000],
	['seattle', 'Seattle', 'WA', 47.6062, -122.3321, 750_000],
	['tucson', 'Tucson', 'AZ', 32.2226, -110.9747, 450_000],
	['washington-dc', 'Washington', 'DC', 38.9072, -77.0369, 250_000],
	['yuma', 'Yuma', 'AZ', 32.6927, -114.6277, 180_000]
];
const OPENED_LATE = 'presidio';
const NO_PLACES = 'san-juan';

// Name parts that recur across states on purpose, as real place names do (Fairview, San Miguel).
const SPANISH_NAMES = ['San Miguel', 'Santa Rosa', 'Los Álamos', 'Las Cruces', 'El Centro', 'Las Lomas', 'Santa Fe', 'Los Pinos', 'San Isidro', 'Las Palmas'];
const ENGLISH_ROOTS = ['Fair', 'Oak', 'Cedar', 'Pine', 'River', 'Lake', 'Green', 'Mill', 'Spring', 'Maple', 'Elm', 'Clear', 'Red', 'Stone'];
const ENGLISH_ENDINGS = ['view', 'dale', 'field', 'ton', 'wood', 'ville', ' Springs', ' Heights', ' Grove', ' City'];

function buildInput(seed = 20240101): DemoInput {
	const rng = mulberry32(99);
	const offices: DemoOffice[] = OFFICE_ROWS.map(([id, city, state, lat, lon, targetPopulation]) => ({
		id,
		city,
		state,
		lat,
		lon,
		targetPopulation,
		openedOn: id === OPENED_LATE ? '2023-05-15' : id === 'boise' ? '2008-12-01' : null
	}));
	const places: DemoPlace[] = [];
	for (const office of offices) {
		if (office.id === NO_PLACES) continue;
		places.push({ name: office.city, state: office.state, lat: office.lat, lon: office.lon, population: Math.round(150_000 + office.targetPopulation * 0.4), consulateId: office.id });
		const count = 25 + Math.floor(Math.sqrt(office.targetPopulation) / 20);
		for (let k = 1; k < count; k++) {
			const name =
				rng() < 0.35
					? SPANISH_NAMES[Math.floor(rng() * SPANISH_NAMES.length)]
					: `${ENGLISH_ROOTS[Math.floor(rng() * ENGLISH_ROOTS.length)]}${ENGLISH_ENDINGS[Math.floor(rng() * ENGLISH_ENDINGS.length)]}`;
			const km = 10 + rng() * 240;
			const angle = rng() * 2 * Math.PI;
			const lat = office.lat + (km / 111.2) * Math.cos(angle);
			const lon = office.lon + (km / (111.2 * Math.cos((office.lat * Math.PI) / 180))) * Math.sin(angle);
			const population = Math.round((120_000 / (k + 1) ** 1.1) * (0.5 + rng()) + 500);
			places.push({ name, state: office.state, lat, lon, population, consulateId: office.id });
		}
	}
	return { seed, startMonth: '2021-01', endMonth: '2026-10', offices, places };
}

const FULL_YEARS = [2021, 2022, 2023, 2024, 2025];
const SERVICE_TYPE_COUNT = 10;

const input = buildInput();
let out: DemoOutput;
let elapsedMs = 0;

/** Sum of `field` over records matching `keep`. */
function total(records: readonly DemoRecord[], keep: (r: DemoRecord) => boolean, field: keyof DemoRecord = 'peopleServed'): number {
	let sum = 0;
	for (const r of records) if (keep(r)) sum += r[field] as number;
	return sum;
}

beforeAll(() => {
	const t0 = performance.now();
	out = generateDemo(input);
	elapsedMs = performance.now() - t0;
	console.info(
		`demo: ${input.offices.length} offices, ${input.places.length} places -> ${out.partners.length} partners, ${out.records.length} records in ${elapsedMs.toFixed(0)} ms`
	);
});

describe('generateDemo: determinism and size', () => {
	it('returns identical output for the same input', () => {
		expect(generateDemo(buildInput())).toEqual(out);
	});

	it('returns different partners and records for a different seed', () => {
		const other = generateDemo(buildInput(7));
		expect(other.partners.map((p) => p.name)).not.toEqual(out.partners.map((p) => p.name));
		expect(other.records.slice(0, 50)).not.toEqual(out.records.slice(0, 50));
	});

	it('stays under 150,000 rows for 2021-01 to 2026-10 and runs in well under the 2 s budget', () => {
		expect(out.records.length).toBeLessThan(150_000);
		expect(out.records.length).toBeGreaterThan(50_000);
		// Budget 2 s on a quiet machine; the assertion allows a busy CI runner twice that.
		expect(elapsedMs).toBeLessThan(4_000);
	});
});

describe('generateDemo: partners', () => {
	it('creates exactly 550 partners by default, or partnerCount when given, with unique keys and names', () => {
		expect(out.partners).toHaveLength(550);
		expect(new Set(out.partners.map((p) => p.sourceKey)).size).toBe(550);
		expect(new Set(out.partners.map((p) => p.name)).size).toBe(550);
		for (const p of out.partners) expect(p.sourceKey).toMatch(new RegExp(`^demo-${p.consulateId}-\\d{3}$`));
		const small = generateDemo({ ...input, partnerCount: 120, endMonth: '2021-03' });
		expect(small.partners).toHaveLength(120);
	});

	it('mixes partner types within one percentage point of the documented shares', () => {
		const expected: Record<string, number> = {
			clinic: 0.25,
			community_health_center: 0.2,
			community_organization: 0.2,
			hospital: 0.08,
			public_health_department: 0.08,
			university: 0.07,
			mobile_unit: 0.06,
			other: 0.06
		};
		for (const [type, share] of Object.entries(expected)) {
			const n = out.partners.filter((p) => p.type === type).length;
			expect(Math.abs(n / 550 - share), type).toBeLessThan(0.01);
		}
	});

	it('gives every office with places at least 3 partners, none to an office without places, and more to larger offices', () => {
		const count = new Map<string, number>();
		for (const p of out.partners) count.set(p.consulateId, (count.get(p.consulateId) ?? 0) + 1);
		expect(count.get(NO_PLACES)).toBeUndefined();
		for (const o of input.offices) if (o.id !== NO_PLACES) expect(count.get(o.id) ?? 0, o.id).toBeGreaterThanOrEqual(3);
		const bySize = [...input.offices].filter((o) => o.id !== NO_PLACES).sort((a, b) => b.targetPopulation - a.targetPopulation);
		const mean = (list: DemoOffice[]) => list.reduce((a, o) => a + (count.get(o.id) ?? 0), 0) / list.length;
		// 3 each, then sqrt(targetPopulation): the ten largest offices get about 17 partners on
		// average, the ten smallest about 6 (proportional allocation would give them almost none).
		expect(mean(bySize.slice(0, 10))).toBeGreaterThan(2.5 * mean(bySize.slice(-10)));
		expect(Math.max(...count.values())).toBe(count.get('los-angeles'));
	});

	it("places each partner within 1 km of a place of its name and state in its own office's jurisdiction", () => {
		for (const p of out.partners) {
			const candidates = input.places.filter((pl) => pl.name === p.city && pl.state === p.state && pl.consulateId === p.consulateId);
			expect(candidates.length, p.name).toBeGreaterThan(0);
			const nearest = Math.min(...candidates.map((pl) => haversineKm(pl.lat, pl.lon, p.lat, p.lon)));
			expect(nearest, p.name).toBeLessThanOrEqual(1);
		}
		// The jitter is real: partners are not all stacked on the place centres.
		expect(out.partners.filter((p) => input.places.some((pl) => pl.lat === p.lat && pl.lon === p.lon)).length).toBeLessThan(10);
	});

	it('draws names from the place and type, in Spanish and English', () => {
		for (const p of out.partners) expect(p.name, p.name).toContain(p.city);
		expect(out.partners.some((p) => /Clínica|Centro|Unidad Móvil|Casa|Asociación|Departamento/.test(p.name))).toBe(true);
		expect(out.partners.some((p) => /Community Health Center|Health Department|Hospital|Mobile/.test(p.name))).toBe(true);
	});

	it('starts about 10% of partners after startMonth, ends about 5% before endMonth, and none before its office opened', () => {
		const late = out.partners.filter((p) => p.activeFrom.slice(0, 7) > input.startMonth).length;
		const ended = out.partners.filter((p) => p.activeTo !== null);
		// 55 are drawn late; Presidio's few partners start after its 2023 opening whatever the draw.
		expect(late / 550).toBeGreaterThanOrEqual(0.09);
		expect(late / 550).toBeLessThanOrEqual(0.13);
		expect(ended.length).toBe(Math.round(550 * 0.05));
		for (const p of ended) {
			expect(p.activeTo! >= p.activeFrom).toBe(true);
			expect(p.activeTo!.slice(0, 7) < input.endMonth).toBe(true);
		}
		for (const p of out.partners) {
			expect(p.activeFrom).toMatch(/^\d{4}-\d{2}-\d{2}$/);
			expect(p.activeFrom.slice(0, 7) <= input.endMonth).toBe(true);
			if (p.consulateId === OPENED_LATE) expect(p.activeFrom >= '2023-05-15', p.sourceKey).toBe(true);
		}
	});

	it('offers plausible services by type: screenings at mobile units, counselling and mental health at universities', () => {
		const screenings = new Set(['glucose', 'blood_pressure', 'bmi', 'vision', 'hiv_test', 'vaccination', 'information_counselling']);
		for (const p of out.partners) {
			expect(p.services.length).toBeGreaterThan(0);
			expect(new Set(p.services).size).toBe(p.services.length);
			if (p.type === 'mobile_unit') {
				expect(p.services).toContain('glucose');
				for (const s of p.services) expect(screenings.has(s), `${p.name}: ${s}`).toBe(true);
			}
			if (p.type === 'university') expect(p.services).toEqual(expect.arrayContaining(['information_counselling', 'mental_health']));
		}
	});

	it("knows capacity for half the partners, always above a reporting partner's busiest regular month", () => {
		const known = out.partners.filter((p) => p.capacity !== null);
		expect(known.length).toBe(275);
		const monthly = new Map<string, number>();
		for (const r of out.records) {
			if (r.partnerKey === null || r.channel === 'health_week_fair') continue;
			const key = `${r.partnerKey}|${r.month}`;
			monthly.set(key, (monthly.get(key) ?? 0) + r.peopleServed);
		}
		const busiest = new Map<string, number>();
		for (const [key, n] of monthly) {
			const partner = key.split('|')[0];
			busiest.set(partner, Math.max(busiest.get(partner) ?? 0, n));
		}
		for (const p of known) {
			expect(Number.isInteger(p.capacity)).toBe(true);
			expect(p.capacity!).toBeGreaterThan(busiest.get(p.sourceKey) ?? 0);
		}
	});

	it('has 60-70% of partners reporting monthly records', () => {
		const reporting = new Set(out.records.map((r) => r.partnerKey).filter((k) => k !== null));
		expect(reporting.size / 550).toBeGreaterThanOrEqual(0.6);
		expect(reporting.size / 550).toBeLessThanOrEqual(0.7);
	});
});

describe('generateDemo: calibration to the published figures', () => {
	it('serves 1,500,000 people (±2%) in every full calendar year, all channels together', () => {
		for (const year of FULL_YEARS) {
			const people = total(out.records, (r) => r.month.startsWith(`${year}-`));
			expect(Math.abs(people / 1_500_000 - 1), `${year}: ${people}`).toBeLessThanOrEqual(0.02);
		}
	});

	it('serves 400,000 people (±2%) at Health Week fairs each October, and holds fairs only in October', () => {
		for (const year of [...FULL_YEARS, 2026]) {
			const fair = total(out.records, (r) => r.channel === 'health_week_fair' && r.month === `${year}-10-01`);
			expect(Math.abs(fair / 400_000 - 1), `${year}: ${fair}`).toBeLessThanOrEqual(0.02);
		}
		for (const r of out.records) if (r.channel === 'health_week_fair') expect(r.month.slice(5, 7)).toBe('10');
	});

	it('gives San Diego exactly 30,000 women, 20,000 men, 4,000 pregnant women, 2,500 children and 1,000 LGBTQ+ people in 2024', () => {
		const sd = out.records.filter((r) => r.consulateId === 'san-diego' && r.month.startsWith('2024-'));
		expect(sd.some((r) => r.partnerKey !== null)).toBe(true);
		expect(sd.some((r) => r.channel === 'health_week_fair')).toBe(true);
		const sum = (field: keyof DemoRecord) => total(sd, () => true, field);
		expect(sum('peopleServed')).toBe(50_000);
		expect(sum('women')).toBe(30_000);
		expect(sum('men')).toBe(20_000);
		expect(sum('pregnantWomen')).toBe(4_000);
		expect(sum('children')).toBe(2_500);
		expect(sum('lgbtq')).toBe(1_000);
		expect(CALIBRATION.sanDiego2024).toEqual({ women: 30_000, men: 20_000, pregnantWomen: 4_000, children: 2_500, lgbtq: 1_000 });
	});

	it('keeps San Diego near 50,000 people (±2%) in the other full years', () => {
		for (const year of FULL_YEARS) {
			const people = total(out.records, (r) => r.consulateId === 'san-diego' && r.month.startsWith(`${year}-`));
			expect(Math.abs(people / 50_000 - 1), `${year}: ${people}`).toBeLessThanOrEqual(0.02);
		}
	});

	it("gives the partial year 2026 (January to October) its months' seasonal share (±2%)", () => {
		const w = CALIBRATION.monthWeights;
		const janToOct = w.slice(0, 10).reduce((a, b) => a + b, 0);
		// Regular activity is 1.1 million a year spread by month weights; the whole fair falls in October.
		const expected = 1_100_000 * janToOct + 400_000;
		expect(expected).toBeCloseTo(1_318_500, -2);
		const people = total(out.records, (r) => r.month.startsWith('2026-'));
		expect(Math.abs(people / expected - 1)).toBeLessThanOrEqual(0.02);
	});

	it('delivers about 8.7 million services (±3%) from January 2021 to August 2022', () => {
		const services = total(out.records, (r) => r.month <= '2022-08-01', 'servicesDelivered');
		expect(Math.abs(services / 8_700_000 - 1), String(services)).toBeLessThanOrEqual(0.03);
	});

	it('peaks in October every year, at more than twice any other month', () => {
		const byMonth = new Map<string, number>();
		for (const r of out.records) byMonth.set(r.month, (byMonth.get(r.month) ?? 0) + r.peopleServed);
		for (const year of [...FULL_YEARS, 2026]) {
			const october = byMonth.get(`${year}-10-01`)!;
			for (const [month, n] of byMonth) if (month.startsWith(`${year}-`) && !month.startsWith(`${year}-10`)) expect(october, month).toBeGreaterThan(2 * n);
		}
		// Spring and autumn above midsummer in regular activity.
		expect(byMonth.get('2022-04-01')!).toBeGreaterThan(byMonth.get('2022-07-01')!);
	});

	it('shares the network among offices roughly by target population, with a floor of some thousands a year', () => {
		const people = new Map<string, number>();
		for (const r of out.records) if (r.month.startsWith('2022-')) people.set(r.consulateId, (people.get(r.consulateId) ?? 0) + r.peopleServed);
		const open = input.offices.filter((o) => o.id !== OPENED_LATE);
		for (const o of open) expect(people.get(o.id) ?? 0, o.id).toBeGreaterThanOrEqual(2_000);
		expect(people.has(OPENED_LATE)).toBe(false);
		// Offices above the floor (12% of the mean target population): people per target resident
		// within 20% of the median of those offices. San Diego is fixed and left out.
		const meanTarget = input.offices.reduce((a, o) => a + o.targetPopulation, 0) / input.offices.length;
		const ratios = open
			.filter((o) => o.id !== 'san-diego' && o.targetPopulation >= 0.12 * meanTarget)
			.map((o) => ({ id: o.id, ratio: people.get(o.id)! / o.targetPopulation }));
		const median = [...ratios].sort((a, b) => a.ratio - b.ratio)[Math.floor(ratios.length / 2)].ratio;
		for (const { id, ratio } of ratios) expect(Math.abs(ratio / median - 1), id).toBeLessThan(0.2);
	});
});

describe('generateDemo: records', () => {
	it("keeps every record's counts consistent and within the range", () => {
		const partners = new Map(out.partners.map((p) => [p.sourceKey, p]));
		// Collected and asserted once: an expect per field per record takes half a minute.
		const bad: string[] = [];
		const check = (ok: boolean, what: string, r: DemoRecord) => {
			if (!ok && bad.length < 20) bad.push(`${what}: ${JSON.stringify(r)}`);
		};
		for (const r of out.records) {
			for (const f of ['peopleServed', 'servicesDelivered', 'women', 'men', 'pregnantWomen', 'children', 'lgbtq'] as const) {
				check(Number.isInteger(r[f]) && r[f] >= 0, `${f} is a non-negative integer`, r);
			}
			check(r.peopleServed > 0, 'people > 0', r);
			check(r.women + r.men === r.peopleServed, 'women + men = people', r);
			check(r.pregnantWomen <= r.women, 'pregnant <= women', r);
			check(r.children <= r.peopleServed, 'children <= people', r);
			check(r.lgbtq <= r.peopleServed, 'lgbtq <= people', r);
			check(r.servicesDelivered >= r.peopleServed, 'services >= people', r);
			check(/^\d{4}-\d{2}-01$/.test(r.month) && r.month >= '2021-01-01' && r.month <= '2026-10-01', 'month in range', r);
			if (r.partnerKey === null) {
				check(r.channel !== 'mobile_unit', 'desk channel', r);
			} else {
				const p = partners.get(r.partnerKey);
				check(p !== undefined && p.consulateId === r.consulateId, 'partner of this office', r);
				check(p !== undefined && p.services.includes(r.serviceType), 'service the partner offers', r);
				const expected = p?.type === 'mobile_unit' ? 'mobile_unit' : 'desk';
				check(r.channel === 'health_week_fair' || r.channel === expected, 'channel matches partner type', r);
			}
		}
		expect(bad).toEqual([]);
	});

	it('writes no two records with the same month, office, partner, channel and service type', () => {
		const keys = new Set(out.records.map((r) => `${r.month}|${r.consulateId}|${r.partnerKey}|${r.channel}|${r.serviceType}`));
		expect(keys.size).toBe(out.records.length);
	});

	it('gives every open office desk records for all ten service types every month, and a fair every October', () => {
		const desk = new Map<string, Set<string>>();
		const fairs = new Set<string>();
		for (const r of out.records) {
			if (r.partnerKey !== null) continue;
			if (r.channel === 'desk') {
				const key = `${r.consulateId}|${r.month}`;
				if (!desk.has(key)) desk.set(key, new Set());
				desk.get(key)!.add(r.serviceType);
			} else fairs.add(`${r.consulateId}|${r.month}`);
		}
		let months = 0;
		for (let y = 2021; y <= 2026; y++) {
			for (let m = 1; m <= 12; m++) {
				const month = `${y}-${String(m).padStart(2, '0')}-01`;
				if (month > '2026-10-01') break;
				months++;
				for (const o of input.offices) {
					const open = o.openedOn === null || month >= `${o.openedOn.slice(0, 7)}-01`;
					expect(desk.get(`${o.id}|${month}`)?.size ?? 0, `${o.id} ${month}`).toBe(open ? SERVICE_TYPE_COUNT : 0);
					if (m === 10) expect(fairs.has(`${o.id}|${month}`), `${o.id} fair ${month}`).toBe(open);
				}
			}
		}
		expect(months).toBe(70);
	});

	it("writes no record before an office's opening month, nor for a partner outside its active window", () => {
		const partners = new Map(out.partners.map((p) => [p.sourceKey, p]));
		const late = out.records.filter((r) => r.consulateId === OPENED_LATE);
		expect(late.length).toBeGreaterThan(0);
		expect(late.map((r) => r.month).sort()[0]).toBe('2023-05-01');
		const outside: string[] = [];
		for (const r of out.records) {
			if (r.partnerKey === null) continue;
			const p = partners.get(r.partnerKey)!;
			const before = r.month < `${p.activeFrom.slice(0, 7)}-01`;
			const after = p.activeTo !== null && r.month > `${p.activeTo.slice(0, 7)}-01`;
			if (before || after) outside.push(`${p.sourceKey} ${r.month} (active ${p.activeFrom}..${p.activeTo})`);
		}
		expect(outside).toEqual([]);
		// The windows bite: some partners start or stop inside the range and have records on both sides.
		const ended = out.partners.filter((p) => p.activeTo !== null && out.records.some((r) => r.partnerKey === p.sourceKey));
		expect(ended.length).toBeGreaterThan(0);
	});

	it('reproduces the San Diego 2024 figures exactly with a short range and few partners too', () => {
		const short = generateDemo({ ...input, seed: 5, startMonth: '2024-01', endMonth: '2024-12', partnerCount: 60 });
		const sd = short.records.filter((r) => r.consulateId === 'san-diego');
		expect(total(sd, () => true, 'women')).toBe(30_000);
		expect(total(sd, () => true, 'men')).toBe(20_000);
		expect(total(sd, () => true, 'pregnantWomen')).toBe(4_000);
		expect(total(sd, () => true, 'children')).toBe(2_500);
		expect(total(sd, () => true, 'lgbtq')).toBe(1_000);
		expect(Math.abs(total(short.records, () => true) / 1_500_000 - 1)).toBeLessThanOrEqual(0.02);
	});
});

describe('generateDemo: input checks', () => {
	it('throws naming the parameter when the input is malformed', () => {
		expect(() => generateDemo({ ...input, startMonth: '2021-13' })).toThrow(/startMonth/);
		expect(() => generateDemo({ ...input, endMonth: '2020-12' })).toThrow(/endMonth \(2020-12\) is before startMonth/);
		expect(() => generateDemo({ ...input, partnerCount: -1 })).toThrow(/partnerCount/);
		expect(() => generateDemo({ ...input, offices: [] })).toThrow(/offices/);
		expect(() => generateDemo({ ...input, seed: Number.NaN })).toThrow(/seed/);
		const [first, ...rest] = input.offices;
		expect(() => generateDemo({ ...input, offices: [{ ...first, openedOn: '2023-02-30' }, ...rest] })).toThrow(/albuquerque.*openedOn/);
		expect(() => generateDemo({ ...input, offices: [{ ...first, targetPopulation: -5 }, ...rest] })).toThrow(/targetPopulation/);
		expect(() => generateDemo({ ...input, offices: [first, first, ...rest] })).toThrow(/listed twice/);
		expect(() => generateDemo({ ...input, places: [{ ...input.places[0], consulateId: 'atlantis' }] })).toThrow(/"atlantis" is not an office id/);
	});
});
