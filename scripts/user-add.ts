/**
 * `npm run user:add -- --username ana --role admin [--name "Ana López"] [--office san-diego]
 *  [--partner 123]`: creates an account, e.g. the first administrator. The password is read from
 * the environment variable ATLAS_PASSWORD if set, else from standard input (one line; not echoed
 * when typed at a terminal), so it never appears in the shell history or the process list.
 * On the embedded database, run it while the server is stopped (one process per PGlite directory).
 */
import { userInfo } from 'node:os';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { createUser, UserError } from '../src/lib/server/auth/users';
import { accountTranslator } from '../src/lib/i18n/account';
import { withDatabase } from './cli';

const USAGE = 'usage: [ATLAS_PASSWORD=...] npm run user:add -- --username NAME --role admin|program|consulate|partner [--name "Full name"] [--office ID] [--partner ID]';

let values: Record<string, string | undefined>;
try {
	({ values } = parseArgs({ options: { username: { type: 'string' }, role: { type: 'string' }, name: { type: 'string' }, office: { type: 'string' }, partner: { type: 'string' } } }));
} catch (e) {
	console.error(`error: ${(e as Error).message}\n${USAGE}`);
	process.exit(1);
}
if (!values.username || !values.role) {
	console.error(`error: give --username and --role\n${USAGE}`);
	process.exit(1);
}

/** One line from standard input; at a terminal the typed characters are not shown. */
async function readPassword(): Promise<string> {
	if (process.stdin.isTTY) process.stderr.write('password (not shown): ');
	const rl = createInterface({ input: process.stdin, terminal: false });
	if (process.stdin.isTTY) process.stdin.setRawMode?.(false);
	for await (const line of rl) {
		rl.close();
		return line;
	}
	return '';
}

const password = process.env.ATLAS_PASSWORD ?? (await readPassword());
await withDatabase(async ({ db }) => {
	try {
		const id = await createUser(db, {
			username: values.username!,
			displayName: values.name,
			role: values.role!,
			consulateId: values.office ?? null,
			partnerId: values.partner ? Number(values.partner) : null,
			password,
			createdBy: `${userInfo().username} (command line)`
		});
		console.log(`created user ${values.username!.trim().toLowerCase()} (id ${id}, ${values.role})`);
	} catch (e) {
		if (e instanceof UserError) throw new Error(accountTranslator('en')(e.key as never, e.vars));
		throw e;
	}
});
