import { describe, expect, it } from 'vitest';
import { isProtected, suppressBreakdown, suppressLinked, type CellStatus } from '../../src/lib/analysis/suppression';

/** Cells named a, b, c... in order. */
const cells = (...people: number[]) => people.map((n, i) => ({ key: String.fromCharCode(97 + i), people: n }));
const statuses = (...people: number[]) => suppressBreakdown(cells(...people));

/**
 * What a reader can work out about each withheld cell of one line, by brute force: the values
 * each withheld cell can take when small cells hold 0-10, secondary cells 11 or more, and the
 * withheld cells add up to `sum` (the total minus the cells shown). Independent of the rule's
 * closed form: it enumerates the sums the other cells can reach.
 */
function feasible(withheld: { people: number; status: CellStatus }[]): { min: number; max: number }[] {
	const sum = withheld.reduce((s, c) => s + c.people, 0);
	const range = (c: { status: CellStatus }) => (c.status === 'small' ? [0, 10] : [11, sum]);
	return withheld.map((_, i) => {
		// reach[v] = the other cells can add up to v.
		let reach = new Array<boolean>(sum + 1).fill(false);
		reach[0] = true;
		withheld.forEach((c, j) => {
			if (j === i) return;
			const [lo, hi] = range(c);
			const next = new Array<boolean>(sum + 1).fill(false);
			for (let v = 0; v <= sum; v++) if (reach[v]) for (let x = lo; x <= hi && v + x <= sum; x++) next[v + x] = true;
			reach = next;
		});
		const [lo, hi] = range(withheld[i]);
		const values: number[] = [];
		for (let x = lo; x <= Math.min(hi, sum); x++) if (reach[sum - x]) values.push(x);
		return { min: Math.min(...values), max: Math.max(...values) };
	});
}

