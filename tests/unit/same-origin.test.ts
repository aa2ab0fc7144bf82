import { describe, expect, it } from 'vitest';
import { sameOriginPath } from '$lib/server/same-origin';

describe('sameOriginPath', () => {
	it.each([
		'/\\evil.example',
		'/\\\\evil.example',
		'/\t/evil.example',
		'/\n/evil.example',
		'//evil.example',
		'/%2F/evil.example'.replace('%2F', '/'),
		'https://evil.example/',
		'javascript:alert(1)',
		'evil.example',
		'',
		null
	])('refuses %j', (value) => {
		expect(sameOriginPath(value)).toBe('/');
	});

	it('keeps our own paths, with their query and fragment, as the browser would read them', () => {
		expect(sameOriginPath('/meetings/1?view=summary#top')).toBe('/meetings/1?view=summary#top');
		expect(sameOriginPath('/meetings/../account')).toBe('/account');
		expect(sameOriginPath('/%5Cevil.example')).toBe('/%5Cevil.example');
	});
});
