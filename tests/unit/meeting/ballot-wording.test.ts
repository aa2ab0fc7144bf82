import { describe, expect, it } from 'vitest';
import { prepareRunoff, runoffTitle, type Ballot, type Tally } from '$lib/core/voting';
import {
	ballotHeading,
	choiceWords,
	confirmationOptions,
	outcomeWords,
	purposeTitle,
	thresholdWords
} from '$lib/i18n/ballot-wording';

describe('ballotHeading', () => {
	it('writes the round once, whatever the stored title already says', () => {
		expect(ballotHeading('Đề nghị tặng Bằng khen', 1, 'vi')).toBe('Đề nghị tặng Bằng khen');
		expect(ballotHeading('Đề nghị tặng Bằng khen (vòng 2)', 2, 'vi')).toBe('Đề nghị tặng Bằng khen (vòng 2)');
		expect(ballotHeading('Đề nghị tặng Bằng khen', 2, 'vi')).toBe('Đề nghị tặng Bằng khen (vòng 2)');
		expect(ballotHeading('Đề nghị tặng Bằng khen (vòng 2)', 3, 'vi')).toBe('Đề nghị tặng Bằng khen (vòng 3)');
		expect(ballotHeading('Merit (vòng 2)', 2, 'en')).toBe('Merit (round 2)');
	});

	it('a third round made from the second says "vòng 3"', () => {
		const rules = {
			purpose: 'merit',
			maxChoices: 1,
			secret: true,
			quorum: 5,
			threshold: { numerator: 1, denominator: 2, base: 'members', comparison: 'more_than' },
			allowSelfVote: false,
			seats: 1
		} as const;
		const second: Ballot = {
			id: '2',
			title: runoffTitle('Đề nghị tặng Bằng khen', 2),
			round: 2,
			runoffOf: '1',
			status: 'closed',
			candidates: ['a', 'b'],
			rules
		};
		const tally = {
			ballotId: '2',
			outcome: { kind: 'runoff', reason: 'tie', candidates: ['a', 'b'], seatsLeft: 1 }
		} as unknown as Tally;
		const third = prepareRunoff(second, tally, { id: '3' });
		expect(third.ok && third.value.ballot.title).toBe('Đề nghị tặng Bằng khen (vòng 3)');
		expect(third.ok && ballotHeading(third.value.ballot.title, third.value.ballot.round, 'vi')).toBe(
			'Đề nghị tặng Bằng khen (vòng 3)'
		);
	});
});

describe('thresholdWords', () => {
	it('says the rule as the minutes do', () => {
		const majority = { numerator: 1, denominator: 2, base: 'members', comparison: 'more_than' } as const;
		expect(thresholdWords('vi', majority)).toBe('hơn 1/2 tổng số đơn vị thành viên');
		expect(thresholdWords('vi', majority, 8)).toBe(
			'hơn 1/2 tổng số đơn vị thành viên (với 8 đơn vị: cần ít nhất 5 phiếu)'
		);
		expect(thresholdWords('vi', { numerator: 2, denominator: 3, base: 'cast', comparison: 'at_least' }, 8)).toBe(
			'ít nhất 2/3 số phiếu thu về'
		);
		expect(thresholdWords('en', majority, 8)).toBe(
			'more than 1/2 of the member units (with 8 units: at least 5 votes needed)'
		);
	});

	it('leaves out the count while the fraction is being typed', () => {
		expect(
			thresholdWords('vi', { numerator: 0, denominator: 2, base: 'members', comparison: 'more_than' }, 8)
		).toBe('hơn 0/2 tổng số đơn vị thành viên');
	});
});

describe('purposeTitle', () => {
	it('names the year an election is for, the year after the one reviewed', () => {
		expect(purposeTitle('vi', 'head', 2021)).toBe('Bầu Cụm trưởng năm 2022');
		expect(purposeTitle('vi', 'vice_head', 2021)).toBe('Bầu Cụm phó năm 2022');
		expect(purposeTitle('vi', 'flag', 2021)).toBe('Suy tôn đề nghị tặng Cờ thi đua');
	});
});

describe('outcomeWords', () => {
	it('honours are "được suy tôn" / "được đề nghị", elections "trúng cử"', () => {
		expect(outcomeWords('vi', 'flag', 'Quảng Ninh')).toBe('Quảng Ninh được suy tôn.');
		expect(outcomeWords('vi', 'merit', 'Lào Cai')).toBe('Lào Cai được đề nghị.');
		expect(outcomeWords('vi', 'head', 'Sơn La')).toBe('Sơn La trúng cử.');
		expect(outcomeWords('vi', 'vice_head', 'Lai Châu, Hà Giang')).toBe('Lai Châu, Hà Giang trúng cử.');
	});
});

describe('confirmation choices', () => {
	const name = (slug: string) => ({ 'son-la': 'Sơn La', 'lai-chau': 'Lai Châu' })[slug] ?? slug;

	it('a single candidate is answered agree / disagree / abstain: agreeing names it, disagreeing is a paper against it', () => {
		expect(confirmationOptions(['son-la'])).toEqual([
			{ key: 'agree', choices: ['son-la'], against: [] },
			{ key: 'disagree', choices: [], against: ['son-la'] },
			{ key: 'abstain', choices: [], against: [] }
		]);
		expect(confirmationOptions(['son-la', 'lai-chau'])).toBeNull();
	});

	it('says the choice back before it is cast', () => {
		expect(choiceWords('vi', ['son-la'], ['son-la'], name, 'agree')).toBe('Phiếu của đơn vị: Đồng ý — Sơn La');
		expect(choiceWords('vi', ['son-la'], [], name, 'disagree')).toBe('Phiếu của đơn vị: Không đồng ý — Sơn La');
		expect(choiceWords('vi', ['son-la'], [], name, 'abstain')).toBe(
			'Phiếu của đơn vị: Không biểu quyết (phiếu trống)'
		);
		expect(choiceWords('vi', ['son-la', 'lai-chau'], ['lai-chau', 'son-la'], name)).toBe(
			'Phiếu của đơn vị: chọn Lai Châu, Sơn La'
		);
		expect(choiceWords('vi', ['son-la', 'lai-chau'], [], name)).toBe(
			'Phiếu của đơn vị: phiếu trống (không chọn đơn vị nào)'
		);
	});
});
