import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { tallyBallot, validateVote, type Vote } from '../../../src/lib/core/voting';
import { MEMBERS, closed, draft, opened, unwrap } from './fixtures';

// A confirmation (one candidate) is counted as officials count it: agree, disagree and abstain-or-blank, each its own
// figure; a "disagree" is a valid paper against, never a blank one; the threshold applies to the agree votes.

const paper = (unit: string, kind: 'agree' | 'disagree' | 'abstain'): Vote =>
	kind === 'agree'
		? { unit, choices: ['u1'] }
		: kind === 'disagree'
			? { unit, choices: [], against: ['u1'] }
			: { unit, choices: [] };

describe('voting on a confirmation', () => {
	const ballot = opened(draft(['u1']));

	it('takes a paper against its one candidate as a valid vote', () => {
		expect(
			validateVote({ ballot, members: MEMBERS, voter: 'u2', hasVoted: false, choices: [], against: ['u1'] })
		).toEqual({ ok: true, value: { unit: 'u2', choices: [], against: ['u1'] } });
	});

	it('refuses a paper both for and against, against someone else, or against on a ballot among several', () => {
		const refused = { ok: false, error: { code: 'against_not_allowed' } };
		expect(
			validateVote({ ballot, members: MEMBERS, voter: 'u2', hasVoted: false, choices: ['u1'], against: ['u1'] })
		).toEqual(refused);
		expect(
			validateVote({ ballot, members: MEMBERS, voter: 'u2', hasVoted: false, choices: [], against: ['u3'] })
		).toEqual(refused);
		expect(
			validateVote({
				ballot: opened(draft(['u1', 'u3'])),
				members: MEMBERS,
				voter: 'u2',
				hasVoted: false,
				choices: [],
				against: ['u1']
			})
		).toEqual(refused);
	});
});

describe('counting a confirmation', () => {
	it('gives one paper of each kind its own figure: a disagree is valid, not blank', () => {
		const t = unwrap(
			tallyBallot(closed(draft(['u1'])), MEMBERS, [
				paper('u2', 'agree'),
				paper('u3', 'disagree'),
				paper('u4', 'abstain')
			])
		);
		expect(t).toMatchObject({
			cast: 3,
			valid: 3,
			invalid: 0,
			blank: 1,
			confirmation: { agree: 1, disagree: 1, blank: 1 }
		});
		expect(t.results).toEqual([expect.objectContaining({ candidate: 'u1', votes: 1, against: 1 })]);
	});

	it('applies the threshold to the agree votes: 4 agree of 8 members is not more than half, whatever the others say', () => {
		const four = [
			...['u2', 'u3', 'u4', 'u5'].map((u) => paper(u, 'agree')),
			paper('u6', 'disagree'),
			paper('u7', 'abstain'),
			paper('u8', 'abstain')
		];
		expect(unwrap(tallyBallot(closed(draft(['u1'])), MEMBERS, four)).elected).toEqual([]);
		const five = [...four, paper('u1', 'agree')];
		expect(unwrap(tallyBallot(closed(draft(['u1'], { allowSelfVote: true })), MEMBERS, five)).elected).toEqual([
			'u1'
		]);
	});

	it('has no confirmation figures on a ballot among several candidates', () => {
		expect(
			unwrap(tallyBallot(closed(draft(['u1', 'u2'])), MEMBERS, [{ unit: 'u3', choices: ['u1'] }])).confirmation
		).toBeNull();
	});

	it('adds up: agree + disagree + abstain-or-blank = valid papers, for any set of papers', () => {
		const kinds = fc.array(fc.constantFrom<'agree' | 'disagree' | 'abstain'>('agree', 'disagree', 'abstain'), {
			maxLength: 7
		});
		fc.assert(
			fc.property(kinds, (ks) => {
				const papers = ks.map((k, i) => paper(MEMBERS[i + 1]!, k));
				const t = unwrap(tallyBallot(closed(draft(['u1'])), MEMBERS, papers));
				const c = t.confirmation!;
				expect(c.agree + c.disagree + c.blank).toBe(t.valid);
				expect(c).toEqual({
					agree: ks.filter((k) => k === 'agree').length,
					disagree: ks.filter((k) => k === 'disagree').length,
					blank: ks.filter((k) => k === 'abstain').length
				});
				expect(t.blank).toBe(c.blank);
			})
		);
	});
});
