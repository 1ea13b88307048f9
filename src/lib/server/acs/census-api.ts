/**
 * The thin HTTP layer over the Census Data API (ACS 5-year). Every request carries the key, which
 * never appears in an error message or a log line: URLs are built without it and anything echoed
 * from a response is scrubbed of it.
 */
import type { AcsRequest } from './dataset';
import { geographyQuery } from './geography';
import { assertVariableLimit, CENSUS_VARIABLE_LIMIT, variableCalls } from './parse';
import { MEXICO_BORN_GROUP, requestVariables, resolveMexicoBornVariable } from './variables';

export type FetchFn = (url: string, init?: RequestInit) => Promise<Response>;

export const ACS_API_ROOT = 'https://api.census.gov/data';
export const KEY_SIGNUP_URL = 'https://api.census.gov/data/key_signup.html';

/** A request the API did not answer with data; the message says what to do. */
export class AcsRequestError extends Error {
	constructor(message: string) {
		super(message);
		this.name = 'AcsRequestError';
	}
}

/** The API's answer means the key is missing or invalid (a 302 to an HTML page, or HTML itself). */
export class AcsKeyError extends AcsRequestError {
	constructor(message: string) {
		super(message);
		this.name = 'AcsKeyError';
	}
}

/** The ACS 5-year endpoint for a year, e.g. https://api.census.gov/data/2023/acs/acs5. */
export function acsEndpoint(year: number): string {
	return `${ACS_API_ROOT}/${year}/acs/acs5`;
}

/** The group-metadata URL, e.g. .../2023/acs/acs5/groups/B05006.json (without key). */
export function groupUrl(year: number, group: string): string {
	return `${acsEndpoint(year)}/groups/${group}.json`;
}

/** A data URL without key: get=<variables>&<geography>. */
export function dataUrl(request: AcsRequest, variables: string[]): string {
	return `${acsEndpoint(request.year)}?get=${variables.join(',')}&${geographyQuery(request.geo, request.state)}`;
}

