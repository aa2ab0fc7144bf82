import type { Purpose, Threshold } from '../voting';
import { countText, pointsText, shareText } from './text';
import type { BallotCount, BallotEntry, DocumentModel, ExcessEntry, StatisticsTable } from './model';

// What the documents say, in the words of Vietnamese minutes and reports. Pure.

export const DRAFT_MARK = 'DỰ THẢO';

const PURPOSE_WORDS: Record<Purpose, string> = {
	flag: 'Suy tôn đề nghị tặng Cờ thi đua',
	merit: 'Đề nghị tặng Bằng khen',
	head: 'Bầu đơn vị Cụm trưởng',
	vice_head: 'Bầu đơn vị Cụm phó',
	other: 'Biểu quyết'
};

/** What a result makes of the units it names: honours are "được suy tôn" / "được đề nghị", elections "trúng cử". */
export const OUTCOME_VERBS = {
	flag: 'được suy tôn',
	merit: 'được đề nghị',
	head: 'trúng cử',
	vice_head: 'trúng cử',
	other: 'được chọn'
} as const satisfies Record<Purpose, string>;

export function outcomeVerb(purpose: string): string {
	return OUTCOME_VERBS[purpose as Purpose] ?? OUTCOME_VERBS.other;
}

export function purposeText(purpose: string): string {
	return PURPOSE_WORDS[purpose as Purpose] ?? purpose;
}

const BASE_WORDS = { members: 'tổng số đơn vị thành viên', cast: 'số phiếu thu về', valid: 'số phiếu hợp lệ' } as const;

/** "quá 1/2 tổng số đơn vị thành viên", "từ 2/3 số phiếu hợp lệ trở lên". */
export function thresholdText(t: Threshold): string {
	const fraction = `${t.numerator}/${t.denominator}`;
	return t.comparison === 'more_than'
		? `quá ${fraction} ${BASE_WORDS[t.base]}`
		: `từ ${fraction} ${BASE_WORDS[t.base]} trở lên`;
}

/**
 * Whether a round that must be held again is a tie: the units it goes on among all had the same votes. The voting
 * core calls a 4–4 under a majority threshold "no majority"; the minutes call it what the room saw, a tie.
 */
export function tiedRound(
	results: readonly { candidate: string; votes: number }[],
	runoffAmong: readonly string[]
): boolean {
	const votes = results.filter((r) => runoffAmong.includes(r.candidate)).map((r) => r.votes);
	return votes.length > 1 && votes.every((v) => v === votes[0]);
}

/**
 * The result in a sentence, in the verb of its purpose; a tied round names itself and what follows ("hòa, bầu
 * lại"); a round that filled some seats says so before what is left, never that nobody reached the threshold.
 */
export function outcomeText(count: BallotCount, names: (slug: string) => string, purpose: string = 'head'): string {
	const elected = count.elected.map(names).join(', ');
	const verb = outcomeVerb(purpose);
	switch (count.outcome) {
		case 'elected':
			return `Kết quả: ${elected} ${verb} (đạt số phiếu theo quy định).`;
		case 'no_quorum':
			return 'Kết quả: không đủ số đơn vị tham gia biểu quyết theo quy định; kết quả không có giá trị.';
		case 'tie':
			return elected ? `Kết quả: ${elected} ${verb}; các suất còn lại hòa, bầu lại.` : 'Kết quả: hòa, bầu lại.';
		case 'no_majority':
			return elected
				? `Kết quả: ${elected} ${verb}; các suất còn lại chưa có đơn vị đạt số phiếu theo quy định, bầu lại.`
				: 'Kết quả: chưa đơn vị nào đạt số phiếu theo quy định, bầu lại.';
	}
}

/** A ballot's line in the minutes: its title, and its purpose only when the title does not already say it. */
export function ballotTitleLine(b: Pick<BallotEntry, 'title' | 'round' | 'purpose'>): string {
	const heading = ballotHeading(b);
	const purpose = purposeText(b.purpose);
	return heading.toLocaleLowerCase('vi').includes(purpose.toLocaleLowerCase('vi'))
		? heading
		: `${heading} (${purpose})`;
}

/** Short outcome for a table cell. */
export function outcomeShort(count: BallotCount, names: (slug: string) => string): string {
	if (count.outcome === 'elected') return count.elected.map(names).join(', ');
	if (count.outcome === 'tie') return 'hòa, bầu lại';
	if (count.outcome === 'no_majority') return 'không đạt, bầu lại';
	return 'không đủ số đơn vị tham gia';
}

