// A meeting's time as scheduled (a Vietnamese local date and time) and as it actually ran. Pure.

const DAY = 24 * 60 * 60 * 1000;
/** Vietnam keeps UTC+7 all year. */
const VIETNAM_OFFSET = 7 * 60 * 60 * 1000;

/** "2026-12-15T08:00" (or "2026-12-15", its midnight) in Vietnam, as epoch milliseconds; NaN when not a date. */
export function vietnamMoment(local: string): number {
	const match = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2}))?/.exec(local);
	if (!match) return Number.NaN;
	const [, y, mo, d, h = '0', mi = '0'] = match;
	return Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi)) - VIETNAM_OFFSET;
}

/** The end of a Vietnamese calendar day, as epoch milliseconds; NaN when the text is not a date. */
export function endOfMeetingDay(heldOn: string): number {
	return vietnamMoment(heldOn.slice(0, 10)) + DAY;
}

/** When the meeting is scheduled to begin: its start time, else the beginning of its day. */
export function scheduledStart(meeting: { startsAt: string | null; heldOn: string }): number {
	return vietnamMoment(meeting.startsAt ?? meeting.heldOn);
}

/** Whether a moment is before the meeting's scheduled start (closing then is asked about and said). */
export function isBeforeScheduledStart(meeting: { startsAt: string | null; heldOn: string }, now: number): boolean {
	const start = scheduledStart(meeting);
	return !Number.isNaN(start) && now < start;
}

const vietnamDay = (ms: number) => new Date(ms + VIETNAM_OFFSET).toISOString().slice(0, 10);

/**
 * When the review began, for the minutes, as the meeting moves into review at `now`. A return from preparation the
 * same day (a sheet was fixed during the meeting) keeps the first start; a start on an earlier day (the review was
 * begun by mistake, then taken back) gives way to today's.
 */
export function reviewStartedAt(previous: string | null, now: number): string {
	const at = new Date(now).toISOString();
	if (previous === null) return at;
	const before = Date.parse(previous);
	return Number.isNaN(before) || vietnamDay(before) !== vietnamDay(now) ? at : previous;
}
