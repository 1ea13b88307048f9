import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { openDb } from '../../src/lib/server/db/client';
import { DbUnavailableError, isDbUnavailable } from '../../src/lib/server/db/unavailable';
import { freePort } from '../e2e/support/server';

/** A postgres.js-style error: a message and a code (SQLSTATE or connection code). */
const coded = (code: string, message = code) => Object.assign(new Error(message), { code });

describe('isDbUnavailable', () => {
	it('recognises a refused connection as it arrives through drizzle and postgres.js', async () => {
		const handle = await openDb({ url: `postgres://nobody@127.0.0.1:${await freePort()}/atlas` });
		try {
			const error = await handle.db.execute(sql`SELECT 1`).then(
				() => null,
				(e: unknown) => e
			);
			expect(error).not.toBeNull();
			expect(isDbUnavailable(error)).toBe(true);
		} finally {
			await handle.close();
		}
	});

	it.each([
		['a server shutting down (57P01 admin_shutdown)', coded('57P01', 'terminating connection due to administrator command')],
		['a server that crashed (57P02)', coded('57P02')],
		['a server starting up (57P03 cannot_connect_now)', coded('57P03', 'the database system is starting up')],
		['a full server (53300 too_many_connections)', coded('53300')],
		['a broken connection (class 08)', coded('08006')],
		['a connection postgres.js closed', coded('CONNECTION_CLOSED')],
		['a connection ended', coded('CONNECTION_ENDED')],
		['a connection destroyed', coded('CONNECTION_DESTROYED')],
		['a connect timeout', coded('CONNECT_TIMEOUT')],
		['a reset socket', coded('ECONNRESET')],
		['a host that does not resolve', coded('ENOTFOUND')],
		['a refusal inside an AggregateError (Node tries IPv6 and IPv4)', new AggregateError([coded('ECONNREFUSED'), coded('ECONNREFUSED')])],
		['a driver error wrapped twice', new Error('Failed query: select 1', { cause: new Error('wrapper', { cause: coded('57P01') }) })],
		['a database that failed to open', new DbUnavailableError('the database could not be opened: in use', { cause: new Error('in use') })]
	])('says yes to %s', (_, error) => {
		expect(isDbUnavailable(error)).toBe(true);
	});

	it.each([
		['an SQL error (42P01 undefined_table)', coded('42P01', 'relation "nowhere" does not exist')],
		['a unique violation (23505)', coded('23505')],
		['a bug', new TypeError("Cannot read properties of undefined (reading 'rows')")],
		['a wrapped SQL error', new Error('Failed query', { cause: coded('22P02') })],
		['nothing at all', undefined],
		['a string', 'ECONNREFUSED'],
		['an error that is its own cause', (() => {
			const e = new Error('loop') as Error & { cause?: unknown };
			e.cause = e;
			return e;
		})()]
	])('says no to %s', (_, error) => {
		expect(isDbUnavailable(error)).toBe(false);
	});
});
