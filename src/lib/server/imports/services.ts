/**
 * Monthly service records: one row per month, office, partner (blank: the office's own desk),
 * channel and service type, with people served, services delivered and the five group counts.
 * Stored as kind 'measured' under service_records' unique key.
 */
import { eq, or, sql } from 'drizzle-orm';
import type { Channel, ServiceType } from '../../filters';
import { queryRows } from '../db/client';
import { partners } from '../db/schema';
import { column } from './columns';
import { CHANNEL_SPEC, SERVICE_SPEC, foldKey, normaliseCount, normaliseEnum, normaliseMonth, normaliseText } from './normalise';
import { loadOffices, officeCell, type Offices } from './offices';
import { RowReader } from './row';
import type { CellError, Checked, DatasetHandler } from './types';

export const SERVICE_COLUMNS = [
	column('month', 'mes', ['periodo', 'period', 'fecha', 'date', 'mes de atención'], true),
	column('office', 'consulado', ['consulate', 'oficina', 'oficina consular'], true),
	column('partner', 'socio', ['partner key', 'clave socio', 'clave del socio', 'id socio', 'partner id', 'partner name', 'nombre del socio', 'organización socia']),
	column('channel', 'canal', ['modalidad', 'via', 'vía'], true),
	column('service_type', 'tipo de servicio', ['servicio', 'service', 'service type', 'tipo'], true),
	column('people_served', 'personas atendidas', ['personas', 'people', 'people served', 'atendidos', 'beneficiarios'], true),
	column('services_delivered', 'servicios', ['services', 'services delivered', 'servicios brindados', 'servicios otorgados', 'servicios prestados'], true),
	column('women', 'mujeres', ['women', 'female']),
	column('men', 'hombres', ['men', 'male']),
	column('pregnant_women', 'embarazadas', ['mujeres embarazadas', 'pregnant women', 'pregnant']),
	column('children', 'niños', ['niñas y niños', 'ninas y ninos', 'menores', 'children', 'kids']),
	column('lgbtq', 'lgbtq+', ['lgbt', 'lgbtq', 'lgbtqi+', 'lgbttti', 'lgbtttiq+', 'lgbttiq+'])
];

export interface ServiceRow {
	/** 'YYYY-MM-01' */
	month: string;
	consulateId: string;
	partnerId: number | null;
	channel: Channel;
	serviceType: ServiceType;
	peopleServed: number;
	servicesDelivered: number;
	women: number | null;
	men: number | null;
	pregnantWomen: number | null;
	children: number | null;
	lgbtq: number | null;
}

type Stored = ServiceRow & { id: number };

interface PartnerRef {
	id: number;
	consulateId: string;
}

interface ServiceContext {
	offices: Offices;
	/** Measured partners by source key, and by office + folded name (several when names repeat). */
	byKey: Map<string, PartnerRef>;
	byName: Map<string, PartnerRef[]>;
	officeOf: Map<number, string>;
}

const GROUPS = ['women', 'men', 'pregnant_women', 'children', 'lgbtq'] as const;

/** Group counts that cannot exceed another count: each group at most the people served, pregnant women at most the women. */
export function groupErrors(r: ServiceRow): CellError[] {
	const errors: CellError[] = [];
	const people = r.peopleServed;
	const counts: Record<(typeof GROUPS)[number], number | null> = {
		women: r.women,
		men: r.men,
		pregnant_women: r.pregnantWomen,
		children: r.children,
		lgbtq: r.lgbtq
	};
	for (const g of GROUPS) {
		const v = counts[g];
		if (v !== null && v > people) errors.push({ column: g, value: String(v), key: 'expected.atMostPeople', vars: { people } });
	}
	if (r.women !== null && r.men !== null && r.women <= people && r.men <= people && r.women + r.men > people) {
		errors.push({ column: 'men', value: String(r.men), key: 'expected.womenMen', vars: { sum: r.women + r.men, people } });
	}
	if (r.pregnantWomen !== null && r.women !== null && r.pregnantWomen <= people && r.pregnantWomen > r.women) {
		errors.push({ column: 'pregnant_women', value: String(r.pregnantWomen), key: 'expected.atMostWomen', vars: { women: r.women } });
	}
	if (r.servicesDelivered < people) {
		errors.push({ column: 'services_delivered', value: String(r.servicesDelivered), key: 'expected.servicesAtLeastPeople', vars: { people } });
	}
	return errors;
}

