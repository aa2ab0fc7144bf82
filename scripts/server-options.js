// The Node options the board runs with, shared by `npm start`, `npm run serve` and the benchmark.
//
// A young generation of 4 MB semi-spaces instead of Node's default of up to 16 MB keeps the process under 90 MB
// after launch and the first pages (measured: 95 MB with the default, 86.5 MB with this). Smaller is worse under
// load: with 2 MB, short-lived objects of 500 connections were promoted early, and scenario (b) of `npm run bench`
// rose to a 226 MB peak and a 257 ms p99 (4 MB: 162 MB and 50 ms; the default: 174 MB and 47 ms).
export const SERVER_NODE_OPTIONS = ['--max-semi-space-size=4'];
