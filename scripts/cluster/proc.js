// What the cluster launcher reads of processes and the machine: a free port, and a process's CPU time and memory
// from /proc (Linux).
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';

const CLK_TCK = (() => {
	try {
		return Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
	} catch {
		return 100;
	}
})();

/**
 * A TCP port free on the loopback address now.
 * @returns {Promise<number>}
 */
export function freePort() {
	return new Promise((resolve, reject) => {
		const server = createServer();
		server.once('error', reject);
		server.listen(0, '127.0.0.1', () => {
			const address = server.address();
			const port = typeof address === 'object' && address ? address.port : 0;
			server.close(() => resolve(port));
		});
	});
}

/**
 * CPU seconds a process has used (user + system), with its ended and reaped children's when asked; undefined when it
 * is gone.
 * @param {number | undefined} pid
 * @param {{ withEndedChildren?: boolean }} [options]
 * @returns {number | undefined}
 */
export function processCpuSeconds(pid, { withEndedChildren = false } = {}) {
	try {
		const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
		// Fields after the command's closing parenthesis, from field 3 (state): utime is field 14, stime 15, cutime
		// 16, cstime 17.
		const fields = stat
			.slice(stat.lastIndexOf(')') + 2)
			.split(' ')
			.map(Number);
		const own = (fields[11] ?? 0) + (fields[12] ?? 0);
		const children = withEndedChildren ? (fields[13] ?? 0) + (fields[14] ?? 0) : 0;
		return (own + children) / CLK_TCK;
	} catch {
		return undefined;
	}
}

/**
 * A process's resident set now and its peak (VmHWM), in kB; undefined when it is gone.
 * @param {number | undefined} pid
 * @returns {{ rssKb: number, hwmKb: number } | undefined}
 */
export function processMemory(pid) {
	try {
		const status = readFileSync(`/proc/${pid}/status`, 'utf8');
		/** @param {string} field */
		const kb = (field) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN);
		return { rssKb: kb('VmRSS'), hwmKb: kb('VmHWM') };
	} catch {
		return undefined;
	}
}
