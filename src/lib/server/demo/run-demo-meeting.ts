import { points } from '$lib/core/scoring';
import type { Purpose } from '$lib/core/vocabulary';
import { readAnswers, setAnswer } from '$lib/live/answers-doc';
import { answersDocumentName, scoringDocumentName } from '$lib/live/documents';
import { addDeduction, readDeductions, updateDeduction } from '$lib/live/scoring-doc';
import { castVote, closeBallot, createDraft, createRunoff, openBallot } from '../ballots/store';
import type { OpenedDatabase } from '../db/open';
import { openSyncStore } from '../sync/open-store';
import { personLine } from '$lib/core/documents';
import { saveDocumentFields, EMPTY_FIELDS } from '../documents/fields';
import type { LiveState } from '../documents/model';
import { setPhase } from '../meetings/phase';
import { closeMeeting } from '../record/close-meeting';
import { createSyncHub } from '../sync';
import { DEMO_FIELDS } from './demo-documents';
import { demo, loadDemoIfEmpty } from './load-demo';
import { ensureDemoParticipants } from './demo-participants';

// The demo meeting played to its end on a fresh database, as the board would play it: the 2021 deductions written
// into the live scoring document by the head and vice-heads, one unit's answer, the ballots voted by the units'
// delegates (with the merit ballot tied in its first round), and the close. For `npm run docs:demo` and the tests.

const at = (localTime: string) => new Date(`2021-11-15T${localTime}:00+07:00`);

export interface DemoRun {
	meetingId: number;
	/** The live documents as they stood just before the close (the draft documents are made from them). */
	live: LiveState;
}

async function people(opened: OpenedDatabase, meetingId: number) {
	const rows = await opened.db
		.selectFrom('participants')
		.innerJoin('users', 'users.id', 'participants.user_id')
		.leftJoin('units', 'units.id', 'participants.unit_id')
		.select(['users.id', 'users.display_name as name', 'users.position', 'participants.role', 'units.slug'])
		.where('participants.meeting_id', '=', meetingId)
		.execute();
	const find = (role: string, slug?: string) =>
		rows.find((r) => r.role === role && (slug === undefined || r.slug === slug))!;
	/** A unit's delegate as a committee names them: "Họ và tên, chức vụ". */
	const delegateLine = (slug: string) =>
		personLine({ name: find('delegate', slug).name, position: find('delegate', slug).position ?? '' });
	return { find, delegateLine };
}

