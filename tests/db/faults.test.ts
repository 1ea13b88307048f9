/**
 * Imports under faults, on every driver: the import command killed (SIGKILL) in the middle of its
 * commit, the embedded database restarted (closed, or its process killed) after a commit, and two
 * imports at once, in one process and in two.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { openDb, queryRows, type Db, type DbHandle } from '../../src/lib/server/db/client';
import { commitImport, ImportError, previewImport, undoImport } from '../../src/lib/server/imports';
import { parseConsulates, readReference } from '../../src/lib/server/load/reference';
import { servicesFile } from '../fixtures/imports/bench';
import { loadWorld } from '../fixtures/imports/world';
import { tableChecksums } from '../support/checksums';
import { drivers, freshDb, freshPgliteDir, type Driver } from '../support/db';

const OFFICES = parseConsulates(readReference('consulates.csv')).map((o) => o.id);
/** The advisory lock key every import's transaction takes (pipeline.ts IMPORT_LOCK). */
const IMPORT_LOCK = 7_245_001;
/** Long enough that the import command is still writing when it is killed: its commit prints a line every 10,000 rows or so. */
const BIG = 30_000;
/** The commit's first progress line: a third of the rows written, the transaction open. */
const MID_COMMIT = /[\d,]+ rows of at most [\d,]+ written/;

type Counts = { rows: number; add: number; update: number; unchanged: number; reject: number };
const counts = (c: Counts) => [c.rows, c.add, c.update, c.unchanged, c.reject];

// ---- child processes ------------------------------------------------------------------------

interface Child {
	pid: number;
	output(): string;
	/** Resolves with the exit code or signal once the process is gone and its output read. */
	exited: Promise<{ code: number | null; signal: NodeJS.Signals | null; output: string }>;
	/** Resolves when the output (stdout and stderr) matches; rejects if the process ends first. */
	waitFor(pattern: RegExp): Promise<void>;
	signal(signal: NodeJS.Signals): void;
}

const children = new Set<Child>();

/**
 * Runs a TypeScript script as one node process (`node --import tsx`, not the tsx wrapper, so that
 * a signal reaches the process that has the database open) with `env` over this environment.
 */
function runScript(script: string, args: string[], env: Record<string, string>): Child {
	const proc = spawn(process.execPath, ['--import', 'tsx', script, ...args], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
	let output = '';
	const waiters: { pattern: RegExp; resolve: () => void }[] = [];
	const read = (data: Buffer) => {
		output += data;
		for (const w of [...waiters]) {
			if (w.pattern.test(output)) {
				waiters.splice(waiters.indexOf(w), 1);
				w.resolve();
			}
		}
	};
	proc.stdout.on('data', read);
	proc.stderr.on('data', read);
	const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null; output: string }>((resolve) =>
		proc.on('close', (code, signal) => resolve({ code, signal, output }))
	);
	const child: Child = {
		pid: proc.pid!,
		output: () => output,
		exited,
		waitFor: (pattern) =>
			new Promise<void>((resolve, reject) => {
				if (pattern.test(output)) return resolve();
				waiters.push({ pattern, resolve });
				void exited.then((r) => reject(new Error(`the script ended (${r.code ?? r.signal}) before printing ${pattern}:\n${r.output}`)));
			}),
		signal: (signal) => {
			if (proc.exitCode === null && proc.signalCode === null) proc.kill(signal);
		}
	};
	children.add(child);
	void exited.then(() => children.delete(child));
	return child;
}

/** `npm run data:import -- --dataset services --file FILE --commit --as NAME`, as one process. */
const importCommand = (file: string, actor: string, env: Record<string, string>) =>
	runScript('scripts/import.ts', ['--dataset', 'services', '--file', file, '--commit', '--as', actor], env);

afterEach(async () => {
	// A failed test must not leave a stopped or running importer behind.
	for (const child of children) child.signal('SIGKILL');
	await Promise.all([...children].map((c) => c.exited));
});

// ---- databases a script can open too -----------------------------------------------------------

