import { defineConfig } from '@playwright/test';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// Browser tests drive Debian's Chromium (installed by .ci/run) against the built server on a fresh database.
// The path is fixed once in the main process; workers inherit it through the environment.
process.env.BINHXET_E2E_DB ??= join(tmpdir(), `binhxet-e2e-${process.pid}-${Date.now()}`, 'binhxet.db');
const port = Number(process.env.BINHXET_E2E_PORT ?? 4319);

export default defineConfig({
	testDir: 'tests/browser',
	fullyParallel: false,
	workers: 1,
	retries: 0,
	reporter: [['list']],
	// Guards against a hang, not measures: on a machine busy with other work a page takes many times as long.
	timeout: 90_000,
	expect: { timeout: 15_000 },
	use: {
		baseURL: `http://127.0.0.1:${port}`,
		browserName: 'chromium',
		headless: true,
		viewport: { width: 1280, height: 720 },
		locale: 'vi-VN',
		launchOptions: {
			executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
			args: [
				'--no-sandbox',
				'--disable-gpu',
				'--disable-background-networking',
				'--disable-component-update',
				'--disable-sync',
				'--no-first-run'
			]
		}
	},
	webServer: {
		command: 'node build/server.js',
		url: `http://127.0.0.1:${port}/healthz`,
		reuseExistingServer: false,
		timeout: 120_000,
		env: {
			PORT: String(port),
			HOST: '127.0.0.1',
			DATABASE_PATH: process.env.BINHXET_E2E_DB,
			BINHXET_DEMO: '1'
		}
	}
});
