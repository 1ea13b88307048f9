import { sveltekit } from '@sveltejs/kit/vite';
import { defineConfig } from 'vitest/config';

export default defineConfig({
	plugins: [sveltekit()],
	test: {
		include: ['tests/**/*.test.ts'],
		environment: 'node',
		globalSetup: ['tests/global-setup.ts'],
		testTimeout: 120_000,
		hookTimeout: 600_000,
		// Each PGlite+PostGIS instance takes about 1 GB; two workers fit two cores.
		maxWorkers: 2,
	}
});