/**
 * The counted papers in the order the minutes state them. A confirmation's valid papers are split as officials split
 * them: agree, disagree (a valid paper against), and abstain or blank.
 */
export function paperLines(count: BallotCount): string[] {
	const issued = [
		`Số phiếu phát ra: ${countText(count.members)} phiếu`,
		`Số phiếu thu về: ${countText(count.cast)} phiếu`,
		`Số phiếu hợp lệ: ${countText(count.valid)} phiếu`,
		`Số phiếu không hợp lệ: ${countText(count.invalid)} phiếu`
	];
	const c = count.confirmation;
	if (!c) return [...issued, `Số phiếu trống: ${countText(count.blank)} phiếu`];
	return [
		...issued,
		`Số phiếu đồng ý: ${countText(c.agree)} phiếu`,
		`Số phiếu không đồng ý: ${countText(c.disagree)} phiếu`,
		`Số phiếu không biểu quyết (phiếu trống): ${countText(c.blank)} phiếu`
	];
}

/** The papers in one clause, for the conference minutes' line on a vote. */
export function paperClause(count: BallotCount): string {
	const head = `Phiếu phát ra ${countText(count.members)}, thu về ${countText(count.cast)}, hợp lệ ${countText(count.valid)}, không hợp lệ ${countText(count.invalid)}`;
	const c = count.confirmation;
	return c
		? `${head}; đồng ý ${countText(c.agree)}, không đồng ý ${countText(c.disagree)}, không biểu quyết (phiếu trống) ${countText(c.blank)}.`
		: `${head}, phiếu trống ${countText(count.blank)}.`;
}

/** "07/08 phiếu (87,5%)": the share of the threshold's base. */
export function votesText(votes: number, count: BallotCount): string {
	return `${countText(votes)}/${countText(count.thresholdBase)} phiếu (${shareText(votes, count.thresholdBase)})`;
}

/** A ballot's title; a run-off's title already names its round ("… (vòng 2)"). */
export function ballotHeading(b: Pick<BallotEntry, 'title' | 'round'>): string {
	return b.round > 1 && !b.title.includes(`vòng ${b.round}`) ? `${b.title} (vòng ${b.round})` : b.title;
}

/** Every document says who chaired and when it was made. */
export function madeLine(model: Pick<DocumentModel, 'fields' | 'draft'> & { madeAtText: string }): string {
	const chair = model.fields.chairName.trim() || '……';
	return `${model.draft ? 'Bản dự thảo' : 'Văn bản'} lập lúc ${model.madeAtText}; chủ trì hội nghị: ${chair}.`;
}

/**
 * A statistics table's totals, computed from its rows (numbers only; blanks count as nothing). A column of
 * percentages ("(%)" in its heading) has no total: rates do not add up.
 */
export function statisticsTotals(table: StatisticsTable): (number | null)[] {
	return table.columns.map((label, column) => {
		if (label.includes('%')) return null;
		let sum: number | null = null;
		for (const row of table.rows) {
			const value = row.values[column];
			if (typeof value === 'number') sum = Math.round(((sum ?? 0) + value) * 1000) / 1000;
		}
		return sum;
	});
}

export function documentFileNames(year: number, ballotNumbers: readonly number[]) {
	return {
		minutes: `bien-ban-hoi-nghi-${year}.docx`,
		counts: ballotNumbers.map((n) => ({ number: n, name: `bien-ban-kiem-phieu-${n}-${year}.docx` })),
		report: `bao-cao-tong-ket-${year}.docx`,
		scores: `bang-tong-hop-diem-${year}.xlsx`,
		bundle: `ho-so-hoi-nghi-${year}.zip`
	};
}

/**
 * An item whose listed deductions exceed what took effect: both totals and why the list was kept, so that the reasons
 * listed and the total printed are both explained.
 */
export function excessText(e: ExcessEntry): string {
	const figures = `Tiêu chí ${e.criterion}: các khoản trừ ghi tổng ${pointsText(e.listed)} điểm, có hiệu lực ${pointsText(e.effective)} điểm (không trừ quá điểm tự chấm của tiêu chí)`;
	return e.note === null
		? `${figures}; chưa có ghi chú giữ nguyên.`
		: `${figures}; giữ nguyên vì: ${e.note} (${e.by ?? ''}).`;
}
