// `npm run admin -- <command> [options]`: the command line for administrators and hosts: clusters, meetings, people,
// participants and join links.
// Arguments are checked before the database is opened; a wrong argument or a refusal prints one line and the usage
// to stderr and exits with 2, having changed nothing.
import { parseArgs } from 'node:util';
import { ROLES, type Role } from '../src/lib/core/rights';
import { databaseLabel, databaseLocation, readConfig } from '../src/lib/server/config';
import { openDatabase, type DB } from '../src/lib/server/db/open';
import { migrations } from '../migrations';
import { issueJoinLink, JoinLinkRefused, linkStatuses, revokeJoinLinks } from '../src/lib/server/people/join-links';
import {
	findMeetingUnit,
	findUnitBySlug,
	findUserIdByUsername,
	meetingExists,
	userExists
} from '../src/lib/server/people/lookup';
import { addParticipant, findParticipant, listParticipants } from '../src/lib/server/people/participants';
import { createUser } from '../src/lib/server/people/users';
import { MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH } from '../src/lib/server/auth/passwords';
import { readFile } from 'node:fs/promises';
import type { Grid } from '../src/lib/core/import/grid';
import { checkClusterDetails, checkMeetingDetails } from '../src/lib/core/setup/details';
import { readTableFile } from '../src/lib/server/files/spreadsheet';
import { readUnitsFile } from '../src/lib/server/files/import-files';
import { fileRefusalMessage, unitsProblemMessage } from '../src/lib/i18n/file-problems';
import { issueSetupLink, setAdministrator } from '../src/lib/server/setup/admins';
import { addUnits, createCluster, findCluster, listClusterUnits } from '../src/lib/server/setup/clusters';
import { copyMeeting, createMeeting } from '../src/lib/server/setup/meetings';
import { importPeople } from '../src/lib/server/people/import';
import { issueAllLinks } from '../src/lib/server/people/invitations';
import { peopleProblemMessage } from '../src/lib/i18n/people-problems';

const USAGE = `Usage: npm run admin -- <command> [options]

Commands:
  create-user --name <name> [--username <u>] [--password <p>] [--unit <slug>] [--meeting <id>]
      Creates a user and prints their id. --unit: the unit they belong to (looked up among the meeting's
      units when --meeting is given, needed only if several clusters use the same slug).
  add-participant --meeting <id> (--user <id> | --username <u>) --role <role> [--unit <slug>]
      Adds the user to the meeting and prints the participant id.
      Roles: ${ROLES.join(', ')}. A delegate needs --unit; a unit has one delegate.
  link --meeting <id> (--user <id> | --username <u>) [--days N] [--base-url <url>]
      Issues a personal single-use join link and prints it, valid N days, else until a week after
      the meeting (and at least 7 days). The base URL defaults to $BASE_URL, else http://localhost:$PORT (3000).
  revoke --meeting <id> (--user <id> | --username <u>)
      Revokes the participant's unused join links and prints how many.
  participants --meeting <id>
      Lists the meeting's participants: id, name, role, unit, joined, active links.
  create-admin --name <name> [--username <u> --password <p>] [--base-url <url>]
      Creates an administrator of the installation (who creates clusters and meetings) and prints a
      one-time sign-in link for them (valid 24 hours).
  create-cluster --name <name> --parent <body> [--short-name <s>] [--layout party|state]
      Creates an emulation cluster and prints its id.
  add-units --cluster <id> --file <units.xlsx|.csv>
      Adds the member units listed in the file (a "Tên đơn vị" column, optionally "Tên viết tắt").
  create-meeting --cluster <id> --title <t> --year <y> --starts-at <YYYY-MM-DDTHH:MM> [--location <l>]
                 [--call-url <url>] (--host-name <name> | --host-user <id> | --copy-from <meeting id>)
                 [--host-position <the host's position>]
      Creates a meeting in preparation with every active unit of the cluster and its host, or a copy of
      an earlier meeting (its units, criteria table and people; head and vice-heads by its elections).
      Prints the meeting's id.
  import-people --meeting <id> --file <people.xlsx|.csv>
      Adds every person of the list to the meeting with their role ("Họ và tên", "Chức vụ", "Đơn vị",
      "Vai trò": Cụm trưởng, Cụm phó, Đại biểu, Thư ký, Khách mời; optionally "Email", "Điện thoại"),
      all or nothing: a list with any problem is refused with every problem and its row.
  invite --meeting <id> [--base-url <url>]
      Issues a fresh personal link for everyone who has not joined yet (their earlier links stop working)
      and prints one line a person: name, role, unit, link.
  migrate
      Brings the database's schema up to date and prints its latest migration. Every command and every
      server start does this first; with several instances, run it once before starting them.
  help
      Prints this text.

The database is $DATABASE_PATH (default ./data/binhxet.db).
Exit status: 0 done, 2 wrong arguments or refused (nothing changed), 1 any other failure.`;

