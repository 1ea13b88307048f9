/**
 * `npm run data:assign -- --county 06073 --office san-diego --from 2024-01-01 [--note "..."]`:
 * corrects which office serves a county from a date on. `--county 06073` alone shows the history.
 */
import { parseArgs } from 'node:util';
import { assignmentHistory, correctAssignment } from '../src/lib/server/load/assignments';
import { withDatabase } from './cli';

const USAGE = 'usage: npm run data:assign -- --county <5-digit FIPS> [--office <id> --from <YYYY-MM-DD> [--note <text>]]';

let values: { county?: string; office?: string; from?: string; note?: string };
try {
	({ values } = parseArgs({
		options: { county: { type: 'string' }, office: { type: 'string' }, from: { type: 'string' }, note: { type: 'string' } }
	}));
} catch (e) {
	console.error(`error: ${(e as Error).message}\n${USAGE}`);
	process.exit(1);
}
if (!values.county || Boolean(values.office) !== Boolean(values.from)) {
	console.error(`error: give --county, and --office with --from to correct it\n${USAGE}`);
	process.exit(1);
}
await withDatabase(async ({ db }) => {
	const history = values.office
		? await correctAssignment(db, { countyFips: values.county!, consulateId: values.office, validFrom: values.from!, note: values.note })
		: await assignmentHistory(db, values.county!.padStart(5, '0'));
	if (history.length === 0) throw new Error(`no assignment for county ${values.county}`);
	console.table(history);
});
