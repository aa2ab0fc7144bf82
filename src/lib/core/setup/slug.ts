// Slugs for member units, made from their names: Vietnamese diacritics removed, lower case, words joined by '-'.
// "Quảng Ninh" → "quang-ninh", "Đắk Lắk" → "dak-lak". Pure.

export function slugify(name: string): string {
	return name
		.normalize('NFD')
		.replace(/[\u0300-\u036f]/g, '')
		.replace(/[đĐ]/g, 'd')
		.toLowerCase()
		.replace(/[^a-z0-9]+/g, '-')
		.replace(/^-+|-+$/g, '');
}