const DAY = 24 * 60 * 60 * 1000;

/** A mistake in the arguments or a refusal: one line, then the usage, exit status 2. */
class UsageError extends Error {}

type Values = Record<string, string | undefined>;
type Run = (db: DB) => Promise<string>;

interface Command {
	options: string[];
	/** Checks the arguments (no database yet) and returns what to do with the database. */
	plan: (values: Values) => Run;
}

const COMMANDS: Record<string, Command> = {
	// Opening the database has migrated it (see main): what is left is to say where it stands.
	migrate: {
		options: [],
		plan: () => async () => `database migrated to ${Object.keys(migrations).sort().at(-1) ?? 'nothing'}`
	},

	'create-user': {
		options: ['name', 'username', 'password', 'unit', 'meeting'],
		plan: (values) => {
			const name = required(values, 'name');
			const meetingId = values.meeting === undefined ? undefined : integerId(values, 'meeting');
			return async (db) => {
				let unitId: number | null = null;
				if (values.unit !== undefined) {
					if (meetingId !== undefined) {
						await requireMeeting(db, meetingId);
						unitId = await meetingUnit(db, meetingId, values.unit);
					} else {
						const unit = await findUnitBySlug(db, values.unit);
						if (!unit.ok) {
							throw new UsageError(
								unit.reason === 'unknown_unit'
									? `unknown unit "${values.unit}"`
									: `several clusters have a unit "${values.unit}": add --meeting <id> to say which`
							);
						}
						unitId = unit.id;
					}
				}
				const created = await createUser(db, {
					displayName: name,
					username: values.username,
					password: values.password,
					unitId
				});
				if (!created.ok) throw new UsageError(userRefusal(created.reason, values.username));
				return String(created.id);
			};
		}
	},

	'add-participant': {
		options: ['meeting', 'user', 'username', 'role', 'unit'],
		plan: (values) => {
			const meetingId = integerId(values, 'meeting');
			const user = userReference(values);
			const role = required(values, 'role');
			if (!(ROLES as readonly string[]).includes(role))
				throw new UsageError(`--role must be one of ${ROLES.join(', ')}, not "${role}"`);
			return async (db) => {
				await requireMeeting(db, meetingId);
				const userId = await user(db);
				const unitId = values.unit === undefined ? null : await meetingUnit(db, meetingId, values.unit);
				const added = await addParticipant(db, { meetingId, userId, role: role as Role, unitId });
				if (!added.ok) {
					throw new UsageError(
						{
							already_participant: `user ${userId} is already a participant of meeting ${meetingId}`,
							delegate_needs_unit: 'a delegate needs --unit <slug>: the member unit they represent',
							unit_not_in_meeting: `unit "${values.unit}" is not a member of meeting ${meetingId}`,
							unit_has_delegate: `unit "${values.unit}" already has a delegate in meeting ${meetingId}`
						}[added.reason]
					);
				}
				return String(added.id);
			};
		}
	},

	link: {
		options: ['meeting', 'user', 'username', 'days', 'base-url'],
		plan: (values) => {
			const meetingId = integerId(values, 'meeting');
			const user = userReference(values);
			// Without --days the link lasts as the host's do: until a week after the meeting.
			const days = values.days === undefined ? undefined : Number(values.days);
			if (days !== undefined && (!Number.isFinite(days) || days <= 0))
				throw new UsageError(`--days must be a positive number, not "${values.days}"`);
			const base = baseUrl(values['base-url']);
			return async (db) => {
				const participantId = await participant(db, meetingId, await user(db));
				// The command line is the administrator's: links for accounts in several meetings, never an administrator's.
				const issued = await issueJoinLink(db, participantId, {
					...(days === undefined ? {} : { lifetimeMs: Math.round(days * DAY) }),
					byAdministrator: true
				}).catch((error: unknown) => {
					if (error instanceof JoinLinkRefused)
						throw new UsageError(
							`no join link for this person: ${error.reason.replace(/_/g, ' ')} (an administrator signs in with a password or create-admin's link; a pending participation waits for its person)`
						);
					throw error;
				});
				const { token } = issued;
				return `${base}/join/${token}`;
			};
		}
	},

	revoke: {
		options: ['meeting', 'user', 'username'],
		plan: (values) => {
			const meetingId = integerId(values, 'meeting');
			const user = userReference(values);
			return async (db) => String(await revokeJoinLinks(db, await participant(db, meetingId, await user(db))));
		}
	},

	'create-admin': {
		options: ['name', 'username', 'password', 'base-url'],
		plan: (values) => {
			const name = required(values, 'name');
			if ((values.username === undefined) !== (values.password === undefined))
				throw new UsageError('give --username and --password together, or neither');
			const base = baseUrl(values['base-url']);
			return async (db) => {
				const created = await createUser(db, {
					displayName: name,
					username: values.username,
					password: values.password
				});
				if (!created.ok) throw new UsageError(userRefusal(created.reason, values.username));
				await setAdministrator(db, created.id, true);
				const token = await issueSetupLink(db, { userId: created.id });
				return `administrator ${created.id} created; sign-in link (once, 24 hours): ${base}/setup/${token}`;
			};
		}
	},

	'create-cluster': {
		options: ['name', 'parent', 'short-name', 'layout'],
		plan: (values) => {
			const checked = checkClusterDetails({
				name: values.name,
				parent: values.parent,
				shortName: values['short-name'],
				layout: values.layout ?? 'party'
			});
			if (!checked.ok)
				throw new UsageError(
					checked.problems.map((p) => `--${optionName(p.field)}: ${p.reason.replace(/_/g, ' ')}`).join('; ')
				);
			return async (db) => String(await createCluster(db, checked.value));
		}
	},

	'add-units': {
		options: ['cluster', 'file'],
		plan: (values) => {
			const clusterId = integerId(values, 'cluster');
			const path = required(values, 'file');
			return async (db) => {
				if (!(await findCluster(db, clusterId))) throw new UsageError(`unknown cluster ${clusterId}`);
				const read = await readUnitsFile(await fileBytes(path));
				if (!read.ok) throw new UsageError(`${path}: ${fileRefusalMessage('en', read.reason)}`);
				const listed = read.value;
				if (listed.problems.length > 0)
					throw new UsageError(listed.problems.map((p) => unitsProblemMessage('en', p)).join(' '));
				if (listed.units.length === 0) throw new UsageError(`no units found in ${path}`);
				const added = await addUnits(db, clusterId, listed.units);
				if (!added.ok) throw new UsageError(`the cluster already has: ${added.duplicates.join(', ')}`);
				return listed.units.map((u) => `${u.slug}\t${u.name}`).join('\n');
			};
		}
	},

	'create-meeting': {
		options: [
			'cluster',
			'title',
			'year',
			'starts-at',
			'location',
			'call-url',
			'host-name',
			'host-user',
			'host-position',
			'copy-from'
		],
		plan: (values) => {
			const clusterId = integerId(values, 'cluster');
			const checked = checkMeetingDetails({
				title: values.title,
				year: values.year,
				startsAt: values['starts-at'],
				location: values.location,
				callUrl: values['call-url']
			});
			if (!checked.ok)
				throw new UsageError(
					checked.problems.map((p) => `--${optionName(p.field)}: ${p.reason.replace(/_/g, ' ')}`).join('; ')
				);
			const sources = ['host-name', 'host-user', 'copy-from'].filter((o) => values[o] !== undefined);
			if (sources.length !== 1)
				throw new UsageError('give exactly one of --host-name, --host-user or --copy-from');
			const copyFrom = values['copy-from'] === undefined ? undefined : integerId(values, 'copy-from');
			const hostUser = values['host-user'] === undefined ? undefined : integerId(values, 'host-user');
			return async (db) => {
				if (!(await findCluster(db, clusterId))) throw new UsageError(`unknown cluster ${clusterId}`);
				if (copyFrom !== undefined) {
					const from = await db
						.selectFrom('meetings')
						.select('cluster_id')
						.where('id', '=', copyFrom)
						.executeTakeFirst();
					if (from?.cluster_id !== clusterId)
						throw new UsageError(`meeting ${copyFrom} is not a meeting of cluster ${clusterId}`);
					return String((await copyMeeting(db, copyFrom, checked.value)).meetingId);
				}
				if (hostUser !== undefined && !(await userExists(db, hostUser)))
					throw new UsageError(`unknown user ${hostUser}`);
				const units = (await listClusterUnits(db, clusterId)).filter((u) => u.active);
				const meetingId = await createMeeting(db, {
					clusterId,
					details: checked.value,
					unitIds: units.map((u) => u.id),
					host:
						hostUser !== undefined
							? { userId: hostUser, position: values['host-position'] }
							: { name: values['host-name']!, position: values['host-position'] }
				});
				return String(meetingId);
			};
		}
	},

	'import-people': {
		options: ['meeting', 'file'],
		plan: (values) => {
			const meetingId = integerId(values, 'meeting');
			const path = required(values, 'file');
			return async (db) => {
				await requireMeeting(db, meetingId);
				const imported = await importPeople(db, meetingId, await tableFile(path));
				if (!imported.ok) {
					throw new UsageError(
						`${path}: ${imported.list.problems.map((p) => peopleProblemMessage('en', p)).join(' ')}`
					);
				}
				return `${imported.added} people added to meeting ${meetingId}`;
			};
		}
	},

	invite: {
		options: ['meeting', 'base-url'],
		plan: (values) => {
			const meetingId = integerId(values, 'meeting');
			const base = baseUrl(values['base-url']);
			return async (db) => {
				await requireMeeting(db, meetingId);
				const issued = await issueAllLinks(db, meetingId, base, { byAdministrator: true });
				if (issued.length === 0) return '(everyone has joined already: no link issued)';
				return formatTable([
					['name', 'role', 'unit', 'link'],
					...issued.map((i) => [i.name, i.role, i.unitName ?? '-', i.link])
				]);
			};
		}
	},

	participants: {
		options: ['meeting'],
		plan: (values) => {
			const meetingId = integerId(values, 'meeting');
			return async (db) => {
				await requireMeeting(db, meetingId);
				const links = await linkStatuses(db, meetingId);
				const rows = (await listParticipants(db, meetingId)).map((p) => [
					String(p.id),
					p.displayName,
					p.role,
					p.unitName ?? '-',
					p.joinedAt ? p.joinedAt.slice(0, 16).replace('T', ' ') + ' UTC' : 'no',
					String(links.get(p.id)?.activeLinks ?? 0)
				]);
				const table = formatTable([['id', 'name', 'role', 'unit', 'joined', 'active links'], ...rows]);
				return rows.length > 0 ? table : `${table}\n(no participants yet)`;
			};
		}
	}
};

