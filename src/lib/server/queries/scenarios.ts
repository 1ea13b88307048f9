/** Saved siting scenarios: list, read, save (names are unique), delete. */
import { desc, eq } from 'drizzle-orm';
import type { Db } from '../db/client';
import { scenarios } from '../db/schema';

export type Scenario = typeof scenarios.$inferSelect;

export class ScenarioNameTaken extends Error {}

export function listScenarios(db: Db) {
	return db
		.select({ id: scenarios.id, name: scenarios.name, params: scenarios.params, summary: scenarios.summary, createdAt: scenarios.createdAt })
		.from(scenarios)
		.orderBy(desc(scenarios.createdAt), desc(scenarios.id));
}

export async function getScenario(db: Db, id: number): Promise<Scenario | null> {
	const [row] = await db.select().from(scenarios).where(eq(scenarios.id, id));
	return row ?? null;
}

/** Saves a scenario; throws ScenarioNameTaken when the name is in use, so nothing is overwritten. */
export async function saveScenario(db: Db, s: Pick<Scenario, 'name' | 'params' | 'sites' | 'summary'> & { createdBy?: string }): Promise<Scenario> {
	const name = s.name.trim();
	const [taken] = await db.select({ id: scenarios.id }).from(scenarios).where(eq(scenarios.name, name));
	if (taken) throw new ScenarioNameTaken(`A scenario named "${name}" exists already: choose another name or delete it first.`);
	const [row] = await db.insert(scenarios).values({ ...s, name }).returning();
	return row;
}

export async function deleteScenario(db: Db, id: number): Promise<boolean> {
	return (await db.delete(scenarios).where(eq(scenarios.id, id)).returning({ id: scenarios.id })).length > 0;
}
