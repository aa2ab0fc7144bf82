import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { addDeduction, deductionsMap, updateDeduction } from '$lib/live/scoring-doc';
import { deductionCreators } from '$lib/server/record/authors';
import { temporaryDatabase } from '../support/database';

// The frozen record's authors come from the update log, which the server alone writes: whoever's accepted update
// first set a deduction is its author, whatever the deduction's own fields say.

let database: Awaited<ReturnType<typeof temporaryDatabase>>;
beforeEach(async () => {
	database = await temporaryDatabase();
});
afterEach(async () => {
	await database.close();
});

describe('deductionCreators', () => {
	it('names the user whose logged update created each deduction, not the author the entry claims', async () => {
		const log = database.sqlite.prepare(
			'insert into sync_updates (document, user_id, created_at, "update") values (?, ?, 0, ?)'
		);
		const doc = new Y.Doc();
		let before = Y.encodeStateVector(doc);
		const append = (userId: number | null) => {
			log.run('meeting/1/scoring', userId, Buffer.from(Y.encodeStateAsUpdate(doc, before)));
			before = Y.encodeStateVector(doc);
		};
		// User 7's update carries a deduction that claims user 3 as its author (as a log from before the check could).
		const forged = addDeduction(
			doc,
			{ unit: 'son-la', criterion: 'I.1', points: 50, reason: 'x' },
			{ id: 3, name: 'Người khác' }
		);
		append(7);
		const honest = addDeduction(
			doc,
			{ unit: 'son-la', criterion: 'I.2', points: 50, reason: 'y' },
			{ id: 5, name: 'Năm' }
		);
		append(5);
		// Edits and a replacement by others do not make them the author.
		updateDeduction(doc, honest, { points: 100 }, { id: 9, name: 'Chín' });
		deductionsMap(doc).set(forged, new Y.Map());
		append(9);
		const seeded = addDeduction(
			doc,
			{ unit: 'son-la', criterion: 'I.3', points: 50, reason: 'z' },
			{ id: 1, name: 'Một' }
		);
		append(null);

		const creators = await deductionCreators(database.db, 'meeting/1/scoring');
		expect(creators.get(forged)).toBe(7);
		expect(creators.get(honest)).toBe(5);
		expect(creators.has(seeded)).toBe(false);
	});
});
