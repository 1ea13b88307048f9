/**
 * Offline data packages from the npm registry, resolved from the project root so the same code
 * runs under tsx, vitest and the built server.
 */
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const require = createRequire(join(process.cwd(), 'package.json'));

/** Parses a JSON file shipped inside an installed package, e.g. 'world-atlas/countries-50m.json'. */
export function readPackageJson<T>(specifier: string): T {
	return JSON.parse(readFileSync(require.resolve(specifier), 'utf8')) as T;
}

/** Loads an installed CommonJS package (the large data modules stay outside the server bundle). */
export function requirePackage<T>(name: string): T {
	return require(name) as T;
}

/** The installed version of a package, for provenance ('name@version'). */
export function packageVersion(name: string): string {
	return `${name}@${readPackageJson<{ version: string }>(`${name}/package.json`).version}`;
}
