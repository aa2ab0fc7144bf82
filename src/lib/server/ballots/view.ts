import type { Tally, Turnout } from '$lib/core/voting';
import type { DB } from '../db/open';
import { ballotTally, ballotTurnout, listBallots, publishedPapers, type StoredBallot } from './store';

export interface BallotView extends StoredBallot {
	turnout: Turnout | undefined;
	tally: Tally | undefined;
	papers: { receipt: string; choices: string[]; against: string[]; voter: string | null }[];
	/** Whether the viewer's own unit has voted in it. */
	myUnitVoted: boolean;
	/** Who chaired it: who closed it, else who opened it. */
	chairName: string | null;
}

/** Every ballot of a meeting as the ballots page shows it: turnout while open, the count and papers once closed. */
export async function ballotViews(db: DB, meetingId: number, myUnitId: number | null): Promise<BallotView[]> {
	const views: BallotView[] = [];
	for (const stored of await listBallots(db, meetingId)) {
		const id = Number(stored.ballot.id);
		const closed = stored.ballot.status === 'closed';
		const mine =
			myUnitId !== null &&
			(await db
				.selectFrom('ballot_voters')
				.select('unit_id')
				.where('ballot_id', '=', id)
				.where('unit_id', '=', myUnitId)
				.executeTakeFirst()) !== undefined;
		const chairId = stored.closedBy ?? stored.openedBy;
		const chair =
			chairId === null
				? undefined
				: await db.selectFrom('users').select('display_name').where('id', '=', chairId).executeTakeFirst();
		views.push({
			...stored,
			turnout: stored.ballot.status === 'draft' ? undefined : await ballotTurnout(db, meetingId, id),
			tally: closed ? await ballotTally(db, meetingId, id) : undefined,
			papers: closed ? ((await publishedPapers(db, meetingId, id)) ?? []) : [],
			myUnitVoted: mine,
			chairName: chair?.display_name ?? null
		});
	}
	return views;
}
