// Group commit. The client updates (and server changes) that arrive within one turn of the event loop form a group:
// each is checked and applied in memory in order (an update may build on one of the same group), their log rows are
// written in one transaction, each in a savepoint of its own (a refused or failing update takes nothing else with
// it), and what they changed is shared only after that transaction commits: durable before anyone sees it, with one
// commit and one frame per document and recipient for the whole group instead of one per update.
//
// One group at a time. On SQLite a group runs in one synchronous step (page code on the same connection can never
// find itself inside it; while page code holds a transaction of its own open, the group waits for it to end). On
// PostgreSQL its transaction is awaited; what arrives meanwhile forms the next group, and whoever would read what
// the running group changed (a joiner's first answer, an acknowledgement, a server read, a snapshot) waits until it
// has committed or been taken back (whenSettled, whenIdle).
import { describe } from './document';
import type { LogRow, SyncStore } from './store';

/** A document with changes of the running group, to share or to take back once the group's transaction has ended. */
export interface GroupMember {
	/**
	 * The transaction committed: share what the group changed. A promise (a document reloading from storage) holds
	 * the group's end until it settles.
	 */
	release(): void | Promise<void>;
	/** The transaction did not commit: drop what the group changed, from memory too (a promise: as for release). */
	abandon(error: unknown): void | Promise<void>;
}

/** What becomes of one log row of the group. */
export interface RowOutcome {
	stored(id: number): void;
	/** Its savepoint was rolled back (alone); called before the group's members are released. */
	failed(error: Error): void;
}

/** What a job may do inside the group. */
export interface GroupWriter {
	/** Queues a log row for the group's transaction. */
	append(row: LogRow, outcome: RowOutcome): void;
}

export interface WriteJob {
	/**
	 * What the job must read before the group is applied (rights, facts for the content check, a document to load):
	 * run for every job of the group at once, before any of them applies. Synchronous on SQLite, so that the group
	 * stays one step; must not reject.
	 */
	prepare?: () => void | Promise<void>;
	/** Checks and applies in memory, queueing its log rows. Handles its own failures; must not throw. */
	run(writer: GroupWriter): void;
}

export interface WriteGroup {
	/** Runs `job` in the next group. */
	enqueue(job: WriteJob): void;
	/** Called by a document when a job of the running group changed it. */
	touch(member: GroupMember): void;
	/** Whether a group is queued or running. */
	pending(): boolean;
	/** Runs `fn` once every job queued so far has been committed or taken back (at once when none is pending). */
	whenSettled(fn: () => void): void;
	/** Runs `fn` once no group is running (at once when none is): the documents hold only what is stored. */
	whenIdle(fn: () => void): void;
	/**
	 * Runs `fn` once storage holds every row of the groups applied so far (at once unless a group is being written):
	 * for loading a document, also from a group's prepare step.
	 */
	whenStored(fn: () => void): void;
	/** Runs the queued jobs now (shutdown) and resolves once nothing is queued or running. */
	drain(): Promise<void>;
}

/** How long to wait before looking again whether page code has ended its transaction. */
const BUSY_RETRY_MS = 1;

interface Queued {
	row: LogRow;
	outcome: RowOutcome;
}

