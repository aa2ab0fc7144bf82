// How long a personal join link stays valid. An invitation is sent days or weeks before the meeting and must still
// open on the day, so a link lasts until the meeting is over plus a margin (for the minutes' signatures, a late
// look at the record), and never less than a week from its issue. Pure.

import { endOfMeetingDay } from './schedule';

const DAY = 24 * 60 * 60 * 1000;

/** The least a link lasts from its issue, and the margin after the meeting's end. */
export const LINK_MIN_LIFETIME = 7 * DAY;
export const LINK_MARGIN_AFTER_MEETING = 7 * DAY;

export { endOfMeetingDay };

export interface MeetingSchedule {
	/** The meeting's day, "2026-12-15" (its scheduled start "2026-12-15T08:00" also works). */
	heldOn: string;
	/** When the meeting was closed (epoch milliseconds), if it has been. */
	closedAt?: number | null;
}

/**
 * When a link issued at `issuedAt` expires: a margin after the later of the meeting's scheduled day and its close,
 * and at least the minimum lifetime after its issue.
 */
export function joinLinkExpiry(meeting: MeetingSchedule, issuedAt: number): number {
	const dayEnd = endOfMeetingDay(meeting.heldOn);
	const ended = Math.max(Number.isNaN(dayEnd) ? 0 : dayEnd, meeting.closedAt ?? 0);
	return Math.max(issuedAt + LINK_MIN_LIFETIME, ended + LINK_MARGIN_AFTER_MEETING);
}
