import { describe, expect, it } from 'vitest';
import { focusBallot, leader, pathOf, placeOf } from '$lib/live/follow';
import { barScale } from '$lib/ui/present-scale';

describe('following the head', () => {
	const peer = (clientId: number, role: string, self = false, seen = 0) => ({ clientId, role, self, seen });
	it('follows the head, else the host, never oneself', () => {
		expect(leader([peer(1, 'delegate'), peer(2, 'head'), peer(3, 'host')])).toBe(2);
		expect(leader([peer(1, 'delegate'), peer(3, 'host')])).toBe(3);
		expect(leader([peer(2, 'head', true)])).toBeUndefined();
	});

	it('of two screens of the head (a reload), follows the one that changed last', () => {
		expect(leader([peer(5, 'head', false, 200), peer(6, 'head', false, 100)])).toBe(5);
		expect(leader([peer(5, 'head', false, 100), peer(6, 'head', false, 200)])).toBe(6);
	});

	it('goes to the ballot, the unit, or the summary the head has open', () => {
		expect(pathOf(1, placeOf({ viewing: null, ballot: '4' }))).toBe('/meetings/1/ballots');
		expect(pathOf(1, placeOf({ viewing: 'lao-cai', ballot: null }))).toBe('/meetings/1/units/lao-cai');
		expect(pathOf(1, placeOf({ viewing: null, ballot: null }))).toBe('/meetings/1');
	});

	it('carries the file the head has open beside a unit’s sheet, and only there', () => {
		const sha = 'c'.repeat(64);
		expect(placeOf({ viewing: 'lao-cai', ballot: null, evidence: sha })).toEqual({
			kind: 'unit',
			unit: 'lao-cai',
			file: sha
		});
		expect(placeOf({ viewing: 'lao-cai', ballot: null, evidence: null })).toEqual({
			kind: 'unit',
			unit: 'lao-cai',
			file: null
		});
		expect(placeOf({ viewing: null, ballot: null, evidence: sha })).toEqual({ kind: 'summary' });
	});

	it('the ballots page is about its open ballot, else the one closed last, else its newest draft', () => {
		expect(
			focusBallot([
				{ id: '2', status: 'open' },
				{ id: '10', status: 'draft' }
			])
		).toBe('2');
		// A count stays up until the head opens something else: a draft (a run-off) prepared after it does not replace it.
		expect(
			focusBallot([
				{ id: '2', status: 'closed', closedAt: '2021-11-15T03:00:00.000Z' },
				{ id: '10', status: 'draft' }
			])
		).toBe('2');
		expect(
			focusBallot([
				{ id: '3', status: 'closed', closedAt: '2021-11-15T03:00:00.000Z' },
				{ id: '2', status: 'closed', closedAt: '2021-11-15T04:00:00.000Z' },
				{ id: '4', status: 'draft' }
			])
		).toBe('2');
		expect(
			focusBallot([
				{ id: '3', status: 'closed' },
				{ id: '5', status: 'closed' }
			])
		).toBe('5');
		expect(
			focusBallot([
				{ id: '3', status: 'draft' },
				{ id: '5', status: 'draft' }
			])
		).toBe('5');
		expect(focusBallot([])).toBeNull();
	});
});

describe('barScale', () => {
	it('starts the bars at a round baseline below the lowest score, so close scores differ visibly', () => {
		const scale = barScale([9550, 10200, 9800]);
		expect(scale.from).toBe(9000);
		expect(scale.width(10200)).toBe(100);
		expect(scale.width(9550)).toBeCloseTo(45.83, 1);
		expect(barScale([]).width(5)).toBe(0);
	});
});
