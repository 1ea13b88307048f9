/** `npm run db:migrate`: applies the migrations in drizzle/ to the configured database. */
import { withDatabase } from './cli';

await withDatabase(async () => console.log('migrations applied'));
