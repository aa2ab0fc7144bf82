export { unwritableChar, writableDeep, writableText } from './xml';
export { readText, readTexts, TEXT_KINDS, type TextKind, type TextProblem, type TextRead } from './fields';
