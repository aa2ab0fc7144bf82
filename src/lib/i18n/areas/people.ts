// Messages of one area of the board, merged into the catalogue by ../messages.ts.

export const vi = {} as const;

export const en: Record<keyof typeof vi, string> = {};