interface Target {
	/** The environment that points a script at this database. */
	env: Record<string, string>;
	/** Runs `fn` on the database. PGlite is opened for the call and closed after, so a script can have the directory in between. */
	use<T>(fn: (db: Db) => Promise<T>): Promise<T>;
	dispose(): Promise<void>;
}

async function target(driver: Driver): Promise<Target> {
	if (driver === 'pglite') {
		const { root, dir } = await freshPgliteDir();
		return {
			env: { DATABASE_URL: '', PGLITE_DIR: dir },
			use: async (fn) => {
				const handle = await openDb({ pgliteDir: dir });
				try {
					return await fn(handle.db);
				} finally {
					await handle.close();
				}
			},
			dispose: async () => rmSync(root, { recursive: true, force: true })
		};
	}
	const handle = await freshDb('postgres');
	return { env: { DATABASE_URL: handle.url! }, use: (fn) => fn(handle.db), dispose: () => handle.close() };
}

const previewFile = (db: Db, fileName: string, bytes: Uint8Array, chunkSize?: number) =>
	previewImport(db, { dataset: 'services', fileName, bytes, actor: 'ana', chunkSize });

async function recordsByBatch(db: Db): Promise<Record<number, number>> {
	const rows = await queryRows<{ batch: number; n: number }>(db, sql`SELECT batch_id AS batch, count(*)::int AS n FROM service_records GROUP BY 1 ORDER BY 1`);
	return Object.fromEntries(rows.map((r) => [Number(r.batch), Number(r.n)]));
}

async function advisoryLocks(db: Db, granted: boolean): Promise<number> {
	const [r] = await queryRows<{ n: number }>(
		db,
		sql`SELECT count(*)::int AS n FROM pg_locks WHERE locktype = 'advisory' AND classid = 0 AND objid = ${IMPORT_LOCK} AND granted = ${granted}`
	);
	return Number(r.n);
}

async function until(check: () => Promise<boolean>, what: string, ms = 300_000): Promise<void> {
	const deadline = Date.now() + ms;
	while (!(await check())) {
		if (Date.now() > deadline) throw new Error(`waited ${ms / 1000} s for ${what}`);
		await new Promise((r) => setTimeout(r, 200));
	}
}

// ---- (a) killed in the middle of a commit -------------------------------------------------------

describe.each(drivers())('the import command killed in the middle of its commit, on %s', (driver) => {
	let db: Target;
	let work: string;
	beforeAll(async () => {
		db = await target(driver);
		work = mkdtempSync(join(tmpdir(), 'atlas-faults-'));
		await db.use(async (conn) => {
			await loadWorld(conn);
			// An earlier import of the first 2,000 rows with other counts: the killed commit updates
			// stored rows (saving their old values) as well as adding new ones.
			const earlier = await previewFile(conn, 'earlier.csv', servicesFile({ rows: 2000, offices: OFFICES, variant: 7 }));
			await commitImport(conn, earlier.plan);
		});
	});
	afterAll(async () => {
		await db?.dispose();
		rmSync(work, { recursive: true, force: true });
	});

	it('leaves every table exactly as it was, and the database then takes the same file in full', async () => {
		const before = await db.use(tableChecksums);
		const file = join(work, 'big.csv');
		writeFileSync(file, servicesFile({ rows: BIG, offices: OFFICES }));

		const command = importCommand(file, 'killed', db.env);
		await command.waitFor(MID_COMMIT);
		// On PostgreSQL the transaction is seen holding the import lock: the kill lands inside it.
		if (driver === 'postgres') await db.use(async (conn) => expect(await advisoryLocks(conn, true)).toBe(1));
		command.signal('SIGKILL');
		const run = await command.exited;
		expect(run.signal, run.output).toBe('SIGKILL');
		expect(run.output).not.toContain('committed as import');

		// PGlite reopens its directory after the kill (recovering from its write-ahead log).
		expect(await db.use(tableChecksums)).toEqual(before);

		const result = await db.use(async (conn) => {
			const preview = await previewFile(conn, 'big.csv', readFileSync(file));
			expect(counts(preview)).toEqual([BIG, BIG - 2000, 2000, 0, 0]);
			return commitImport(conn, preview.plan);
		});
		expect(counts(result)).toEqual([BIG, BIG - 2000, 2000, 0, 0]);
		expect(await db.use(recordsByBatch)).toEqual({ [result.batchId]: BIG });
	}, 900_000);
});

