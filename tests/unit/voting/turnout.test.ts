import { describe, expect, it } from 'vitest';
import { turnout } from '../../../src/lib/core/voting';
import { MEMBERS, draft, opened } from './fixtures';

describe('turnout', () => {
	it('secret ballot: the count only', () => {
		const t = turnout(opened(draft(['u1', 'u2'], { secret: true })), MEMBERS, ['u3', 'u1']);
		expect(t).toEqual({ secret: true, members: 8, voted: 2 });
		expect(Object.keys(t).sort()).toEqual(['members', 'secret', 'voted']);
	});

	it('open ballot: also which units voted, in member order', () => {
		const t = turnout(opened(draft(['u1', 'u2'], { secret: false })), MEMBERS, ['u7', 'u3', 'u1']);
		expect(t).toEqual({ secret: false, members: 8, voted: 3, units: ['u1', 'u3', 'u7'] });
	});

	it('counts each member once and ignores units that are not members', () => {
		const t = turnout(opened(draft(['u1', 'u2'], { secret: false })), MEMBERS, ['u2', 'u2', 'guest']);
		expect(t).toEqual({ secret: false, members: 8, voted: 1, units: ['u2'] });
		expect(turnout(opened(draft(['u1', 'u2'])), [...MEMBERS, 'u1'], [])).toEqual({
			secret: true,
			members: 8,
			voted: 0
		});
	});
});
