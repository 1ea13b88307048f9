/**
 * An administrator's correction of which office serves a county from a date on. The correction is
 * its own import batch (who, when), replaces any row of the same county and date, and leaves the
 * history before that date untouched.
 */
import { and, asc, eq } from 'drizzle-orm';
import type { Db } from '../db/client';
import { areas, consulates, countyAssignments } from '../db/schema';
import { withBatch } from './batch';

export interface Correction {
	countyFips: string;
	consulateId: string;
	/** 'YYYY-MM-DD' from which the new office holds. */
	validFrom: string;
	note?: string;
	createdBy?: string;
}

/** Checks a correction against the database; throws a message naming the bad field. */
async function validate(db: Db, c: Correction): Promise<Correction> {
	const countyFips = c.countyFips.trim().padStart(5, '0');
	if (!/^\d{5}$/.test(countyFips)) throw new Error(`county must be a 5-digit FIPS code, got "${c.countyFips}"`);
	const [county] = await db.select({ code: areas.code }).from(areas).where(and(eq(areas.level, 'county'), eq(areas.code, countyFips)));
	if (!county) throw new Error(`county ${countyFips} is not a county of the served states`);
	const [office] = await db.select({ id: consulates.id }).from(consulates).where(eq(consulates.id, c.consulateId));
	if (!office) throw new Error(`office "${c.consulateId}" does not exist (use an id such as san-diego)`);
	const day = new Date(`${c.validFrom}T00:00:00Z`);
	if (!/^\d{4}-\d{2}-\d{2}$/.test(c.validFrom) || Number.isNaN(day.getTime()) || day.toISOString().slice(0, 10) !== c.validFrom) {
		throw new Error(`from-date must be a real date as YYYY-MM-DD, got "${c.validFrom}"`);
	}
	return { ...c, countyFips };
}

/** Applies a correction in one transaction; returns the county's assignment history after it. */
export async function correctAssignment(db: Db, correction: Correction) {
	const c = await validate(db, correction);
	await withBatch(
		db,
		{
			dataset: 'jurisdiction-correction',
			title: `Correction: county ${c.countyFips} to ${c.consulateId} from ${c.validFrom}`,
			origin: 'npm run data:assign',
			source: 'administrator correction',
			vintage: c.validFrom,
			kind: 'measured',
			createdBy: c.createdBy ?? 'admin'
		},
		async (tx, batchId) => {
			const row = { consulateId: c.consulateId, basis: 'admin' as const, approximate: false, note: c.note ?? 'corrected by an administrator', batchId };
			await tx
				.insert(countyAssignments)
				.values({ countyFips: c.countyFips, validFrom: c.validFrom, ...row })
				.onConflictDoUpdate({ target: [countyAssignments.countyFips, countyAssignments.validFrom], set: row });
			return { county_assignments: 1 };
		}
	);
	return assignmentHistory(db, c.countyFips);
}

/** Every assignment row of a county, oldest first. */
export function assignmentHistory(db: Db, countyFips: string) {
	return db
		.select({
			validFrom: countyAssignments.validFrom,
			consulateId: countyAssignments.consulateId,
			basis: countyAssignments.basis,
			approximate: countyAssignments.approximate,
			note: countyAssignments.note
		})
		.from(countyAssignments)
		.where(eq(countyAssignments.countyFips, countyFips))
		.orderBy(asc(countyAssignments.validFrom));
}
