/** What each population indicator means, for labels and legends (browser and server alike). */
export interface IndicatorInfo {
	label: string;
	unit: string;
	/** Indicators shown as map choices; denominators are kept for rates, not mapped on their own. */
	mappable: boolean;
}

export const INDICATOR_INFO: Record<string, IndicatorInfo> = {
	total_population: { label: 'Total population', unit: 'people', mappable: true },
	mexican_origin: { label: 'Mexican-origin population', unit: 'people', mappable: true },
	mexico_born: { label: 'Mexico-born population', unit: 'people', mappable: true },
	uninsured: { label: 'Uninsured people', unit: 'people', mappable: true },
	uninsured_mexican_origin: { label: 'Uninsured Mexican-origin people', unit: 'people', mappable: true },
	lep_spanish: { label: 'Spanish speakers, limited English', unit: 'people', mappable: true },
	poverty: { label: 'People below the poverty line', unit: 'people', mappable: true },
	uninsured_universe: { label: 'Civilian non-institutionalised population', unit: 'people', mappable: false },
	lep_universe: { label: 'Population 5 years and over', unit: 'people', mappable: false },
	poverty_universe: { label: 'Population for whom poverty status is determined', unit: 'people', mappable: false }
};

export const KIND_LABEL = { measured: 'Measured', modelled: 'Modelled', demo: 'Demo data' } as const;

export const DEFAULT_INDICATOR = 'mexican_origin';

/** Indicators a user can map, in menu order. */
export const MAPPABLE_INDICATORS = Object.keys(INDICATOR_INFO).filter((k) => INDICATOR_INFO[k].mappable);
