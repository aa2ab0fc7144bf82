import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import SQLite from 'better-sqlite3';
import { startServer, type RunningServer } from '../support/server';
import { issueLinkFor, joinByLink } from '../support/people';

// Whoever is not in a meeting learns nothing of it, not even whether it exists: every page, endpoint and form action
// under /meetings/<id> answers an existing meeting of others exactly as it answers an id that no meeting has (403
// for a signed-in outsider, the sign-in redirect for an anonymous visitor). The routes are read from src/routes, so
// a route added later is covered too.

const ROUTES = 'src/routes/meetings/[id=integer]';
const EXISTING = 1;
const MISSING = 987654;
// A stand-in for each route parameter below the meeting's id.
const PARAMS: Record<string, string> = {
	'[slug]': 'son-la',
	'[file]': 'bien-ban-hoi-nghi-2021.docx',
	'[file=integer]': '1'
};

interface Probe {
	method: 'GET' | 'POST';
	/** What the client asks for: a page (a plain form post), or data (a form post by script, as use:enhance sends). */
	accept: 'text/html' | 'application/json';
	/** The path after /meetings/<id>, with the action's query for a form action. */
	path: string;
}

function probes(): Probe[] {
	const found: Probe[] = [];
	const walk = (dir: string) => {
		for (const name of readdirSync(dir)) {
			const full = join(dir, name);
			if (statSync(full).isDirectory()) walk(full);
			else if (name === '+page.server.ts' || name === '+server.ts' || name === '+page.svelte') {
				const segments = relative(ROUTES, dir).split('/').filter(Boolean);
				const path = segments.map((s) => PARAMS[s] ?? s).join('/');
				const route = path ? `/${path}` : '';
				if (!found.some((p) => p.method === 'GET' && p.path === route))
					found.push({ method: 'GET', accept: 'text/html', path: route });
				if (name === '+page.server.ts') {
					const source = readFileSync(full, 'utf8');
					const actions = /export const actions[^{]*\{([\s\S]*)\};?\s*$/.exec(source)?.[1] ?? '';
					for (const [, action] of actions.matchAll(/^\t(\w+): async/gm)) {
						for (const accept of ['text/html', 'application/json'] as const)
							found.push({ method: 'POST', accept, path: `${route}?/${action}` });
					}
				}
			}
		}
	};
	walk(ROUTES);
	return found;
}

let server: RunningServer;
let outsider: string;

beforeAll(async () => {
	server = await startServer({ demo: true });
	// An official of another meeting, signed in: a participant of meeting 2 only.
	const sqlite = new SQLite(server.databasePath);
	sqlite.prepare("insert into users (display_name, created_at) values ('Người ngoài', '2021-11-15')").run();
	const user = sqlite.prepare("select id from users where display_name = 'Người ngoài'").get() as { id: number };
	sqlite
		.prepare(
			"insert into meetings (cluster_id, template_id, year, title, held_on, phase, created_at) values (1, 1, 2022, 'Khác', '2022-11-15', 'review', '')"
		)
		.run();
	const other = (sqlite.prepare('select max(id) as id from meetings').get() as { id: number }).id;
	sqlite
		.prepare("insert into participants (meeting_id, user_id, role, created_at) values (?, ?, 'observer', '')")
		.run(other, user.id);
	sqlite.close();
	outsider = await joinByLink(server.url, await issueLinkFor(server.databasePath, { role: 'observer' }, other));
});
afterAll(async () => {
	await server.stop();
	server.cleanup();
});

/** What a probe of meeting `id` answers, with the id written out of it so that two answers compare. */
async function answer(id: number, { method, accept, path }: Probe, cookie?: string) {
	const response = await fetch(`${server.url}/meetings/${id}${path}`, {
		method,
		redirect: 'manual',
		headers: {
			origin: new URL(server.url).origin,
			accept,
			...(method === 'POST'
				? { 'content-type': 'application/x-www-form-urlencoded', 'x-sveltekit-action': 'true' }
				: {}),
			...(cookie ? { cookie } : {})
		},
		body: method === 'POST' ? 'name=x' : undefined
	});
	const strip = (text: string) =>
		text
			.replaceAll(`/meetings/${id}`, '/meetings/ID')
			.replaceAll(`%2Fmeetings%2F${id}`, '%2Fmeetings%2FID')
			.replace(/nonce="[^"]*"/g, 'nonce=""');
	return {
		status: response.status,
		location: strip(response.headers.get('location') ?? ''),
		body: strip(await response.text())
	};
}

describe('an outsider cannot tell which meeting ids exist', () => {
	const all = probes();

	it('finds the meeting routes to probe (pages, endpoints and form actions)', () => {
		const paths = all.map((p) => `${p.method} ${p.path}`);
		expect(all.filter((p) => p.accept === 'application/json').length).toBeGreaterThan(20);
		expect(paths).toEqual(
			expect.arrayContaining([
				'GET ',
				'GET /documents/bien-ban-hoi-nghi-2021.docx',
				'GET /self-assessment.xlsx',
				'GET /record.json',
				'POST /documents?/save',
				'POST /setup?/details',
				'POST /ballots?/vote'
			])
		);
	});

	const named = all.map(
		(p) => [`${p.method} /meetings/<id>${p.path}${p.method === 'POST' ? ` (${p.accept})` : ''}`, p] as const
	);

	it.each(named)('signed in, not a participant: %s', async (_, probe) => {
		const existing = await answer(EXISTING, probe, outsider);
		const missing = await answer(MISSING, probe, outsider);
		expect(existing.status, existing.body.slice(0, 300)).toBe(403);
		if (probe.accept === 'application/json')
			expect(JSON.parse(existing.body)).toMatchObject({
				type: 'error',
				error: { message: 'Bạn không tham gia hội nghị này.' }
			});
		expect(missing).toEqual(existing);
	});

	it.each(named)('anonymous: %s', async (_, probe) => {
		const existing = await answer(EXISTING, probe);
		const missing = await answer(MISSING, probe);
		expect([200, 303]).toContain(existing.status);
		expect(missing).toEqual(existing);
	});
});
