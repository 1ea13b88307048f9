/**
 * Password hashing with scrypt (RFC 7914, Node's crypto): memory-hard, salted per password, and
 * compared in constant time. Stored as `scrypt$N$r$p$salt$hash` (base64url), so the cost can be
 * raised later while old hashes still verify.
 */
import { randomBytes, scrypt as scryptCallback, timingSafeEqual, type ScryptOptions } from 'node:crypto';

const N = 2 ** 15;
const R = 8;
const P = 1;
const KEY_BYTES = 32;
/** scrypt needs 128 * N * r bytes (32 MiB here); Node's default cap is 32 MiB exactly, so leave room. */
const MAX_MEM = 96 * 2 ** 20;

/** Shortest password accepted (NIST SP 800-63B asks for at least 8; we ask 10). */
export const MIN_PASSWORD_LENGTH = 10;
/** Longest: scrypt takes any length, but a megabyte "password" is a denial of service. */
export const MAX_PASSWORD_LENGTH = 200;

function scrypt(password: string, salt: Buffer, n: number, r: number, p: number): Promise<Buffer> {
	const options: ScryptOptions = { N: n, r, p, maxmem: MAX_MEM };
	return new Promise((resolve, reject) => scryptCallback(password.normalize('NFKC'), salt, KEY_BYTES, options, (e, key) => (e ? reject(e) : resolve(key))));
}

/** What is wrong with a new password ('short', 'long'), or null when it is acceptable. */
export function passwordProblem(password: string): 'short' | 'long' | null {
	const length = [...password.normalize('NFKC')].length;
	if (length < MIN_PASSWORD_LENGTH) return 'short';
	if (length > MAX_PASSWORD_LENGTH) return 'long';
	return null;
}

/** A new salted hash of `password`, as stored in users.password_hash. */
export async function hashPassword(password: string): Promise<string> {
	const salt = randomBytes(16);
	const key = await scrypt(password, salt, N, R, P);
	return `scrypt$${N}$${R}$${P}$${salt.toString('base64url')}$${key.toString('base64url')}`;
}

/** True when `password` matches the stored hash; false for a wrong password or a malformed hash. */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
	const [scheme, n, r, p, salt, hash] = stored.split('$');
	if (scheme !== 'scrypt' || !salt || !hash || password.length > MAX_PASSWORD_LENGTH * 4) return false;
	const expected = Buffer.from(hash, 'base64url');
	const key = await scrypt(password, Buffer.from(salt, 'base64url'), Number(n), Number(r), Number(p));
	return key.length === expected.length && timingSafeEqual(key, expected);
}

/** A hash of no one's password: checked against when the user name is unknown, so both cases take as long. */
export const DUMMY_HASH = 'scrypt$32768$8$1$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA';
