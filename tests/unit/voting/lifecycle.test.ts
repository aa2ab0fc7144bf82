import { describe, expect, it } from 'vitest';
import { canTransition, createBallot, editBallot, transition } from '../../../src/lib/core/voting';
import type { Ballot, BallotStatus } from '../../../src/lib/core/voting';
import { MEMBERS, closed, draft, opened, unwrap } from './fixtures';

describe('createBallot', () => {
	it('makes a round-1 draft with the purpose defaults', () => {
		const b = createBallot({
			id: 'f',
			title: 'Cờ thi đua',
			purpose: 'flag',
			candidates: ['u1', 'u2'],
			memberCount: 8
		});
		expect(b).toEqual({
			id: 'f',
			title: 'Cờ thi đua',
			round: 1,
			runoffOf: null,
			status: 'draft',
			candidates: ['u1', 'u2'],
			rules: {
				purpose: 'flag',
				maxChoices: 1,
				secret: true,
				quorum: 5,
				threshold: { numerator: 1, denominator: 2, base: 'members', comparison: 'more_than' },
				allowSelfVote: false,
				seats: 1
			}
		});
	});

	it('defaults seats to maxChoices when only maxChoices is given', () => {
		const b = createBallot({ id: 'x', title: 'x', purpose: 'other', memberCount: 8, rules: { maxChoices: 3 } });
		expect(b.rules).toMatchObject({ maxChoices: 3, seats: 3 });
		const c = createBallot({
			id: 'x',
			title: 'x',
			purpose: 'other',
			memberCount: 8,
			rules: { maxChoices: 1, seats: 2 }
		});
		expect(c.rules).toMatchObject({ maxChoices: 1, seats: 2 });
		expect(createBallot({ id: 'v', title: 'v', purpose: 'vice_head', memberCount: 8 }).rules).toMatchObject({
			maxChoices: 2,
			seats: 2
		});
	});

	it('starts with no candidates when none are given, and copies the list it gets', () => {
		expect(createBallot({ id: 'x', title: 'x', purpose: 'head', memberCount: 8 }).candidates).toEqual([]);
		const list = ['u1'];
		const b = createBallot({ id: 'x', title: 'x', purpose: 'head', memberCount: 8, candidates: list });
		list.push('u2');
		expect(b.candidates).toEqual(['u1']);
	});
});

describe('transition', () => {
	const all: BallotStatus[] = ['draft', 'open', 'closed'];

	it('allows exactly draft → open and open → closed', () => {
		const allowed = all.flatMap((from) => all.filter((to) => canTransition(from, to)).map((to) => `${from}>${to}`));
		expect(allowed).toEqual(['draft>open', 'open>closed']);
	});

	it('opens a valid draft and closes an open ballot', () => {
		const b = opened(draft(['u1', 'u2']));
		expect(b.status).toBe('open');
		const c = unwrap(transition(b, 'closed', MEMBERS));
		expect(c.status).toBe('closed');
		expect({ ...c, status: 'draft' }).toEqual(draft(['u1', 'u2']));
	});

	it('refuses every illegal move with from and to', () => {
		const byStatus: Record<BallotStatus, Ballot> = {
			draft: draft(['u1', 'u2']),
			open: opened(draft(['u1', 'u2'])),
			closed: closed(draft(['u1', 'u2']))
		};
		for (const from of all) {
			for (const to of all) {
				if (canTransition(from, to)) continue;
				expect(transition(byStatus[from], to, MEMBERS)).toEqual({
					ok: false,
					error: { code: 'illegal_transition', from, to }
				});
			}
		}
	});

	it('refuses to open a draft whose rules are invalid, with every problem', () => {
		const bad = draft(['u1', 'zz'], { quorum: 9 });
		expect(transition(bad, 'open', MEMBERS)).toEqual({
			ok: false,
			error: {
				code: 'invalid_rules',
				problems: [
					{ code: 'candidate_not_a_member', candidate: 'zz' },
					{ code: 'quorum_exceeds_members', quorum: 9, members: 8 }
				]
			}
		});
		expect(transition(draft([]), 'open', MEMBERS)).toEqual({
			ok: false,
			error: { code: 'invalid_rules', problems: [{ code: 'no_candidates' }] }
		});
	});

	it('does not change the ballot it is given', () => {
		const b = draft(['u1', 'u2']);
		transition(b, 'open', MEMBERS);
		expect(b.status).toBe('draft');
	});
});

describe('editBallot', () => {
	it('changes title, candidates and rules of a draft, only the fields given', () => {
		const b = draft(['u1', 'u2']);
		const e = unwrap(editBallot(b, { title: 'New', candidates: ['u3', 'u4', 'u5'], rules: { secret: false } }));
		expect(e.title).toBe('New');
		expect(e.candidates).toEqual(['u3', 'u4', 'u5']);
		expect(e.rules).toEqual({ ...b.rules, secret: false });
		expect(unwrap(editBallot(b, {}))).toEqual(b);
	});

	it('does not validate a draft (that waits for opening)', () => {
		const e = unwrap(editBallot(draft(['u1']), { rules: { quorum: 99 } }));
		expect(e.rules.quorum).toBe(99);
	});

	it('refuses to edit an open or closed ballot', () => {
		expect(editBallot(opened(draft(['u1', 'u2'])), { title: 'x' })).toEqual({
			ok: false,
			error: { code: 'not_editable', status: 'open' }
		});
		expect(editBallot(closed(draft(['u1', 'u2'])), { candidates: ['u3'] })).toEqual({
			ok: false,
			error: { code: 'not_editable', status: 'closed' }
		});
	});
});
