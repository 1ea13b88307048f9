import { error } from '@sveltejs/kit';
import { getDb } from '../db';
import { getScenario, type Scenario } from '../queries/scenarios';
import type { PlanParams, PlanSite, PlanSummary } from '$lib/plan/export';

/** The scenario with this id, or a 404 that says so. */
export async function scenarioOr404(id: string): Promise<Scenario> {
	const n = Number(id);
	if (!Number.isInteger(n) || n < 1) error(400, `scenario id must be a positive whole number, got "${id}"`);
	const scenario = await getScenario(await getDb(), n);
	if (!scenario) error(404, `No scenario ${n}`);
	return scenario;
}

/** The stored JSON, typed for the export builders. */
export function exportParts(s: Scenario): [string, PlanParams, PlanSite[], PlanSummary] {
	return [s.name, s.params as unknown as PlanParams, s.sites as unknown as PlanSite[], s.summary as unknown as PlanSummary];
}

/** A file name that is safe in a Content-Disposition header. */
export function fileName(s: Scenario, ext: string): string {
	return `scenario-${s.id}-${s.name.replace(/[^\w-]+/g, '-').slice(0, 40)}.${ext}`;
}