/** `text` with the key, and any key=... URL parameter, replaced by [redacted]. */
export function redactKey(text: string, key?: string | null): string {
	let out = text.replace(/([?&]key=)[^&\s"'<>]*/gi, '$1[redacted]');
	if (key) out = out.split(key).join('[redacted]');
	return out;
}

/** What to say when CENSUS_API_KEY is empty. */
export function missingKeyMessage(): string {
	return (
		`CENSUS_API_KEY is not set: the Census API needs a key for every request (free at ${KEY_SIGNUP_URL}),` +
		' or load saved answers with --from DIR.'
	);
}

function badKeyMessage(what: string, url: string): string {
	return (
		`The Census API ${what} for ${url}, which is how it answers a missing or invalid key.` +
		` Check CENSUS_API_KEY (a key is free at ${KEY_SIGNUP_URL}).`
	);
}

/** The start of an error body as one line of plain text, tags dropped. */
function excerpt(body: string, key: string): string {
	const text = body.replace(/<[^>]*>/g, ' ').replace(/\s+/g, ' ').trim();
	return redactKey(text.length > 300 ? `${text.slice(0, 300)}...` : text, key);
}

/** A thrown error's message and its cause's (fetch puts the network reason there), key removed. */
function reasonOf(e: unknown, key: string): string {
	const cause = (e as { cause?: { message?: string } }).cause?.message;
	return redactKey([(e as Error).message, cause].filter(Boolean).join(': '), key);
}

export interface CensusFetchOptions {
	key: string;
	fetch?: FetchFn;
	/** Give up on one call after this many milliseconds. */
	timeoutMs?: number;
}

/**
 * GETs `url` (given without key) with the key added and redirects left unfollowed. Returns the
 * body's text and its parsed JSON. Throws AcsKeyError for a missing key (before any request), a
 * redirect or an HTML page; AcsRequestError for 204/empty answers, 4xx/5xx, non-JSON and network
 * failures. No message contains the key.
 */
export async function getCensusJson(url: string, options: CensusFetchOptions): Promise<{ text: string; json: unknown }> {
	const { key, fetch: fetchFn = globalThis.fetch, timeoutMs = 120_000 } = options;
	if (!key?.trim()) throw new AcsKeyError(missingKeyMessage());
	const shown = redactKey(url, key);
	const withKey = `${url}${url.includes('?') ? '&' : '?'}key=${encodeURIComponent(key)}`;
	let response: Response;
	try {
		response = await fetchFn(withKey, {
			redirect: 'manual',
			headers: { accept: 'application/json' },
			signal: AbortSignal.timeout(timeoutMs)
		});
	} catch (e) {
		throw new AcsRequestError(`Could not reach the Census API for ${shown}: ${reasonOf(e, key)}`);
	}
	const status = response.status;
	// A browser-style fetch reports a manual redirect as an opaque response with status 0.
	if (response.type === 'opaqueredirect' || (status >= 300 && status < 400)) {
		const location = response.headers.get('location');
		const to = location ? ` to ${redactKey(location, key)}` : '';
		throw new AcsKeyError(badKeyMessage(`redirected the request (${status ? `HTTP ${status}` : 'opaque redirect'}${to})`, shown));
	}
	if (status === 204) {
		throw new AcsRequestError(
			`The Census API returned no data (HTTP 204) for ${shown}: no area of this geography has these variables for this year.`
		);
	}
	let text: string;
	try {
		text = await response.text();
	} catch (e) {
		throw new AcsRequestError(`The Census API answer for ${shown} broke off (HTTP ${status}): ${reasonOf(e, key)}`);
	}
	const html = /text\/html/i.test(response.headers.get('content-type') ?? '') || /^\s*</.test(text);
	if (html && (status < 300 || status === 401 || status === 403)) {
		throw new AcsKeyError(badKeyMessage(`answered with an HTML page instead of data (HTTP ${status})`, shown));
	}
	if (status === 404) {
		throw new AcsRequestError(`The Census API has no such dataset (HTTP 404) at ${shown}: check the year. ${excerpt(text, key)}`.trim());
	}
	if (status >= 400) {
		const kind = status >= 500 ? 'failed' : 'rejected the request';
		throw new AcsRequestError(`The Census API ${kind} (HTTP ${status}) for ${shown}: ${excerpt(text, key) || 'no message'}`);
	}
	if (text.trim() === '') {
		throw new AcsRequestError(`The Census API returned an empty answer (HTTP ${status}) for ${shown}.`);
	}
	try {
		return { text, json: JSON.parse(text) };
	} catch {
		throw new AcsRequestError(`The Census API answer for ${shown} is not JSON: ${excerpt(text, key)}`);
	}
}

/** One raw answer: its text exactly as received, and the keyless URL or file it came from. */
export interface AcsAnswer {
	where: string;
	text: string;
}

/** Raw answers for one run, and where the run came from (without key). */
export interface AcsResponses {
	/** groups/B05006.json. */
	groups: AcsAnswer;
	/** Each data call, in call order. */
	parts: AcsAnswer[];
	/** The endpoint and query of the run, without key, or the directory read. */
	origin: string;
}

export interface DownloadOptions extends CensusFetchOptions {
	/** Most variables per call, NAME included (the API allows 50; tests force smaller). */
	variableLimit?: number;
}

/**
 * Downloads what one run needs: the B05006 group metadata, then the data in calls of at most
 * `variableLimit` variables for the Mexico-born line resolved from it. Returns the raw answers.
 */
export async function downloadAcs(request: AcsRequest, options: DownloadOptions): Promise<AcsResponses> {
	const { variableLimit = CENSUS_VARIABLE_LIMIT, ...fetchOptions } = options;
	assertVariableLimit(variableLimit); // before any request, so a bad limit costs no call
	const metaUrl = groupUrl(request.year, MEXICO_BORN_GROUP);
	const groups = await getCensusJson(metaUrl, fetchOptions);
	const variables = requestVariables(resolveMexicoBornVariable(groups.json));
	const parts: AcsAnswer[] = [];
	for (const get of variableCalls(variables, variableLimit)) {
		const url = dataUrl(request, get);
		parts.push({ where: url, text: (await getCensusJson(url, fetchOptions)).text });
	}
	return {
		groups: { where: metaUrl, text: groups.text },
		parts,
		origin: dataUrl(request, ['NAME', ...variables])
	};
}
