/** The national map's ranked table: its rows and their order, shared by the table and its CSV export. */
import type { TableColumn } from '../view-state';

export interface TableRow {
	code: string;
	name: string;
	office: string;
	/** Display text and sort value of each figure column (null = no data or withheld; sorts last). */
	cells: Record<Exclude<TableColumn, 'name' | 'office'>, { text: string; value: number | null }>;
}

/** Rows ordered by `sort`; areas without a value go last either way, ties by code. */
export function sortRows(rows: readonly TableRow[], sort: { column: TableColumn; descending: boolean }): TableRow[] {
	const { column, descending } = sort;
	const key = (r: TableRow): string | number | null => (column === 'name' ? r.name : column === 'office' ? r.office : r.cells[column].value);
	return [...rows].sort((a, b) => {
		const x = key(a);
		const y = key(b);
		if (x === null && y === null) return a.code.localeCompare(b.code);
		if (x === null) return 1;
		if (y === null) return -1;
		const c = typeof x === 'string' ? x.localeCompare(y as string) : (x as number) - (y as number);
		return c === 0 ? a.code.localeCompare(b.code) : descending ? -c : c;
	});
}
