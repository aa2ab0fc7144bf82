import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { XMLValidator } from 'fast-xml-parser';
import {
	PASTED_TABLE_FIELDS,
	readText,
	readTexts,
	TEXT_KINDS,
	unwritableChar,
	writableDeep,
	writableText
} from '$lib/core/text';

// Text that cannot break a document: what XML 1.0 does not allow is found and normalised, and every kind of form
// text has its bound.

const inXml = (text: string) =>
	XMLValidator.validate(`<t>${text.replace(/&/g, '&amp;').replace(/</g, '&lt;')}</t>`) === true;

describe('unwritableChar and writableText', () => {
	it.each([
		['\u000B', 'U+000B'],
		['\u0000', 'U+0000'],
		['\u0008', 'U+0008'],
		['\u000C', 'U+000C'],
		['\u001F', 'U+001F'],
		['\uFFFE', 'U+FFFE'],
		['\uFFFF', 'U+FFFF'],
		['\uD800', 'U+D800'],
		['a\uDC00b', 'U+DC00']
	])('finds %j', (char, name) => {
		expect(unwritableChar(`Lý do${char} trừ`)).toBe(name);
		expect(unwritableChar(writableText(`Lý do${char} trừ`))).toBeNull();
	});

	it('keeps tab, line feed, carriage return, Vietnamese and characters beyond the BMP', () => {
		const text = 'Mục II,\tphần 2.2\r\nTrường Chính trị tỉnh Đắk Lắk 😀 𠀋';
		expect(unwritableChar(text)).toBeNull();
		expect(writableText(text)).toBe(text);
	});

	it('turns Word’s line and page breaks into a new line and drops the rest', () => {
		expect(writableText('dòng một\u000Bdòng hai\u000Cdòng ba')).toBe('dòng một\ndòng hai\ndòng ba');
		expect(writableText('a\u0000b\u0007c\uFFFEd\uD800e')).toBe('abcde');
	});

	it('always gives text an XML 1.0 parser accepts, and changes nothing that was writable', () => {
		fc.assert(
			fc.property(fc.string({ unit: 'binary' }), (text) => {
				const clean = writableText(text);
				expect(unwritableChar(clean)).toBeNull();
				expect(inXml(clean)).toBe(true);
				expect(writableText(clean)).toBe(clean);
			}),
			{ numRuns: 2000 }
		);
	});

	it('cleans every string of a model, and nothing else', () => {
		const when = new Date(0);
		const model = {
			a: 'x\u000By',
			list: ['\u0001', 2],
			nested: { map: new Map([['k\u0002', 'v\u0003']]), when, nothing: null }
		};
		expect(writableDeep(model)).toEqual({
			a: 'x\ny',
			list: ['', 2],
			nested: { map: new Map([['k', 'v']]), when, nothing: null }
		});
		expect(writableDeep(model).nested.when).toBe(when);
	});
});

describe('readText: the rules of form fields', () => {
	it('bounds names at 200 characters, titles at 500, narratives at 20,000', () => {
		expect(TEXT_KINDS.name.max).toBe(200);
		expect(TEXT_KINDS.title.max).toBe(500);
		expect(TEXT_KINDS.narrative.max).toBe(20_000);
		expect(readText('ă'.repeat(200), 'name')).toEqual({ ok: true, value: 'ă'.repeat(200) });
		expect(readText('ă'.repeat(201), 'name')).toEqual({ ok: false, max: 200, length: 201 });
		expect(readText('x'.repeat(5_000_000), 'name')).toEqual({ ok: false, max: 200, length: 5_000_000 });
		expect(readText('t'.repeat(1_000_000), 'title')).toMatchObject({ ok: false, max: 500 });
		expect(readText('n'.repeat(20_000), 'narrative')).toMatchObject({ ok: true });
		expect(readText('n'.repeat(20_001), 'narrative')).toMatchObject({ ok: false, max: 20_000 });
	});

	it('counts characters as people do: a character beyond the BMP is one', () => {
		expect(readText('😀'.repeat(200), 'name')).toMatchObject({ ok: true });
	});

	it('makes a one-line field one line (Word’s Shift+Enter included) and keeps a narrative’s lines', () => {
		expect(readText('  Nguyễn\u000BVăn\r\n  A\u0000 ', 'name')).toEqual({ ok: true, value: 'Nguyễn Văn A' });
		expect(readText('Đoạn một\u000BĐoạn hai\r\nĐoạn ba\u0007', 'narrative')).toEqual({
			ok: true,
			value: 'Đoạn một\nĐoạn hai\nĐoạn ba'
		});
		expect(readText(null, 'name')).toEqual({ ok: true, value: '' });
		expect(readText(new Blob(['x']), 'name')).toEqual({ ok: true, value: '' });
	});

	it('reads a form’s fields at once and names every field too long', () => {
		const form = new FormData();
		form.set('name', 'x'.repeat(300));
		form.set('position', 'Hiệu trưởng\u000B');
		const read = readTexts(form, { name: 'name', position: 'short', phone: 'short' });
		expect(read.values).toEqual({ name: '', position: 'Hiệu trưởng', phone: '' });
		expect(read.problems).toEqual([{ field: 'name', max: 200, length: 300 }]);
	});
});

describe('a pasted table', () => {
	it('reads Word’s line break inside a cell as a space, not a new row', () => {
		expect(PASTED_TABLE_FIELDS.has('list')).toBe(true);
		expect(PASTED_TABLE_FIELDS.has('text')).toBe(true);
		expect(writableText('Sở Nội vụ\u000Btỉnh Sơn La\tSơn La\nHọc viện\u0001', ' ')).toBe(
			'Sở Nội vụ tỉnh Sơn La\tSơn La\nHọc viện'
		);
		expect(writableDeep([['a\u000Bb', 1]], ' ')).toEqual([['a b', 1]]);
	});
});
