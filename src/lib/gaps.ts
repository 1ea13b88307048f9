/** Need-index components: labels, formats, and why an area ranks high (for the gaps view and its export). */
export const COMPONENT_INFO: Record<string, { label: string; format: string; lowIsNeed: boolean }> = {
	target_population: { label: 'Target population', format: ',.0f', lowIsNeed: false },
	uninsured_rate: { label: 'Uninsured rate', format: '.1%', lowIsNeed: false },
	lep_share: { label: 'Limited-English Spanish speakers', format: '.1%', lowIsNeed: false },
	poverty_rate: { label: 'Poverty rate', format: '.1%', lowIsNeed: false },
	nearest_km: { label: 'Km to nearest service', format: ',.0f', lowIsNeed: false },
	penetration: { label: "Served per 1,000 (office's area)", format: ',.1f', lowIsNeed: true }
};

/**
 * The components that drive an area's rank: those ranked at or above `threshold` (0-1, 1 = most
 * need) among components with weight > 0, highest first.
 */
export function reasons(ranks: Record<string, number | null>, weights: Record<string, number>, threshold = 0.75): string[] {
	return Object.entries(ranks)
		.filter(([key, r]) => r !== null && r >= threshold && (weights[key] ?? 1) > 0)
		.sort((a, b) => (b[1] as number) - (a[1] as number))
		.map(([key]) => key);
}

/** Rows whose nearest service is farther than `beyondKm` (all rows when it is null). */
export function beyond<T extends { values: Record<string, number | null> }>(rows: T[], beyondKm: number | null): T[] {
	return beyondKm === null ? rows : rows.filter((r) => r.values.nearest_km !== null && r.values.nearest_km > beyondKm);
}
