import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { documentModel } from '$lib/core/documents';
import {
	buildMeetingRecord,
	bytesDigest,
	canonicalJson,
	readRecord,
	recordBytes,
	recordCitation,
	type RecordInput
} from '$lib/core/record';
import { templateFromInput } from '$lib/core/scoring';
import { SMALL_RECORD } from './fixture';

// The record's bytes are its authority: the same record always gives the same bytes, and a record once stored is
// read back as it was. These tests pin the bytes of a fixed record, so any change to the serialisation fails here.

const text = (bytes: Uint8Array) => new TextDecoder().decode(bytes);

describe('the record’s bytes', () => {
	it('are exactly these for a fixed record (its SHA-256 pins every byte)', () => {
		const bytes = recordBytes(SMALL_RECORD);
		expect(bytes.length).toBe(4710);
		expect(text(bytes).slice(0, 120)).toBe(
			'{"ballots":[{"candidates":["yen-bai","tuyen-quang"],"chairedBy":"Nguyễn Văn Á","closedAt":"2025-12-15T03:10:00.000Z","co'
		);
		expect(text(bytes)).toContain(
			'"situation":"Dòng một\\nDòng hai","tasks":""},"files":[{"caption":"","format":"docx","items":[],"kind":"report","name":"Báo cáo tự kiểm tra.docx","sentAt":"2025-12-01T02:30:00.000Z","sentBy":"Trần Thị Bê",'
		);
		expect(text(bytes)).toContain(
			'"items":["I.1","I.2"],"kind":"evidence","name":"Quyết định 12.pdf","sentAt":"2025-12-01T02:35:00.000Z","sentBy":"Trần Thị Bê","sha256":"0f1e2d3c4b5a69788796a5b4c3d2e1f00112233445566778899aabbccddeeff0","size":734211,"unit":"yen-bai"}],"format":2,"meeting":{"callUrl":null,'
		);
		expect(text(bytes)).toContain('"values":[12,109.1]');
		expect(text(bytes)).toContain(
			'"documents":{"absent":[1],"activities":"","assessment":"","basis":"Căn cứ Kế hoạch số 01/KH-CTĐ","causes":"","chairName"'
		);
		expect(text(bytes)).toContain(
			'"mismatches":[{"code":"total","computed":950,"reported":975}],"name":"Sở Nội vụ tỉnh Tuyên Quang","order":2,"rank":2,"reported":{"total":975},"reportedTotal":975'
		);
		expect(text(bytes)).toContain(
			'"countNumbers":{"1":"13"},"difficulties":"","direction":"","issuedOn":"2025-12-15","issuer":"CTĐ"'
		);
		expect(text(bytes)).toContain('{"absent":true,"id":1,"name":"Lê Văn Cê"');
		expect(text(bytes).endsWith('"shortName":"Tuyên Quang","tied":false,"unit":"tuyen-quang"}]}')).toBe(true);
		expect(bytesDigest(bytes)).toBe('ad3509c1b738d204acd41bf9a14d2fefed4830f1b34d261bebdcf88869cd1502');
		// The seal is the plain SHA-256 of the bytes: anyone can check it with any tool.
		expect(createHash('sha256').update(bytes).digest('hex')).toBe(
			'ad3509c1b738d204acd41bf9a14d2fefed4830f1b34d261bebdcf88869cd1502'
		);
	});

	it('read back to the same record, which gives the same bytes again', () => {
		const bytes = recordBytes(SMALL_RECORD);
		const read = readRecord(bytes);
		expect(read).toEqual(SMALL_RECORD);
		expect(recordBytes(read)).toEqual(bytes);
	});

	it('do not depend on the order the keys were written in', () => {
		fc.assert(
			fc.property(
				fc.dictionary(fc.string(), fc.oneof(fc.integer(), fc.string(), fc.boolean(), fc.constant(null))),
				(object) => {
					const reversed = Object.fromEntries(Object.entries(object).reverse());
					expect(canonicalJson(reversed)).toBe(canonicalJson(object));
					expect(JSON.parse(canonicalJson(object))).toEqual(object);
				}
			)
		);
	});

	it('write numbers in one fixed form and refuse those that have none', () => {
		expect(canonicalJson({ b: 1, a: [-0, 9750, 109.1, 0.1 + 0.2, 2.50001, -1.5] })).toBe(
			'{"a":[0,9750,109.1,0.3,2.5,-1.5],"b":1}'
		);
		for (const bad of [Number.NaN, Number.POSITIVE_INFINITY, 2 ** 60, 1e16 + 0.5])
			expect(() => canonicalJson({ n: bad })).toThrow();
		expect(() => canonicalJson({ when: new Date(0) })).toThrow();
		expect(() => canonicalJson([undefined])).toThrow();
		expect(canonicalJson({ gone: undefined, kept: null })).toBe('{"kept":null}');
	});

	it('hold any text, escaped as JSON escapes it, in UTF-8', () => {
		const value = { s: 'Điện Biên\u000B"\\\ud800' };
		const bytes = recordBytes(value as never);
		expect(text(bytes)).toBe('{"s":"Điện Biên\\u000b\\"\\\\\\ud800"}');
		expect(JSON.parse(text(bytes))).toEqual(value);
	});

	it('of format 1 (no files were kept then) read as a record with no files, the bytes untouched', () => {
		const { files: _files, ...earlier } = { ...SMALL_RECORD, format: 1 };
		const bytes = canonicalJson(earlier);
		expect(readRecord(new TextEncoder().encode(bytes))).toEqual({ ...SMALL_RECORD, files: [] });
	});

	it('are refused as a record when they are not one of its format', () => {
		expect(() => readRecord(new TextEncoder().encode('{"format":3}'))).toThrow();
		expect(() => readRecord(new TextEncoder().encode('[1]'))).toThrow();
		expect(() => readRecord(new Uint8Array([0x7b, 0xff, 0x7d]))).toThrow();
	});

	it('are sealed by a digest that any change of one byte breaks', () => {
		const bytes = recordBytes(SMALL_RECORD);
		const changed = new Uint8Array(bytes);
		changed[100] = changed[100]! ^ 1;
		expect(bytesDigest(changed)).not.toBe(bytesDigest(bytes));
	});
});

