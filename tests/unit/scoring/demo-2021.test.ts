import { describe, expect, it } from 'vitest';
import demo from '$lib/server/demo/cluster-2021.json';
import {
	checkArithmetic,
	checkDeduction,
	formatPoints,
	points,
	scoreSheet,
	summaryTable,
	templateFromInput,
	validateSheet,
	type Deduction,
	type SelfAssessment,
	type SummaryInput,
	type Template,
	type TemplateInput
} from '$lib/core/scoring';

// The demo data set, read purely through the core: decimals in the JSON become Points here.
const toPointsRecord = (record: Record<string, number>): Record<string, number> =>
	Object.fromEntries(Object.entries(record).map(([code, value]) => [code, points(value)]));

function loadTemplate(): Template {
	const built = templateFromInput(demo.criteria_template as TemplateInput);
	if (!built.ok) throw new Error(JSON.stringify(built.errors));
	return built.template;
}

const units = demo.units.map((u) => {
	const sheet: SelfAssessment = {
		scores: toPointsRecord(u.self_assessment.scores),
		reported: toPointsRecord(u.self_assessment.reported_subtotals as Record<string, number>)
	};
	const deductions: Deduction[] = u.deductions_2021.map((d, i) => ({
		id: `${u.slug}-${i}`,
		criterion: d.item,
		points: points(d.points),
		reason: d.reason,
		author: 'son-la',
		at: '2021-11-10T09:00:00+07:00'
	}));
	return { slug: u.slug, name: u.short_name, sheet, deductions };
});
const byName = (name: string) => {
	const unit = units.find((u) => u.name === name);
	if (!unit) throw new Error(`no unit ${name}`);
	return unit;
};

describe('demo: cluster 2021 through the scoring core', () => {
	it('builds the criteria template from the JSON', () => {
		const built = templateFromInput(demo.criteria_template as TemplateInput);
		expect(built).toMatchObject({ ok: true });
		const t = loadTemplate();
		expect(t.nominalTotal).toBe(points(100));
		expect(t.step).toBe(points(0.5));
	});

	it("gives the report's cluster scores by applying each unit's 2021 deductions", () => {
		const t = loadTemplate();
		const cluster = Object.fromEntries(
			units.map((u) => [u.name, formatPoints(scoreSheet(t, u.sheet, u.deductions).cluster.total, 'vi')])
		);
		expect(cluster).toEqual({
			'Quảng Ninh': '99,5',
			'Sơn La': '98',
			'Lai Châu': '98',
			'Lào Cai': '95,5',
			'Lạng Sơn': '94',
			'Cao Bằng': '91,5',
			'Hà Giang': '87,5',
			'Điện Biên': '85'
		});
	});

	it("matches the report's summary table: order, self scores, cluster scores and stated deductions, Sơn La and Lai Châu tied at 2", () => {
		const t = loadTemplate();
		const inputs: SummaryInput[] = units.map((u) => ({ unit: u.slug, sheet: u.sheet, deductions: u.deductions }));
		const rows = summaryTable(t, inputs);
		const report = [...demo.report_2021].sort((a, b) => a.order - b.order);
		expect(rows.map((r) => r.unit)).toEqual(report.map((r) => r.unit));
		expect(rows.map((r) => r.clusterTotal)).toEqual(report.map((r) => points(r.cluster_score)));
		// The report's "total deduction" for Điện Biên (12) is its arithmetic error (97 typed, 85 computed), not a
		// deduction: the core keeps the two apart.
		expect(rows.map((r) => r.deductionTotal)).toEqual(
			report.map((r) => (r.unit === 'dien-bien' ? 0 : points(r.stated_total_deduction)))
		);
		const dienBien = rows.find((r) => r.unit === 'dien-bien');
		const typedTotal = dienBien?.mismatches.find((m) => m.code === 'total');
		expect(typedTotal && typedTotal.reported - typedTotal.computed).toBe(points(12));
		expect(rows.map((r) => [r.unit, r.rank, r.tied])).toEqual([
			['quang-ninh', 1, false],
			['son-la', 2, true],
			['lai-chau', 2, true],
			['lao-cai', 4, false],
			['lang-son', 5, false],
			['cao-bang', 6, false],
			['ha-giang', 7, false],
			['dien-bien', 8, false]
		]);
		// Self scores as the report prints them, except Điện Biên's 97, which its own items do not give.
		for (const row of rows.filter((r) => r.unit !== 'dien-bien')) {
			expect(row.selfTotal).toBe(points(report.find((r) => r.unit === row.unit)?.self_score ?? Number.NaN));
		}
		expect(rows.find((r) => r.unit === 'dien-bien')?.selfTotal).toBe(points(85));
	});

	it("flags Hà Giang's section II and Điện Biên's subtotals and total, and nothing for the other six", () => {
		const t = loadTemplate();
		const mismatches = Object.fromEntries(units.map((u) => [u.name, checkArithmetic(t, u.sheet)]));
		expect(mismatches['Hà Giang']).toEqual([{ code: 'II', reported: points(26), computed: points(22) }]);
		expect(mismatches['Điện Biên']).toEqual([
			{ code: 'I', reported: points(30), computed: points(29) },
			{ code: 'I.2', reported: points(10), computed: points(9) },
			{ code: 'II', reported: points(28), computed: points(17) },
			{ code: 'II.1', reported: points(10), computed: points(4) },
			{ code: 'total', reported: points(97), computed: points(85) }
		]);
		for (const name of ['Quảng Ninh', 'Sơn La', 'Lai Châu', 'Lào Cai', 'Lạng Sơn', 'Cao Bằng']) {
			expect(mismatches[name], name).toEqual([]);
		}
	});

	it('finds every sheet complete and within range', () => {
		const t = loadTemplate();
		for (const u of units) expect(validateSheet(t, u.sheet), u.name).toEqual([]);
	});

	it('accepts every 2021 deduction, one after another, as the head would have entered them', () => {
		const t = loadTemplate();
		for (const u of units) {
			const entered: Deduction[] = [];
			for (const d of u.deductions) {
				expect(checkDeduction(t, u.sheet, entered, d), `${u.name} ${d.criterion}`).toEqual({ ok: true });
				entered.push(d);
			}
		}
	});

	it('shows the partial credit on the items: II.2.2 3 → 1,5 and Hà Giang II.1.1 5 → 2,5', () => {
		const t = loadTemplate();
		const caoBang = byName('Cao Bằng');
		expect(scoreSheet(t, caoBang.sheet, caoBang.deductions).items['II.2.2']).toEqual({
			code: 'II.2.2',
			self: 300,
			deducted: 150,
			cluster: 150,
			overDeducted: 0
		});
		const haGiang = byName('Hà Giang');
		expect(scoreSheet(t, haGiang.sheet, haGiang.deductions).items['II.1.1']).toEqual({
			code: 'II.1.1',
			self: 500,
			deducted: 250,
			cluster: 250,
			overDeducted: 0
		});
	});
});
