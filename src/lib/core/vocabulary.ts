// The board's words for who takes part, where a meeting stands and what a ballot decides: one list each, which the
// rights matrix, the database types, the documents and the screens import. The migrations' CHECK constraints spell
// the same lists (migrations are never edited); a test holds them to these. Pure.

/** A participant's role in a meeting. */
export const ROLES = ['host', 'head', 'vice_head', 'delegate', 'observer'] as const;
export type Role = (typeof ROLES)[number];

/** A meeting's phases, in the order it goes through them. */
export const PHASES = ['preparation', 'review', 'voting', 'closed'] as const;
export type Phase = (typeof PHASES)[number];

/** What a ballot decides: an honour proposed (flag, merit), next year's head or vice-heads, or something else. */
export const PURPOSES = ['flag', 'merit', 'head', 'vice_head', 'other'] as const;
export type Purpose = (typeof PURPOSES)[number];

export function isRole(value: unknown): value is Role {
	return (ROLES as readonly unknown[]).includes(value);
}
