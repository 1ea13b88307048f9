/**
 * `node --import tsx tests/support/commit-and-wait.ts FILE`: previews and commits a service-record
 * file into the database of the environment (PGLITE_DIR or DATABASE_URL), prints one JSON line
 * with the batch id and the tables' checksums as the commit left them, then waits, the database
 * still open, to be killed: what a restart must keep is exactly what that line says.
 */
import { readFileSync } from 'node:fs';
import { dbOptionsFromEnv } from '../../src/lib/server/config';
import { openDb } from '../../src/lib/server/db/client';
import { commitImport, previewImport } from '../../src/lib/server/imports';
import { tableChecksums } from './checksums';

const file = process.argv[2];
const handle = await openDb(dbOptionsFromEnv());
await handle.migrate();
const preview = await previewImport(handle.db, { dataset: 'services', fileName: file, bytes: new Uint8Array(readFileSync(file)), actor: 'restart-test' });
const { batchId } = await commitImport(handle.db, preview.plan);
console.log(JSON.stringify({ batchId, checksums: await tableChecksums(handle.db) }));
setInterval(() => {}, 60_000);