describe('the record built from the board', () => {
	const template = templateFromInput({
		name: 'Bảng tiêu chí',
		total: 10,
		step: 0.25,
		items: [
			{
				code: 'I',
				title: 'Công tác chuyên môn',
				children: [
					{ code: 'I.1', title: 'Hoàn thành kế hoạch', max: 6 },
					{ code: 'I.2', title: 'Chấp hành chế độ báo cáo', max: 4 }
				]
			}
		]
	});
	if (!template.ok) throw new Error('template');
	const input: RecordInput = {
		meeting: { ...SMALL_RECORD.meeting, closedAt: null, closedBy: null },
		template: template.template,
		excessNotes: [],
		files: [],
		units: [
			{
				slug: 'tuyen-quang',
				name: 'Sở Nội vụ tỉnh Tuyên Quang',
				shortName: 'Tuyên Quang',
				sheet: { scores: { 'I.1': 550, 'I.2': 400 }, reported: { total: 975 } }
			},
			{
				slug: 'yen-bai',
				name: 'Sở Nội vụ tỉnh Yên Bái',
				shortName: 'Yên Bái',
				sheet: { scores: { 'I.1': 600, 'I.2': 400 }, reported: { total: 1000 } }
			}
		],
		deductions: [{ ...SMALL_RECORD.summary[1]!.deductions[0]!, unit: 'tuyen-quang' }],
		ballots: SMALL_RECORD.ballots,
		nominations: [],
		participants: [
			{
				id: 1,
				absent: false,
				name: 'Lê Văn Cê',
				position: null,
				unit: 'Sở Nội vụ tỉnh Tuyên Quang',
				role: 'delegate',
				unitOrder: 1
			},
			{
				id: 2,
				absent: false,
				name: 'Phạm Thư Ký',
				position: 'Chuyên viên',
				unit: null,
				role: 'host',
				unitOrder: null
			},
			{
				id: 3,
				absent: false,
				name: 'Nguyễn Văn Á',
				position: 'Giám đốc',
				unit: 'Sở Nội vụ tỉnh Yên Bái',
				role: 'head',
				unitOrder: 2
			}
		],
		fields: { ...SMALL_RECORD.documents, issuedOn: '', secretaryName: '', secretaryOffice: '' },
		statistics: SMALL_RECORD.statistics
	};

	it('ranks the units, scores every item and section, and checks each unit’s own arithmetic', () => {
		const record = buildMeetingRecord(input);
		expect(record.summary).toEqual(SMALL_RECORD.summary);
		expect(record.criteria).toEqual(SMALL_RECORD.criteria);
	});

	it('lists the people head first and fills the documents’ empty chair, secretary and date from them', () => {
		const record = buildMeetingRecord(input);
		expect(record.present.map((p) => p.role)).toEqual(['head', 'host', 'delegate']);
		// The documents' absent list marks the delegate absent; the head and host, who attended, stand in.
		expect(record.present.map((p) => p.absent)).toEqual([false, false, true]);
		expect(record.documents).toMatchObject({
			issuedOn: '2025-12-15',
			chairName: 'Nguyễn Văn Á',
			secretaryName: 'Phạm Thư Ký',
			secretaryOffice: 'Chuyên viên'
		});
	});
});

