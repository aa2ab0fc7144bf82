import type { MeetingBoard } from '$lib/board/types';
import type { DB } from '../db/open';
import type { MeetingPhase } from '../db/schema';

export type { MeetingBoard, MeetingUnit } from '$lib/board/types';
import { loadTemplate } from '../templates/store';

export interface MeetingListing {
	id: number;
	title: string;
	year: number;
	heldOn: string;
	phase: MeetingPhase;
	clusterName: string;
	unitCount: number;
}

export async function listMeetings(db: DB): Promise<MeetingListing[]> {
	const rows = await db
		.selectFrom('meetings')
		.innerJoin('clusters', 'clusters.id', 'meetings.cluster_id')
		.leftJoin('sheets', 'sheets.meeting_id', 'meetings.id')
		.select((eb) => [
			'meetings.id',
			'meetings.title',
			'meetings.year',
			'meetings.held_on',
			'meetings.phase',
			'clusters.name as cluster_name',
			eb.fn.count<number>('sheets.id').as('unit_count')
		])
		// Every column that is not aggregated: PostgreSQL, unlike SQLite, refuses a bare column of a joined table.
		.groupBy(['meetings.id', 'clusters.name'])
		.orderBy('meetings.held_on', 'desc')
		.execute();
	return rows.map((r) => ({
		id: r.id,
		title: r.title,
		year: r.year,
		heldOn: r.held_on,
		phase: r.phase,
		clusterName: r.cluster_name,
		unitCount: Number(r.unit_count)
	}));
}

export async function loadMeetingBoard(db: DB, meetingId: number): Promise<MeetingBoard | undefined> {
	const meeting = await db
		.selectFrom('meetings')
		.innerJoin('clusters', 'clusters.id', 'meetings.cluster_id')
		.select([
			'meetings.id',
			'meetings.title',
			'meetings.year',
			'meetings.held_on',
			'meetings.phase',
			'meetings.template_id',
			'meetings.starts_at',
			'meetings.location',
			'meetings.call_url',
			'clusters.id as cluster_id',
			'clusters.name as cluster_name',
			'clusters.parent as cluster_parent'
		])
		.where('meetings.id', '=', meetingId)
		.executeTakeFirst();
	if (!meeting) return undefined;

	const [template, unitRows, scoreRows, reportedRows] = await Promise.all([
		loadTemplate(db, meeting.template_id),
		db
			.selectFrom('sheets')
			.innerJoin('units', 'units.id', 'sheets.unit_id')
			.select([
				'units.id',
				'units.slug',
				'units.name',
				'units.short_name',
				'sheets.id as sheet_id',
				'sheets.submitted_at'
			])
			.where('sheets.meeting_id', '=', meetingId)
			.orderBy('units.position')
			.execute(),
		db
			.selectFrom('sheet_scores')
			.innerJoin('sheets', 'sheets.id', 'sheet_scores.sheet_id')
			.select(['sheet_scores.sheet_id', 'sheet_scores.criterion_code', 'sheet_scores.points'])
			.where('sheets.meeting_id', '=', meetingId)
			.execute(),
		db
			.selectFrom('sheet_reported_figures')
			.innerJoin('sheets', 'sheets.id', 'sheet_reported_figures.sheet_id')
			.select(['sheet_reported_figures.sheet_id', 'sheet_reported_figures.code', 'sheet_reported_figures.points'])
			.where('sheets.meeting_id', '=', meetingId)
			.execute()
	]);

	const units = unitRows.map((u) => {
		const scores: Record<string, number> = {};
		const reported: Record<string, number> = {};
		for (const s of scoreRows) if (s.sheet_id === u.sheet_id) scores[s.criterion_code] = s.points;
		for (const r of reportedRows) if (r.sheet_id === u.sheet_id) reported[r.code] = r.points;
		return {
			id: u.id,
			slug: u.slug,
			name: u.name,
			shortName: u.short_name,
			sheetId: u.sheet_id,
			sheet: { scores, reported },
			submitted: u.submitted_at !== null
		};
	});

	return {
		id: meeting.id,
		title: meeting.title,
		year: meeting.year,
		heldOn: meeting.held_on,
		venue: { startsAt: meeting.starts_at, location: meeting.location, callUrl: meeting.call_url },
		phase: meeting.phase,
		cluster: { id: meeting.cluster_id, name: meeting.cluster_name, parent: meeting.cluster_parent },
		template,
		units
	};
}
