import type { BallotEntry, DocumentModel } from './model';
import { countText, shareText } from './text';

// How the report states what the meeting proposed and elected: the awarding body and the award, and how each was
// decided, ballot by ballot, a tie and its run-off included. Pure.

const AWARDS: Record<string, { award: string; whom: string }> = {
	flag: { award: 'Cờ thi đua', whom: 'đơn vị tiêu biểu nhất Cụm' },
	merit: { award: 'Bằng khen', whom: 'đơn vị tiêu biểu nhì Cụm' }
};

/** "07/08 phiếu (87,5%)": votes over the base the threshold counts. */
function votes(b: BallotEntry, slug: string): string {
	const count = b.count!;
	const got = count.results.find((r) => r.slug === slug)?.votes ?? 0;
	return `${countText(got)}/${countText(count.thresholdBase)} phiếu (${shareText(got, count.thresholdBase)})`;
}

/** One round in words: "vòng 1: Trường A 04 phiếu, Trường B 04 phiếu, hòa phiếu". */
export function roundText(b: BallotEntry): string {
	const count = b.count;
	if (!count) return '';
	const results = count.results.map((r) => `${r.name} ${countText(r.votes)} phiếu`).join(', ');
	const outcome =
		count.outcome === 'elected'
			? ''
			: count.outcome === 'tie'
				? ', hòa phiếu'
				: count.outcome === 'no_majority'
					? ', không đơn vị nào đạt số phiếu theo quy định'
					: ', không đủ số đơn vị tham gia';
	return `${b.round > 1 ? 'bầu lại ' : ''}vòng ${b.round}: ${results}${outcome}`;
}

/** The ballots of one purpose that were counted, in the order they were held. */
export function countedRounds(model: Pick<DocumentModel, 'ballots'>, purpose: string): BallotEntry[] {
	return model.ballots.filter((b) => b.purpose === purpose && b.count).sort((a, b) => a.number - b.number);
}

/** How the unit was chosen: "đạt 07/08 phiếu (87,5%), bỏ phiếu kín"; after a tie, each round in turn. */
export function decisionText(rounds: readonly BallotEntry[], slug: string): string {
	const last = [...rounds].reverse().find((b) => b.count?.elected.includes(slug));
	if (!last) return '';
	const how = `${last.secret ? 'bỏ phiếu kín' : 'biểu quyết công khai'}`;
	const earlier = rounds.filter((b) => b.number < last.number && b.count);
	if (earlier.length === 0) return `đạt ${votes(last, slug)}, ${how}`;
	return `${how}; ${[...earlier, last].map(roundText).join('; ')}; đạt ${votes(last, slug)}`;
}

/** "Suy tôn, đề nghị Học viện … tặng Cờ thi đua cho đơn vị tiêu biểu nhất Cụm: Trường …, đạt 07/08 phiếu (87,5%) (bỏ phiếu kín)." */
export function awardProposalText(
	model: Pick<DocumentModel, 'superior' | 'ballots'>,
	purpose: string,
	unit: { slug: string; name: string }
): string {
	const award = AWARDS[purpose];
	const body = model.superior.trim() || 'cấp trên';
	const decided = decisionText(countedRounds(model, purpose), unit.slug);
	const verb = purpose === 'flag' ? 'Suy tôn, đề nghị' : 'Đề nghị';
	const what = award ? `${verb} ${body} tặng ${award.award} cho ${award.whom}` : `Đề nghị ${body} khen thưởng`;
	return `${what}: ${unit.name}${decided ? `, ${decided}` : ''}.`;
}

/** "Đơn vị Cụm trưởng năm 2022: Trường …, đạt 07/08 phiếu (87,5%) (bỏ phiếu kín)." */
export function electionText(
	model: Pick<DocumentModel, 'ballots'>,
	purpose: 'head' | 'vice_head',
	label: string,
	units: readonly { slug: string; name: string }[]
): string {
	const rounds = countedRounds(model, purpose);
	if (units.length === 0) return `${label}: chưa có kết quả bầu.`;
	return `${label}: ${units.map((u) => `${u.name}${decisionText(rounds, u.slug) ? `, ${decisionText(rounds, u.slug)}` : ''}`).join('; ')}.`;
}
