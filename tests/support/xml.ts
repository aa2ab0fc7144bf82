import JSZip from 'jszip';
import { XMLValidator } from 'fast-xml-parser';

// Whether an Office file opens as Word and Excel open it: every XML part well-formed XML 1.0. fast-xml-parser's
// validator checks the structure; the characters are checked here against XML 1.0's Char production
// (#x9 | #xA | #xD | [#x20-#xD7FF] | [#xE000-#xFFFD] | [#x10000-#x10FFFF]), raw and as character references.

function allowedCodePoint(cp: number): boolean {
	return (
		cp === 0x9 ||
		cp === 0xa ||
		cp === 0xd ||
		(cp >= 0x20 && cp <= 0xd7ff) ||
		(cp >= 0xe000 && cp <= 0xfffd) ||
		(cp >= 0x10000 && cp <= 0x10ffff)
	);
}

/** Why one XML part is not well-formed XML 1.0, or null. */
export function xmlProblem(xml: string): string | null {
	const structure = XMLValidator.validate(xml);
	if (structure !== true) return `${structure.err.code}: ${structure.err.msg} (line ${structure.err.line})`;
	for (let i = 0; i < xml.length; i++) {
		const cp = xml.codePointAt(i)!;
		if (cp > 0xffff) i++;
		else if (cp >= 0xd800 && cp <= 0xdfff) return `a lone surrogate U+${cp.toString(16).toUpperCase()} at ${i}`;
		if (!allowedCodePoint(cp)) return `the character U+${cp.toString(16).toUpperCase().padStart(4, '0')} at ${i}`;
	}
	for (const [ref, hex, dec] of xml.matchAll(/&#(?:x([0-9a-fA-F]+)|([0-9]+));/g)) {
		const cp = hex !== undefined ? parseInt(hex, 16) : Number(dec);
		if (!allowedCodePoint(cp) || (cp >= 0xd800 && cp <= 0xdfff)) return `the reference ${ref}`;
	}
	return null;
}

/** Every XML part of a .docx or .xlsx that is not well-formed XML 1.0, with why. */
export async function malformedParts(file: Uint8Array): Promise<string[]> {
	const zip = await JSZip.loadAsync(file);
	const problems: string[] = [];
	for (const [name, entry] of Object.entries(zip.files)) {
		if (entry.dir || !/\.(xml|rels)$/.test(name)) continue;
		const problem = xmlProblem(await entry.async('string'));
		if (problem) problems.push(`${name}: ${problem}`);
	}
	return problems;
}