/** The command-line option for a form field's name ("startsAt" → "starts-at"). */
function optionName(field: string): string {
	return field.replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`);
}

function userRefusal(
	reason: 'name_required' | 'username_taken' | 'bad_username' | 'too_short' | 'too_long',
	username: string | undefined
): string {
	return {
		name_required: '--name must not be empty',
		username_taken: `username "${username?.trim().toLowerCase()}" is taken`,
		bad_username: '--username must be 2 to 64 of a-z, 0-9, ".", "_", "-", starting with a letter or digit',
		too_short: `--password must have at least ${MIN_PASSWORD_LENGTH} characters`,
		too_long: `--password must have at most ${MAX_PASSWORD_LENGTH} characters`
	}[reason];
}

async function fileBytes(path: string): Promise<Uint8Array> {
	try {
		return new Uint8Array(await readFile(path));
	} catch {
		throw new UsageError(`cannot read ${path}`);
	}
}

/** A table file from disk, read as the pages read uploads; a refusal is the user's mistake, not a crash. */
async function tableFile(path: string): Promise<Grid> {
	const read = await readTableFile(await fileBytes(path));
	if (!read.ok) throw new UsageError(`${path}: ${fileRefusalMessage('en', read.reason)}`);
	return read.grid;
}

function required(values: Values, name: string): string {
	const value = values[name];
	if (value === undefined) throw new UsageError(`missing --${name}`);
	return value;
}

function integerId(values: Values, name: string): number {
	const value = required(values, name);
	if (!/^[1-9]\d{0,15}$/.test(value))
		throw new UsageError(`--${name} must be a positive whole number, not "${value}"`);
	return Number(value);
}

/** `--user <id>` or `--username <u>`, exactly one; resolved to an existing user's id once the database is open. */
function userReference(values: Values): (db: DB) => Promise<number> {
	if (values.user !== undefined && values.username !== undefined)
		throw new UsageError('give --user or --username, not both');
	if (values.username !== undefined) {
		const username = values.username;
		return async (db) => {
			const id = await findUserIdByUsername(db, username);
			if (id === undefined) throw new UsageError(`no user with username "${username}"`);
			return id;
		};
	}
	if (values.user === undefined) throw new UsageError('missing --user <id> or --username <u>');
	const userId = integerId(values, 'user');
	return async (db) => {
		if (!(await userExists(db, userId))) throw new UsageError(`unknown user ${userId}`);
		return userId;
	};
}

function baseUrl(given: string | undefined): string {
	const value = given ?? process.env.BASE_URL ?? `http://localhost:${readConfig().port}`;
	let url: URL;
	try {
		url = new URL(value);
	} catch {
		throw new UsageError(`the base URL must be an http(s) address, not "${value}"`);
	}
	if (url.protocol !== 'http:' && url.protocol !== 'https:')
		throw new UsageError(`the base URL must be an http(s) address, not "${value}"`);
	return value.replace(/\/+$/, '');
}

