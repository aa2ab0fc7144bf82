// Properties of the tally over random ballots: membership, rules and votes are all generated, every vote valid.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { createBallot, prepareRunoff, tallyBallot, transition, validateRules, validateVote } from '$lib/core/voting';
import type { Ballot, Tally, Threshold, UnitId, Vote } from '$lib/core/voting';

interface Scenario {
	readonly members: UnitId[];
	readonly ballot: Ballot; // closed
	readonly votes: Vote[];
}

const scenario: fc.Arbitrary<Scenario> = fc
	.integer({ min: 1, max: 9 })
	.chain((m) => {
		const members = Array.from({ length: m }, (_, i) => `m${i + 1}`);
		return fc.record({
			members: fc.constant(members),
			candidates: fc.shuffledSubarray(members, { minLength: 1 }),
			quorum: fc.integer({ min: 0, max: m }),
			threshold: fc.integer({ min: 1, max: 6 }).chain((d) =>
				fc.record({
					numerator: fc.integer({ min: 1, max: d }),
					denominator: fc.constant(d),
					base: fc.constantFrom<Threshold['base']>('members', 'cast', 'valid'),
					comparison: fc.constantFrom<Threshold['comparison']>('more_than', 'at_least')
				})
			),
			allowSelfVote: fc.boolean(),
			secret: fc.boolean()
		});
	})
	.chain(({ members, candidates, quorum, threshold, allowSelfVote, secret }) => {
		const thresholdOk: Threshold =
			threshold.numerator === threshold.denominator && threshold.comparison === 'more_than'
				? { ...threshold, comparison: 'at_least' } // "more than all" is refused by the rules
				: threshold;
		return fc.integer({ min: 1, max: candidates.length }).chain((seats) =>
			fc.integer({ min: 1, max: seats }).chain((maxChoices) => {
				const draft = createBallot({
					id: 'p',
					title: 'P',
					purpose: 'other',
					candidates,
					memberCount: members.length,
					rules: { seats, maxChoices, quorum, threshold: thresholdOk, allowSelfVote, secret }
				});
				const ballotVote = (unit: UnitId) => {
					const eligible = candidates.filter((c) => allowSelfVote || c !== unit);
					return fc
						.shuffledSubarray(eligible, { maxLength: Math.min(maxChoices, eligible.length) })
						.map((choices): Vote => ({ unit, choices }));
				};
				return fc.record({
					members: fc.constant(members),
					ballot: fc.constant(draft),
					votes: fc
						.subarray(members)
						.chain((voters) =>
							voters.length ? fc.tuple(...voters.map(ballotVote)) : fc.constant([] as Vote[])
						)
				});
			})
		);
	})
	.map(({ members, ballot, votes }) => {
		const open = transition(ballot, 'open', members);
		if (!open.ok) throw new Error(`generator made invalid rules: ${JSON.stringify(open.error)}`);
		const closed = transition(open.value, 'closed', members);
		if (!closed.ok) throw new Error('cannot close');
		return { members, ballot: closed.value, votes: [...votes] };
	});

function tally(s: Scenario, votes: readonly Vote[] = s.votes): Tally {
	const r = tallyBallot(s.ballot, s.members, votes);
	if (!r.ok) throw new Error(`tally refused: ${JSON.stringify(r.error)}`);
	return r.value;
}

/** The threshold, recomputed independently of the core. */
function passes(votes: number, t: Tally, th: Threshold): boolean {
	const lhs = BigInt(votes) * BigInt(th.denominator);
	const rhs = BigInt(th.numerator) * BigInt(t.thresholdBase);
	return votes > 0 && (th.comparison === 'more_than' ? lhs > rhs : lhs >= rhs);
}

const RUNS = { numRuns: 500 };

