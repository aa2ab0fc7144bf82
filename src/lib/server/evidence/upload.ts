import { error } from '@sveltejs/kit';
import {
	MAX_CAPTION,
	MAX_FILE_BYTES,
	MAX_MEETING_BYTES,
	MAX_UNIT_BYTES,
	MAX_UNIT_FILES,
	UPLOAD_OVERHEAD_BYTES,
	cleanFileName,
	formatBytes,
	type FileKind
} from '$lib/core/evidence';
import { decide, decideAs } from '$lib/core/rights';
import { templateItems, type Template } from '$lib/core/scoring';
import { writableText } from '$lib/core/text';
import { translate, type Locale, type MessageKey, type Params } from '$lib/i18n';
import type { AppContext } from '../context';
import { meetingPhase } from '../meetings/phase';
import { requireMember, type MeetingMember } from '../people/guard';
import { addUnitFile, listUnitFiles, type UnitFile } from './files';
import { inspectContent } from './inspect';

// Sending a unit's report or evidence: who may (whoever acts for the unit, or the host), while the meeting is in
// preparation; what the body may be (bounded before it is read); what the file must be (by its content). Every
// refusal is a clear message and leaves nothing behind.

/** The largest body an upload may have: one file and its few fields. */
export const MAX_UPLOAD_BODY = MAX_FILE_BYTES + UPLOAD_OVERHEAD_BYTES;

function refuse(locale: Locale, status: number, key: string, params: Params = {}): never {
	error(status, translate(locale, `evidence.error.${key}` as MessageKey, params));
}

/**
 * The member who may change this unit's files now. Participation before existence; the unit (found by `unitOf`,
 * undefined when there is none) before the right; once the review has started the files are frozen.
 */
export async function requireUnitFilesRight(
	context: Pick<AppContext, 'db'>,
	locals: App.Locals,
	url: URL,
	meetingId: number,
	unitOf: () => Promise<number | undefined>
): Promise<{ member: MeetingMember; unitId: number }> {
	const member = await requireMember(context.db, locals, url, meetingId);
	const phase = await meetingPhase(context.db, meetingId);
	if (!phase) error(404, translate(locals.locale, 'meeting.notFound'));
	const unitId = await unitOf();
	if (unitId === undefined) refuse(locals.locale, 404, 'not_found');
	const may = (p: typeof phase) =>
		decideAs(member.participant, member.isAdmin, 'meeting.setup', { phase: p }).allowed ||
		(member.participant !== null && decide(member.participant, 'sheet.self_assess', { phase: p, unitId }).allowed);
	if (may(phase)) return { member, unitId };
	if (phase !== 'preparation' && may('preparation')) refuse(locals.locale, 409, 'frozen');
	const reason = member.participant
		? decide(member.participant, 'sheet.self_assess', { phase: 'preparation', unitId })
		: { allowed: false as const, reason: 'role' as const };
	error(403, translate(locals.locale, `rights.${reason.allowed ? 'role' : reason.reason}`));
}

/** Refuses, before a byte of it is read, a body that says it is larger than an upload may be. */
export function refuseLargeBody(locale: Locale, request: Request): void {
	const length = Number(request.headers.get('content-length') ?? 0);
	if (length > MAX_UPLOAD_BODY) refuse(locale, 413, 'body_too_large', { max: formatBytes(MAX_FILE_BYTES, locale) });
}

/** The body, read up to MAX_UPLOAD_BODY (a body without a stated length is cut off there, never held whole). */
async function boundedBody(locale: Locale, request: Request): Promise<Uint8Array<ArrayBuffer>> {
	refuseLargeBody(locale, request);
	if (!request.body) return new Uint8Array(0);
	const chunks: Uint8Array[] = [];
	let length = 0;
	const reader = request.body.getReader();
	for (;;) {
		const { done, value } = await reader.read();
		if (done) break;
		length += value.length;
		if (length > MAX_UPLOAD_BODY) {
			await reader.cancel();
			refuse(locale, 413, 'body_too_large', { max: formatBytes(MAX_FILE_BYTES, locale) });
		}
		chunks.push(value);
	}
	return Buffer.concat(chunks);
}

