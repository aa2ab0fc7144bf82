import { capitals } from './text';

// A body's name in a document's heading, broken into lines as offices break it: never inside a word of several
// syllables ("CHÍNH TRỊ", "HỒ CHÍ MINH"), each line as full as the column allows. "HỌC VIỆN CHÍNH TRỊ QUỐC GIA /
// HỒ CHÍ MINH", "CỤM THI ĐUA CÁC TRƯỜNG / CHÍNH TRỊ KHU VỰC MIỀN NÚI / BIÊN GIỚI PHÍA BẮC". Pure.

/** Words of several syllables in the names of Vietnamese public bodies, longest first. */
const WORDS = [
	'HỒ CHÍ MINH',
	'XÃ HỘI CHỦ NGHĨA',
	'CHÍNH TRỊ',
	'QUỐC GIA',
	'HỌC VIỆN',
	'THI ĐUA',
	'KHEN THƯỞNG',
	'KHU VỰC',
	'MIỀN NÚI',
	'BIÊN GIỚI',
	'PHÍA BẮC',
	'PHÍA NAM',
	'TRUNG ƯƠNG',
	'THÀNH PHỐ',
	'ĐÀO TẠO',
	'BỒI DƯỠNG',
	'CÁN BỘ',
	'NGUYỄN VĂN CỪ',
	'TỈNH ỦY',
	'ỦY BAN',
	'NHÂN DÂN',
	'HÀNH CHÍNH',
	'ĐỒNG BẰNG',
	'DUYÊN HẢI',
	'TÂY NGUYÊN',
	'ĐÔNG BẮC',
	'TÂY BẮC',
	'CỤM TRƯỞNG',
	'TRƯỜNG ĐẢNG'
].map((w) => w.split(' '));

/** The name's words, each syllable of a known word kept with the others. */
function words(name: string): string[] {
	const syllables = capitals(name).split(/\s+/).filter(Boolean);
	const out: string[] = [];
	for (let i = 0; i < syllables.length;) {
		const known = WORDS.find((w) => w.every((s, k) => syllables[i + k] === s));
		const take = known ? known.length : 1;
		out.push(syllables.slice(i, i + take).join(' '));
		i += take;
	}
	return out;
}

/** The name in capitals, in lines of at most `width` characters (a longer word stands on a line of its own). */
export function bodyLines(name: string, width: number): string[] {
	const lines: string[] = [];
	for (const word of words(name)) {
		const last = lines.at(-1);
		if (last !== undefined && last.length + 1 + word.length <= width) lines[lines.length - 1] = `${last} ${word}`;
		else lines.push(word);
	}
	return lines;
}