describe('tally properties', () => {
	it('every generated vote passes validation (the generator is honest)', () => {
		fc.assert(
			fc.property(scenario, (s) => {
				const open: Ballot = { ...s.ballot, status: 'open' };
				for (const v of s.votes) {
					expect(
						validateVote({
							ballot: open,
							members: s.members,
							voter: v.unit!,
							hasVoted: false,
							choices: v.choices
						}).ok
					).toBe(true);
				}
			}),
			RUNS
		);
	});

	it('per-candidate votes sum to the choices made; cast, valid and blank match the ballots', () => {
		fc.assert(
			fc.property(scenario, (s) => {
				const t = tally(s);
				const made = s.votes.reduce((n, v) => n + v.choices.length, 0);
				expect(t.results.reduce((n, r) => n + r.votes, 0)).toBe(made);
				expect(t.choices).toBe(made);
				expect(t.cast).toBe(s.votes.length);
				expect(t.valid).toBe(t.cast);
				expect(t.invalid).toBe(0);
				expect(t.blank).toBe(s.votes.filter((v) => v.choices.length === 0).length);
				expect(t.members).toBe(s.members.length);
				expect(t.results.map((r) => r.candidate)).toEqual(s.ballot.candidates);
				for (const r of t.results) {
					expect(r.votes).toBe(s.votes.filter((v) => v.choices.includes(r.candidate)).length);
				}
			}),
			RUNS
		);
	});

	it('nobody is elected without meeting the threshold, nor without quorum', () => {
		fc.assert(
			fc.property(scenario, (s) => {
				const t = tally(s);
				const th = s.ballot.rules.threshold;
				for (const r of t.results) {
					expect(r.meetsThreshold).toBe(passes(r.votes, t, th));
					if (r.elected) expect(passes(r.votes, t, th)).toBe(true);
				}
				expect(t.quorumMet).toBe(t.cast >= s.ballot.rules.quorum);
				if (!t.quorumMet) {
					expect(t.elected).toEqual([]);
					expect(t.outcome).toEqual({ kind: 'no_quorum' });
				}
			}),
			RUNS
		);
	});

	it('never more elected than seats; seats are accounted for by the outcome', () => {
		fc.assert(
			fc.property(scenario, (s) => {
				const t = tally(s);
				const seats = s.ballot.rules.seats;
				expect(t.elected.length).toBeLessThanOrEqual(seats);
				expect(new Set(t.elected).size).toBe(t.elected.length);
				expect(
					t.results
						.filter((r) => r.elected)
						.map((r) => r.candidate)
						.sort()
				).toEqual([...t.elected].sort());
				const o = t.outcome;
				if (o.kind === 'elected') expect(t.elected.length).toBe(seats);
				if (o.kind === 'runoff') {
					expect(o.seatsLeft).toBe(seats - t.elected.length);
					expect(o.seatsLeft).toBeGreaterThan(0);
					expect(o.candidates.length).toBeGreaterThanOrEqual(o.seatsLeft);
					for (const c of o.candidates) expect(t.elected).not.toContain(c);
					if (o.reason === 'tie') expect(o.candidates.length).toBeGreaterThan(o.seatsLeft);
				}
			}),
			RUNS
		);
	});

	it('the elected outrank everyone else; elected are listed by votes', () => {
		fc.assert(
			fc.property(scenario, (s) => {
				const t = tally(s);
				const votesOf = new Map(t.results.map((r) => [r.candidate, r.votes]));
				const electedVotes = t.elected.map((c) => votesOf.get(c)!);
				expect(electedVotes).toEqual([...electedVotes].sort((a, b) => b - a));
				const lowest = Math.min(...electedVotes);
				for (const r of t.results)
					if (!r.elected && t.elected.length > 0) expect(r.votes).toBeLessThanOrEqual(lowest);
				// a run-off candidate never has fewer votes than a candidate left out of it (among the not elected)
				if (t.outcome.kind === 'runoff') {
					const inRunoff = new Set(t.outcome.candidates);
					const minIn = Math.min(...t.outcome.candidates.map((c) => votesOf.get(c)!));
					for (const r of t.results) {
						if (!r.elected && !inRunoff.has(r.candidate)) expect(r.votes).toBeLessThan(minIn);
					}
				}
			}),
			RUNS
		);
	});

	it('does not depend on the order of the votes', () => {
		fc.assert(
			fc.property(
				scenario.chain((s) =>
					fc.tuple(
						fc.constant(s),
						fc.shuffledSubarray(s.votes, { minLength: s.votes.length, maxLength: s.votes.length })
					)
				),
				([s, shuffled]) => {
					expect(tally(s, shuffled)).toEqual(tally(s));
				}
			),
			RUNS
		);
	});

	it('a run-off, when called for, is a draft that passes the rules and can open', () => {
		fc.assert(
			fc.property(scenario, (s) => {
				const t = tally(s);
				const r = prepareRunoff(s.ballot, t, { id: 'next' });
				if (t.outcome.kind !== 'runoff') {
					expect(r.ok).toBe(false);
					return;
				}
				if (!r.ok) throw new Error(JSON.stringify(r.error));
				const next = r.value.ballot;
				expect(next.status).toBe('draft');
				expect(next.rules.seats).toBe(t.outcome.seatsLeft);
				expect(validateRules(next.rules, { members: s.members, candidates: next.candidates })).toEqual([]);
				expect(transition(next, 'open', s.members).ok).toBe(true);
			}),
			RUNS
		);
	});
});
