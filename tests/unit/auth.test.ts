import { describe, expect, it } from 'vitest';
import { csrfProblem, safeNext } from '../../src/lib/server/auth/guard';
import { DUMMY_HASH, hashPassword, passwordProblem, verifyPassword } from '../../src/lib/server/auth/password';
import type { SessionUser } from '../../src/lib/server/auth/roles';
import { sessionLimits } from '../../src/lib/server/auth/sessions';

describe('password hashing', () => {
	it('verifies the right password and refuses a wrong one, a changed hash and a malformed hash', async () => {
		const hash = await hashPassword('Clínica San José 2024');
		expect(await verifyPassword('Clínica San José 2024', hash)).toBe(true);
		expect(await verifyPassword('clínica san josé 2024', hash)).toBe(false);
		expect(await verifyPassword('Clínica San José 2024', hash.replace(/.$/, (c) => (c === 'A' ? 'B' : 'A')))).toBe(false);
		expect(await verifyPassword('x', 'md5$abc')).toBe(false);
		expect(await verifyPassword('x', '')).toBe(false);
		expect(await verifyPassword('anything at all', DUMMY_HASH)).toBe(false);
	});

	it('treats a composed and a decomposed accent as the same password (NFKC)', async () => {
		const hash = await hashPassword('Peñasco-1234');
		expect(await verifyPassword('Pen\u0303asco-1234', hash)).toBe(true);
	});

	it('asks for 10 to 200 characters', () => {
		expect(passwordProblem('123456789')).toBe('short');
		expect(passwordProblem('1234567890')).toBeNull();
		expect(passwordProblem('x'.repeat(201))).toBe('long');
	});
});

describe('session limits', () => {
	it('default to 8 hours and 60 idle minutes, and name a bad variable', () => {
		expect(sessionLimits({})).toEqual({ hours: 8, idleMinutes: 60 });
		expect(sessionLimits({ SESSION_HOURS: '1.5', SESSION_IDLE_MINUTES: '15' })).toEqual({ hours: 1.5, idleMinutes: 15 });
		expect(() => sessionLimits({ SESSION_HOURS: 'forever' })).toThrow(/SESSION_HOURS/);
		expect(() => sessionLimits({ SESSION_IDLE_MINUTES: '-5' })).toThrow(/SESSION_IDLE_MINUTES/);
	});
});

describe('where to go after signing in', () => {
	it('allows paths on this site only', () => {
		expect(safeNext('/records?from=2024-01')).toBe('/records?from=2024-01');
		expect(safeNext('//evil.example/x')).toBe('/imports');
		expect(safeNext('/\\evil.example')).toBe('/imports');
		expect(safeNext('https://evil.example')).toBe('/imports');
		expect(safeNext('javascript:alert(1)')).toBe('/imports');
		expect(safeNext(null)).toBe('/imports');
	});
});

describe('the CSRF check', () => {
	const url = new URL('http://localhost:3000/api/imports/jobs');
	const user = { csrfToken: 'token-of-this-session' } as SessionUser;
	const event = (method: string, headers: Record<string, string>, signedIn = true, body?: string) => ({
		url,
		request: new Request(url, { method, headers, body }),
		locals: { user: signedIn ? user : null, lang: 'en' as const }
	});

	it('lets reads through and refuses writes from another site', async () => {
		expect(await csrfProblem(event('GET', { origin: 'https://evil.example' }))).toBeNull();
		expect(await csrfProblem(event('POST', { origin: 'https://evil.example', 'x-csrf-token': user.csrfToken }))).toMatch(/cross-site/);
		expect(await csrfProblem(event('POST', { 'sec-fetch-site': 'cross-site', 'x-csrf-token': user.csrfToken }))).toMatch(/cross-site/);
	});

	it("asks a signed-in user's writes for the session's token, in the header or the form", async () => {
		const same = { origin: 'http://localhost:3000' };
		expect(await csrfProblem(event('POST', same))).toMatch(/CSRF/);
		expect(await csrfProblem(event('POST', { ...same, 'x-csrf-token': 'token-of-another-session' }))).toMatch(/CSRF/);
		expect(await csrfProblem(event('POST', { ...same, 'x-csrf-token': user.csrfToken }))).toBeNull();
		const form = { ...same, 'content-type': 'application/x-www-form-urlencoded' };
		expect(await csrfProblem(event('POST', form, true, 'csrf=token-of-this-session&id=3'))).toBeNull();
		expect(await csrfProblem(event('POST', form, true, 'csrf=wrong&id=3'))).toMatch(/CSRF/);
		// The public's writes (sign-in) need only the origin check.
		expect(await csrfProblem(event('POST', same, false))).toBeNull();
	});
});
