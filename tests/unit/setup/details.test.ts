import { describe, expect, it } from 'vitest';
import { checkClusterDetails, checkMeetingDetails, isCallUrl, isLocalDateTime } from '$lib/core/setup/details';

describe('checkClusterDetails', () => {
	it('accepts a cluster and folds white space', () => {
		const checked = checkClusterDetails({
			name: ' Cụm thi đua   các trường ',
			shortName: '',
			parent: 'Học viện',
			layout: 'state'
		});
		expect(checked).toEqual({
			ok: true,
			value: { name: 'Cụm thi đua các trường', shortName: '', parent: 'Học viện', layout: 'state' }
		});
	});

	it('lists every problem at once, naming the field', () => {
		const checked = checkClusterDetails({ name: '', parent: '', layout: 'royal' });
		expect(checked.ok).toBe(false);
		if (!checked.ok) {
			expect(checked.problems).toEqual([
				{ field: 'name', reason: 'required' },
				{ field: 'parent', reason: 'required' },
				{ field: 'layout', reason: 'bad_layout' }
			]);
		}
	});

	it('bounds a name at 200 characters and the body at 500, saying how long each was', () => {
		expect(checkClusterDetails({ name: 'x'.repeat(200), parent: 'p'.repeat(500) }).ok).toBe(true);
		const checked = checkClusterDetails({ name: 'x'.repeat(5_000_000), parent: 'p'.repeat(501) });
		expect(checked).toEqual({
			ok: false,
			problems: [
				{ field: 'name', reason: 'too_long', max: 200, length: 5_000_000 },
				{ field: 'parent', reason: 'too_long', max: 500, length: 501 }
			]
		});
	});

	it('normalises Word’s line break and other characters a document cannot hold', () => {
		expect(checkClusterDetails({ name: 'Cụm\u000Bthi đua\u0001', parent: 'Học viện\uFFFF' })).toMatchObject({
			ok: true,
			value: { name: 'Cụm thi đua', parent: 'Học viện' }
		});
	});
});

describe('checkMeetingDetails', () => {
	const good = {
		title: 'Hội nghị tổng kết năm 2026',
		year: '2026',
		startsAt: '2026-12-15T08:00',
		location: 'Hội trường A',
		callUrl: 'https://meet.google.com/abc-defg-hij'
	};

	it('bounds the title at 500 characters and the link at 2,000', () => {
		expect(checkMeetingDetails({ ...good, title: 't'.repeat(1_000_000) })).toEqual({
			ok: false,
			problems: [{ field: 'title', reason: 'too_long', max: 500, length: 1_000_000 }]
		});
		expect(checkMeetingDetails({ ...good, callUrl: `https://meet.example/${'a'.repeat(1_970)}` })).toMatchObject({
			ok: true
		});
		expect(checkMeetingDetails({ ...good, callUrl: `https://meet.example/${'a'.repeat(2_000)}` })).toMatchObject({
			ok: false
		});
	});

	it('accepts a meeting', () => {
		expect(checkMeetingDetails(good)).toEqual({ ok: true, value: { ...good, year: 2026 } });
	});

	it('leaves the place and the call optional', () => {
		expect(checkMeetingDetails({ ...good, location: '', callUrl: '' }).ok).toBe(true);
	});

	it('refuses a year outside 2000–2100, an impossible date and a non-web call link, all at once', () => {
		const checked = checkMeetingDetails({
			...good,
			year: '1999',
			startsAt: '2026-02-30T08:00',
			callUrl: 'javascript:alert(1)'
		});
		expect(checked).toEqual({
			ok: false,
			problems: [
				{ field: 'year', reason: 'bad_year' },
				{ field: 'startsAt', reason: 'bad_datetime' },
				{ field: 'callUrl', reason: 'bad_url' }
			]
		});
	});

	it('names each missing required field', () => {
		const checked = checkMeetingDetails({});
		expect(checked.ok).toBe(false);
		if (!checked.ok) expect(checked.problems.map((p) => p.field)).toEqual(['title', 'year', 'startsAt']);
	});

	it.each([
		['2026-12-15T08:00', true],
		['2026-12-15T24:00', false],
		['2026-13-01T08:00', false],
		['2028-02-29T07:30', true],
		['2027-02-29T07:30', false],
		['2026-12-15 08:00', false]
	])('isLocalDateTime(%s) is %s', (value, expected) => expect(isLocalDateTime(value)).toBe(expected));

	it.each([
		['https://meet.google.com/x', true],
		['http://192.0.2.1/room', true],
		['zoommtg://zoom.us/join', false],
		['meet.google.com/x', false]
	])('isCallUrl(%s) is %s', (value, expected) => expect(isCallUrl(value)).toBe(expected));
});
