import { describe, expect, it } from 'vitest';
import { translate } from '$lib/i18n';
import { refusalMessage } from '$lib/live/refusal';

describe('refusalMessage', () => {
	it('says the history’s bound as such, in Vietnamese, and anything else as a change not allowed', () => {
		// The sync hub's reasons for the log's two bounds.
		expect(translate('vi', refusalMessage('the document’s history is full'))).toContain('lịch sử thay đổi');
		expect(translate('vi', refusalMessage('you have written too much into this document’s history'))).toContain(
			'đã đến giới hạn'
		);
		expect(refusalMessage('a new deduction must be the writer’s')).toBe('live.refused');
		expect(refusalMessage(null)).toBe('live.refused');
	});
});
