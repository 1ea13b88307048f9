import { describe, expect, it } from 'vitest';
import {
	AcsKeyError,
	AcsRequestError,
	downloadAcs,
	getCensusJson,
	redactKey,
	type FetchFn
} from '../../src/lib/server/acs/census-api';
import type { AcsRequest } from '../../src/lib/server/acs/dataset';
import { readAcsResponses } from '../../src/lib/server/acs/files';
import { resolveState } from '../../src/lib/server/acs/geography';
import { prepareAcs } from '../../src/lib/server/acs/load';
import { FIXTURE_DIR, fakeCensus } from '../fixtures/acs/fake-census';

const KEY = 'k3y-SECRET-0123456789abcdef';
const county: AcsRequest = { year: 2023, geo: 'county', state: null };

/** The error `promise` rejects with, after checking the key appears nowhere in it. */
async function failure(promise: Promise<unknown>): Promise<Error> {
	const error = await promise.then(
		() => {
			throw new Error('expected a failure');
		},
		(e: Error) => e
	);
	expect(error.message).not.toContain(KEY);
	expect(String(error.stack)).not.toContain(KEY);
	expect(error.message).not.toMatch(/key=(?!\[redacted\])/);
	return error;
}

function answer(response: () => Response): FetchFn {
	return async () => response();
}

describe('downloadAcs against a fake Census API', () => {
	it('asks for the B05006 metadata first, then the data, each with the key and redirects not followed', async () => {
		const api = fakeCensus(KEY);
		const responses = await downloadAcs(county, { key: KEY, fetch: api.fetch });
		expect(api.calls.map((c) => new URL(c.url).pathname)).toEqual(['/data/2023/acs/acs5/groups/B05006.json', '/data/2023/acs/acs5']);
		for (const call of api.calls) {
			expect(new URL(call.url).searchParams.get('key')).toBe(KEY);
			expect(call.init?.redirect).toBe('manual');
		}
		expect(api.calls[1].url).toContain('get=NAME,B01003_001E,B01003_001M,');
		expect(api.calls[1].url).toContain('B05006_142E,B05006_142M');
		expect(api.calls[1].url).toContain('&for=county:*&key=');
		expect(responses.origin).toMatch(/^https:\/\/api\.census\.gov\/data\/2023\/acs\/acs5\?get=NAME,.*&for=county:\*$/);
		expect(responses.origin).not.toContain(KEY);
	});

	it.each([
		[{ year: 2023, geo: 'county', state: resolveState('az') }, '&for=county:*&in=state:04&key='],
		[{ year: 2023, geo: 'zcta', state: null }, '&for=zip%20code%20tabulation%20area:*&key='],
		[{ year: 2023, geo: 'tract', state: resolveState('06') }, '&for=tract:*&in=state:06&key=']
	] as [AcsRequest, string][])('spells the geography of %o as the API documents it', async (request, expected) => {
		const api = fakeCensus(KEY);
		await downloadAcs(request, { key: KEY, fetch: api.fetch });
		expect(api.calls[1].url).toContain(expected);
	});

	it('splits the variables into calls under the limit and merges them to the same figures as one call', async () => {
		const api = fakeCensus(KEY);
		const chunked = await downloadAcs(county, { key: KEY, fetch: api.fetch, variableLimit: 7 });
		const dataCalls = api.calls.slice(1).map((c) => new URL(c.url).searchParams.get('get')!.split(','));
		expect(dataCalls).toHaveLength(4); // 24 variables, 6 a call beside NAME
		for (const get of dataCalls) {
			expect(get[0]).toBe('NAME');
			expect(get.length).toBeLessThanOrEqual(7);
		}
		expect(new Set(dataCalls.flatMap((g) => g.slice(1))).size).toBe(24);
		const whole = prepareAcs(county, await readAcsResponses(FIXTURE_DIR, county));
		expect(prepareAcs(county, chunked)).toEqual(whole);
	});

	it('refuses a variable limit above 50 before making any request', async () => {
		const api = fakeCensus(KEY);
		await expect(downloadAcs(county, { key: KEY, fetch: api.fetch, variableLimit: 60 })).rejects.toThrow(/variable limit/);
		expect(api.calls).toHaveLength(0);
	});

	it('stops before any request when the key is missing', async () => {
		const api = fakeCensus(KEY);
		const error = await failure(downloadAcs(county, { key: '', fetch: api.fetch }));
		expect(error).toBeInstanceOf(AcsKeyError);
		expect(error.message).toMatch(/CENSUS_API_KEY is not set/);
		expect(api.calls).toHaveLength(0);
	});

	it('reports a wrong key (the API redirects it to an HTML page) without showing the key', async () => {
		const api = fakeCensus('the-right-key');
		const error = await failure(downloadAcs(county, { key: KEY, fetch: api.fetch }));
		expect(error).toBeInstanceOf(AcsKeyError);
		expect(error.message).toMatch(/redirected the request \(HTTP 302 to https:\/\/api\.census\.gov\/data\/key_signup\.html\)/);
		expect(error.message).toMatch(/missing or invalid key/);
		expect(error.message).toContain('https://api.census.gov/data/2023/acs/acs5/groups/B05006.json');
		expect(api.calls).toHaveLength(1);
	});
});

