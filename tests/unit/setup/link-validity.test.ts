import { describe, expect, it } from 'vitest';
import {
	endOfMeetingDay,
	joinLinkExpiry,
	LINK_MARGIN_AFTER_MEETING,
	LINK_MIN_LIFETIME
} from '$lib/core/setup/link-validity';

const DAY = 24 * 60 * 60 * 1000;

describe('endOfMeetingDay', () => {
	it('is midnight at the end of the day in Vietnam (UTC+7)', () => {
		expect(new Date(endOfMeetingDay('2026-12-15')).toISOString()).toBe('2026-12-15T17:00:00.000Z');
		expect(endOfMeetingDay('2026-12-15T08:00')).toBe(endOfMeetingDay('2026-12-15'));
		expect(endOfMeetingDay('soon')).toBeNaN();
	});
});

describe('joinLinkExpiry', () => {
	const heldOn = '2026-12-15';
	const dayEnd = Date.parse('2026-12-15T17:00:00Z');

	it('lasts a week after the meeting’s day, however early the link is issued', () => {
		const issued = dayEnd - 30 * DAY;
		expect(joinLinkExpiry({ heldOn }, issued)).toBe(dayEnd + LINK_MARGIN_AFTER_MEETING);
		expect(joinLinkExpiry({ heldOn }, issued)).toBeGreaterThan(issued + 20 * DAY);
	});

	it('lasts a week after a close later than the scheduled day', () => {
		const closedAt = dayEnd + 3 * DAY;
		expect(joinLinkExpiry({ heldOn, closedAt }, dayEnd - 10 * DAY)).toBe(closedAt + LINK_MARGIN_AFTER_MEETING);
	});

	it('a close before the scheduled day does not shorten it', () => {
		expect(joinLinkExpiry({ heldOn, closedAt: dayEnd - 5 * DAY }, dayEnd - 10 * DAY)).toBe(
			dayEnd + LINK_MARGIN_AFTER_MEETING
		);
	});

	it('lasts at least a week from its issue, for a meeting already past or without a date', () => {
		const issued = dayEnd + 30 * DAY;
		expect(joinLinkExpiry({ heldOn }, issued)).toBe(issued + LINK_MIN_LIFETIME);
		expect(joinLinkExpiry({ heldOn: '' }, issued)).toBe(issued + LINK_MIN_LIFETIME);
	});
});
