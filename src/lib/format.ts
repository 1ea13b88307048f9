/** Number and word formatting shared by pages (en-US for now; Spanish comes with the i18n work). */

/** "1 county", "3,225 counties". */
export function countOf(n: number, one: string, many: string): string {
	return `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`;
}