export const servicesDataset: DatasetHandler<ServiceRow, Stored, ServiceContext> = {
	id: 'services',
	table: 'service_records',
	columns: SERVICE_COLUMNS,
	what: 'what.services',
	ownerOf: (value) => value.partnerId,

	async load(db, scope) {
		const offices = await loadOffices(db);
		// A partner's user may import for its own partner even when that partner is not an imported one.
		const own = scope.partnerId === null ? sql`false` : eq(partners.id, scope.partnerId);
		const rows = await db
			.select({ id: partners.id, sourceKey: partners.sourceKey, name: partners.name, consulateId: partners.consulateId })
			.from(partners)
			.where(or(eq(partners.kind, 'measured'), own));
		const byKey = new Map<string, PartnerRef>();
		const byName = new Map<string, PartnerRef[]>();
		const officeOf = new Map<number, string>();
		for (const p of rows) {
			const ref = { id: p.id, consulateId: p.consulateId };
			byKey.set(p.sourceKey, ref);
			const k = `${p.consulateId}|${foldKey(p.name)}`;
			byName.set(k, [...(byName.get(k) ?? []), ref]);
			officeOf.set(p.id, p.consulateId);
		}
		return { offices, byKey, byName, officeOf };
	},

	parse(get, has, ctx, scope) {
		const r = new RowReader(get, has);
		const month = r.required('month', normaliseMonth);
		const office = officeCell(get('office'), ctx.offices, scope);
		if (office.error) r.errors.push(office.error);
		else if (!office.id) r.error('office', 'expected.required');
		const channel = r.required('channel', (s) => normaliseEnum(s, CHANNEL_SPEC));
		const serviceType = r.required('service_type', (s) => normaliseEnum(s, SERVICE_SPEC));
		const people = r.required('people_served', normaliseCount);
		const services = r.required('services_delivered', normaliseCount);
		const groups = GROUPS.map((g) => r.optional(g, normaliseCount));
		let partnerId: number | null = null;
		const partnerCell = r.optional('partner', (s) => normaliseText(s)) ?? '';
		if (scope.partnerId !== null && office.id) {
			// A partner's user: the row must name that partner (by key or name); anything else is not theirs.
			const byKey = ctx.byKey.get(partnerCell);
			const named = ctx.byName.get(`${office.id}|${foldKey(partnerCell)}`) ?? [];
			const ref = byKey ?? named.find((p) => p.id === scope.partnerId);
			if (ref?.id === scope.partnerId) partnerId = ref.id;
			else r.error('partner', 'expected.partnerScope', { partner: scope.partnerName ?? String(scope.partnerId) });
		} else if (partnerCell !== '' && office.id) {
			const byKey = ctx.byKey.get(partnerCell);
			const named = ctx.byName.get(`${office.id}|${foldKey(partnerCell)}`) ?? [];
			const ref = byKey ?? (named.length === 1 ? named[0] : null);
			if (named.length > 1 && !byKey) r.error('partner', 'expected.partnerAmbiguous', { count: named.length, office: office.id });
			else if (!ref) r.error('partner', 'expected.partner', { office: office.id });
			else if (ref.consulateId !== office.id) r.error('partner', 'expected.partnerOffice', { office: office.id, partnerOffice: ref.consulateId });
			else partnerId = ref.id;
		}
		if (r.errors.length > 0) return r.result(() => null as never);
		const row: ServiceRow = {
			month: `${month}-01`,
			consulateId: office.id!,
			partnerId,
			channel: channel!,
			serviceType: serviceType!,
			peopleServed: people!,
			servicesDelivered: services!,
			women: groups[0],
			men: groups[1],
			pregnantWomen: groups[2],
			children: groups[3],
			lgbtq: groups[4]
		};
		const cross = groupErrors(row);
		return cross.length > 0 ? { ok: false, errors: cross.map((e) => ({ ...e, value: get(e.column) })) } : { ok: true, value: row };
	},

	key: (r) => `${r.month}|${r.consulateId}|${r.partnerId ?? ''}|${r.channel}|${r.serviceType}`,

	async check(db, rows) {
		const keys = rows.map((r, i) => ({ i, month: r.month, office: r.consulateId, partner: r.partnerId, channel: r.channel, service: r.serviceType }));
		const found = await queryRows<Record<string, unknown>>(
			db,
			sql`SELECT v.i, s.id, s.people_served, s.services_delivered, s.women, s.men, s.pregnant_women, s.children, s.lgbtq
				FROM jsonb_to_recordset(${JSON.stringify(keys)}::jsonb) AS v(i int, month date, office text, partner int, channel text, service text)
				JOIN service_records s ON s.kind = 'measured' AND s.month = v.month AND s.consulate_id = v.office
					AND s.channel = v.channel::channel AND s.service_type = v.service::service_type
					AND (s.partner_id = v.partner OR (s.partner_id IS NULL AND v.partner IS NULL))`
		);
		const byIndex = new Map(found.map((f) => [Number(f.i), f]));
		const num = (v: unknown) => (v === null || v === undefined ? null : Number(v));
		return rows.map((value, i): Checked<ServiceRow, Stored> => {
			const f = byIndex.get(i);
			const existing: Stored | null = f
				? {
						...value,
						id: Number(f.id),
						peopleServed: Number(f.people_served),
						servicesDelivered: Number(f.services_delivered),
						women: num(f.women),
						men: num(f.men),
						pregnantWomen: num(f.pregnant_women),
						children: num(f.children),
						lgbtq: num(f.lgbtq)
					}
				: null;
			return { value, errors: [], existing };
		});
	},

	same: (v, e) =>
		v.peopleServed === e.peopleServed &&
		v.servicesDelivered === e.servicesDelivered &&
		v.women === e.women &&
		v.men === e.men &&
		v.pregnantWomen === e.pregnantWomen &&
		v.children === e.children &&
		v.lgbtq === e.lgbtq,

	async write(tx, adds, updates, meta) {
		if (adds.length > 0) {
			// One JSON parameter instead of 15 per row: several times faster on PGlite than a multi-row VALUES.
			await tx.execute(sql`INSERT INTO service_records (month, consulate_id, partner_id, channel, service_type, people_served,
					services_delivered, women, men, pregnant_women, children, lgbtq, kind, source, batch_id)
				SELECT v.month, v."consulateId", v."partnerId", v.channel::channel, v."serviceType"::service_type, v."peopleServed",
					v."servicesDelivered", v.women, v.men, v."pregnantWomen", v.children, v.lgbtq, 'measured', ${meta.source}, ${meta.batchId}
				FROM jsonb_to_recordset(${JSON.stringify(adds)}::jsonb) AS v(month date, "consulateId" text, "partnerId" int, channel text,
					"serviceType" text, "peopleServed" int, "servicesDelivered" int, women int, men int, "pregnantWomen" int, children int, lgbtq int)`);
		}
		if (updates.length > 0) {
			const changed = updates.map(({ value, existing }) => ({ ...value, id: existing.id }));
			await tx.execute(sql`UPDATE service_records s SET people_served = v."peopleServed", services_delivered = v."servicesDelivered",
					women = v.women, men = v.men, pregnant_women = v."pregnantWomen", children = v.children, lgbtq = v.lgbtq,
					source = ${meta.source}, batch_id = ${meta.batchId}
				FROM jsonb_to_recordset(${JSON.stringify(changed)}::jsonb) AS v(id int, "peopleServed" int, "servicesDelivered" int,
					women int, men int, "pregnantWomen" int, children int, lgbtq int)
				WHERE s.id = v.id`);
		}
	},

	existingId: (e) => e.id
};