export interface UploadTarget {
	meetingId: number;
	unitId: number;
	template: Template;
	userId: number;
	now: string;
}

/** Reads, checks and stores one uploaded file; throws a SvelteKit error with the message on any refusal. */
export async function receiveUnitFile(
	context: Pick<AppContext, 'db' | 'files'>,
	locale: Locale,
	request: Request,
	target: UploadTarget
): Promise<UnitFile> {
	const body = await boundedBody(locale, request);
	let form: FormData;
	try {
		form = await new Response(body, {
			headers: { 'content-type': request.headers.get('content-type') ?? '' }
		}).formData();
	} catch {
		refuse(locale, 400, 'empty');
	}
	const file = form.get('file');
	if (!(file instanceof File) || file.size === 0) refuse(locale, 400, 'empty');
	const shown = file.name.slice(0, 200);
	const name = cleanFileName(file.name);
	if (!name.ok) refuse(locale, 400, name.reason, { name: shown });

	const kind = form.get('kind');
	if (kind !== 'report' && kind !== 'evidence') refuse(locale, 400, 'bad_kind');
	const caption = writableText(String(form.get('caption') ?? ''), ' ').trim();
	if ([...caption].length > MAX_CAPTION)
		refuse(locale, 400, 'caption_too_long', { max: MAX_CAPTION, length: [...caption].length });
	const items = readItems(locale, form, kind, target.template);
	const replacesField = form.get('replaces');
	const replaces =
		typeof replacesField === 'string' && /^\d+$/.test(replacesField) ? Number(replacesField) : undefined;

	const size = { name: name.name, size: formatBytes(file.size, locale) };
	if (file.size > MAX_FILE_BYTES)
		refuse(locale, 413, 'file_too_large', { ...size, max: formatBytes(MAX_FILE_BYTES, locale) });
	const bytes = new Uint8Array(await file.arrayBuffer());
	const inspected = await inspectContent(bytes, name.name, kind);
	if (!inspected.ok) {
		const label = (format?: string) => (format ? format.toUpperCase() : '?');
		refuse(locale, 415, inspected.reason, {
			name: name.name,
			found: label(inspected.found),
			claimed: label(inspected.claimed)
		});
	}
	const added = await addUnitFile(context.db, context.files, {
		meetingId: target.meetingId,
		unitId: target.unitId,
		kind,
		name: name.name,
		caption,
		items,
		format: inspected.format,
		bytes,
		userId: target.userId,
		now: target.now,
		replaces
	});
	if (!added.ok) {
		const held = await listUnitFiles(context.db, target.meetingId, target.unitId);
		const max = {
			unit_full: MAX_UNIT_BYTES,
			meeting_full: MAX_MEETING_BYTES,
			file_too_large: MAX_FILE_BYTES,
			too_many_files: MAX_UNIT_FILES
		} as Record<string, number>;
		refuse(locale, added.reason === 'frozen' ? 409 : added.reason === 'not_found' ? 404 : 413, added.reason, {
			...size,
			used: formatBytes(
				held.reduce((sum, f) => sum + f.size, 0),
				locale
			),
			max: added.reason === 'too_many_files' ? MAX_UNIT_FILES : formatBytes(max[added.reason] ?? 0, locale)
		});
	}
	return added.file;
}

/** The items a piece of evidence backs: `items` fields, each one code or several separated by commas. */
function readItems(locale: Locale, form: FormData, kind: FileKind, template: Template): string[] {
	if (kind === 'report') return [];
	const known = new Set(templateItems(template).map((i) => i.code));
	const codes = form
		.getAll('items')
		.flatMap((v) => (typeof v === 'string' ? v.split(/[,;\s]+/) : []))
		.map((c) => c.trim())
		.filter((c) => c !== '');
	if (codes.length === 0) refuse(locale, 400, 'no_items');
	for (const code of codes) if (!known.has(code)) refuse(locale, 400, 'unknown_item', { code: code.slice(0, 50) });
	return [...new Set(codes)];
}
