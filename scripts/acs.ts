/**
 * Loads ACS 5-year estimates from the Census Data API (or from answers saved with --save) into
 * population_estimates. Usage and the saved-answer layout: src/lib/server/acs/README.md.
 *
 *   npm run data:acs -- --year 2023 --geo county|zcta|tract [--state XX] [--from DIR] [--save DIR]
 */
import { runAcs } from '../src/lib/server/acs/cli';

process.exitCode = await runAcs(process.argv.slice(2));
