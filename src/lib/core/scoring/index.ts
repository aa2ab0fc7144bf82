// The pure scoring core: criteria templates, sheets, deductions, checks and ranking. No I/O, no framework.
export { POINT_SCALE, points, toDecimal, formatPoints, parsePoints, sumPoints } from './points';
export type { Points, PointsParseFailure } from './points';
export {
	TOTAL_CODE,
	templateFromInput,
	templateItems,
	templateSections,
	findCriterion,
	criterionPath
} from './template';
export type {
	CriterionKind,
	Section,
	Item,
	Criterion,
	Template,
	TemplateInput,
	CriterionInput,
	TemplateError
} from './template';
export { scoreSheet } from './sheet';
export type { Scores, SelfAssessment, Deduction, ItemResult, SectionResult, Totals, SheetResult } from './sheet';
export { checkArithmetic, validateSheet, isPenaltySection, sectionFigure } from './check';
export type { Mismatch, SheetProblem } from './check';
export { parseScore, checkScore, checkDeduction } from './input';
export type { ScoreError, DeductionError } from './input';
export { rankBy } from './ranking';
export type { Ranked } from './ranking';
export { summaryTable } from './summary';
export type { SummaryInput, SummaryRow } from './summary';
export { readSelfAssessment, uploadReading } from './entry';
export type { SelfAssessmentEntry, EntryError, ReportedError, UploadReading } from './entry';
export { findExcesses, meetingExcesses, unresolvedExcesses } from './excess';
export type { Excess, ExcessNote, UnitExcess } from './excess';