async function requireMeeting(db: DB, meetingId: number): Promise<void> {
	if (!(await meetingExists(db, meetingId))) {
		throw new UsageError(`unknown meeting ${meetingId} (database ${databaseLabel(readConfig())})`);
	}
}

async function meetingUnit(db: DB, meetingId: number, slug: string): Promise<number> {
	const unitId = await findMeetingUnit(db, meetingId, slug);
	if (unitId === undefined) throw new UsageError(`unit "${slug}" is not a member of meeting ${meetingId}`);
	return unitId;
}

async function participant(db: DB, meetingId: number, userId: number): Promise<number> {
	await requireMeeting(db, meetingId);
	const found = await findParticipant(db, meetingId, userId);
	if (!found) throw new UsageError(`user ${userId} is not a participant of meeting ${meetingId}`);
	return found.id;
}

/** Left-aligned columns two spaces apart; names are NFC so a Vietnamese letter counts as one column. */
function formatTable(rows: string[][]): string {
	const cells = rows.map((row) => row.map((cell) => cell.normalize('NFC')));
	const widths = cells[0]!.map((_, i) => Math.max(...cells.map((row) => row[i]!.length)));
	return cells
		.map((row) =>
			row
				.map((cell, i) => cell.padEnd(widths[i]!))
				.join('  ')
				.trimEnd()
		)
		.join('\n');
}

