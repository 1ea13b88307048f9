/**
 * `npm run data:import -- --dataset services --file records.csv [--commit] [--as NAME]
 *  [--office san-diego] [--skip-rejected] [--errors 20] [--lang es]`: previews an import (counts and
 * the first row errors) and writes it only with --commit. `--undo BATCH_ID` undoes an import.
 */
import { readFileSync } from 'node:fs';
import { userInfo } from 'node:os';
import { parseArgs } from 'node:util';
import { commitImport, DATASETS, ImportError, previewImport, undoImport } from '../src/lib/server/imports';
import { withDatabase } from './cli';

const USAGE = `usage: npm run data:import -- --dataset ${DATASETS.join('|')} --file FILE [--commit] [--skip-rejected] [--as NAME] [--office ID] [--errors N] [--lang es|en]
       npm run data:import -- --undo BATCH_ID [--as NAME] [--office ID]`;

let values: Record<string, string | boolean | undefined>;
try {
	({ values } = parseArgs({
		options: {
			dataset: { type: 'string' },
			file: { type: 'string' },
			commit: { type: 'boolean' },
			'skip-rejected': { type: 'boolean' },
			as: { type: 'string' },
			office: { type: 'string' },
			undo: { type: 'string' },
			errors: { type: 'string', default: '20' },
			lang: { type: 'string', default: 'en' }
		}
	}));
} catch (e) {
	console.error(`error: ${(e as Error).message}\n${USAGE}`);
	process.exit(1);
}
const actor = (values.as as string | undefined) ?? userInfo().username;
const office = (values.office as string | undefined) ?? null;
const lang = values.lang === 'es' ? 'es' : 'en';
const shown = Number(values.errors);
if (!Number.isInteger(shown) || shown < 0) {
	console.error(`error: --errors must be a whole number of 0 or more\n${USAGE}`);
	process.exit(1);
}
if (values.undo === undefined && (!values.dataset || !values.file)) {
	console.error(`error: give --dataset and --file (or --undo BATCH_ID)\n${USAGE}`);
	process.exit(1);
}

/**
 * Progress on stderr every 10,000 rows: one line rewritten in place on a terminal, a line each
 * otherwise (a log file, or a test waiting for the commit to be under way).
 */
function progressLine(what: string) {
	let last = 0;
	const report = (done: number, total?: number) => {
		if (done - last < 10000) return;
		last = done;
		const text = `${done.toLocaleString('en-US')} rows${total ? ` of at most ${total.toLocaleString('en-US')}` : ''} ${what} ...`;
		process.stderr.write(process.stderr.isTTY ? `\r${text}` : `${text}\n`);
	};
	return Object.assign(report, { end: () => last > 0 && process.stderr.isTTY && process.stderr.write('\n') });
}

await withDatabase(async ({ db }) => {
	try {
		if (values.undo !== undefined) {
			const batchId = Number(values.undo);
			if (!Number.isInteger(batchId) || batchId < 1) throw new Error(`--undo needs an import number, got "${values.undo}"`);
			const r = await undoImport(db, batchId, actor, { consulateId: office });
			console.log(`undone import ${r.batchId}: ${r.removed} rows removed, ${r.restored} rows restored to their earlier values`);
			return;
		}
		const file = values.file as string;
		const bytes = new Uint8Array(readFileSync(file));
		const t0 = performance.now();
		const checking = progressLine('checked');
		const preview = await previewImport(db, { dataset: values.dataset as string, fileName: file, bytes, actor, consulateId: office, lang, onProgress: checking, maxErrors: shown });
		checking.end();
		console.log(`${preview.fileName} (${preview.format}, ${preview.encoding}, sha256 ${preview.fileSha256.slice(0, 12)}...) checked in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
		console.table([{ rows: preview.rows, add: preview.add, update: preview.update, unchanged: preview.unchanged, reject: preview.reject }]);
		for (const w of preview.warnings) console.log(`warning: ${w}`);
		if (preview.errors.length > 0) {
			console.log(`first ${preview.errors.length} of ${preview.errorCount} row errors:`);
			console.table(preview.errors.map(({ row, column, value, expected }) => ({ row, column, value, expected })));
		}
		if (!values.commit) {
			console.log('preview only: nothing was written (add --commit to import)');
			return;
		}
		const writing = progressLine('written');
		const result = await commitImport(db, preview.plan, { skipRejected: Boolean(values['skip-rejected']), onProgress: writing });
		writing.end();
		console.log(`committed as import ${result.batchId}: ${result.add} added, ${result.update} updated, ${result.unchanged} unchanged, ${result.reject} rejected (undo with --undo ${result.batchId})`);
	} catch (e) {
		if (e instanceof ImportError) throw new Error(e.in(lang));
		throw e;
	}
});
