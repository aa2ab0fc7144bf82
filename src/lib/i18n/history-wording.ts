import { formatPoints } from '../core/scoring';
import type { Change } from '../live/history';
import { translate, type Locale } from './index';

// A sheet's history in words, as officials say it: "Hiệu trưởng … trừ 1 điểm mục I.2.3: «…»", "sửa 2 → 1,5", "xóa".

/** Long texts are cut so a line stays a line; the full text is on the sheet. */
export function quote(text: string, max = 160): string {
	const flat = text.replace(/\s+/g, ' ').trim();
	return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

export function describeChange(locale: Locale, change: Change, name: string): string {
	const p = (value: number) => formatPoints(value, locale);
	const code = change.criterion;
	switch (change.kind) {
		case 'add':
			return translate(locale, 'history.add', {
				name,
				points: p(change.points),
				code,
				reason: quote(change.reason)
			});
		case 'points':
			return translate(locale, 'history.points', { name, code, from: p(change.from), to: p(change.to) });
		case 'reason':
			return translate(locale, 'history.reason', { name, code, reason: quote(change.reason) });
		case 'move':
			return translate(locale, 'history.move', { name, from: change.from, to: code });
		case 'remove':
			return translate(locale, 'history.remove', {
				name,
				points: p(change.points),
				code,
				reason: quote(change.reason)
			});
		case 'comment':
			return translate(locale, 'history.comment', { name, code, text: quote(change.text) });
		case 'answer':
			return translate(locale, 'history.answer', { name, code, text: quote(change.text) });
	}
}

/** Newest first, optionally only one item's or one person's changes. */
export function filterHistory<T extends Pick<Change, 'criterion' | 'userId' | 'at' | 'logId'>>(
	changes: readonly T[],
	filter: { criterion?: string; userId?: number | null }
): T[] {
	return changes
		.filter(
			(c) =>
				(filter.criterion ? c.criterion === filter.criterion : true) &&
				(filter.userId !== undefined && filter.userId !== null ? c.userId === filter.userId : true)
		)
		.slice()
		.sort((a, b) => b.at - a.at || b.logId - a.logId);
}