/** Parses the arguments into a plan, or throws a UsageError. `undefined` means: print the usage. */
function planFor(args: string[]): Run | undefined {
	const [name, ...rest] = args;
	if (name === undefined) throw new UsageError('missing command');
	if (name === 'help' || name === '--help' || name === '-h') return undefined;
	const command = Object.hasOwn(COMMANDS, name) ? COMMANDS[name] : undefined;
	if (!command) throw new UsageError(`unknown command "${name}"`);
	let values: Values;
	try {
		values = parseArgs({
			args: rest,
			options: Object.fromEntries(command.options.map((option) => [option, { type: 'string' as const }])),
			strict: true,
			allowPositionals: false
		}).values as Values;
	} catch (error) {
		throw new UsageError(`${name}: ${(error as Error).message.replace(/\s*\n\s*/g, ' ')}`);
	}
	return command.plan(values);
}

async function main(args: string[]): Promise<number> {
	let run: Run | undefined;
	try {
		run = planFor(args);
	} catch (error) {
		return fail(error);
	}
	if (!run) {
		console.log(USAGE);
		return 0;
	}
	const config = readConfig();
	const { db } = await openDatabase(databaseLocation(config), { poolSize: 2 });
	try {
		console.log(await run(db));
		return 0;
	} catch (error) {
		return fail(error);
	} finally {
		await db.destroy();
	}
}

function fail(error: unknown): number {
	if (!(error instanceof UsageError)) throw error;
	console.error(`error: ${error.message}\n\n${USAGE}`);
	return 2;
}

main(process.argv.slice(2)).then(
	(code) => {
		process.exitCode = code;
	},
	(error: unknown) => {
		console.error('binhxet admin failed:', error);
		process.exitCode = 1;
	}
);
