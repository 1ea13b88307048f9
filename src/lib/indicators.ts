/**
 * Target groups the analyses weight demand by, in menu order (browser and server alike). Their
 * labels are in src/lib/i18n/common.ts (`indicator.<group>`); the map's indicators are listed in
 * src/lib/view-state.ts.
 */
export const TARGET_GROUPS = ['mexican_origin', 'mexico_born', 'uninsured', 'uninsured_mexican_origin', 'total_population'] as const;
