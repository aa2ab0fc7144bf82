// Group commit. The client updates that arrive within one turn of the event loop are written at its end in one
// SQLite transaction, each in a savepoint of its own (a refused or failing update takes nothing else with it), and
// what they changed is shared only after that transaction commits: durable before anyone sees it, with one commit
// and one frame per document and recipient for the whole group instead of one per update.
//
// No transaction stays open between turns: the group is collected in memory and written in one synchronous step,
// so page code on the same connection can never find itself inside it. While page code has a transaction of its
// own open (awaiting between statements), the group waits for it to end.
import type { SyncStore } from './store';

/** A document with changes of the open group, to share or to take back once the group's transaction has ended. */
export interface GroupMember {
	/** The transaction committed: share what the group changed. */
	release(): void;
	/** The transaction did not commit: drop what the group changed, from memory too. */
	abandon(error: unknown): void;
}

export interface WriteGroup {
	/** Runs `job` inside the next group's transaction. The job handles its own failures; it must not throw. */
	enqueue(job: () => void): void;
	/** Called by a document when a job of the running group changed it. */
	touch(member: GroupMember): void;
	/** Runs the queued jobs now (shutdown), unless page code holds a transaction open. */
	flush(): void;
}

/** How long to wait before looking again whether page code has ended its transaction. */
const BUSY_RETRY_MS = 1;

export function createWriteGroup(store: SyncStore, log: (line: string) => void): WriteGroup {
	let jobs: (() => void)[] = [];
	let scheduled = false;
	const touched = new Set<GroupMember>();

	const schedule = (delayMs: number) => {
		if (scheduled) return;
		scheduled = true;
		const run = () => {
			scheduled = false;
			flush();
		};
		if (delayMs === 0) setImmediate(run);
		else setTimeout(run, delayMs);
	};

	function flush(): void {
		if (jobs.length === 0) return;
		if (store.busy()) return schedule(BUSY_RETRY_MS);
		const running = jobs;
		jobs = [];
		let failure: unknown = null;
		try {
			store.transaction(() => {
				for (const job of running) job();
			});
		} catch (error) {
			failure = error;
			log(
				`sync: a group of ${running.length} update(s) could not be committed: ${error instanceof Error ? error.message : String(error)}`
			);
		}
		const members = [...touched];
		touched.clear();
		for (const member of members) {
			if (failure === null) member.release();
			else member.abandon(failure);
		}
		// Jobs queued by what the group did (none today) go in the next turn.
		if (jobs.length > 0) schedule(0);
	}

	return {
		enqueue(job) {
			jobs.push(job);
			schedule(0);
		},
		touch(member) {
			touched.add(member);
		},
		flush
	};
}