export function createWriteGroup(store: SyncStore, log: (line: string) => void): WriteGroup {
	let jobs: WriteJob[] = [];
	/** Callbacks for when the queued jobs' group has settled. */
	let afterQueued: (() => void)[] = [];
	/** The running group's callbacks; null when none runs. */
	let running: (() => void)[] | null = null;
	/** The running group has been applied in memory and is being written. */
	let writing = false;
	let scheduled = false;
	const touched = new Set<GroupMember>();

	const schedule = (delayMs: number) => {
		if (scheduled) return;
		scheduled = true;
		const run = () => {
			scheduled = false;
			start();
		};
		if (delayMs === 0) setImmediate(run);
		else setTimeout(run, delayMs);
	};

	const call = (fn: () => void) => {
		try {
			fn();
		} catch (error) {
			log(`sync: after a group: ${describe(error)}`);
		}
	};

	function start(): void {
		if (running !== null || (jobs.length === 0 && afterQueued.length === 0)) return;
		if (store.busy()) return schedule(BUSY_RETRY_MS);
		const group = jobs;
		running = afterQueued;
		jobs = [];
		afterQueued = [];
		const prepared: Promise<void>[] = [];
		for (const job of group) {
			const ready = job.prepare?.();
			if (ready) prepared.push(ready);
		}
		if (prepared.length === 0) return apply(group);
		// Page code may have opened a transaction on SQLite's connection meanwhile: apply once it has ended.
		const applyWhenFree = () => (store.busy() ? setTimeout(applyWhenFree, BUSY_RETRY_MS) : apply(group));
		void Promise.all(prepared).then(applyWhenFree, (error: unknown) => {
			log(`sync: preparing a group failed: ${describe(error)}`);
			applyWhenFree();
		});
	}

	function apply(group: WriteJob[]): void {
		writing = true;
		const rows: Queued[] = [];
		const writer: GroupWriter = { append: (row, outcome) => rows.push({ row, outcome }) };
		for (const job of group) {
			try {
				job.run(writer);
			} catch (error) {
				log(`sync: a job of the group threw: ${describe(error)}`);
			}
		}
		if (rows.length === 0) return settle(rows, []);
		let committed;
		try {
			committed = store.commitGroup(rows.map((queued) => queued.row));
		} catch (error) {
			return fail(rows, error);
		}
		if (Array.isArray(committed)) return settle(rows, committed);
		committed.then(
			(outcome) => settle(rows, outcome),
			(error: unknown) => fail(rows, error)
		);
	}

	function settle(rows: Queued[], outcome: (number | Error)[]): void {
		rows.forEach((queued, i) => {
			const result = outcome[i];
			if (typeof result === 'number') call(() => queued.outcome.stored(result));
			else call(() => queued.outcome.failed(result ?? new Error('the row was not written')));
		});
		finish((member) => member.release());
	}

	function fail(rows: Queued[], error: unknown): void {
		log(`sync: a group of ${rows.length} update(s) could not be committed: ${describe(error)}`);
		finish((member) => member.abandon(error));
	}

	function finish(each: (member: GroupMember) => void | Promise<void>): void {
		const members = [...touched];
		touched.clear();
		const waits: Promise<void>[] = [];
		for (const member of members) {
			call(() => {
				const done = each(member);
				if (done) waits.push(done.catch((error: unknown) => log(`sync: after a group: ${describe(error)}`)));
			});
		}
		if (waits.length > 0) void Promise.all(waits).then(end);
		else end();
	}

	function end(): void {
		const after = running ?? [];
		running = null;
		writing = false;
		for (const fn of after) call(fn);
		// What arrived meanwhile (or was queued by what the group did) is the next group, in a later turn: promises
		// resolved just now (a server read that waited for this group) run before it starts.
		if (jobs.length > 0 || afterQueued.length > 0) schedule(0);
	}

	const idle = () => running === null && jobs.length === 0 && afterQueued.length === 0;

	return {
		enqueue(job) {
			jobs.push(job);
			schedule(0);
		},
		touch(member) {
			touched.add(member);
		},
		pending: () => !idle(),
		whenSettled(fn) {
			if (jobs.length > 0) afterQueued.push(fn);
			else if (running !== null) running.push(fn);
			else fn();
		},
		whenIdle(fn) {
			if (running !== null) running.push(fn);
			else fn();
		},
		whenStored(fn) {
			if (writing) running!.push(fn);
			else fn();
		},
		async drain() {
			while (!idle()) {
				const settled = new Promise<void>((resolve) => {
					if (jobs.length > 0 || running === null) afterQueued.push(resolve);
					else running.push(resolve);
				});
				if (running === null) start();
				await settled;
			}
		}
	};
}
