import { sha256 } from '@oslojs/crypto/sha2';
import { encodeHexLowerCase } from '@oslojs/encoding';

// The record's bytes: JSON in one canonical form, so that the same record is always the same bytes, in any language
// that reads it back. Object keys sorted by their UTF-16 code units, no spaces, strings escaped as JSON.stringify
// escapes them (a lone surrogate as \udXXX), UTF-8. Numbers in a fixed form: an integer as its digits (points are
// integer hundredths, counts are integers); a number with decimals (only a statistics appendix holds any, as the
// source typed them) with at most 4 places and no trailing zeros. For integer-only data this is RFC 8785's form.
// Nothing else is accepted: a NaN, an infinity, a function, a Date throw rather than print one way here and another
// elsewhere. A key whose value is undefined is left out, as JSON leaves it out.

const MAX_PLACES = 4;

function number(n: number): string {
	if (!Number.isFinite(n)) throw new Error(`the record cannot hold the number ${n}`);
	if (Number.isInteger(n)) {
		if (!Number.isSafeInteger(n)) throw new Error(`the record cannot hold the integer ${n} exactly`);
		return String(n); // -0 prints "0"
	}
	if (Math.abs(n) >= 1e15) throw new Error(`the record cannot hold the number ${n} exactly`);
	const fixed = n.toFixed(MAX_PLACES).replace(/0+$/, '').replace(/\.$/, '');
	return fixed === '-0' ? '0' : fixed;
}

function write(value: unknown, out: string[]): void {
	if (value === null) out.push('null');
	else if (typeof value === 'boolean') out.push(value ? 'true' : 'false');
	else if (typeof value === 'number') out.push(number(value));
	else if (typeof value === 'string') out.push(JSON.stringify(value));
	else if (Array.isArray(value)) {
		out.push('[');
		value.forEach((item, i) => {
			if (i > 0) out.push(',');
			if (item === undefined) throw new Error('the record cannot hold an undefined item');
			write(item, out);
		});
		out.push(']');
	} else if (
		typeof value === 'object' &&
		(Object.getPrototypeOf(value) === Object.prototype || Object.getPrototypeOf(value) === null)
	) {
		const record = value as Record<string, unknown>;
		// Sorted by UTF-16 code units: the default sort of strings.
		const keys = Object.keys(record)
			.filter((k) => record[k] !== undefined)
			.sort();
		out.push('{');
		keys.forEach((key, i) => {
			if (i > 0) out.push(',');
			out.push(JSON.stringify(key), ':');
			write(record[key], out);
		});
		out.push('}');
	} else
		throw new Error(
			`the record cannot hold a ${typeof value === 'object' ? (value?.constructor?.name ?? 'object') : typeof value}`
		);
}

/** The canonical JSON text of a value (see above). */
export function canonicalJson(value: unknown): string {
	const out: string[] = [];
	write(value, out);
	return out.join('');
}

/** The canonical bytes of a value: its canonical JSON in UTF-8. */
export function canonicalBytes(value: unknown): Uint8Array {
	return new TextEncoder().encode(canonicalJson(value));
}

/** The seal: the SHA-256 of the bytes, in lower-case hex. */
export function bytesDigest(bytes: Uint8Array): string {
	return encodeHexLowerCase(sha256(bytes));
}
