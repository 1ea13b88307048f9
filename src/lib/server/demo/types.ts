/**
 * Input and output shapes of the demo generator. Field names and enum values follow the
 * partners and service_records tables (src/lib/server/db/schema.ts), so a loader can insert
 * the output as it is, tagged kind = 'demo'.
 */

import type { channel, partnerType, serviceType } from '../db/schema';

/** The ten service types of the service_type enum. */
export type ServiceType = (typeof serviceType.enumValues)[number];

/** The partner_type enum. */
export type PartnerType = (typeof partnerType.enumValues)[number];

/** The channel enum. */
export type Channel = (typeof channel.enumValues)[number];

export interface DemoOffice {
	/** Consulate slug, e.g. 'san-diego'. */
	id: string;
	city: string;
	state: string;
	lat: number;
	lon: number;
	/** 'YYYY-MM-DD'; no records before that month. Null: open before any generated month. */
	openedOn: string | null;
	/** Modelled Mexican-origin population of the office's jurisdiction, >= 0. */
	targetPopulation: number;
}

export interface DemoPlace {
	name: string;
	/** Postal abbreviation. */
	state: string;
	lat: number;
	lon: number;
	population: number;
	/** The office whose jurisdiction holds the place. */
	consulateId: string;
}

export interface DemoInput {
	seed: number;
	/** 'YYYY-MM', e.g. '2021-01'. */
	startMonth: string;
	/** 'YYYY-MM', inclusive: the last full month. */
	endMonth: string;
	offices: DemoOffice[];
	places: DemoPlace[];
	/** Default 550 (PRODUCT.md: "more than 500 local partners"). */
	partnerCount?: number;
}

export interface DemoPartner {
	/** Stable key, e.g. 'demo-san-diego-007'. */
	sourceKey: string;
	name: string;
	type: PartnerType;
	consulateId: string;
	city: string;
	state: string;
	lat: number;
	lon: number;
	services: ServiceType[];
	/** People per month the site can serve; null where "not known", as for about half of real partners. */
	capacity: number | null;
	/** 'YYYY-MM-DD'. */
	activeFrom: string;
	/** 'YYYY-MM-DD', or null while still active. */
	activeTo: string | null;
}

export interface DemoRecord {
	/** 'YYYY-MM-01'. */
	month: string;
	consulateId: string;
	/** The partner's sourceKey; null for the consulate's own desk. */
	partnerKey: string | null;
	channel: Channel;
	serviceType: ServiceType;
	peopleServed: number;
	servicesDelivered: number;
	women: number;
	men: number;
	pregnantWomen: number;
	children: number;
	lgbtq: number;
}

export interface DemoOutput {
	partners: DemoPartner[];
	records: DemoRecord[];
}
