/** Need-index components: label keys, number formats, and why an area ranks high (for the gaps view and its export). */
import { formatNumber, type Lang } from './i18n';
import { gapsTranslator, type GapsMessages } from './i18n/gaps';

export interface ComponentInfo {
	/** Message key of the component's name (src/lib/i18n/gaps.ts). */
	label: keyof GapsMessages & `gaps.component.${string}`;
	/** Message key of its CSV column. */
	column: keyof GapsMessages & `gaps.csv.${string}`;
	/** How its values are written (Intl options; a share 0-1 as a percentage). */
	format: Intl.NumberFormatOptions;
	/** True when a low value means more need (penetration). */
	lowIsNeed: boolean;
}

const WHOLE: Intl.NumberFormatOptions = { maximumFractionDigits: 0 };
const ONE_DECIMAL: Intl.NumberFormatOptions = { minimumFractionDigits: 1, maximumFractionDigits: 1 };
const PERCENT: Intl.NumberFormatOptions = { style: 'percent', ...ONE_DECIMAL };

export const COMPONENT_INFO: Record<string, ComponentInfo> = {
	target_population: { label: 'gaps.component.target_population', column: 'gaps.csv.target_population', format: WHOLE, lowIsNeed: false },
	uninsured_rate: { label: 'gaps.component.uninsured_rate', column: 'gaps.csv.uninsured_rate', format: PERCENT, lowIsNeed: false },
	lep_share: { label: 'gaps.component.lep_share', column: 'gaps.csv.lep_share', format: PERCENT, lowIsNeed: false },
	poverty_rate: { label: 'gaps.component.poverty_rate', column: 'gaps.csv.poverty_rate', format: PERCENT, lowIsNeed: false },
	nearest_km: { label: 'gaps.component.nearest_km', column: 'gaps.csv.nearest_km', format: WHOLE, lowIsNeed: false },
	penetration: { label: 'gaps.component.penetration', column: 'gaps.csv.penetration', format: ONE_DECIMAL, lowIsNeed: true }
};

/** A component's value as text in the language: "1,234", "25.6 %" / "25.6%", "3.2". */
export function formatComponent(lang: Lang, key: string, value: number): string {
	return formatNumber(lang, value, COMPONENT_INFO[key].format);
}

/** The method in words, with each component's weight: "Mean of percentile ranks weighted Target population 1, …". */
export function methodText(lang: Lang, weights: Record<string, number>): string {
	const t = gapsTranslator(lang);
	const list = Object.keys(COMPONENT_INFO).map((k) => `${t(COMPONENT_INFO[k].label)} ${formatNumber(lang, weights[k] ?? 1)}`);
	return t('gaps.method', { weights: list.join(', ') });
}

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
