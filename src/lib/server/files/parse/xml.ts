// The little XML a workbook's parts need, read with regular expressions over the part's text: attributes, the
// five named entities and character references, end-of-line handling. Office parts never declare a DTD; a part
// that does is refused (an entity declared there could expand without bound).

export function hasDoctype(xml: string): boolean {
	return /<!DOCTYPE|<!ENTITY/i.test(xml);
}

const NAMED: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

/** Text content or an attribute value as the XML parser hands it on. */
export function decodeXml(raw: string): string {
	const text = raw.includes('\r') ? raw.replace(/\r\n?/g, '\n') : raw;
	if (!text.includes('&')) return text;
	return text.replace(/&(#x[0-9a-fA-F]+|#[0-9]+|[a-z]+);/g, (whole, name: string) => {
		if (name[0] === '#') {
			const code = name[1] === 'x' ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10);
			return code <= 0x10ffff ? String.fromCodePoint(code) : whole;
		}
		return NAMED[name] ?? whole;
	});
}

/** The attributes of a start tag's inside (`name a="1" b='2'`), decoded. */
export function attributes(tag: string): Record<string, string> {
	const found: Record<string, string> = {};
	for (const m of tag.matchAll(/([\w:.-]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g))
		found[m[1]!] = decodeXml(m[2] ?? m[3] ?? '');
	return found;
}

/** The inside of the first `<tag …>…</tag>`, '' for `<tag/>`, or null when absent. */
export function section(xml: string, tag: string): string | null {
	const open = new RegExp(`<${tag}(?:\\s[^>]*)?(/?)>`).exec(xml);
	if (!open) return null;
	if (open[1] === '/') return '';
	const start = open.index + open[0].length;
	const end = xml.indexOf(`</${tag}>`, start);
	return end < 0 ? null : xml.slice(start, end);
}

/** Excel's escapes of characters XML cannot hold (`_x000D_`), as exceljs reads them. */
export function decodeExcelEscapes(text: string): string {
	return text.includes('_x')
		? text.replace(/_x([0-9A-F]{4})_/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)))
		: text;
}