describe('getCensusJson', () => {
	const url = 'https://api.census.gov/data/2023/acs/acs5?get=NAME,B01003_001E&for=county:*';

	it('returns the text and the parsed JSON of a data answer', async () => {
		const body = '[["NAME","B01003_001E","state","county"],\n["Loving County, Texas","64","48","301"]]';
		const got = await getCensusJson(url, { key: KEY, fetch: answer(() => new Response(body)) });
		expect(got.text).toBe(body);
		expect(got.json).toEqual([
			['NAME', 'B01003_001E', 'state', 'county'],
			['Loving County, Texas', '64', '48', '301']
		]);
	});

	it('treats a 302 to a location carrying the key as a key problem and redacts the location', async () => {
		const fetch = answer(
			() =>
				new Response('<html><body>Moved</body></html>', {
					status: 302,
					headers: { location: `https://www.census.gov/missing-key.html?from=api&key=${KEY}`, 'content-type': 'text/html' }
				})
		);
		const error = await failure(getCensusJson(url, { key: KEY, fetch }));
		expect(error).toBeInstanceOf(AcsKeyError);
		expect(error.message).toContain('key=[redacted]');
	});

	it('treats an opaque redirect (browser-style manual redirect) as a key problem', async () => {
		const opaque = { type: 'opaqueredirect', status: 0, headers: new Headers() } as unknown as Response;
		const error = await failure(getCensusJson(url, { key: KEY, fetch: async () => opaque }));
		expect(error).toBeInstanceOf(AcsKeyError);
	});

	it('treats an HTML page with status 200 as a key problem, never as data', async () => {
		const fetch = answer(() => new Response('<!DOCTYPE html><html><title>Invalid Key</title></html>', { headers: { 'content-type': 'text/html' } }));
		const error = await failure(getCensusJson(url, { key: KEY, fetch }));
		expect(error).toBeInstanceOf(AcsKeyError);
		expect(error.message).toMatch(/HTML page instead of data \(HTTP 200\).*missing or invalid key/);
	});

	it('treats HTML without a content type as HTML too', async () => {
		const error = await failure(getCensusJson(url, { key: KEY, fetch: answer(() => new Response('  <html>Invalid Key</html>')) }));
		expect(error).toBeInstanceOf(AcsKeyError);
	});

	it("passes on the API's own 400 error text", async () => {
		const fetch = answer(() => new Response("error: error: unknown variable 'B05006_999E'", { status: 400 }));
		const error = await failure(getCensusJson(url, { key: KEY, fetch }));
		expect(error).toBeInstanceOf(AcsRequestError);
		expect(error).not.toBeInstanceOf(AcsKeyError);
		expect(error.message).toMatch(/rejected the request \(HTTP 400\).*unknown variable 'B05006_999E'/);
	});

	it('says when the API has no data (HTTP 204)', async () => {
		const error = await failure(getCensusJson(url, { key: KEY, fetch: answer(() => new Response(null, { status: 204 })) }));
		expect(error.message).toMatch(/returned no data \(HTTP 204\)/);
	});

	it('says when a 200 answer is empty or not JSON', async () => {
		const empty = await failure(getCensusJson(url, { key: KEY, fetch: answer(() => new Response('')) }));
		expect(empty.message).toMatch(/empty answer \(HTTP 200\)/);
		const garbled = await failure(getCensusJson(url, { key: KEY, fetch: answer(() => new Response('[["NAME"')) }));
		expect(garbled.message).toMatch(/is not JSON/);
	});

	it('names a missing year (404) and a server failure (5xx)', async () => {
		const missing = await failure(getCensusJson(url, { key: KEY, fetch: answer(() => new Response('Not Found', { status: 404 })) }));
		expect(missing.message).toMatch(/no such dataset \(HTTP 404\).*check the year/);
		const down = await failure(getCensusJson(url, { key: KEY, fetch: answer(() => new Response('Service Unavailable', { status: 503 })) }));
		expect(down.message).toMatch(/failed \(HTTP 503\)/);
	});

	it('says when an answer breaks off part way, without the key the error carries', async () => {
		const body = new ReadableStream({
			start(controller) {
				controller.enqueue(new TextEncoder().encode('[["NAME"'));
				controller.error(new Error(`socket closed (key=${KEY})`));
			}
		});
		const error = await failure(getCensusJson(url, { key: KEY, fetch: answer(() => new Response(body)) }));
		expect(error.message).toMatch(/broke off \(HTTP 200\): socket closed \(key=\[redacted\]\)/);
	});

	it('redacts the key from an error body that echoes it', async () => {
		const fetch = answer(() => new Response(`error: key ${KEY} is not valid for this dataset`, { status: 400 }));
		const error = await failure(getCensusJson(url, { key: KEY, fetch }));
		expect(error.message).toContain('key [redacted] is not valid');
	});

	it('reports a network failure without the URL it was given', async () => {
		const fetch: FetchFn = async (u) => {
			throw new TypeError(`fetch failed for ${u}`, { cause: new Error(`getaddrinfo ENOTFOUND api.census.gov (${u})`) });
		};
		const error = await failure(getCensusJson(url, { key: KEY, fetch }));
		expect(error.message).toMatch(/Could not reach the Census API .*ENOTFOUND/);
	});
});

describe('redactKey', () => {
	it('hides the key itself and any key= parameter', () => {
		expect(redactKey(`https://x/?get=NAME&key=${KEY}&for=county:*`, KEY)).toBe('https://x/?get=NAME&key=[redacted]&for=county:*');
		expect(redactKey('https://x/?key=another', null)).toBe('https://x/?key=[redacted]');
		expect(redactKey(`the key ${KEY} failed`, KEY)).toBe('the key [redacted] failed');
	});
});
