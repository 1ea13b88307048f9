import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { downloadAcs } from '../../src/lib/server/acs/census-api';
import type { AcsRequest } from '../../src/lib/server/acs/dataset';
import { acsResponsePaths, readAcsResponses, saveAcsResponses } from '../../src/lib/server/acs/files';
import { resolveState } from '../../src/lib/server/acs/geography';
import { prepareAcs } from '../../src/lib/server/acs/load';
import { fakeCensus } from '../fixtures/acs/fake-census';

const KEY = 'files-test-key';
const county: AcsRequest = { year: 2023, geo: 'county', state: null };
const tract: AcsRequest = { year: 2023, geo: 'tract', state: resolveState('CA') };

describe('saved answers', () => {
	let dir: string;
	beforeEach(() => {
		dir = mkdtempSync(join(tmpdir(), 'acs-save-'));
	});
	afterEach(() => rmSync(dir, { recursive: true, force: true }));

	it('are laid out by year, geography and state scope', () => {
		expect(acsResponsePaths('d', county)).toEqual({ groups: join('d', '2023', 'groups', 'B05006.json'), dataDir: join('d', '2023', 'county', 'us') });
		expect(acsResponsePaths('d', tract).dataDir).toBe(join('d', '2023', 'tract', '06'));
	});

	it('are written byte for byte as downloaded and read back to the same figures', async () => {
		const api = fakeCensus(KEY);
		const downloaded = await downloadAcs(tract, { key: KEY, fetch: api.fetch, variableLimit: 10 });
		const written = await saveAcsResponses(dir, tract, downloaded);
		expect(written.map((f) => f.slice(dir.length + 1))).toEqual([
			join('2023', 'groups', 'B05006.json'),
			join('2023', 'tract', '06', 'part-1.json'),
			join('2023', 'tract', '06', 'part-2.json'),
			join('2023', 'tract', '06', 'part-3.json')
		]);
		expect(readFileSync(join(dir, '2023', 'tract', '06', 'part-2.json'), 'utf8')).toBe(downloaded.parts[1].text);
		expect(readFileSync(join(dir, '2023', 'groups', 'B05006.json'), 'utf8')).toBe(downloaded.groups.text);

		const read = await readAcsResponses(dir, tract);
		expect(read.origin).toBe(dir);
		expect(read.parts.map((p) => p.text)).toEqual(downloaded.parts.map((p) => p.text));
		expect(prepareAcs(tract, read)).toEqual(prepareAcs(tract, downloaded));
	});

	it('never contain the key', async () => {
		const api = fakeCensus(KEY);
		await saveAcsResponses(dir, county, await downloadAcs(county, { key: KEY, fetch: api.fetch, variableLimit: 5 }));
		const files = readdirSync(dir, { recursive: true, withFileTypes: true }).filter((f) => f.isFile());
		expect(files.length).toBe(7);
		for (const f of files) expect(readFileSync(join(f.parentPath, f.name), 'utf8')).not.toContain(KEY);
	});

	it('replace the parts of an earlier save, so a later read does not mix the two', async () => {
		const api = fakeCensus(KEY);
		await saveAcsResponses(dir, county, await downloadAcs(county, { key: KEY, fetch: api.fetch, variableLimit: 5 }));
		await saveAcsResponses(dir, county, await downloadAcs(county, { key: KEY, fetch: api.fetch }));
		const { dataDir } = acsResponsePaths(dir, county);
		expect(readdirSync(dataDir)).toEqual(['part-1.json']);
	});

	it('are read in call order (part-10 after part-2), other files ignored', async () => {
		const { groups, dataDir } = acsResponsePaths(dir, county);
		await saveAcsResponses(dir, county, { groups: { where: 'g', text: '{}' }, parts: [], origin: 'test' });
		writeFileSync(join(dataDir, 'part-10.json'), 'ten');
		writeFileSync(join(dataDir, 'part-2.json'), 'two');
		writeFileSync(join(dataDir, 'notes.txt'), 'ignored');
		const read = await readAcsResponses(dir, county);
		expect(read.groups).toEqual({ where: groups, text: '{}' });
		expect(read.parts.map((p) => p.text)).toEqual(['two', 'ten']);
	});

	it('say which file or folder is missing', async () => {
		await expect(readAcsResponses(dir, county)).rejects.toThrow(/no saved group metadata at .*2023\/groups\/B05006\.json/);
		await saveAcsResponses(dir, county, { groups: { where: 'g', text: '{}' }, parts: [], origin: 'test' });
		await expect(readAcsResponses(dir, county)).rejects.toThrow(/no part-\{n\}\.json files in .*2023\/county\/us/);
		await expect(readAcsResponses(dir, tract)).rejects.toThrow(/no saved answers for this run in .*2023\/tract\/06/);
	});
});