// ---- (c) restarts of the embedded database --------------------------------------------------------

describe('committed imports across restarts of the embedded database', () => {
	let root: string;
	let dir: string;
	beforeAll(async () => {
		({ root, dir } = await freshPgliteDir());
		const handle = await openDb({ pgliteDir: dir });
		await loadWorld(handle.db);
		await handle.close();
	});
	afterAll(() => rmSync(root, { recursive: true, force: true }));

	/** Opens the directory again and finds the tables as the commit left them, and its batch whole. */
	async function expectKept(committed: Record<string, string>, batchId: number, file: string): Promise<void> {
		const handle = await openDb({ pgliteDir: dir });
		try {
			expect(await tableChecksums(handle.db)).toEqual(committed);
			const [batch] = await queryRows<{ finished: boolean; counts: Record<string, number>; file: string; rows: number }>(
				handle.db,
				sql`SELECT b.finished_at IS NOT NULL AS finished, b.row_counts AS counts, u.file_name AS file, u.rows FROM import_batches b JOIN import_uploads u ON u.batch_id = b.id WHERE b.id = ${batchId}`
			);
			expect(batch).toMatchObject({ finished: true, file, rows: 5000, counts: { added: 5000 } });
		} finally {
			await handle.close();
		}
	}

	it('keeps a commit when the database is closed and opened again', async () => {
		const handle = await openDb({ pgliteDir: dir });
		const preview = await previewFile(handle.db, 'restart.csv', servicesFile({ rows: 5000, offices: OFFICES, firstYear: 2010 }));
		const { batchId } = await commitImport(handle.db, preview.plan);
		const committed = await tableChecksums(handle.db);
		await handle.close();
		await expectKept(committed, batchId, 'restart.csv');
	}, 600_000);

	it('keeps a commit when its process is killed right after the commit returned, the database still open', async () => {
		const file = join(root, 'killed-after.csv');
		writeFileSync(file, servicesFile({ rows: 5000, offices: OFFICES, firstYear: 2020 }));
		const child = runScript('tests/support/commit-and-wait.ts', [file], { DATABASE_URL: '', PGLITE_DIR: dir });
		await child.waitFor(/^\{"batchId".*\}$/m);
		child.signal('SIGKILL');
		const run = await child.exited;
		expect(run.signal, run.output).toBe('SIGKILL');
		const { batchId, checksums } = JSON.parse(run.output.split('\n').find((l) => l.startsWith('{"batchId"'))!) as { batchId: number; checksums: Record<string, string> };
		await expectKept(checksums, batchId, 'killed-after.csv');
	}, 600_000);
});

// ---- (d) two imports at once ------------------------------------------------------------------------

