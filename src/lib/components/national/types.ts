/** The translate function the national map's components receive (keys from i18n/common.ts and i18n/map.ts). */
export type T = (key: string, vars?: Record<string, string | number>) => string;
