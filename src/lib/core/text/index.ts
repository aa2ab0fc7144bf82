export { unwritableChar, writableDeep, writableText } from './xml';
export {
	PASTED_TABLE_FIELDS,
	readText,
	readTexts,
	TEXT_KINDS,
	type TextKind,
	type TextProblem,
	type TextRead
} from './fields';
