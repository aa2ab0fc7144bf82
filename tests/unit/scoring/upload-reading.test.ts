import { describe, expect, it } from 'vitest';
import { readSelfAssessment, templateItems, uploadReading } from '$lib/core/scoring';
import { small } from './fixtures';

describe('uploadReading', () => {
	it('counts the items an upload filled, of all, and the places to look at', () => {
		const entry = { scores: { 'A.1': '5', 'A.2.1': '3', 'A.2.2': ' ', 'B.1': '12', Z: '1' }, reported: {} };
		const read = readSelfAssessment(small, entry);
		expect(read.ok).toBe(false);
		const problems = read.ok ? 0 : read.errors.length;
		expect(uploadReading(small, entry, problems)).toEqual({
			read: 3,
			total: templateItems(small).length,
			toCheck: problems
		});
	});

	it('a complete upload reads every item', () => {
		const scores = Object.fromEntries(templateItems(small).map((i) => [i.code, '0']));
		expect(uploadReading(small, { scores, reported: {} }, 0)).toEqual({
			read: templateItems(small).length,
			total: templateItems(small).length,
			toCheck: 0
		});
	});
});
