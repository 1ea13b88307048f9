/** Which office serves which county on a given day, as SQL fragments and rows. */
import { sql, type SQL } from 'drizzle-orm';

/**
 * A subquery (county_fips, consulate_id, approximate, basis) of the assignment in force on `day`
 * ('YYYY-MM-DD'; default today): per county, the row with the latest valid_from <= day.
 */
export function assignmentsOnSql(day?: string): SQL {
	const on = day ? sql`${day}::date` : sql`current_date`;
	return sql`(SELECT DISTINCT ON (county_fips) county_fips, consulate_id, approximate, basis
		FROM county_assignments WHERE valid_from <= ${on}
		ORDER BY county_fips, valid_from DESC)`;
}
