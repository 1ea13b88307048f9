/**
 * Which ACS variables make each indicator, and how the Mexico-born line of B05006 is found: by its
 * label, because its number moves between vintages (B05006_150E in 2016-2020, B05006_160E in
 * 2019-2023).
 */

/** The indicator enum values this loader writes (a subset of schema.ts's `indicator`). */
export type AcsIndicator =
	| 'total_population'
	| 'mexican_origin'
	| 'mexico_born'
	| 'uninsured'
	| 'uninsured_universe'
	| 'lep_spanish'
	| 'lep_universe'
	| 'poverty'
	| 'poverty_universe';

export const ACS_INDICATORS: readonly AcsIndicator[] = [
	'total_population',
	'mexican_origin',
	'mexico_born',
	'uninsured',
	'uninsured_universe',
	'lep_spanish',
	'lep_universe',
	'poverty',
	'poverty_universe'
];

/** The ACS tables every run draws on, in the order the source line names them. */
export const ACS_TABLES = ['B01003', 'B03001', 'B05006', 'B27010', 'C16001', 'B17001'] as const;

/** The group whose metadata names the Mexico-born line. */
export const MEXICO_BORN_GROUP = 'B05006';

/**
 * Estimate variables (the 'E' names) summed into each indicator. Only `mexico_born` is resolved
 * at run time; `uninsured` is the four "No health insurance coverage" lines of B27010 (under 19,
 * 19 to 34, 35 to 64, 65 and over).
 */
export function indicatorVariables(mexicoBornVariable: string): Record<AcsIndicator, string[]> {
	return {
		total_population: ['B01003_001E'],
		mexican_origin: ['B03001_004E'],
		mexico_born: [mexicoBornVariable],
		uninsured: ['B27010_017E', 'B27010_033E', 'B27010_050E', 'B27010_066E'],
		uninsured_universe: ['B27010_001E'],
		lep_spanish: ['C16001_005E'],
		lep_universe: ['C16001_001E'],
		poverty: ['B17001_002E'],
		poverty_universe: ['B17001_001E']
	};
}

/** The margin-of-error variable published beside an estimate variable (B01003_001E -> B01003_001M). */
export function moeVariable(estimateVariable: string): string {
	if (!/^[A-Z]\d{5}[A-Z]?_\d{3}E$/.test(estimateVariable)) {
		throw new Error(`not an ACS estimate variable: "${estimateVariable}"`);
	}
	return `${estimateVariable.slice(0, -1)}M`;
}

/** Every variable to request, estimates and their margins of error, without duplicates. */
export function requestVariables(mexicoBornVariable: string): string[] {
	const estimates = Object.values(indicatorVariables(mexicoBornVariable)).flat();
	return [...new Set(estimates.flatMap((e) => [e, moeVariable(e)]))];
}

/**
 * Finds the estimate variable of `group` whose label's last part is `lastPart` in a
 * /groups/{group}.json answer (`{"variables": {"B05006_160E": {"label": "Estimate!!Total:!!...!!Mexico"}}}`).
 * Only estimate names (B05006_160E) count: the margin-of-error and annotation entries (B05006_160M,
 * B05006_160EA) carry the same label tail. A line whose label merely contains the word
 * (`...!!Mexico!!Other`, `...!!New Mexico`) does not match.
 * Returns the variable name, e.g. 'B05006_160E'. Throws when there is not exactly one match.
 */
export function resolveVariableByLabel(groupJson: unknown, group: string, lastPart: string): string {
	const variables = (groupJson as { variables?: unknown } | null)?.variables;
	if (typeof variables !== 'object' || variables === null || Array.isArray(variables)) {
		throw new Error(`the ${group} group metadata has no "variables" object`);
	}
	const estimateName = new RegExp(`^${group}_\\d{3}E$`);
	const matches: string[] = [];
	for (const [name, meta] of Object.entries(variables)) {
		if (!estimateName.test(name)) continue;
		const label = (meta as { label?: unknown } | null)?.label;
		if (typeof label !== 'string') continue;
		const parts = label.split('!!');
		// Vintages since 2019 end header lines with ':' ("Central America:"); a leaf line has none.
		const last = parts[parts.length - 1].trim().replace(/:$/, '');
		if (last === lastPart) matches.push(name);
	}
	if (matches.length !== 1) {
		const found = matches.length === 0 ? 'none' : matches.sort().join(', ');
		throw new Error(`expected one ${group} estimate whose label ends "${lastPart}", found ${found}`);
	}
	return matches[0];
}

/** The Mexico-born estimate variable named in the B05006 group metadata, e.g. 'B05006_160E'. */
export function resolveMexicoBornVariable(groupJson: unknown): string {
	return resolveVariableByLabel(groupJson, MEXICO_BORN_GROUP, 'Mexico');
}
