/**
 * County lines inside shared states, as far as consulates.csv's jurisdiction_counties_note states
 * them, and the dated changes of 2022-2023. Everything the notes do not settle is assigned to the
 * nearest office serving the state and marked approximate. County names are matched ignoring case,
 * accents, spaces and punctuation ("St. Joseph" = "saint joseph" is NOT assumed: spell as the atlas).
 */

/** Counties of `state` that the notes put under `office` today. */
export interface CountyList {
	office: string;
	state: string;
	counties: string[];
	/**
	 * True when the list is the office's whole share of the state, so the office takes no other
	 * county of it by nearest distance.
	 */
	complete: boolean;
	/** True where the names are inferred (e.g. "north of a line"), not listed by a source. */
	inferred: boolean;
	note: string;
}

/** On `date`, `counties` of `state` moved from `from` to `to` (the current office). */
export interface DatedChange {
	date: string;
	state: string;
	/** County names, 'all', or the N westernmost counties by centroid longitude. */
	counties: string[] | 'all' | { westernmost: number };
	from: string;
	to: string;
	approximate: boolean;
	note: string;
}

/** The date from which the baseline (pre-change) assignment is taken to hold. */
export const BASELINE_DATE = '2000-01-01';

export const COUNTY_LISTS: CountyList[] = [
	{
		office: 'albuquerque',
		state: 'TX',
		counties: [
			'Dallam', 'Sherman', 'Hansford', 'Ochiltree', 'Lipscomb', 'Hartley', 'Moore', 'Hutchinson', 'Roberts',
			'Hemphill', 'Oldham', 'Potter', 'Carson', 'Gray', 'Wheeler', 'Deaf Smith', 'Randall', 'Armstrong',
			'Donley', 'Collingsworth', 'Parmer', 'Castro', 'Swisher', 'Briscoe', 'Hall', 'Childress', 'Bailey',
			'Lamb', 'Hale', 'Floyd', 'Motley', 'Cottle', 'Cochran', 'Hockley', 'Lubbock', 'Crosby'
		],
		complete: true,
		inferred: false,
		note: '36 of the 38 Panhandle/South Plains counties named by the 2022 redraw (MIL22, CM22); the other 2 were not captured and go to the nearest other office'
	},
	{
		office: 'san-francisco',
		state: 'CA',
		counties: [
			'Del Norte', 'Humboldt', 'Trinity', 'Mendocino', 'Lake', 'Sonoma', 'Napa', 'Solano', 'Marin',
			'Contra Costa', 'Alameda', 'San Francisco', 'San Mateo'
		],
		complete: true,
		inferred: false,
		note: '13 California counties per a consulate-info page (undated)'
	},
	{ office: 'san-bernardino', state: 'CA', counties: ['San Bernardino', 'Riverside'], complete: true, inferred: false, note: 'Inland Empire and desert areas' },
	{ office: 'calexico', state: 'CA', counties: ['Imperial'], complete: false, inferred: false, note: 'Imperial County area' },
	{ office: 'santa-ana', state: 'CA', counties: ['Orange'], complete: false, inferred: false, note: 'Orange County' },
	{ office: 'los-angeles', state: 'CA', counties: ['Los Angeles'], complete: false, inferred: false, note: 'Los Angeles County area' },
	{ office: 'oxnard', state: 'CA', counties: ['Ventura'], complete: false, inferred: false, note: 'Ventura County area' },
	{ office: 'san-diego', state: 'CA', counties: ['San Diego'], complete: false, inferred: false, note: 'San Diego County area' },
	{ office: 'san-jose', state: 'CA', counties: ['Santa Clara'], complete: false, inferred: false, note: 'Santa Clara County area' },
	{
		office: 'miami',
		state: 'FL',
		counties: ['DeSoto', 'Hardee', 'Highlands', 'Manatee', 'Sarasota'],
		complete: false,
		inferred: false,
		note: 'moved from Orlando to Miami on 2022-06-01; the rest of the Miami/Orlando line is not stated'
	},
	{ office: 'yuma', state: 'AZ', counties: ['Yuma', 'La Paz'], complete: true, inferred: false, note: 'Yuma and La Paz counties' },
	{ office: 'nogales', state: 'AZ', counties: ['Santa Cruz'], complete: false, inferred: false, note: 'Santa Cruz County plus the Green Valley area of Pima County (2018)' },
	{ office: 'douglas', state: 'AZ', counties: ['Cochise'], complete: false, inferred: false, note: 'Cochise County area' },
	{ office: 'tucson', state: 'AZ', counties: ['Pima'], complete: false, inferred: false, note: 'Pima County' },
	{ office: 'phoenix', state: 'AZ', counties: ['Maricopa'], complete: false, inferred: false, note: 'Maricopa and central/northern Arizona' },
	{ office: 'brownsville', state: 'TX', counties: ['Cameron'], complete: false, inferred: false, note: 'Cameron County at least' },
	{ office: 'mcallen', state: 'TX', counties: ['Hidalgo'], complete: false, inferred: false, note: 'Hidalgo County area' },
	{ office: 'laredo', state: 'TX', counties: ['Webb'], complete: false, inferred: false, note: 'Webb County area' },
	{ office: 'eagle-pass', state: 'TX', counties: ['Maverick'], complete: false, inferred: false, note: 'Maverick County area' },
	{ office: 'del-rio', state: 'TX', counties: ['Val Verde'], complete: false, inferred: false, note: 'Val Verde County area' },
	{ office: 'el-paso', state: 'TX', counties: ['El Paso'], complete: false, inferred: false, note: 'El Paso County' },
	{ office: 'presidio', state: 'TX', counties: ['Presidio'], complete: false, inferred: false, note: 'Presidio County' },
	{
		office: 'new-brunswick',
		state: 'NJ',
		counties: [
			'Bergen', 'Essex', 'Hudson', 'Hunterdon', 'Mercer', 'Middlesex', 'Monmouth', 'Morris', 'Passaic',
			'Somerset', 'Sussex', 'Union', 'Warren'
		],
		complete: true,
		inferred: true,
		note: "13 central/northern NJ counties, inferred as the complement of Philadelphia's 8"
	},
	{
		office: 'philadelphia',
		state: 'NJ',
		counties: ['Atlantic', 'Burlington', 'Camden', 'Cape May', 'Cumberland', 'Gloucester', 'Ocean', 'Salem'],
		complete: true,
		inferred: true,
		note: "eight southern NJ counties 'from Lakewood to Cape May' (names inferred)"
	},
	{
		office: 'milwaukee',
		state: 'MI',
		counties: [
			'Gogebic', 'Ontonagon', 'Houghton', 'Keweenaw', 'Baraga', 'Iron', 'Marquette', 'Dickinson', 'Menominee',
			'Delta', 'Alger', 'Schoolcraft'
		],
		complete: true,
		inferred: true,
		note: '12 Upper Peninsula counties since 2016 (sources give the count, not the names: taken as the 12 western and central ones)'
	},
	{
		office: 'portland',
		state: 'WA',
		counties: ['Clark', 'Cowlitz', 'Skamania'],
		complete: true,
		inferred: true,
		note: "'three Washington counties' in south-west Washington (names not given; presumably the Clark area)"
	},
	{
		office: 'seattle',
		state: 'ID',
		counties: ['Boundary', 'Bonner', 'Kootenai', 'Benewah', 'Shoshone', 'Latah', 'Clearwater'],
		complete: true,
		inferred: true,
		note: "seven northern Idaho counties (SEA18 gives the count; taken as the seven northernmost)"
	},
	{
		office: 'chicago',
		state: 'IN',
		counties: [
			'Lake', 'Porter', 'LaPorte', 'St. Joseph', 'Elkhart', 'LaGrange', 'Steuben', 'Newton', 'Jasper', 'Starke',
			'Marshall', 'Kosciusko', 'Noble', 'DeKalb', 'Benton', 'White', 'Pulaski', 'Fulton', 'Cass', 'Miami',
			'Wabash', 'Huntington', 'Wells', 'Adams', 'Allen', 'Whitley'
		],
		complete: true,
		inferred: true,
		note: 'Indiana counties north of Warren, Tippecanoe, Carroll, Howard, Grant, Blackford, Jay (complement of Indianapolis; inferred)'
	},
	{
		office: 'detroit',
		state: 'OH',
		counties: [
			'Williams', 'Fulton', 'Lucas', 'Ottawa', 'Defiance', 'Henry', 'Wood', 'Sandusky', 'Erie', 'Lorain',
			'Cuyahoga', 'Lake', 'Geauga', 'Ashtabula', 'Paulding', 'Putnam', 'Hancock', 'Seneca', 'Huron', 'Medina',
			'Summit', 'Portage', 'Trumbull', 'Van Wert', 'Allen', 'Wyandot', 'Crawford', 'Richland', 'Ashland',
			'Wayne', 'Stark', 'Mahoning', 'Columbiana'
		],
		complete: true,
		inferred: true,
		note: 'Ohio counties north of the Mercer-Auglaize-Hardin-Marion-Knox-Holmes-Tuscarawas-Carroll-Jefferson line (inferred from the line)'
	}
];

