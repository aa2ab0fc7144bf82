import type { IncomingMessage } from 'node:http';
import { describe, expect, it } from 'vitest';
import { upgradeOriginAllowed } from '$lib/server/live/authorize';
import { originAllowed, sameOriginPath } from '$lib/server/same-origin';

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

describe('originAllowed', () => {
	const plain = { host: 'binhxet.example.vn:3000', scheme: 'http' };

	it('accepts exactly our own scheme and host, and no Origin at all (not a browser)', () => {
		expect(originAllowed({ ...plain, origin: 'http://binhxet.example.vn:3000' }, undefined)).toBe(true);
		expect(originAllowed({ ...plain, origin: undefined }, undefined)).toBe(true);
		expect(originAllowed({ host: 'localhost:80', scheme: 'http', origin: 'http://localhost' }, undefined)).toBe(
			true
		);
	});

	it.each([
		'https://binhxet.example.vn:3000',
		'https://binhxet.example.vn',
		'http://binhxet.example.vn',
		'http://binhxet.example.vn:3001',
		'ws://binhxet.example.vn:3000',
		'http://evil.example',
		'null',
		''
	])('refuses %j on a plain-http deployment', (origin) => {
		expect(originAllowed({ ...plain, origin }, undefined)).toBe(false);
	});

	it('accepts the configured ORIGIN exactly, and not its other scheme', () => {
		const behindProxy = { host: 'binhxet.example.vn', scheme: 'http' };
		expect(
			originAllowed({ ...behindProxy, origin: 'https://binhxet.example.vn' }, 'https://binhxet.example.vn')
		).toBe(true);
		expect(
			originAllowed({ ...behindProxy, origin: 'https://binhxet.example.vn:8443' }, 'https://binhxet.example.vn')
		).toBe(false);
		expect(
			originAllowed(
				{ host: 'binhxet.example.vn', scheme: 'https', origin: 'http://binhxet.example.vn' },
				'https://binhxet.example.vn'
			)
		).toBe(false);
	});

	it('reads https as ours only when the request came by https', () => {
		expect(
			originAllowed(
				{ host: 'binhxet.example.vn', scheme: 'https', origin: 'https://binhxet.example.vn' },
				undefined
			)
		).toBe(true);
		expect(originAllowed({ host: undefined, scheme: 'http', origin: 'http://binhxet.example.vn' }, undefined)).toBe(
			false
		);
		expect(
			originAllowed({ host: 'binhxet.example.vn', scheme: 'ftp', origin: 'ftp://binhxet.example.vn' }, undefined)
		).toBe(false);
	});
});

describe('upgradeOriginAllowed: the scheme a live-board upgrade came by', () => {
	const upgrade = (origin: string, extra: Record<string, string> = {}, encrypted = false) =>
		({
			headers: { host: 'binhxet.example.vn', origin, ...extra },
			socket: { encrypted }
		}) as unknown as IncomingMessage;

	it('is http on a plain-http deployment: https with our host is refused', () => {
		const config = { origin: undefined, protocolHeader: undefined };
		expect(upgradeOriginAllowed(upgrade('http://binhxet.example.vn'), config)).toBe(true);
		expect(upgradeOriginAllowed(upgrade('https://binhxet.example.vn'), config)).toBe(false);
		// A client's own protocol header counts for nothing unless the deployment names it.
		expect(
			upgradeOriginAllowed(upgrade('https://binhxet.example.vn', { 'x-forwarded-proto': 'https' }), config)
		).toBe(false);
	});

	it('is https over TLS, or when the deployment’s proxy header says so', () => {
		expect(
			upgradeOriginAllowed(upgrade('https://binhxet.example.vn', {}, true), {
				origin: undefined,
				protocolHeader: undefined
			})
		).toBe(true);
		const proxied = { origin: undefined, protocolHeader: 'X-Forwarded-Proto' };
		expect(
			upgradeOriginAllowed(upgrade('https://binhxet.example.vn', { 'x-forwarded-proto': 'https' }), proxied)
		).toBe(true);
		expect(
			upgradeOriginAllowed(upgrade('http://binhxet.example.vn', { 'x-forwarded-proto': 'https' }), proxied)
		).toBe(false);
	});

	it('accepts the configured ORIGIN exactly', () => {
		const config = { origin: 'https://binhxet.example.vn', protocolHeader: undefined };
		expect(upgradeOriginAllowed(upgrade('https://binhxet.example.vn'), config)).toBe(true);
		expect(upgradeOriginAllowed(upgrade('https://evil.example'), config)).toBe(false);
	});
});
