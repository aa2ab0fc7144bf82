import { describe, expect, it } from 'vitest';
import { en, vi } from '$lib/i18n/messages';
import { translate, translator } from '$lib/i18n';

describe('the message catalogue', () => {
	it('holds the same keys in Vietnamese and English, none empty', () => {
		expect(Object.keys(en).sort()).toEqual(Object.keys(vi).sort());
		for (const catalogue of [vi, en]) for (const text of Object.values(catalogue)) expect(text.trim()).not.toBe('');
	});

	it('uses the same placeholders in both languages', () => {
		const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
		for (const key of Object.keys(vi) as (keyof typeof vi)[])
			expect(placeholders(en[key]), key).toEqual(placeholders(vi[key]));
	});

	it('fills placeholders and leaves unknown ones visible', () => {
		expect(translate('vi', 'summary.warningCount', { count: 5 })).toBe('5 chỗ lệch');
		expect(translate('en', 'summary.warningCount')).toBe('{count} mismatches');
	});
});

describe('formats', () => {
	it('writes points the Vietnamese way in Vietnamese, and dates as dd/mm/yyyy', () => {
		expect(translator('vi').points(9950)).toBe('99,5');
		expect(translator('en').points(9950)).toBe('99.5');
		expect(translator('vi').date('2021-11-15')).toBe('15/11/2021');
		expect(translator('en').date('2021-11-15')).toBe('15 Nov 2021');
	});

	it('shows times in Vietnam’s time zone whatever the machine’s', () => {
		expect(translator('vi').time('2021-11-15T02:30:00.000Z')).toBe('09:30 15/11/21');
		expect(translator('en').time('2021-11-15T23:30:00.000Z')).toBe('16/11/2021, 06:30');
	});
});
