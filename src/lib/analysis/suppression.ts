/**
 * Complementary cell suppression (METHODS.md, Penetration: the small-cell rule). A published
 * breakdown whose total is published too gives its withheld cells away by subtraction: total
 * minus the cells shown is the sum of the cells withheld. This method decides which further cells
 * to withhold so that the subtraction says nothing more about a small cell than "< 11".
 *
 * Vocabulary. A *line* is one published equation `total = part + part + ...` (a breakdown and
 * its total: the offices and the network total, one office's counties and the office total, a
 * county's months and the county total). A cell is:
 * - `small`: fewer than 11 people (zero included, as `publicRow` and `smallCell` have always
 *   done): shown as "< 11". Its services are withheld with it.
 * - `secondary`: 11 people or more, withheld only so that a small cell cannot be worked out. Shown
 *   as "withheld", never as "< 11" (that would be false) nor as zero or no data.
 * - `shown`: published.
 *
 * What a reader knows. The rule is public, so a reader knows that a small cell holds 0 to 10
 * people, that a secondary cell holds 11 or more, and, in a line whose total is published, the sum
 * S of the line's withheld cells (total minus the cells shown). With k small and m secondary cells
 * withheld, the most a small cell can hold is min(10, S - 11m) (the other small cells at 0, the
 * secondary ones at 11), and with no secondary cell the least is max(0, S - 10(k - 1)).
 *
 * The rule: a line whose total is published is protected when
 * 1. no cell is withheld; or
 * 2. every withheld cell is small and they add up to 0 (they are all zero: nobody to protect); or
 * 3. at least two cells are withheld (a lone withheld cell is the total minus the rest), and, when
 *    a small cell is among them, each small cell could still hold 10 and is not pinned to one
 *    value: with secondary cells (m >= 1), S - 11m >= 10; with small cells only (m = 0),
 *    10 <= S < 10k (S = 10k would make every one of them exactly 10).
 * So the upper bound of a small cell stays at 10 and no withheld cell is ever determined.
 * What a reader can still learn is a lower bound from the sum (two small cells adding up to 19
 * are each at least 9).
 *
 * Choosing the next cell: the smallest shown cell that makes the line protected on its own; if
 * none does, the largest, and look again. Ties go to the smaller key. (The next secondary cell
 * of a line needs at least 21 + 11m - S people to be enough alone, so one nearly always is.) When every cell
 * of a line is withheld and it is still not protected, nothing more can be done inside the line;
 * the total stays published, and with it a bound: small cells of 5 and 12 under a total of 17
 * give "the small one is at most 6". That case needs a total under 21 + 11(m - 1).
 *
 * Linked lines. A cell can sit in several lines (a county in the national county map and in its
 * office's county map; an office in the office table and as the total of its own breakdowns), and
 * a line's total can be a cell of another line. `suppressLinked` withholds, until nothing
 * changes: every small cell; more cells in every line whose total is published (above); and every
 * cell of a line whose total is withheld (otherwise the cells would add up to it). Cells only ever
 * go from shown to withheld, so it ends. Short lines go first (an office's few counties pick
 * their partner cells before the national map does, which then usually needs none of its own);
 * then each secondary cell, largest first, is shown again if every line it is in still keeps the
 * rule. Each line is then protected on its own equation; bounds carried from one line into
 * another (a reader solving all the equations together) are not followed: full protection of
 * linked tables is a cell-suppression integer programme (Fischetti & Salazar-Gonzalez 2001),
 * beyond this heuristic.
 *
 * Services are withheld with people and are at least the people served (imports check it), so a
 * withheld cell's services bound its people by no less than the people's own sum does: the same
 * withheld set protects both columns.
 */
import { SMALL_CELL_MIN } from './penetration';

/** Shown, withheld as a small cell (fewer than 11 people), or withheld to protect a small cell. */
export type CellStatus = 'shown' | 'small' | 'secondary';