describe.each(drivers())('two imports at once in one process, on %s', (driver) => {
	let handle: DbHandle;
	beforeAll(async () => {
		handle = await freshDb(driver);
		await loadWorld(handle.db);
	});
	afterAll(() => handle?.close());
	// Small chunks: each commit goes back and forth with the database many times while the other waits.
	const preview = (name: string, bytes: Uint8Array) => previewFile(handle.db, name, bytes, 500);

	it('commits two different files of one data set side by side: both land whole, each under its own batch', async () => {
		const before = await recordsByBatch(handle.db);
		const [a, b] = await Promise.all([
			preview('a.csv', servicesFile({ rows: 3000, offices: OFFICES, firstYear: 2000 })),
			preview('b.csv', servicesFile({ rows: 3100, offices: OFFICES, firstYear: 2040 }))
		]);
		const [ra, rb] = await Promise.all([commitImport(handle.db, a.plan), commitImport(handle.db, b.plan)]);
		expect(counts(ra)).toEqual([3000, 3000, 0, 0, 0]);
		expect(counts(rb)).toEqual([3100, 3100, 0, 0, 0]);
		expect(await recordsByBatch(handle.db)).toEqual({ ...before, [ra.batchId]: 3000, [rb.batchId]: 3100 });
		const uploads = await queryRows<{ batch: number; added: number }>(handle.db, sql`SELECT batch_id AS batch, added FROM import_uploads ORDER BY 1`);
		// Either commit may take the lock (and the lower batch id) first.
		const expected: [number, number][] = [
			[ra.batchId, 3000],
			[rb.batchId, 3100]
		];
		expect(uploads.map((u) => [Number(u.batch), Number(u.added)])).toEqual(expected.sort((x, y) => x[0] - y[0]));
	});

	it('commits one file twice side by side: it lands once, and the other commit is refused and writes nothing', async () => {
		const bytes = servicesFile({ rows: 3000, offices: OFFICES, firstYear: 2080 });
		const [first, second] = await Promise.all([preview('c.csv', bytes), preview('c-again.csv', bytes)]);
		expect(counts(first)).toEqual([3000, 3000, 0, 0, 0]);
		expect(counts(second)).toEqual([3000, 3000, 0, 0, 0]);
		const before = await recordsByBatch(handle.db);
		const batchesBefore = await queryRows<{ id: number }>(handle.db, sql`SELECT id FROM import_batches ORDER BY id`);

		const results = await Promise.allSettled([commitImport(handle.db, first.plan), commitImport(handle.db, second.plan)]);
		const landed = results.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
		const refused = results.flatMap((r) => (r.status === 'rejected' ? [r.reason as unknown] : []));
		expect(landed).toHaveLength(1);
		expect(refused).toHaveLength(1);
		expect(refused[0]).toBeInstanceOf(ImportError);
		expect((refused[0] as ImportError).key).toBe('refuse.changed');
		expect((refused[0] as ImportError).message).toBe(
			'The data changed since the preview (3000 to add, 0 to update, 0 unchanged, 0 rejected before, 0 to add, 0 to update, 3000 unchanged, 0 rejected now). Preview the file again.'
		);
		expect(await recordsByBatch(handle.db)).toEqual({ ...before, [landed[0].batchId]: 3000 });
		// The refused commit's batch row went with its transaction.
		const batchesAfter = await queryRows<{ id: number }>(handle.db, sql`SELECT id FROM import_batches ORDER BY id`);
		expect(batchesAfter.map((b) => Number(b.id))).toEqual([...batchesBefore.map((b) => Number(b.id)), landed[0].batchId]);
	});

	it('commits two files that change the same stored rows side by side: both land in turn, and undo goes back in reverse order', async () => {
		// The rows of c.csv (previous test), with other counts in each file.
		const original = await tableChecksums(handle.db);
		const [one, two] = await Promise.all([
			preview('c-revised-1.csv', servicesFile({ rows: 3000, offices: OFFICES, firstYear: 2080, variant: 1 })),
			preview('c-revised-2.csv', servicesFile({ rows: 3000, offices: OFFICES, firstYear: 2080, variant: 2 }))
		]);
		const [r1, r2] = await Promise.all([commitImport(handle.db, one.plan), commitImport(handle.db, two.plan)]);
		expect(counts(r1)).toEqual([3000, 0, 3000, 0, 0]);
		expect(counts(r2)).toEqual([3000, 0, 3000, 0, 0]);
		// Whichever committed first, the other's saved old values are its rows: undo refuses it until the later one is undone.
		const [earlier, later] = r1.batchId < r2.batchId ? [r1, r2] : [r2, r1];
		await expect(undoImport(handle.db, earlier.batchId, 'ana')).rejects.toThrow(`Later imports changed rows of this one: undo ${later.batchId} first.`);
		expect(await undoImport(handle.db, later.batchId, 'ana')).toMatchObject({ restored: 3000, removed: 0 });
		expect(await undoImport(handle.db, earlier.batchId, 'ana')).toMatchObject({ restored: 3000, removed: 0 });
		const back = await tableChecksums(handle.db);
		expect(back.service_records).toBe(original.service_records);
	});
});

