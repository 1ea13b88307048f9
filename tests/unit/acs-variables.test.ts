import { describe, expect, it } from 'vitest';
import {
	indicatorVariables,
	moeVariable,
	requestVariables,
	resolveMexicoBornVariable
} from '../../src/lib/server/acs/variables';
import { fixtureText } from '../fixtures/acs/fake-census';

const groups = JSON.parse(fixtureText('2023/groups/B05006.json'));

function group(labels: Record<string, string>) {
	return { variables: Object.fromEntries(Object.entries(labels).map(([name, label]) => [name, { label, group: 'B05006' }])) };
}

describe('resolveMexicoBornVariable', () => {
	it('finds the line whose label ends "Mexico", wherever it is numbered (142 here, not 160)', () => {
		expect(resolveMexicoBornVariable(groups)).toBe('B05006_142E');
	});

	it('skips the margin-of-error and annotation entries that share the label', () => {
		const names = Object.keys(groups.variables).filter((n) => String(groups.variables[n].label).endsWith('Mexico'));
		expect(names.sort()).toEqual(['B05006_142E', 'B05006_142EA', 'B05006_142M', 'B05006_142MA']);
		expect(resolveMexicoBornVariable(groups)).toBe('B05006_142E');
	});

	it('does not take a line that only mentions Mexico, or ends in "New Mexico"', () => {
		const g = group({
			B05006_150E: 'Estimate!!Total:!!Americas:!!Latin America:!!Central America:!!Mexico!!Something',
			B05006_151E: 'Estimate!!Total:!!Americas:!!Northern America:!!New Mexico',
			B05006_152E: 'Estimate!!Total!!Americas!!Latin America!!Central America!!Mexico'
		});
		expect(resolveMexicoBornVariable(g)).toBe('B05006_152E');
	});

	it('says so when no line or several lines end "Mexico"', () => {
		expect(() => resolveMexicoBornVariable(group({ B05006_141E: 'Estimate!!Total:!!Belize' }))).toThrow(
			/expected one B05006 estimate whose label ends "Mexico", found none/
		);
		expect(() =>
			resolveMexicoBornVariable(group({ B05006_141E: 'Estimate!!Total:!!Mexico', B05006_199E: 'Estimate!!Other:!!Mexico' }))
		).toThrow(/found B05006_141E, B05006_199E/);
		expect(() => resolveMexicoBornVariable({ error: 'unknown group' })).toThrow(/no "variables" object/);
	});
});

describe('requestVariables', () => {
	it('asks for each estimate and its margin of error: 12 estimates, 24 variables', () => {
		const vars = requestVariables('B05006_142E');
		expect(vars).toHaveLength(24);
		expect(vars).toContain('B05006_142E');
		expect(vars).toContain('B05006_142M');
		const lines = ['B01003_001', 'B03001_004', 'B27010_017', 'B27010_033', 'B27010_050', 'B27010_066', 'B27010_001'];
		for (const v of [...lines, 'C16001_005', 'C16001_001', 'B17001_002', 'B17001_001']) {
			expect(vars).toContain(`${v}E`);
			expect(vars).toContain(`${v}M`);
		}
	});

	it('sums the four no-insurance age lines of B27010 into uninsured', () => {
		expect(indicatorVariables('B05006_160E').uninsured).toEqual(['B27010_017E', 'B27010_033E', 'B27010_050E', 'B27010_066E']);
	});

	it('names the MOE beside an estimate and refuses what is not an estimate', () => {
		expect(moeVariable('C16001_005E')).toBe('C16001_005M');
		expect(() => moeVariable('B05006_142EA')).toThrow(/not an ACS estimate variable/);
	});
});
