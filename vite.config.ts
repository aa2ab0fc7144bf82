import { sveltekit } from '@sveltejs/kit/vite';
import { defineConfig } from 'vitest/config';
import { threadSourceVite } from './scripts/thread-source.js';

export default defineConfig({
	plugins: [threadSourceVite(), sveltekit()],
	test: {
		include: ['tests/unit/**/*.test.ts', 'tests/integration/**/*.test.ts'],
		environment: 'node',
		// Integration tests start real servers on real ports; keep files from starving each other on 2 cores.
		maxWorkers: 2,
		// Guards against a hang, not measures: a test waits for conditions, and on a machine busy with other work the
		// same work (a CPU-bound property test, a server's start) takes many times as long as alone.
		testTimeout: 120_000,
		hookTimeout: 180_000
	}
});