describe.each(drivers())('two import processes at once, on %s', (driver) => {
	let db: Target;
	let work: string;
	beforeAll(async () => {
		db = await target(driver);
		work = mkdtempSync(join(tmpdir(), 'atlas-faults-'));
		await db.use(loadWorld);
	});
	afterAll(async () => {
		await db?.dispose();
		rmSync(work, { recursive: true, force: true });
	});

	const file = (name: string, bytes: Uint8Array) => {
		const path = join(work, name);
		writeFileSync(path, bytes);
		return path;
	};

	if (driver === 'pglite') {
		it('refuses the second while the first has the embedded database, naming the first; the second lands after it', async () => {
			const first = importCommand(file('first.csv', servicesFile({ rows: BIG, offices: OFFICES, firstYear: 2000 })), 'first', db.env);
			await first.waitFor(MID_COMMIT);
			// Held still in the middle of its commit, so the second surely runs while the first has the directory.
			first.signal('SIGSTOP');
			expect(readFileSync(`${db.env.PGLITE_DIR}.lock`, 'utf8').trim()).toBe(String(first.pid));
			const secondFile = file('second.csv', servicesFile({ rows: 3000, offices: OFFICES, firstYear: 2040 }));
			const refused = await importCommand(secondFile, 'second', db.env).exited;
			expect(refused.code, refused.output).toBe(1);
			expect(refused.output).toContain(`error: the embedded database in ${db.env.PGLITE_DIR} is in use by process ${first.pid} (the server or another data command)`);

			first.signal('SIGCONT');
			const done = await first.exited;
			expect(done.code, done.output).toBe(0);
			expect(existsSync(`${db.env.PGLITE_DIR}.lock`)).toBe(false);
			const again = await importCommand(secondFile, 'second', db.env).exited;
			expect(again.code, again.output).toBe(0);

			const batches = await db.use(recordsByBatch);
			expect(Object.values(batches).sort((x, y) => x - y)).toEqual([3000, BIG]);
		}, 900_000);
	} else {
		it('makes the second wait for the first commit: a different file then lands, the same file is refused', async () => {
			const a = file('a.csv', servicesFile({ rows: BIG, offices: OFFICES, firstYear: 2000 }));
			const b = file('b.csv', servicesFile({ rows: 3000, offices: OFFICES, firstYear: 2040 }));
			const c = file('c.csv', servicesFile({ rows: BIG, offices: OFFICES, firstYear: 2060 }));
			for (const { first, second, lands } of [
				{ first: a, second: b, lands: true },
				{ first: c, second: c, lands: false }
			]) {
				const one = importCommand(first, 'first', db.env);
				await one.waitFor(MID_COMMIT);
				// Held still in the middle of its commit, so the second surely runs into it.
				one.signal('SIGSTOP');
				const two = importCommand(second, 'second', db.env);
				// The second has previewed (the first's rows are not committed: all new to it) and waits for the import lock.
				await until(() => db.use(async (conn) => (await advisoryLocks(conn, false)) === 1), 'the second import to wait for the lock');
				one.signal('SIGCONT');
				const [done, other] = await Promise.all([one.exited, two.exited]);
				expect(done.code, done.output).toBe(0);
				if (lands) {
					expect(other.code, other.output).toBe(0);
					expect(other.output).toMatch(/committed as import \d+: 3000 added/);
				} else {
					expect(other.code, other.output).toBe(1);
					expect(other.output).toContain(
						`error: The data changed since the preview (${BIG} to add, 0 to update, 0 unchanged, 0 rejected before, 0 to add, 0 to update, ${BIG} unchanged, 0 rejected now).`
					);
				}
			}
			const batches = await db.use(recordsByBatch);
			expect(Object.values(batches).sort((x, y) => x - y)).toEqual([3000, BIG, BIG]);
		}, 900_000);
	}
});
