// The record of a meeting: its shape, how it is built from the board, and its canonical bytes and seal. No I/O.
export * from './types';
export * from './build';
export * from './canonical';
export * from './bytes';
