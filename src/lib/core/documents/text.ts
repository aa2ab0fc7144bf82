import { foldText } from '../import/grid';
import { formatPoints, type Points } from '../scoring';

// How official Vietnamese documents write dates, numbers, capitals and shares. Pure rules, no I/O.

/** The time zone of the meetings: a record signed in Sơn La is dated in Sơn La. */
export const DOCUMENT_TIME_ZONE = 'Asia/Ho_Chi_Minh';

/** Capitals as Vietnamese writes them (ư → Ư, đ → Đ), whatever the machine's locale. */
export function capitals(text: string): string {
	return text.toLocaleUpperCase('vi');
}

/** Day and month under 10 take a leading zero, as the date line of an official document writes them. */
const two = (n: number) => String(n).padStart(2, '0');

/** "2021-11-15" → { year: 2021, month: 11, day: 15 }; undefined if it is not a date. */
export function plainDate(iso: string): { year: number; month: number; day: number } | undefined {
	const match = /^(\d{4})-(\d{2})-(\d{2})/.exec(iso);
	if (!match) return undefined;
	const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
	if (month < 1 || month > 12 || day < 1 || day > 31) return undefined;
	return { year, month, day };
}

/** "ngày 15 tháng 11 năm 2021"; days and months under 10 with a leading zero ("ngày 05 tháng 01 năm 2022"). */
export function vietnameseDate(iso: string): string {
	const d = plainDate(iso);
	if (!d) return iso;
	return `ngày ${two(d.day)} tháng ${two(d.month)} năm ${d.year}`;
}

/** The date line under the national motto: "Sơn La, ngày 15 tháng 11 năm 2021". */
export function dateLine(place: string, iso: string): string {
	const where = place.trim();
	return where ? `${where}, ${vietnameseDate(iso)}` : capitalizeFirst(vietnameseDate(iso));
}

function capitalizeFirst(text: string): string {
	return text.charAt(0).toLocaleUpperCase('vi') + text.slice(1);
}

/** A moment (ISO with zone, or Vietnam local "2021-11-15T08:00") as Vietnam's local date and time parts. */
export function localMoment(iso: string): { date: string; hour: number; minute: number } | undefined {
	if (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?$/.test(iso)) {
		return { date: iso.slice(0, 10), hour: Number(iso.slice(11, 13)), minute: Number(iso.slice(14, 16)) };
	}
	const moment = new Date(iso);
	if (Number.isNaN(moment.getTime())) return undefined;
	const parts = Object.fromEntries(
		new Intl.DateTimeFormat('en-CA', {
			timeZone: DOCUMENT_TIME_ZONE,
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
	return {
		date: `${parts.year}-${parts.month}-${parts.day}`,
		hour: Number(parts.hour),
		minute: Number(parts.minute)
	};
}

/** "08 giờ 30 phút, ngày 15 tháng 11 năm 2021", as minutes state when something began or ended. */
export function momentText(iso: string): string {
	const m = localMoment(iso);
	if (!m) return iso;
	return `${two(m.hour)} giờ ${two(m.minute)} phút, ${vietnameseDate(m.date)}`;
}

/** "15/11/2021 08:30", for tables where a full sentence would not fit. */
export function shortMoment(iso: string): string {
	const m = localMoment(iso);
	const d = m && plainDate(m.date);
	if (!m || !d) return iso;
	return `${two(d.day)}/${two(d.month)}/${d.year} ${two(m.hour)}:${two(m.minute)}`;
}

/** Points as the documents write them: "99,5". */
export function pointsText(p: Points): string {
	return formatPoints(p, 'vi');
}

/** A share of votes as a percentage with one decimal at most, rounded half up: 7/8 → "87,5%", 8/8 → "100%". */
export function shareText(votes: number, base: number): string {
	if (base <= 0) return '—';
	const tenths = Math.floor((votes * 2000 + base) / (2 * base)); // exact in integers for any meeting's size
	const whole = Math.floor(tenths / 10);
	const decimal = tenths % 10;
	return decimal === 0 ? `${whole}%` : `${whole},${decimal}%`;
}

/** A rank with its tie named: "2 (đồng hạng)". */
export function rankText(rank: number, tied: boolean): string {
	return tied ? `${rank} (đồng hạng)` : String(rank);
}

/** Two-digit counts as minutes write them: 8 → "08". */
export function countText(n: number): string {
	return n >= 0 && n < 10 ? `0${n}` : String(n);
}

/** Text without Vietnamese diacritics, lower case, words joined by hyphens: for file names. */
export function asciiSlug(text: string): string {
	return foldText(text).replace(/ /g, '-');
}