describe('a deduction’s citation in the record', () => {
	const sha256 = 'ab'.repeat(32);
	const withCitation = {
		...SMALL_RECORD,
		summary: SMALL_RECORD.summary.map((u) => ({
			...u,
			deductions: u.deductions.map((d) => ({
				...d,
				...recordCitation(sha256, ' Quyết định số 12 chỉ ghi phối hợp ', new Map([[sha256, 'QĐ 12.pdf']]))
			}))
		}))
	};

	it('is written into the deduction as these bytes, and read back as it was', () => {
		const bytes = recordBytes(withCitation);
		expect(text(bytes)).toContain(
			`"author":"Nguyễn Văn Á","citation":{"file":{"name":"QĐ 12.pdf","sha256":"${sha256}"},"text":"Quyết định số 12 chỉ ghi phối hợp"},"criterion":"I.1"`
		);
		expect(readRecord(bytes)).toEqual(withCitation);
	});

	it('leaves the deduction as older records wrote it when it cites nothing: those bytes do not change', () => {
		expect(recordCitation(null, '  ', new Map())).toEqual({});
		expect(recordBytes({ ...withCitation, summary: SMALL_RECORD.summary })).toEqual(recordBytes(SMALL_RECORD));
		expect(text(recordBytes(SMALL_RECORD))).not.toContain('citation');
	});

	it('keeps a text alone, and the digest of a file whose name the meeting no longer knows', () => {
		expect(recordCitation(null, 'Biên bản nghiệm thu', new Map())).toEqual({
			citation: { text: 'Biên bản nghiệm thu' }
		});
		expect(recordCitation(sha256, '', new Map())).toEqual({ citation: { text: '', file: { sha256, name: '' } } });
	});
});

describe('the documents’ model of a record', () => {
	it('is read off the record: the same scores, reasons with their criterion, counts with names, a tied round called a tie', () => {
		const model = documentModel(SMALL_RECORD, {
			layout: 'state',
			digest: 'abc',
			madeAt: '2025-12-16T00:00:00.000Z'
		});
		expect(model.draft).toBe(false);
		expect(model.units.map((u) => [u.slug, u.self, u.cluster, u.deducted, u.rank])).toEqual([
			['yen-bai', 1000, 1000, 0, 1],
			['tuyen-quang', 950, 900, 50, 2]
		]);
		expect(model.units[1]!.deductions[0]).toMatchObject({
			criterion: 'I.1',
			criterionTitle: 'Hoàn thành kế hoạch',
			points: 50,
			updatedBy: 'Trần Thị Bê'
		});
		expect(model.units[1]!.reportedTotal).toBe(975);
		expect(model.units[1]!.reported).toEqual({ total: 975 });
		const ballot = model.ballots[0]!;
		expect(ballot).toMatchObject({
			id: SMALL_RECORD.ballots[0]!.id,
			number: 1,
			committeeHead: 'Trần Thị Bê',
			committeeMembers: ['Lê Văn Cê'],
			seats: 1,
			quorum: 2
		});
		expect(ballot.candidates).toEqual([
			{ slug: 'yen-bai', name: 'Sở Nội vụ tỉnh Yên Bái' },
			{ slug: 'tuyen-quang', name: 'Sở Nội vụ tỉnh Tuyên Quang' }
		]);
		expect(ballot.count).toMatchObject({
			members: 2,
			cast: 2,
			valid: 2,
			requiredVotes: 2,
			thresholdBase: 2,
			outcome: 'tie',
			elected: []
		});
		expect(ballot.count!.results.map((r) => [r.name, r.votes])).toEqual([
			['Sở Nội vụ tỉnh Yên Bái', 1],
			['Sở Nội vụ tỉnh Tuyên Quang', 1]
		]);
		expect(model.fields).toBe(SMALL_RECORD.documents);
		expect(model.statistics).toBe(SMALL_RECORD.statistics);
	});

	it('is a draft while the record has no close', () => {
		const open = { ...SMALL_RECORD, meeting: { ...SMALL_RECORD.meeting, closedAt: null, closedBy: null } };
		expect(documentModel(open, { layout: 'party', digest: null, madeAt: '2025-12-15T02:00:00.000Z' }).draft).toBe(
			true
		);
	});
});
