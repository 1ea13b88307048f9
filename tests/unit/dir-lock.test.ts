import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DataDirInUseError, lockDataDir } from '../../src/lib/server/db/dir-lock';

describe('the lock of a PGlite data directory', () => {
	let root: string;
	let dir: string;
	beforeEach(() => {
		root = mkdtempSync(join(tmpdir(), 'atlas-lock-'));
		dir = join(root, 'pglite');
	});
	afterEach(() => rmSync(root, { recursive: true, force: true }));

	it('is a file beside the directory holding the owner’s process id, removed on release', () => {
		const release = lockDataDir(dir);
		expect(readFileSync(`${dir}.lock`, 'utf8').trim()).toBe(String(process.pid));
		release();
		expect(existsSync(`${dir}.lock`)).toBe(false);
		// Nothing else is left behind (the private file the lock is linked from).
		expect(spawnSync('ls', [root]).stdout.toString().trim()).toBe('');
	});

	it('refuses a second opener in the same process until the first releases it', () => {
		const release = lockDataDir(dir);
		expect(() => lockDataDir(dir)).toThrow(DataDirInUseError);
		expect(() => lockDataDir(dir)).toThrow(`the embedded database in ${dir} is in use by this process`);
		release();
		lockDataDir(dir)();
	});

	it('refuses while another live process holds it, naming that process', async () => {
		const other = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 120000)']);
		try {
			writeFileSync(`${dir}.lock`, `${other.pid}\n`);
			expect(() => lockDataDir(dir)).toThrow(`in use by process ${other.pid} (the server or another data command)`);
		} finally {
			other.kill('SIGKILL');
		}
	});

	it('takes over the lock of a process that is gone (killed before it could release it)', () => {
		const gone = spawnSync(process.execPath, ['-e', '0']).pid!;
		writeFileSync(`${dir}.lock`, `${gone}\n`);
		const release = lockDataDir(dir);
		expect(readFileSync(`${dir}.lock`, 'utf8').trim()).toBe(String(process.pid));
		release();
	});

	it('leaves alone, on release, a lock that is no longer its own', () => {
		const release = lockDataDir(dir);
		writeFileSync(`${dir}.lock`, '1\n');
		release();
		expect(readFileSync(`${dir}.lock`, 'utf8')).toBe('1\n');
	});
});
