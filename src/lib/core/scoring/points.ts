/**
 * A score as an integer number of hundredths of a point: 99,5 → 9950. Exact for half points and any step.
 *
 * Scores are kept as integers so that sums never drift (0,1 + 0,2 is 30, not 0,30000000000000004);
 * decimals exist only at the edges (JSON in, text in, text out).
 */
export type Points = number;

export const POINT_SCALE = 100;

/** Float noise allowed when converting a decimal, relative to the size of the value. */
const RELATIVE_TOLERANCE = 1e-9;

/** Decimal → Points. Throws RangeError unless the decimal is a whole number of hundredths (up to float noise). */
export function points(decimal: number): Points {
	if (!Number.isFinite(decimal)) throw new RangeError(`points: not a finite number: ${decimal}`);
	const scaled = decimal * POINT_SCALE;
	const rounded = Math.round(scaled);
	if (Math.abs(scaled - rounded) > RELATIVE_TOLERANCE * Math.max(1, Math.abs(scaled))) {
		throw new RangeError(`points: not a whole number of hundredths: ${decimal}`);
	}
	if (!Number.isSafeInteger(rounded)) throw new RangeError(`points: out of range: ${decimal}`);
	return rounded === 0 ? 0 : rounded; // no -0
}

function assertPoints(p: Points, where: string): void {
	if (!Number.isSafeInteger(p)) throw new RangeError(`${where}: not a Points value (integer hundredths): ${p}`);
}

/** Points → decimal, for JSON out. */
export function toDecimal(p: Points): number {
	assertPoints(p, 'toDecimal');
	return p === 0 ? 0 : p / POINT_SCALE;
}

/**
 * Points → text, built from the integer (not from a float's toString) so it is exact:
 * vi "99,5", en "99.5"; no thousands separators, no trailing zeros.
 */
export function formatPoints(p: Points, locale: 'vi' | 'en'): string {
	assertPoints(p, 'formatPoints');
	const sign = p < 0 ? '-' : '';
	const abs = Math.abs(p);
	const fraction = abs % POINT_SCALE;
	const whole = (abs - fraction) / POINT_SCALE;
	if (fraction === 0) return `${sign}${whole}`;
	const digits = String(fraction).padStart(2, '0').replace(/0+$/, '');
	return `${sign}${whole}${locale === 'vi' ? ',' : '.'}${digits}`;
}

export type PointsParseFailure = 'empty' | 'not_a_number' | 'too_precise';

/*
 * Accepted: optional sign ("-", "+" or "−" U+2212), digits, then optionally one decimal separator ("," or ".")
 * followed by digits; digits are required on both sides of the separator (",5" and "5," are refused).
 * At most two decimals: "99,555" and also "1.000" are too_precise, so a Vietnamese thousands separator can
 * never be silently read as a decimal point. Surrounding whitespace is ignored. Values beyond the safe
 * integer range are not_a_number.
 */
const POINTS_TEXT = /^([+\-\u2212]?)(\d+)(?:[.,](\d+))?$/;

/** Text → Points, string-based (no parseFloat), so "99,5" is exactly 9950. */
export function parsePoints(text: string): { ok: true; value: Points } | { ok: false; reason: PointsParseFailure } {
	const trimmed = text.trim();
	if (trimmed === '') return { ok: false, reason: 'empty' };
	const match = POINTS_TEXT.exec(trimmed);
	if (!match) return { ok: false, reason: 'not_a_number' };
	const [, sign = '', wholeDigits = '', fractionDigits = ''] = match;
	if (fractionDigits.length > 2) return { ok: false, reason: 'too_precise' };
	const whole = Number(wholeDigits);
	const fraction = Number(fractionDigits.padEnd(2, '0'));
	if (whole > Math.floor(Number.MAX_SAFE_INTEGER / POINT_SCALE)) return { ok: false, reason: 'not_a_number' };
	const magnitude = whole * POINT_SCALE + fraction;
	if (!Number.isSafeInteger(magnitude)) return { ok: false, reason: 'not_a_number' };
	const value = sign === '' || sign === '+' || magnitude === 0 ? magnitude : -magnitude;
	return { ok: true, value };
}

/** Exact sum. Throws RangeError if a value is not integer hundredths (e.g. a decimal passed by mistake). */
export function sumPoints(values: Iterable<Points>): Points {
	let total = 0;
	for (const value of values) {
		assertPoints(value, 'sumPoints');
		total += value;
	}
	assertPoints(total, 'sumPoints');
	return total;
}
