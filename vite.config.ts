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
		testTimeout: 20_000,
		hookTimeout: 60_000
	}
});