/** A small random generator with a seed (mulberry32), so failures repeat. */
function random(seed: number) {
	return () => {
		seed = (seed + 0x6d2b79f5) | 0;
		let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
		t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

describe('suppressBreakdown: one breakdown whose total is published', () => {
	it('withholds 40 beside a small 5, because 12 would not do: 5 + 12 = 17 would show the small cell is at most 17 - 11 = 6', () => {
		// Cells 5, 40, 12, 100 (total 157). 5 is small. With 12 withheld the reader sees 157 - 140 = 17
		// withheld, 12 marked "withheld" (so >= 11): the small cell is <= 6. With 40: 45 - 11 = 34 >= 10.
		expect(statuses(5, 40, 12, 100)).toEqual(['small', 'secondary', 'shown', 'shown']);
	});

	it('needs nothing more when two small cells of 5 and 6 are withheld: 11 in all, each could be anything from 1 to 10', () => {
		expect(statuses(5, 6, 100)).toEqual(['small', 'small', 'shown']);
	});

	it('adds 50 to small cells 3 and 4, whose sum of 7 would show each is at most 7', () => {
		// Needed: 7 + q - 11 >= 10, so q >= 14: the smallest shown cell that big is 50.
		expect(statuses(3, 4, 50, 60)).toEqual(['small', 'small', 'secondary', 'shown']);
	});

	it('keeps a lone small cell withheld and the total published when the breakdown has one cell', () => {
		expect(statuses(7)).toEqual(['small']);
		expect(statuses(40)).toEqual(['shown']);
	});

	it('withholds every cell when every cell is small, adding nothing', () => {
		expect(statuses(2, 3, 4)).toEqual(['small', 'small', 'small']);
		expect(statuses(4, 5, 6, 30)).toEqual(['small', 'small', 'small', 'shown']);
	});

	it('needs no secondary cell when the withheld small cells are all zero: nobody can be identified', () => {
		expect(statuses(0, 0, 50, 60)).toEqual(['small', 'small', 'shown', 'shown']);
		// A zero beside a 3 does not hide it: 3 in all would show the 3 is at most 3; 18 + 3 - 11 = 10.
		expect(statuses(0, 3, 17, 18, 50)).toEqual(['small', 'small', 'shown', 'secondary', 'shown']);
	});

	it('breaks ties between equal cells by key', () => {
		const r = suppressBreakdown([
			{ key: 'small', people: 5 },
			{ key: 'b', people: 30 },
			{ key: 'a', people: 30 },
			{ key: 'c', people: 100 }
		]);
		expect(r).toEqual(['small', 'shown', 'secondary', 'shown']);
	});

	it('does not leave two small cells of 10 alone: 20 withheld would pin both at 10', () => {
		expect(statuses(10, 10, 50, 60)).toEqual(['small', 'small', 'secondary', 'shown']);
	});

	it('takes the largest cell when no single one is enough, then looks again', () => {
		// 5 needs a cell >= 16: none. Largest 14: 5 + 14 - 11 = 8. Then 5 + 14 + q - 22 >= 10: q >= 13.
		expect(statuses(5, 12, 13, 14)).toEqual(['small', 'shown', 'secondary', 'secondary']);
	});

	it('throws naming a cell that is not a count', () => {
		expect(() => suppressBreakdown([{ key: 'x', people: -1 }])).toThrow(/cells\[0\] \(x\)\.people/);
		expect(() => suppressBreakdown([{ key: 'x', people: Number.NaN }])).toThrow(/people must be a finite number/);
		expect(() => suppressBreakdown([{ key: 'x', people: 1 }, { key: 'x', people: 2 }])).toThrow(/appears twice/);
	});

	it('leaves no reader able to narrow a small cell below 10 or pin any withheld cell (1,000 random breakdowns, brute force)', () => {
		const next = random(20240611);
		for (let run = 0; run < 1000; run++) {
			const n = 1 + Math.floor(next() * 6);
			const people = Array.from({ length: n }, () => (next() < 0.5 ? Math.floor(next() * 11) : 11 + Math.floor(next() * 40)));
			const result = statuses(...people);
			const withheld = people.map((p, i) => ({ people: p, status: result[i] })).filter((c) => c.status !== 'shown');
			people.forEach((p, i) => expect(result[i] === 'small', `${people}`).toBe(p < 11));
			if (withheld.length === n) continue; // every cell withheld: nothing more to do inside the line
			const sum = withheld.reduce((s, c) => s + c.people, 0);
			expect(isProtected(withheld), `${people} -> ${result}`).toBe(true);
			if (withheld.length === 0 || (sum === 0 && withheld.every((c) => c.status === 'small'))) continue;
			feasible(withheld).forEach((f, i) => {
				if (withheld[i].status === 'small') expect(f.max, `${people} -> ${result}`).toBe(10);
				expect(f.min, `${people} -> ${result}`).toBeLessThan(f.max);
			});
		}
	});
});

describe('suppressLinked: breakdowns that share cells', () => {
	// Office A (100) has counties a1 = 5, a2 = 40, a3 = 55; office B (80) has b1 = 30, b2 = 50.
	const counties = [
		{ key: 'a1', people: 5 },
		{ key: 'a2', people: 40 },
		{ key: 'a3', people: 55 },
		{ key: 'b1', people: 30 },
		{ key: 'b2', people: 50 }
	];
	const offices = [
		{ key: 'A', people: 100 },
		{ key: 'B', people: 80 },
		{ key: 'N', people: 180 }
	];
	const national = { total: 'N', parts: ['a1', 'a2', 'a3', 'b1', 'b2'] };

	it('protects a county in its office as well as in the nation, so the office total minus its other counties does not give it away', () => {
		// The national map alone would withhold b1 (the smallest cell >= 16): then A's 100 - 40 - 55 = 5 = a1.
		const alone = suppressLinked(counties, [{ total: null, parts: national.parts }]);
		expect([alone.get('a1'), alone.get('b1'), alone.get('a2')]).toEqual(['small', 'secondary', 'shown']);
		const linked = suppressLinked(
			[...counties, ...offices],
			[national, { total: 'A', parts: ['a1', 'a2', 'a3'] }, { total: 'B', parts: ['b1', 'b2'] }, { total: 'N', parts: ['A', 'B'] }]
		);
		expect(Object.fromEntries(linked)).toEqual({ a1: 'small', a2: 'secondary', a3: 'shown', b1: 'shown', b2: 'shown', A: 'shown', B: 'shown', N: 'shown' });
		// Office A: 100 - 55 = 45 withheld, of which 40 is >= 11: a1 could be 0 to 10.
	});

	it('withholds the whole breakdown of a withheld total, and a lone withheld cell brings a second one', () => {
		// Offices: 15, 3, 200 (total 218). B = 3 is small; 15 is not enough (3 + 15 - 11 = 7), so C = 200 is withheld.
		// C's counties (150 + 50) would add up to C: both withheld. In line x, c2 is then a lone
		// withheld cell and takes d2 with it; in the last line d2 takes d3.
		const status = suppressLinked(
			[
				{ key: 'A', people: 15 },
				{ key: 'B', people: 3 },
				{ key: 'C', people: 200 },
				{ key: 'N', people: 218 },
				{ key: 'c1', people: 150 },
				{ key: 'c2', people: 50 },
				{ key: 'x', people: 90 },
				{ key: 'd2', people: 40 },
				{ key: 'd3', people: 60 }
			],
			[
				{ total: 'N', parts: ['A', 'B', 'C'] },
				{ total: 'C', parts: ['c1', 'c2'] },
				{ total: 'x', parts: ['c2', 'd2'] },
				{ total: null, parts: ['d2', 'd3'] }
			]
		);
		expect(Object.fromEntries(status)).toEqual({ A: 'shown', B: 'small', C: 'secondary', N: 'shown', c1: 'secondary', c2: 'secondary', x: 'shown', d2: 'secondary', d3: 'secondary' });
	});

	it('keeps fixed cells as they are and never picks them', () => {
		const status = suppressLinked(
			[
				{ key: 'p', people: 4 },
				{ key: 'q', people: 30 },
				{ key: 'r', people: 90 }
			],
			[{ total: null, parts: ['p', 'q', 'r'] }],
			{ fixed: new Map([['q', 'shown' as const]]) }
		);
		expect(Object.fromEntries(status)).toEqual({ p: 'small', q: 'shown', r: 'secondary' });
	});

	it('throws naming a line that refers to no cell', () => {
		expect(() => suppressLinked([{ key: 'a', people: 3 }], [{ total: 'z', parts: ['a'] }])).toThrow(/lines\[0\]\.total: "z"/);
		expect(() => suppressLinked([{ key: 'a', people: 3 }], [{ total: null, parts: ['a', 'b'] }])).toThrow(/lines\[0\]\.parts: "b"/);
	});

	it('ends with every line protected or wholly withheld, and every part of a withheld total withheld (500 random systems)', () => {
		const next = random(7);
		for (let run = 0; run < 500; run++) {
			// Random two-way tables: rows x columns with margins and a grand total, like counties x offices.
			const rows = 1 + Math.floor(next() * 4);
			const cols = 1 + Math.floor(next() * 4);
			const inner = Array.from({ length: rows }, (_, r) => Array.from({ length: cols }, (_, c) => ({ key: `${r}.${c}`, people: next() < 0.4 ? Math.floor(next() * 11) : 11 + Math.floor(next() * 60) })));
			const rowCells = inner.map((row, r) => ({ key: `r${r}`, people: row.reduce((s, c) => s + c.people, 0) }));
			const colCells = Array.from({ length: cols }, (_, c) => ({ key: `c${c}`, people: inner.reduce((s, row) => s + row[c].people, 0) }));
			const grand = { key: 'N', people: rowCells.reduce((s, c) => s + c.people, 0) };
			const all = [...inner.flat(), ...rowCells, ...colCells, grand];
			const lines = [
				...inner.map((row, r) => ({ total: `r${r}`, parts: row.map((c) => c.key) })),
				...colCells.map((col, c) => ({ total: col.key, parts: inner.map((row) => row[c].key) })),
				{ total: 'N', parts: rowCells.map((c) => c.key) },
				{ total: 'N', parts: colCells.map((c) => c.key) }
			];
			const status = suppressLinked(all, lines);
			const people = new Map(all.map((c) => [c.key, c.people]));
			for (const [key, s] of status) expect(s === 'small', key).toBe(people.get(key)! < 11);
			for (const line of lines) {
				const parts = line.parts.map((k) => ({ people: people.get(k)!, status: status.get(k)! }));
				const withheld = parts.filter((p) => p.status !== 'shown');
				if (status.get(line.total) !== 'shown') expect(withheld.length).toBe(parts.length);
				else if (withheld.length < parts.length) expect(isProtected(withheld)).toBe(true);
			}
		}
	});
});