export interface SuppressionCell {
	/** Unique within one call. Ties between equal cells go to the smaller key. */
	key: string;
	/** People in the cell: a whole number >= 0. */
	people: number;
}

export interface SuppressionLine {
	/** Key of the cell that is this line's total, or null for a total that is published and is no cell here. */
	total: string | null;
	/** Keys of the cells that add up to the total (or to less: a remainder the reader is assumed to know). */
	parts: readonly string[];
}

/** The most people a small cell holds. */
const SMALL_MAX = SMALL_CELL_MIN - 1;

/** True when people is a small cell (fewer than 11, zero included). */
export function isSmallCell(people: number): boolean {
	return people < SMALL_CELL_MIN;
}

/**
 * True when a line whose total is published, with these cells withheld (people and status), lets
 * no reader narrow a small cell below "at most 10" or work out any withheld cell (rule above).
 */
export function isProtected(withheld: readonly { people: number; status: CellStatus }[]): boolean {
	if (withheld.length === 0) return true;
	let sum = 0;
	let small = 0;
	let secondary = 0;
	for (const c of withheld) {
		sum += c.people;
		if (c.status === 'small') small++;
		else if (c.status === 'secondary') secondary++;
		else throw new Error(`isProtected: a withheld cell has status "${c.status}"`);
	}
	return protectedBy(sum, small, secondary);
}

function protectedBy(sum: number, small: number, secondary: number): boolean {
	if (small + secondary === 0) return true;
	if (secondary === 0 && sum === 0) return true;
	if (small + secondary < 2) return false;
	if (small === 0) return true;
	if (secondary === 0) return sum >= SMALL_MAX && sum < SMALL_MAX * small;
	return sum - SMALL_CELL_MIN * secondary >= SMALL_MAX;
}

function checkCells(cells: readonly SuppressionCell[]): Map<string, number> {
	const people = new Map<string, number>();
	cells.forEach((c, i) => {
		if (typeof c.key !== 'string') throw new Error(`cells[${i}].key must be a string, got ${String(c.key)}`);
		if (people.has(c.key)) throw new Error(`cells[${i}].key "${c.key}" appears twice`);
		if (typeof c.people !== 'number' || !Number.isFinite(c.people) || c.people < 0) {
			throw new Error(`cells[${i}] (${c.key}).people must be a finite number >= 0, got ${String(c.people)}`);
		}
		people.set(c.key, c.people);
	});
	return people;
}

/**
 * Which cells to withhold when several published lines share cells (rule in the module comment).
 * `options.fixed` gives cells whose status was settled elsewhere (for example office totals
 * decided in the office table): they keep it and are never chosen. Returns the status of every
 * cell, by key. Throws naming the cell or line that is malformed.
 */
