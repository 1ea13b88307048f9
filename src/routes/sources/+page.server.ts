import { getDb } from '$lib/server/db';
import { dataSources } from '$lib/server/queries/sources';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async () => ({ sources: await dataSources(await getDb()) });
