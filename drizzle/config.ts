import { defineConfig } from 'drizzle-kit';

// Generates migrations into drizzle/; they are applied at start by src/lib/server/db/migrate.ts
// for both drivers (drizzle-kit's own migrate cannot load PostGIS into PGlite).
export default defineConfig({
	dialect: 'postgresql',
	schema: './src/lib/server/db/schema.ts',
	out: './drizzle',
	extensionsFilters: ['postgis'],
	dbCredentials: { url: process.env.DATABASE_URL ?? 'postgres://localhost/unused' }
});
