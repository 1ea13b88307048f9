/**
 * The states and territories the network serves: the 50 states, DC, Puerto Rico and the US Virgin
 * Islands (San Juan's district). American Samoa, Guam and the Northern Mariana Islands are left
 * out: no office in consulates.csv serves them.
 */
export interface StateInfo {
	fips: string;
	abbr: string;
	name: string;
}

export const STATES: readonly StateInfo[] = [
	['01', 'AL', 'Alabama'], ['02', 'AK', 'Alaska'], ['04', 'AZ', 'Arizona'], ['05', 'AR', 'Arkansas'],
	['06', 'CA', 'California'], ['08', 'CO', 'Colorado'], ['09', 'CT', 'Connecticut'], ['10', 'DE', 'Delaware'],
	['11', 'DC', 'District of Columbia'], ['12', 'FL', 'Florida'], ['13', 'GA', 'Georgia'], ['15', 'HI', 'Hawaii'],
	['16', 'ID', 'Idaho'], ['17', 'IL', 'Illinois'], ['18', 'IN', 'Indiana'], ['19', 'IA', 'Iowa'],
	['20', 'KS', 'Kansas'], ['21', 'KY', 'Kentucky'], ['22', 'LA', 'Louisiana'], ['23', 'ME', 'Maine'],
	['24', 'MD', 'Maryland'], ['25', 'MA', 'Massachusetts'], ['26', 'MI', 'Michigan'], ['27', 'MN', 'Minnesota'],
	['28', 'MS', 'Mississippi'], ['29', 'MO', 'Missouri'], ['30', 'MT', 'Montana'], ['31', 'NE', 'Nebraska'],
	['32', 'NV', 'Nevada'], ['33', 'NH', 'New Hampshire'], ['34', 'NJ', 'New Jersey'], ['35', 'NM', 'New Mexico'],
	['36', 'NY', 'New York'], ['37', 'NC', 'North Carolina'], ['38', 'ND', 'North Dakota'], ['39', 'OH', 'Ohio'],
	['40', 'OK', 'Oklahoma'], ['41', 'OR', 'Oregon'], ['42', 'PA', 'Pennsylvania'], ['44', 'RI', 'Rhode Island'],
	['45', 'SC', 'South Carolina'], ['46', 'SD', 'South Dakota'], ['47', 'TN', 'Tennessee'], ['48', 'TX', 'Texas'],
	['49', 'UT', 'Utah'], ['50', 'VT', 'Vermont'], ['51', 'VA', 'Virginia'], ['53', 'WA', 'Washington'],
	['54', 'WV', 'West Virginia'], ['55', 'WI', 'Wisconsin'], ['56', 'WY', 'Wyoming'], ['72', 'PR', 'Puerto Rico'],
	['78', 'VI', 'U.S. Virgin Islands']
].map(([fips, abbr, name]) => ({ fips, abbr, name }));

const byFips = new Map(STATES.map((s) => [s.fips, s]));
const byAbbr = new Map(STATES.map((s) => [s.abbr, s]));

/** The state for a 2-digit FIPS code or postal abbreviation (any case); undefined when not served. */
export function findState(codeOrAbbr: string): StateInfo | undefined {
	const key = codeOrAbbr.trim();
	return /^\d{1,2}$/.test(key) ? byFips.get(key.padStart(2, '0')) : byAbbr.get(key.toUpperCase());
}
