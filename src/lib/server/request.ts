/** Reading a request's parameters, with a 400 that says what to fix when one is wrong. */
import { error } from '@sveltejs/kit';
import { FilterError, parseFilters, type ServiceFilters } from '../filters';

/** The service filters of a request's URL; a wrong one is a 400 naming the parameter and what it expects. */
export function filtersOf(url: URL): ServiceFilters {
	try {
		return parseFilters(url.searchParams);
	} catch (e) {
		if (e instanceof FilterError) error(400, e.message);
		throw e;
	}
}

/** `name` from the URL, one of `allowed` (default `fallback`); anything else is a 400 listing them. */
export function oneOf<T extends string>(url: URL, name: string, allowed: readonly T[], fallback: T): T {
	const value = url.searchParams.get(name) ?? fallback;
	if (!(allowed as readonly string[]).includes(value)) error(400, `${name}: unknown value "${value}"; expected one of ${allowed.join(', ')}`);
	return value as T;
}