export async function runDemoMeeting(opened: OpenedDatabase, options: { close: boolean }): Promise<DemoRun> {
	const { db } = opened;
	const meetingId = await loadDemoIfEmpty(db);
	if (meetingId === undefined) throw new Error('the demo meeting needs an empty database');
	await ensureDemoParticipants(db, meetingId);
	const { find, delegateLine } = await people(opened, meetingId);
	const head = find('head');
	const standing = find('vice_head', demo.meeting.roles_2021.standing_vice_head);
	const host = find('host');

	const fields = {
		...EMPTY_FIELDS,
		...DEMO_FIELDS,
		minutesNumber: '75',
		issuedOn: '2021-11-15',
		secretaryName: host.name,
		secretaryOffice: host.position ?? ''
	};
	await saveDocumentFields(db, meetingId, fields, host.id);

	// A server-side hub: nobody connects; the server's own writes are logged like any other.
	const hub = createSyncHub({
		store: openSyncStore(opened),
		authorize: async () => ({ ok: false, status: 403, message: 'server only' }),
		log: () => {}
	});
	try {
		const scoringName = scoringDocumentName(meetingId);
		let minute = 0;
		const written: { id: string; unit: string }[] = [];
		for (const [index, unit] of demo.units.entries()) {
			for (const d of unit.deductions_2021) {
				const author = index % 2 === 0 ? head : standing;
				minute += 3;
				const time = at(`08:${String(10 + minute).padStart(2, '0')}`);
				const id = await hub.applyServerChange(scoringName, (scoring) =>
					addDeduction(
						scoring,
						{ unit: unit.slug, criterion: d.item, points: points(d.points), reason: d.reason },
						{ id: author.id, name: author.name },
						time
					)
				);
				written.push({ id, unit: unit.slug });
			}
		}
		// The standing vice-head settles the wording of one deduction: the minutes name both author and editor.
		const edited = written.find((w) => w.unit === 'ha-giang');
		if (edited) {
			await hub.applyServerChange(scoringName, (scoring) => {
				const current = readDeductions(scoring).find((d) => d.id === edited.id)!;
				updateDeduction(
					scoring,
					edited.id,
					{ reason: current.reason },
					{ id: standing.id, name: standing.name },
					at('09:05')
				);
			});
			const delegate = find('delegate', 'ha-giang');
			await hub.applyServerChange(answersDocumentName(meetingId, 'ha-giang'), (answers) =>
				setAnswer(
					answers,
					edited.id,
					'Đơn vị thống nhất với ý kiến của Cụm.',
					{ id: delegate.id, name: delegate.name },
					at('09:10')
				)
			);
		}

		const moved = await setPhase(db, meetingId, 'voting');
		if (!moved.ok) throw new Error('the demo meeting did not move to voting');
		const units = demo.units.map((u) => u.slug);
		// The vote-counting committee: delegates of units that are not candidates in the ballot.
		const committeeFor = (candidates: string[]) => {
			const free = ['ha-giang', 'dien-bien', 'cao-bang', 'quang-ninh']
				.filter((u) => !candidates.includes(u))
				.slice(0, 3);
			return { head: delegateLine(free[0]!), members: free.slice(1).map(delegateLine) };
		};
		const counted: number[] = [];
		const vote = async (
			title: string,
			purpose: Purpose,
			candidates: string[],
			choose: (unit: string) => string[],
			opensAt: string,
			closesAt: string,
			seats = 1
		) => {
			const created = await createDraft(
				db,
				meetingId,
				{
					title,
					purpose,
					candidates,
					rules: { seats, maxChoices: seats },
					committee: committeeFor(candidates)
				},
				at(opensAt)
			);
			if (!created.ok) throw new Error(`demo ballot ${title}`);
			return runBallot(created.id, choose, opensAt, closesAt);
		};
		const runBallot = async (
			ballotId: number,
			choose: (unit: string) => string[],
			opensAt: string,
			closesAt: string
		) => {
			const opening = await openBallot(db, meetingId, ballotId, head.id, at(opensAt));
			if (!opening.ok) throw new Error(`demo ballot ${ballotId} did not open: ${JSON.stringify(opening.error)}`);
			for (const unit of units) {
				const cast = await castVote(db, meetingId, ballotId, unit, choose(unit));
				if (!cast.ok) throw new Error(`demo vote of ${unit}: ${JSON.stringify(cast.error)}`);
			}
			const closing = await closeBallot(db, meetingId, ballotId, head.id, at(closesAt));
			if (!closing.ok) throw new Error(`demo ballot ${ballotId} did not close`);
			counted.push(ballotId);
			return ballotId;
		};
		// Flag: 7 of 8 for the first unit (it may not choose itself).
		await vote(
			'Suy tôn đơn vị đề nghị tặng Cờ thi đua',
			'flag',
			['quang-ninh', 'son-la', 'lai-chau'],
			(u) => (u === 'quang-ninh' ? ['son-la'] : ['quang-ninh']),
			'10:00',
			'10:10'
		);
		// Merit: the two units tied on 98 tie again, 4 to 4; the run-off decides.
		const split = new Set(['son-la', 'lao-cai', 'lang-son', 'cao-bang']);
		const merit = await vote(
			'Đề nghị tặng Bằng khen',
			'merit',
			['son-la', 'lai-chau'],
			(u) =>
				split.has(u)
					? u === 'son-la'
						? ['lai-chau']
						: ['son-la']
					: u === 'lai-chau'
						? ['son-la']
						: ['lai-chau'],
			'10:12',
			'10:20'
		);
		const runoff = await createRunoff(db, meetingId, merit, at('10:21'));
		if (!runoff.ok) throw new Error('demo run-off');
		await runBallot(
			runoff.id,
			(u) => (u === 'son-la' || u === 'quang-ninh' || u === 'dien-bien' ? ['lai-chau'] : ['son-la']),
			'10:22',
			'10:30'
		);
		await vote(
			'Bầu đơn vị Cụm trưởng năm 2022',
			'head',
			['lai-chau', 'lao-cai'],
			(u) => (u === 'lai-chau' ? ['lao-cai'] : ['lai-chau']),
			'10:32',
			'10:40'
		);
		await vote(
			'Bầu đơn vị Cụm phó năm 2022',
			'vice_head',
			['lao-cai', 'lang-son', 'cao-bang'],
			(u) =>
				u === 'lao-cai'
					? ['lang-son', 'cao-bang']
					: u === 'lang-son'
						? ['lao-cai', 'cao-bang']
						: ['lao-cai', 'lang-son'],
			'10:42',
			'10:50',
			2
		);

		// Each vote count its own number, taken before the minutes' (75) and the report's (76): 70 to 74.
		const countNumbers = Object.fromEntries(counted.map((id, i) => [String(id), String(75 - counted.length + i)]));
		await saveDocumentFields(db, meetingId, { ...fields, countNumbers }, host.id);

		const live: LiveState = { deductions: readDeductions(await hub.getDocument(scoringName)), answers: new Map() };
		for (const u of units)
			for (const [id, a] of readAnswers(await hub.getDocument(answersDocumentName(meetingId, u))))
				live.answers.set(id, a);

		if (options.close) await closeDemoMeeting(opened, meetingId);
		return { meetingId, live };
	} finally {
		await hub.close();
	}
}

/** The head closes the demo meeting at 11:00; the live documents are read back from the durable log. */
export async function closeDemoMeeting(opened: OpenedDatabase, meetingId: number): Promise<void> {
	const { find } = await people(opened, meetingId);
	const hub = createSyncHub({
		store: openSyncStore(opened),
		authorize: async () => ({ ok: false, status: 403, message: 'server only' }),
		log: () => {}
	});
	try {
		const closed = await closeMeeting(opened.db, hub, meetingId, find('head').id, at('11:00'));
		if (!closed.ok) throw new Error(`the demo meeting did not close: ${closed.reason}`);
	} finally {
		await hub.close();
	}
}
