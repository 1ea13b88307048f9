/**
 * One process at a time on a PGlite data directory. PGlite runs PostgreSQL inside the process and
 * does not lock its directory (its postmaster.pid always says -42), so a second process opening
 * the same directory (a data command while the server runs, two imports at once) works on its own
 * copy of the pages and writes over the first one's: committed rows are lost. A lock file beside
 * the directory, `<dir>.lock`, holding the owner's process id, refuses the second opener. The lock
 * of a process that is gone (killed, crashed) is taken over.
 */
import { linkSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';

/** The directory is open in another process (or already in this one). */
export class DataDirInUseError extends Error {
	constructor(
		readonly dir: string,
		readonly pid: number | null
	) {
		super(
			`the embedded database in ${dir} is in use by ${pid === process.pid ? 'this process' : `process ${pid ?? '(unknown)'}`} ` +
				'(the server or another data command): stop it or wait for it to finish, then try again'
		);
		this.name = 'DataDirInUseError';
	}
}

function owner(file: string): number | null {
	try {
		const pid = Number(readFileSync(file, 'utf8').trim());
		return Number.isInteger(pid) && pid > 0 ? pid : null;
	} catch {
		return null;
	}
}

function alive(pid: number): boolean {
	try {
		process.kill(pid, 0);
		return true;
	} catch (e) {
		return (e as NodeJS.ErrnoException).code === 'EPERM'; // exists, another user's
	}
}

function removeIfExists(file: string): void {
	try {
		unlinkSync(file);
	} catch (e) {
		if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
	}
}

/**
 * Takes the lock of the data directory `dir` for this process and returns the function that
 * releases it. Throws DataDirInUseError, naming the owner, when a live process holds it.
 */
export function lockDataDir(dir: string): () => void {
	const file = `${resolve(dir)}.lock`;
	// Written in full under a private name, then linked: link() either creates the lock with its
	// content or fails because it exists, so no one ever reads a half-written lock.
	const mine = `${file}.${process.pid}`;
	writeFileSync(mine, `${process.pid}\n`);
	try {
		for (let attempt = 0; attempt < 2; attempt++) {
			try {
				linkSync(mine, file);
				let released = false;
				return () => {
					if (released) return;
					released = true;
					if (owner(file) === process.pid) removeIfExists(file);
				};
			} catch (e) {
				if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
			}
			const pid = owner(file);
			if (pid !== null && (pid === process.pid || alive(pid))) throw new DataDirInUseError(dir, pid);
			removeIfExists(file); // its process is gone
		}
		throw new DataDirInUseError(dir, owner(file));
	} finally {
		removeIfExists(mine);
	}
}