export function suppressLinked(
	cells: readonly SuppressionCell[],
	lines: readonly SuppressionLine[],
	options: { fixed?: ReadonlyMap<string, CellStatus> } = {}
): Map<string, CellStatus> {
	const people = checkCells(cells);
	const fixed = options.fixed ?? new Map<string, CellStatus>();
	for (const [key] of fixed) if (!people.has(key)) throw new Error(`options.fixed: "${key}" is not a cell`);
	lines.forEach((line, i) => {
		if (line.total !== null && !people.has(line.total)) throw new Error(`lines[${i}].total: "${line.total}" is not a cell`);
		const seen = new Set<string>();
		for (const p of line.parts) {
			if (!people.has(p)) throw new Error(`lines[${i}].parts: "${p}" is not a cell`);
			if (seen.has(p)) throw new Error(`lines[${i}].parts: "${p}" appears twice`);
			if (p === line.total) throw new Error(`lines[${i}]: "${p}" is both the total and a part`);
			seen.add(p);
		}
	});
	const status = new Map<string, CellStatus>();
	for (const [key, n] of people) status.set(key, fixed.get(key) ?? (isSmallCell(n) ? 'small' : 'shown'));
	// Candidates in the order they are tried: fewest people first, then key.
	const order = (a: string, b: string) => people.get(a)! - people.get(b)! || (a < b ? -1 : a > b ? 1 : 0);
	// Short lines first: an office's few counties choose their partner cells before the national
	// map does, and those usually protect the national line too.
	const work = lines
		.map((line, i) => ({ line, i, parts: [...line.parts].sort(order) }))
		.sort((a, b) => a.parts.length - b.parts.length || a.i - b.i);

	let changed = true;
	while (changed) {
		changed = false;
		for (const { line, parts } of work) {
			if (line.total !== null && status.get(line.total) !== 'shown') {
				for (const p of parts) {
					if (status.get(p) === 'shown' && !fixed.has(p)) {
						status.set(p, 'secondary');
						changed = true;
					}
				}
				continue;
			}
			let { sum, small, secondary } = withheldIn(parts, status, people);
			while (!protectedBy(sum, small, secondary)) {
				const open = parts.filter((p) => status.get(p) === 'shown' && !fixed.has(p));
				if (open.length === 0) break;
				const enough = open.find((p) => protectedBy(sum + people.get(p)!, small, secondary + 1));
				// No single cell is enough: the largest (the first key among equals) brings the most.
				const most = people.get(open[open.length - 1])!;
				const pick = enough ?? open.find((p) => people.get(p) === most)!;
				status.set(pick, 'secondary');
				sum += people.get(pick)!;
				secondary++;
				changed = true;
			}
		}
	}
	release(work, status, people, fixed);
	return status;
}

/** The people in a line's withheld cells, and how many of them are small and how many complementary. */
function withheldIn(parts: string[], status: ReadonlyMap<string, CellStatus>, people: ReadonlyMap<string, number>): { sum: number; small: number; secondary: number } {
	let sum = 0;
	let small = 0;
	let secondary = 0;
	for (const p of parts) {
		const s = status.get(p);
		if (s === 'shown') continue;
		sum += people.get(p)!;
		if (s === 'small') small++;
		else secondary++;
	}
	return { sum, small, secondary };
}

/**
 * A secondary cell chosen for one line can become unneeded once other lines have chosen theirs:
 * each one, largest first, is shown again if every line it belongs to stays as the rule requires.
 */
function release(
	work: { line: SuppressionLine; parts: string[] }[],
	status: Map<string, CellStatus>,
	people: ReadonlyMap<string, number>,
	fixed: ReadonlyMap<string, CellStatus>
): void {
	const linesOf = new Map<string, { line: SuppressionLine; parts: string[] }[]>();
	for (const w of work) {
		for (const key of keysOf(w)) linesOf.set(key, [...(linesOf.get(key) ?? []), w]);
	}
	const ok = ({ line, parts }: { line: SuppressionLine; parts: string[] }) => {
		const { sum, small, secondary } = withheldIn(parts, status, people);
		const all = small + secondary === parts.length;
		if (line.total !== null && status.get(line.total) !== 'shown') return all;
		return all || protectedBy(sum, small, secondary);
	};
	const chosen = [...status]
		.filter(([key, s]) => s === 'secondary' && !fixed.has(key))
		.map(([key]) => key)
		.sort((a, b) => people.get(b)! - people.get(a)! || (a < b ? -1 : a > b ? 1 : 0));
	for (const key of chosen) {
		status.set(key, 'shown');
		if (!(linesOf.get(key) ?? []).every(ok)) status.set(key, 'secondary');
	}
}

/** The keys a line involves: its total and its parts. */
function keysOf(w: { line: SuppressionLine; parts: string[] }): string[] {
	return w.line.total === null ? w.parts : [w.line.total, ...w.parts];
}

/**
 * Which cells of one breakdown to withhold when its total is published (one line, rule in the
 * module comment). Returns each cell's status in input order.
 */
export function suppressBreakdown(cells: readonly SuppressionCell[]): CellStatus[] {
	const status = suppressLinked(cells, [{ total: null, parts: cells.map((c) => c.key) }]);
	return cells.map((c) => status.get(c.key)!);
}
