// The Node options the board runs with, shared by `npm start`, `npm run serve` and the benchmark.
//
// A young generation of 2 MB semi-spaces instead of Node's default of up to 16 MB: the server's allocations are
// small and short-lived (one frame, one update), so scavenges stay short, and the process is about 10 MB smaller
// at launch (measured: 95 MB after the first pages with the default, 85 MB with this).
export const SERVER_NODE_OPTIONS = ['--max-semi-space-size=2'];
