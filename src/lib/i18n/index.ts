import { formatPoints, type Points } from '../core/scoring';
import { en, vi, type MessageKey, type Messages } from './messages';

export type Locale = 'vi' | 'en';
export const LOCALES: readonly Locale[] = ['vi', 'en'];
export const DEFAULT_LOCALE: Locale = 'vi';
export type { MessageKey };

const catalogues: Record<Locale, Messages> = { vi, en };

export function isLocale(value: unknown): value is Locale {
	return value === 'vi' || value === 'en';
}

export type Params = Record<string, string | number>;

export function translate(locale: Locale, key: MessageKey, params: Params = {}): string {
	return catalogues[locale][key].replace(/\{(\w+)\}/g, (whole, name: string) =>
		name in params ? String(params[name]) : whole
	);
}

/** A translator bound to one locale, with the number and date formats that go with it. */
export interface Translator {
	locale: Locale;
	t: (key: MessageKey, params?: Params) => string;
	points: (value: Points) => string;
	date: (isoDate: string) => string;
	/** A moment in Vietnam's time (the meetings' own), hours and minutes, with the date when it is not today. */
	time: (iso: string) => string;
	/** A moment in Vietnam's time with its date, always: "15/11/2021 08:00" (vi), "15 Nov 2021 08:00" (en). */
	dateTime: (iso: string) => string;
}

export function translator(locale: Locale): Translator {
	return {
		locale,
		t: (key, params) => translate(locale, key, params),
		points: (value) => formatPoints(value, locale),
		date: (isoDate) => formatDate(isoDate, locale),
		time: (iso) => formatTime(iso, locale),
		dateTime: (iso) => formatDateTime(iso, locale)
	};
}

/** "2021-11-15" → "15/11/2021" (vi) or "15 Nov 2021" (en). Time zones cannot shift a plain date. */
function formatDate(isoDate: string, locale: Locale): string {
	const [year, month, day] = isoDate.slice(0, 10).split('-');
	if (!year || !month || !day) return isoDate;
	if (locale === 'vi') return `${day}/${month}/${year}`;
	const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
	return `${Number(day)} ${months[Number(month) - 1] ?? month} ${year}`;
}

/**
 * Times are shown in Vietnam's time zone whatever the server's or the viewer's, so that the server-rendered page,
 * the live page and the printed record say the same (a record signed in Sơn La is in Sơn La time).
 */
export const DISPLAY_TIME_ZONE = 'Asia/Ho_Chi_Minh';

function formatTime(iso: string, locale: Locale): string {
	const moment = new Date(iso);
	if (Number.isNaN(moment.getTime())) return iso;
	const tag = locale === 'vi' ? 'vi-VN' : 'en-GB';
	const day = (d: Date) => d.toLocaleDateString('en-CA', { timeZone: DISPLAY_TIME_ZONE });
	const sameDay = day(moment) === day(new Date());
	const format: Intl.DateTimeFormatOptions = sameDay
		? { hour: '2-digit', minute: '2-digit' }
		: { dateStyle: 'short', timeStyle: 'short' };
	return new Intl.DateTimeFormat(tag, { ...format, timeZone: DISPLAY_TIME_ZONE }).format(moment);
}

function formatDateTime(iso: string, locale: Locale): string {
	const moment = new Date(iso);
	if (Number.isNaN(moment.getTime())) return iso;
	const parts = Object.fromEntries(
		new Intl.DateTimeFormat('en-CA', {
			timeZone: DISPLAY_TIME_ZONE,
			year: 'numeric',
			month: '2-digit',
			day: '2-digit',
			hour: '2-digit',
			minute: '2-digit',
			hourCycle: 'h23'
		})
			.formatToParts(moment)
			.map((p) => [p.type, p.value])
	);
	return `${formatDate(`${parts.year}-${parts.month}-${parts.day}`, locale)} ${parts.hour}:${parts.minute}`;
}