export const DATED_CHANGES: DatedChange[] = [
	{ date: '2022-06-01', state: 'CT', counties: 'all', from: 'new-york', to: 'boston', approximate: false, note: '2022 redraw: Connecticut New York -> Boston' },
	{ date: '2022-06-01', state: 'NV', counties: ['Elko'], from: 'boise', to: 'las-vegas', approximate: false, note: '2022 redraw: Elko County Boise -> Las Vegas' },
	{
		date: '2022-06-01',
		state: 'FL',
		counties: COUNTY_LISTS.find((l) => l.office === 'miami')!.counties,
		from: 'orlando',
		to: 'miami',
		approximate: false,
		note: '2022 redraw: five Florida counties Orlando -> Miami'
	},
	{
		date: '2022-06-01',
		state: 'TX',
		counties: COUNTY_LISTS[0].counties,
		from: 'dallas',
		to: 'albuquerque',
		approximate: false,
		note: '2022 redraw: Panhandle/South Plains counties Dallas -> Albuquerque'
	},
	{
		date: '2023-05-01',
		state: 'OK',
		counties: { westernmost: 28 },
		from: 'kansas-city',
		to: 'oklahoma-city',
		approximate: true,
		note: "Oklahoma City opened May 2023 and took Kansas City's 28 western Oklahoma counties (taken as the 28 westernmost)"
	},
	{
		date: '2023-05-01',
		state: 'OK',
		counties: 'all',
		from: 'little-rock',
		to: 'oklahoma-city',
		approximate: true,
		note: "Oklahoma City opened May 2023 and took Little Rock's eastern Oklahoma counties"
	},
	{
		date: '2023-06-01',
		state: 'NJ',
		counties: COUNTY_LISTS.find((l) => l.office === 'new-brunswick')!.counties,
		from: 'new-york',
		to: 'new-brunswick',
		approximate: true,
		note: 'New Brunswick opened June 2023 and took 13 central/northern NJ counties from New York'
	}
];
