import type { MeetingRecord } from '../record/types';
import type { Tally } from '../voting';
import type { DocumentLayout } from './layout';
import type { BallotCount, DocumentModel } from './model';
import { tiedRound } from './wording';

// What the documents are written from, read off the record: the same record the record page shows, stored at the
// close or built from the live board before it. Nothing is computed again here; only renamed for the writers.

export interface DocumentRendering {
	layout: DocumentLayout;
	/** The record's seal, once there is one. */
	digest: string | null;
	/** When the files are made (ISO). */
	madeAt: string;
}

/** A ballot's count in the minutes' terms: names beside the slugs, a round to hold again called a tie when it is one. */
export function ballotCount(tally: Tally, nameOf: (slug: string) => string): BallotCount {
	return {
		members: tally.members,
		cast: tally.cast,
		valid: tally.valid,
		invalid: tally.invalid,
		blank: tally.blank,
		quorumMet: tally.quorumMet,
		requiredVotes: tally.requiredVotes,
		thresholdBase: tally.thresholdBase,
		confirmation: tally.confirmation,
		results: tally.results.map((r) => ({
			slug: r.candidate,
			name: nameOf(r.candidate),
			votes: r.votes,
			elected: r.elected
		})),
		elected: [...tally.elected],
		outcome:
			tally.outcome.kind !== 'runoff'
				? tally.outcome.kind
				: tiedRound(tally.results, tally.outcome.candidates)
					? 'tie'
					: tally.outcome.reason
	};
}

export function documentModel(record: MeetingRecord, rendering: DocumentRendering): DocumentModel {
	const { meeting } = record;
	const names = new Map(record.summary.map((u) => [u.unit, u.name]));
	const nameOf = (slug: string) => names.get(slug) ?? slug;
	const titleOf = new Map(record.criteria.map((c) => [c.code, c.title]));
	return {
		layout: rendering.layout,
		draft: meeting.closedAt === null,
		year: meeting.year,
		superior: meeting.superior,
		cluster: meeting.cluster,
		clusterShortName: meeting.clusterShortName,
		meetingTitle: meeting.title,
		heldOn: meeting.heldOn,
		startsAt: meeting.startsAt,
		startedAt: meeting.startedAt,
		location: meeting.location,
		callUrl: meeting.callUrl,
		closedAt: meeting.closedAt,
		closedBy: meeting.closedBy,
		madeAt: rendering.madeAt,
		digest: rendering.digest,
		fields: record.documents,
		present: record.present,
		criteria: record.criteria,
		units: record.summary.map((u) => ({
			slug: u.unit,
			name: u.name,
			shortName: u.shortName,
			order: u.order,
			rank: u.rank,
			tied: u.tied,
			self: u.selfScore,
			cluster: u.clusterScore,
			deducted: u.deducted,
			reportedTotal: u.reportedTotal,
			mismatches: u.mismatches,
			reported: u.reported,
			items: u.items,
			sections: u.sections,
			deductions: u.deductions.map((d) => ({ ...d, criterionTitle: titleOf.get(d.criterion) ?? '' })),
			excesses: u.excesses ?? []
		})),
		ballots: record.ballots.map((b, index) => ({
			id: b.id,
			number: index + 1,
			title: b.title,
			purpose: b.purpose,
			round: b.round,
			secret: b.secret,
			candidates: b.candidates.map((slug) => ({ slug, name: nameOf(slug) })),
			seats: b.rules.seats,
			maxChoices: b.rules.maxChoices,
			quorum: b.rules.quorum,
			threshold: b.rules.threshold,
			committeeHead: b.committee.head,
			committeeMembers: b.committee.members,
			openedAt: b.openedAt,
			closedAt: b.closedAt,
			chairedBy: b.chairedBy,
			count: b.count ? ballotCount(b.count, nameOf) : null
		})),
		nominations: record.nominations.map((n) => ({ purpose: n.purpose, slug: n.unit, name: n.name })),
		statistics: record.statistics
	};
}
