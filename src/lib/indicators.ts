/** What each population indicator means, for labels and legends (browser and server alike). */
export interface IndicatorInfo {
	label: string;
	unit: string;
	/** Indicators shown as map choices; denominators are kept for rates, not mapped on their own. */
	mappable: boolean;
	/** d3-format specifier for values. */
	format: string;
	/** Where the values come from: population figures, or an analysis run on them. */
	endpoint: 'indicators' | 'analysis';
}

export const INDICATOR_INFO: Record<string, IndicatorInfo> = {
	total_population: { label: 'Total population', unit: 'people', mappable: true, format: ',.0f', endpoint: 'indicators' },
	mexican_origin: { label: 'Mexican-origin population', unit: 'people', mappable: true, format: ',.0f', endpoint: 'indicators' },
	mexico_born: { label: 'Mexico-born population', unit: 'people', mappable: true, format: ',.0f', endpoint: 'indicators' },
	uninsured: { label: 'Uninsured people', unit: 'people', mappable: true, format: ',.0f', endpoint: 'indicators' },
	uninsured_mexican_origin: { label: 'Uninsured Mexican-origin people', unit: 'people', mappable: true, format: ',.0f', endpoint: 'indicators' },
	lep_spanish: { label: 'Spanish speakers, limited English', unit: 'people', mappable: true, format: ',.0f', endpoint: 'indicators' },
	poverty: { label: 'People below the poverty line', unit: 'people', mappable: true, format: ',.0f', endpoint: 'indicators' },
	uninsured_universe: { label: 'Civilian non-institutionalised population', unit: 'people', mappable: false, format: ',.0f', endpoint: 'indicators' },
	lep_universe: { label: 'Population 5 years and over', unit: 'people', mappable: false, format: ',.0f', endpoint: 'indicators' },
	poverty_universe: { label: 'Population for whom poverty status is determined', unit: 'people', mappable: false, format: ',.0f', endpoint: 'indicators' },
	need_index: { label: 'Need index (0 = least, 1 = most)', unit: 'index', mappable: true, format: '.3f', endpoint: 'analysis' },
	nearest_km: { label: 'Distance to nearest desk or partner', unit: 'km', mappable: true, format: ',.1f', endpoint: 'analysis' },
	remote: { label: 'Remote: nearest service over 50 km (1 = yes)', unit: '(1 = remote)', mappable: true, format: '.0f', endpoint: 'analysis' },
	access_e2sfca: { label: 'Access score (E2SFCA)', unit: 'sites per 1,000 target residents', mappable: true, format: ',.4f', endpoint: 'analysis' }
};

export const KIND_LABEL = { measured: 'Measured', modelled: 'Modelled', demo: 'Demo data' } as const;

export const DEFAULT_INDICATOR = 'mexican_origin';

/** Indicators a user can map, in menu order. */
export const MAPPABLE_INDICATORS = Object.keys(INDICATOR_INFO).filter((k) => INDICATOR_INFO[k].mappable);

/** Target groups the analyses weight demand by, in menu order (browser and server alike). */
export const TARGET_GROUPS = ['mexican_origin', 'mexico_born', 'uninsured', 'uninsured_mexican_origin', 'total_population'] as const;
