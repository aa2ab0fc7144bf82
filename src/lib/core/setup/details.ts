// The details of a cluster and of a meeting, as the administrator or the host types them, checked as a whole:
// every problem at once, each naming its field. Pure.

import { readText, type TextKind } from '../text';

export const LAYOUTS = ['party', 'state'] as const;
export type Layout = (typeof LAYOUTS)[number];

export interface ClusterDetails {
	name: string;
	shortName: string;
	parent: string;
	layout: Layout;
}

export interface MeetingDetails {
	title: string;
	year: number;
	/** Local date and time in Vietnam, "2026-12-15T08:00". */
	startsAt: string;
	location: string;
	callUrl: string;
}

export type DetailsProblem = {
	field: string;
	reason: 'required' | 'too_long' | 'bad_year' | 'bad_datetime' | 'bad_url' | 'bad_layout';
	/** For a field too long: its bound and what was sent, in characters. */
	max?: number;
	length?: number;
};
export type Checked<T> = { ok: true; value: T } | { ok: false; problems: DetailsProblem[] };

/** One line of text, bounded by its kind (the form fields' rules, ../text/fields.ts). */
function text(
	form: Record<string, unknown>,
	field: string,
	problems: DetailsProblem[],
	required: boolean,
	kind: TextKind
): string {
	const read = readText(form[field], kind);
	if (!read.ok) {
		problems.push({ field, reason: 'too_long', max: read.max, length: read.length });
		return '';
	}
	if (required && read.value === '') problems.push({ field, reason: 'required' });
	return read.value;
}

export function checkClusterDetails(form: Record<string, unknown>): Checked<ClusterDetails> {
	const problems: DetailsProblem[] = [];
	const name = text(form, 'name', problems, true, 'name');
	const shortName = text(form, 'shortName', problems, false, 'name');
	const parent = text(form, 'parent', problems, true, 'title');
	const layout = (form.layout ?? 'party') as Layout;
	if (!LAYOUTS.includes(layout)) problems.push({ field: 'layout', reason: 'bad_layout' });
	return problems.length > 0 ? { ok: false, problems } : { ok: true, value: { name, shortName, parent, layout } };
}

/** "2026-12-15T08:00": a real calendar date and time of day (the browser's datetime-local field sends this). */
export function isLocalDateTime(value: string): boolean {
	const match = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/.exec(value);
	if (!match) return false;
	const [year, month, day, hour, minute] = match.slice(1).map(Number) as [number, number, number, number, number];
	const date = new Date(Date.UTC(year, month - 1, day));
	return date.getUTCMonth() === month - 1 && date.getUTCDate() === day && hour < 24 && minute < 60;
}

/** Only web addresses open as a "join the call" button: no javascript: or other schemes. */
export function isCallUrl(value: string): boolean {
	try {
		const url = new URL(value);
		return url.protocol === 'https:' || url.protocol === 'http:';
	} catch {
		return false;
	}
}

export function checkMeetingDetails(form: Record<string, unknown>): Checked<MeetingDetails> {
	const problems: DetailsProblem[] = [];
	const title = text(form, 'title', problems, true, 'title');
	const yearText = text(form, 'year', problems, true, 'short');
	const year = Number(yearText);
	if (yearText !== '' && (!Number.isInteger(year) || year < 2000 || year > 2100))
		problems.push({ field: 'year', reason: 'bad_year' });
	const startsAt = text(form, 'startsAt', problems, true, 'short');
	if (startsAt !== '' && !isLocalDateTime(startsAt)) problems.push({ field: 'startsAt', reason: 'bad_datetime' });
	const location = text(form, 'location', problems, false, 'title');
	const callUrl = text(form, 'callUrl', problems, false, 'link');
	if (callUrl !== '' && !isCallUrl(callUrl)) problems.push({ field: 'callUrl', reason: 'bad_url' });
	return problems.length > 0
		? { ok: false, problems }
		: { ok: true, value: { title, year, startsAt, location, callUrl } };
}
