import { json } from '@sveltejs/kit';
import { getDb } from '$lib/server/db';
import { dataSources } from '$lib/server/queries/sources';
import type { RequestHandler } from './$types';

/** Every data set loaded: source, vintage, kind (measured / modelled / demo), row counts. */
export const GET: RequestHandler = async () => json(await dataSources(await getDb()));
