// The content of the documents filed after a meeting: dates, capitals, shares, headings, wording. No I/O.
export * from './text';
export * from './layout';
export * from './wording';
export * from './numbers';
export * from './people';
export * from './signing';
export type * from './model';
export * from './from-record';
export * from './reasons';
export * from './proposals';
export * from './figures';
export * from './body-lines';
