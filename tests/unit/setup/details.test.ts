import { describe, expect, it } from 'vitest';
import { checkClusterDetails, checkMeetingDetails, isCallUrl, isLocalDateTime } from '$lib/core/setup/details';

describe('checkClusterDetails', () => {
	it('accepts a cluster and folds white space', () => {
		const checked = checkClusterDetails({ name: ' Cụm thi đua   các trường ', shortName: '', parent: 'Học viện', layout: 'state' });
		expect(checked).toEqual({ ok: true, value: { name: 'Cụm thi đua các trường', shortName: '', parent: 'Học viện', layout: 'state' } });
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

	it('refuses text over 300 characters', () => {
		const checked = checkClusterDetails({ name: 'x'.repeat(301), parent: 'p' });
		expect(checked).toEqual({ ok: false, problems: [{ field: 'name', reason: 'too_long' }] });
	});
});

describe('checkMeetingDetails', () => {
	const good = { title: 'Hội nghị tổng kết năm 2026', year: '2026', startsAt: '2026-12-15T08:00', location: 'Hội trường A', callUrl: 'https://meet.google.com/abc-defg-hij' };

	it('accepts a meeting', () => {
		expect(checkMeetingDetails(good)).toEqual({ ok: true, value: { ...good, year: 2026 } });
	});

	it('leaves the place and the call optional', () => {
		expect(checkMeetingDetails({ ...good, location: '', callUrl: '' }).ok).toBe(true);
	});

	it('refuses a year outside 2000–2100, an impossible date and a non-web call link, all at once', () => {
		const checked = checkMeetingDetails({ ...good, year: '1999', startsAt: '2026-02-30T08:00', callUrl: 'javascript:alert(1)' });
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
