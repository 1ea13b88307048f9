/**
 * Saved Census API answers on disk, so a run can be repeated offline. `--save DIR` writes and
 * `--from DIR` reads the same layout (README.md in this folder):
 *
 *   DIR/{year}/groups/B05006.json             the group metadata, as downloaded
 *   DIR/{year}/{geo}/{scope}/part-{n}.json    the data calls 1..n, as downloaded
 *
 * where scope is 'us' for a run without a state and the two-digit state FIPS code otherwise.
 */
import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { AcsResponses } from './census-api';
import type { AcsRequest } from './dataset';
import { MEXICO_BORN_GROUP } from './variables';

const PART_FILE = /^part-(\d+)\.json$/;

/** Where one run's answers live under `dir`: the group-metadata file and the data-call folder. */
export function acsResponsePaths(dir: string, request: AcsRequest): { groups: string; dataDir: string } {
	const yearDir = join(dir, String(request.year));
	return {
		groups: join(yearDir, 'groups', `${MEXICO_BORN_GROUP}.json`),
		dataDir: join(yearDir, request.geo, request.state?.fips ?? 'us')
	};
}

/**
 * Writes the answers under `dir` in the layout above, replacing the part files an earlier save left
 * in the same folder (a save with fewer calls must not leave stale parts). Returns the files written.
 */
export async function saveAcsResponses(dir: string, request: AcsRequest, responses: AcsResponses): Promise<string[]> {
	const { groups, dataDir } = acsResponsePaths(dir, request);
	await mkdir(join(groups, '..'), { recursive: true });
	await mkdir(dataDir, { recursive: true });
	for (const name of await readdir(dataDir)) {
		if (PART_FILE.test(name)) await rm(join(dataDir, name));
	}
	await writeFile(groups, responses.groups.text);
	const written = [groups];
	for (const [i, { text }] of responses.parts.entries()) {
		const file = join(dataDir, `part-${i + 1}.json`);
		await writeFile(file, text);
		written.push(file);
	}
	return written;
}

/**
 * Reads the answers a save wrote under `dir` for this run: the group metadata and every
 * part-{n}.json in call order. Throws naming the missing file or folder.
 */
export async function readAcsResponses(dir: string, request: AcsRequest): Promise<AcsResponses> {
	const { groups, dataDir } = acsResponsePaths(dir, request);
	const hint =
		`--from reads the layout --save writes: DIR/{year}/groups/${MEXICO_BORN_GROUP}.json` +
		' and DIR/{year}/{geo}/{us|state FIPS}/part-{n}.json';
	let groupsText: string;
	try {
		groupsText = await readFile(groups, 'utf8');
	} catch {
		throw new Error(`no saved group metadata at ${groups} (${hint})`);
	}
	let names: string[];
	try {
		names = await readdir(dataDir);
	} catch {
		throw new Error(`no saved answers for this run in ${dataDir} (${hint})`);
	}
	const parts = names
		.map((name) => ({ name, n: Number(PART_FILE.exec(name)?.[1]) }))
		.filter((p) => Number.isInteger(p.n))
		.sort((a, b) => a.n - b.n);
	if (parts.length === 0) throw new Error(`no part-{n}.json files in ${dataDir} (${hint})`);
	return {
		groups: { where: groups, text: groupsText },
		parts: await Promise.all(
			parts.map(async (p) => ({ where: join(dataDir, p.name), text: await readFile(join(dataDir, p.name), 'utf8') }))
		),
		origin: resolve(dir)
	};
}
