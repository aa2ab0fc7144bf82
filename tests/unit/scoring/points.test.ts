import { describe, expect, it } from 'vitest';
import { POINT_SCALE, formatPoints, parsePoints, points, sumPoints, toDecimal } from '$lib/core/scoring';

describe('points', () => {
	it('converts decimals to integer hundredths', () => {
		expect(POINT_SCALE).toBe(100);
		expect(points(99.5)).toBe(9950);
		expect(points(100)).toBe(10000);
		expect(points(0.25)).toBe(25);
		expect(points(-1.5)).toBe(-150);
		expect(points(0)).toBe(0);
	});

	it('tolerates float noise', () => {
		expect(points(0.1 + 0.2)).toBe(30);
		expect(points(1.1 * 3)).toBe(330);
		expect(points(0.07 * 100) / 100).toBe(7);
	});

	it('never returns -0', () => {
		expect(Object.is(points(-0), 0)).toBe(true);
	});

	it('refuses values that are not whole hundredths', () => {
		expect(() => points(0.001)).toThrow(RangeError);
		expect(() => points(99.555)).toThrow(RangeError);
		expect(() => points(1.005)).toThrow(RangeError);
	});

	it('refuses non-finite and out-of-range values', () => {
		expect(() => points(Number.NaN)).toThrow(RangeError);
		expect(() => points(Number.POSITIVE_INFINITY)).toThrow(RangeError);
		expect(() => points(Number.NEGATIVE_INFINITY)).toThrow(RangeError);
		expect(() => points(1e20)).toThrow(RangeError);
	});
});

describe('toDecimal', () => {
	it('converts back to a decimal', () => {
		expect(toDecimal(9950)).toBe(99.5);
		expect(toDecimal(10000)).toBe(100);
		expect(toDecimal(-150)).toBe(-1.5);
		expect(toDecimal(25)).toBe(0.25);
		expect(Object.is(toDecimal(-0), 0)).toBe(true);
	});

	it('refuses values that are not Points', () => {
		expect(() => toDecimal(99.5)).toThrow(RangeError);
		expect(() => toDecimal(Number.NaN)).toThrow(RangeError);
	});
});

describe('formatPoints', () => {
	it.each([
		[9950, '99,5', '99.5'],
		[10000, '100', '100'],
		[225, '2,25', '2.25'],
		[-150, '-1,5', '-1.5'],
		[0, '0', '0'],
		[5, '0,05', '0.05'],
		[-5, '-0,05', '-0.05'],
		[-50, '-0,5', '-0.5'],
		[10, '0,1', '0.1'],
		[123456789, '1234567,89', '1234567.89']
	])('%i → vi %s, en %s', (value, vi, en) => {
		expect(formatPoints(value, 'vi')).toBe(vi);
		expect(formatPoints(value, 'en')).toBe(en);
	});

	it('writes -0 as 0', () => {
		expect(formatPoints(-0, 'vi')).toBe('0');
	});

	it('refuses values that are not Points', () => {
		expect(() => formatPoints(0.5, 'vi')).toThrow(RangeError);
		expect(() => formatPoints(Number.NaN, 'en')).toThrow(RangeError);
	});
});

describe('parsePoints', () => {
	it.each([
		['99,5', 9950],
		['99.5', 9950],
		[' 99,5 ', 9950],
		['\t95.5\n', 9550],
		['100', 10000],
		['0,25', 25],
		['0,05', 5],
		['99,50', 9950],
		['-1,5', -150],
		['+2', 200],
		['\u22121,5', -150],
		['007', 700],
		['0', 0],
		['-0', 0]
	])('accepts %j as %i', (text, value) => {
		expect(parsePoints(text)).toEqual({ ok: true, value });
	});

	it('never returns -0', () => {
		const parsed = parsePoints('-0,0');
		expect(parsed.ok && Object.is(parsed.value, 0)).toBe(true);
	});

	it.each(['', '   ', '\t'])('refuses %j as empty', (text) => {
		expect(parsePoints(text)).toEqual({ ok: false, reason: 'empty' });
	});

	it.each([
		'1.000,5',
		'9 9',
		'abc',
		'1e2',
		',5',
		'5,',
		'.5',
		'--1',
		'1,2,3',
		'0x10',
		'Infinity',
		'NaN',
		'½',
		'٣',
		'1 000',
		'99,5đ',
		'9999999999999999'
	])('refuses %j as not_a_number', (text) => {
		expect(parsePoints(text)).toEqual({ ok: false, reason: 'not_a_number' });
	});

	it.each(['99,555', '0,001', '1.000', '99,500'])('refuses %j as too_precise', (text) => {
		expect(parsePoints(text)).toEqual({ ok: false, reason: 'too_precise' });
	});

	it('reads the largest safe value and nothing beyond', () => {
		expect(parsePoints('90071992547409,91')).toEqual({ ok: true, value: Number.MAX_SAFE_INTEGER });
		expect(parsePoints('90071992547409,92')).toEqual({ ok: false, reason: 'not_a_number' });
	});
});

describe('sumPoints', () => {
	it('sums exactly', () => {
		expect(sumPoints([10, 20])).toBe(30);
		expect(sumPoints([])).toBe(0);
		expect(sumPoints(new Set([9950, -150]))).toBe(9800);
		expect(sumPoints(Array.from({ length: 1000 }, () => points(0.1)))).toBe(points(100));
	});

	it('refuses decimals passed by mistake', () => {
		expect(() => sumPoints([1, 0.5])).toThrow(RangeError);
		expect(() => sumPoints([Number.NaN])).toThrow(RangeError);
	});

	it('refuses a sum beyond the safe range', () => {
		expect(() => sumPoints([Number.MAX_SAFE_INTEGER, 1])).toThrow(RangeError);
	});
});
