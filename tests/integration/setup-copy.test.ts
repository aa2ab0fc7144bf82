// Copying a meeting to the next year, on a real SQLite file: the demo meeting's elections (run through the real
// ballot store) decide who chairs and who scores the copy.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { castVote, closeBallot, createDraft, openBallot } from '$lib/server/ballots/store';
import { ensureDemoParticipants } from '$lib/server/demo/demo-participants';
import { loadDemoIfEmpty } from '$lib/server/demo/load-demo';
import { setPhase } from '$lib/server/meetings/phase';
import { listParticipants } from '$lib/server/people/participants';
import { copyMeeting, loadMeetingSetup } from '$lib/server/setup/meetings';
import { loadTemplate } from '$lib/server/templates/store';
import { DIALECTS, temporaryDatabase, type TemporaryDatabase } from '../support/database';

// Every storage guarantee holds on both engines.
describe.each(DIALECTS)('on %s', (dialect) => {
	let database: TemporaryDatabase;
	let meetingId: number;
	const SLUGS = ['quang-ninh', 'son-la', 'lai-chau', 'lao-cai', 'lang-son', 'cao-bang', 'ha-giang', 'dien-bien'];

	async function elect(purpose: 'head' | 'vice_head', candidates: string[], seats: number, choose: string[]) {
		const draft = await createDraft(database.db, meetingId, {
			title: purpose,
			purpose,
			candidates,
			rules: { seats, maxChoices: seats }
		});
		if (!draft.ok) throw new Error(JSON.stringify(draft));
		expect(await openBallot(database.db, meetingId, draft.id, 1)).toEqual({ ok: true });
		for (const voter of SLUGS)
			expect((await castVote(database.db, meetingId, draft.id, voter, choose)).ok).toBe(true);
		const closed = await closeBallot(database.db, meetingId, draft.id, 1);
		if (!closed.ok) throw new Error(JSON.stringify(closed));
		expect([...closed.tally.elected].sort()).toEqual([...choose].sort());
	}

	beforeAll(async () => {
		database = await temporaryDatabase(dialect);
		meetingId = (await loadDemoIfEmpty(database.db))!;
		await ensureDemoParticipants(database.db, meetingId);
		const units = await database.db.selectFrom('units').select('slug').execute();
		expect(units.map((u) => u.slug).sort()).toEqual([...SLUGS].sort());
		expect(await setPhase(database.db, meetingId, 'voting')).toMatchObject({ ok: true });
		// 2021's meeting elects Lai Châu to chair 2022, with Sơn La and Hà Giang as vice-heads.
		await elect('head', ['lai-chau', 'son-la'], 1, ['lai-chau']);
		await elect('vice_head', ['son-la', 'ha-giang', 'quang-ninh'], 2, ['son-la', 'ha-giang']);
	});
	afterAll(async () => database.close());

	describe('copying the 2021 meeting to 2022', () => {
		it('starts in preparation with the same units, a copy of the criteria table and no scores', async () => {
			const { meetingId: copy } = await copyMeeting(database.db, meetingId, {
				title: 'Hội nghị tổng kết năm 2022',
				year: 2022,
				startsAt: '2022-11-20T08:00',
				location: '',
				callUrl: 'https://meet.google.com/xyz'
			});
			const setup = (await loadMeetingSetup(database.db, copy))!;
			const original = (await loadMeetingSetup(database.db, meetingId))!;
			expect(setup).toMatchObject({
				phase: 'preparation',
				year: 2022,
				copiedFrom: meetingId,
				criteriaCount: original.criteriaCount
			});
			expect(setup.unitIds.sort()).toEqual(original.unitIds.sort());
			const [before, after] = await Promise.all([
				loadTemplate(
					database.db,
					(
						await database.db
							.selectFrom('meetings')
							.select('template_id')
							.where('id', '=', meetingId)
							.executeTakeFirstOrThrow()
					).template_id
				),
				loadTemplate(
					database.db,
					(
						await database.db
							.selectFrom('meetings')
							.select('template_id')
							.where('id', '=', copy)
							.executeTakeFirstOrThrow()
					).template_id
				)
			]);
			expect(after).toEqual(before);
			const scores = await database.db
				.selectFrom('sheet_scores')
				.innerJoin('sheets', 'sheets.id', 'sheet_scores.sheet_id')
				.select('sheet_scores.points')
				.where('sheets.meeting_id', '=', copy)
				.execute();
			expect(scores).toEqual([]);
		});

		it('gives the head and vice-head seats to the units elected in 2021', async () => {
			const { meetingId: copy, succession } = await copyMeeting(database.db, meetingId, {
				title: 'Hội nghị tổng kết năm 2022 (bản 2)',
				year: 2022,
				startsAt: '2022-11-20T08:00',
				location: 'Lai Châu',
				callUrl: ''
			});
			const people = await listParticipants(database.db, copy);
			const roleOf = (name: string) => people.find((p) => p.displayName === name)?.role;
			expect(people.filter((p) => p.role === 'head').map((p) => p.unitName)).toEqual(['Lai Châu']);
			expect(
				people
					.filter((p) => p.role === 'vice_head')
					.map((p) => p.unitName)
					.sort()
			).toEqual(['Hà Giang', 'Sơn La']);
			expect(roleOf('Nguyễn Tiên Tăng')).toBe('head');
			expect(roleOf('Lò Thị Thúy Hà')).toBe('vice_head');
			expect(roleOf('Phạm Minh Đức')).toBe('observer');
			// Hà Giang had no scorer in 2021: its delegate takes the seat and the unit needs a new delegate.
			expect(roleOf('Lý Văn Thắng')).toBe('vice_head');
			const haGiang = (
				await database.db
					.selectFrom('units')
					.select('id')
					.where('slug', '=', 'ha-giang')
					.executeTakeFirstOrThrow()
			).id;
			expect(succession.unitsNeedingDelegate).toEqual([haGiang]);
			// Everyone of 2021 is still there, the host keeps hosting, each of the other units keeps its delegate.
			expect(people).toHaveLength((await listParticipants(database.db, meetingId)).length);
			expect(people.filter((p) => p.role === 'host')).toHaveLength(1);
			expect(people.filter((p) => p.role === 'delegate')).toHaveLength(7);
		});
	});
});
