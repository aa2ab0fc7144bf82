import { error, fail, redirect } from '@sveltejs/kit';
import { readUnitsList, withoutSuperiorBody, type UnitsList } from '$lib/core/import/units';
import { checkClusterDetails, checkMeetingDetails } from '$lib/core/setup/details';
import { translate } from '$lib/i18n';
import { readText, readTexts, type TextProblem } from '$lib/core/text';
import { appContext } from '$lib/server/context';
import { textProblemMessages } from '$lib/server/forms/text';
import { readUnitsFile } from '$lib/server/files/import-files';
import { fileRefusalMessage, unitsProblemMessage } from '$lib/i18n/file-problems';
import { requireAdmin } from '$lib/server/people/guard';
import { userExists } from '$lib/server/people/lookup';
import { listUsers } from '$lib/server/setup/admins';
import { addUnits, findCluster, listClusterUnits, setUnitActive, updateCluster } from '$lib/server/setup/clusters';
import { copyMeeting, createMeeting, listClusterMeetings } from '$lib/server/setup/meetings';
import { detailsProblemMessages } from '$lib/server/setup/messages';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ params, locals }) => {
	const { db } = await appContext();
	const clusterId = Number(params.cid);
	const cluster = await findCluster(db, clusterId);
	if (!cluster) error(404, translate(locals.locale, 'admin.unknownCluster'));
	const [units, meetings, users] = await Promise.all([
		listClusterUnits(db, clusterId),
		listClusterMeetings(db, clusterId),
		listUsers(db)
	]);
	return { cluster, units, meetings, users };
};

async function clusterOf(event: { params: { cid: string }; locals: App.Locals; url: URL }) {
	requireAdmin(event.locals, event.url);
	const { db } = await appContext();
	const cluster = await findCluster(db, Number(event.params.cid));
	if (!cluster) error(404, translate(event.locals.locale, 'admin.unknownCluster'));
	return { db, cluster };
}

/** A unit's field as the messages name it. */
const unitField = (p: TextProblem): TextProblem => ({
	...p,
	field: p.field === 'name' ? 'unitName' : p.field === 'shortName' ? 'unitShortName' : p.field
});

export const actions: Actions = {
	update: async (event) => {
		const { db, cluster } = await clusterOf(event);
		const checked = checkClusterDetails(Object.fromEntries(await event.request.formData()));
		if (!checked.ok)
			return fail(400, { clusterProblems: detailsProblemMessages(event.locals.locale, checked.problems) });
		await updateCluster(db, cluster.id, checked.value);
		return { saved: translate(event.locals.locale, 'setup.saved') };
	},
	addUnits: async (event) => {
		const { db, cluster } = await clusterOf(event);
		const { locale } = event.locals;
		const form = await event.request.formData();
		const file = form.get('file');
		let listed: UnitsList;
		if (file instanceof File && file.size > 0) {
			const read = await readUnitsFile(new Uint8Array(await file.arrayBuffer()));
			if (!read.ok) return fail(400, { unitProblems: [fileRefusalMessage(locale, read.reason)] });
			listed = withoutSuperiorBody(read.value, cluster.parent);
		} else {
			// A list pasted from a spreadsheet or a document, or the one unit typed into the two fields.
			const texts = readTexts(form, { list: 'narrative', name: 'name', shortName: 'name' });
			if (texts.problems.length > 0)
				return fail(400, { unitProblems: textProblemMessages(locale, texts.problems.map(unitField)) });
			const { list: pasted, name, shortName } = texts.values;
			listed = readUnitsList(pasted ? pasted : name ? `${name}\t${shortName}` : '', { superior: cluster.parent });
		}
		// Each unit of a list or a file is bounded like a unit typed alone.
		const tooLong = listed.units.flatMap((unit) =>
			(['name', 'shortName'] as const).flatMap((field) => {
				const read = readText(unit[field], 'name');
				return read.ok ? [] : [unitField({ field, max: read.max, length: read.length })];
			})
		);
		if (tooLong.length > 0) return fail(400, { unitProblems: textProblemMessages(locale, tooLong) });
		if (listed.problems.length > 0)
			return fail(400, { unitProblems: listed.problems.map((p) => unitsProblemMessage(locale, p)) });
		if (listed.units.length === 0) return fail(400, { unitProblems: [translate(locale, 'setup.units_none')] });
		const added = await addUnits(db, cluster.id, listed.units);
		if (!added.ok)
			return fail(400, {
				unitProblems: added.duplicates.map((name) => translate(locale, 'setup.units_already', { name }))
			});
		return { saved: translate(locale, 'setup.units_added', { count: added.ids.length }) };
	},
	setActive: async (event) => {
		const { db, cluster } = await clusterOf(event);
		const form = await event.request.formData();
		await setUnitActive(db, cluster.id, Number(form.get('unit')), form.get('active') === '1');
		return { saved: translate(event.locals.locale, 'setup.saved') };
	},
	createMeeting: async (event) => {
		const { db, cluster } = await clusterOf(event);
		const { locale } = event.locals;
		const form = await event.request.formData();
		const fields = Object.fromEntries(form);
		const checked = checkMeetingDetails(fields);
		if (!checked.ok)
			return fail(400, {
				meetingProblems: detailsProblemMessages(locale, checked.problems),
				meetingForm: fields
			});
		const copyFrom = Number(form.get('copyFrom') || 0);
		if (copyFrom) {
			const meetings = await listClusterMeetings(db, cluster.id);
			if (!meetings.some((m) => m.id === copyFrom))
				return fail(400, { meetingProblems: [translate(locale, 'setup.unknownMeeting')], meetingForm: fields });
			const copied = await copyMeeting(db, copyFrom, checked.value);
			redirect(303, `/meetings/${copied.meetingId}/setup`);
		}
		const unitIds = form.getAll('units').map(Number).filter(Number.isInteger);
		const hostUser = Number(form.get('hostUser') || 0);
		const host = readTexts(form, { hostName: 'name', hostPosition: 'short' });
		if (host.problems.length > 0)
			return fail(400, { meetingProblems: textProblemMessages(locale, host.problems), meetingForm: fields });
		const { hostName, hostPosition } = host.values;
		if ((!hostUser && !hostName) || (hostUser && !(await userExists(db, hostUser)))) {
			return fail(400, { meetingProblems: [translate(locale, 'setup.host_required')], meetingForm: fields });
		}
		const meetingId = await createMeeting(db, {
			clusterId: cluster.id,
			details: checked.value,
			unitIds,
			host: hostUser
				? { userId: hostUser, position: hostPosition || undefined }
				: { name: hostName, position: hostPosition || undefined }
		});
		redirect(303, `/meetings/${meetingId}/setup`);
	}
};
