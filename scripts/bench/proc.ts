// Figures of `npm run bench` read from /proc (Linux), and clocks.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

export const CLK_TCK = (() => {
	try {
		return Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
	} catch {
		return 100;
	}
})();

/** Milliseconds on the machine's monotonic clock (the same in every thread and process). */
export const monotonicMs = () => {
	const [s, ns] = process.hrtime();
	return s * 1e3 + ns / 1e6;
};

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

export interface ProcFigures {
	rssKb: number;
	hwmKb: number;
	anonKb: number;
	fileKb: number;
	cpuSeconds: number;
}

/** A process's figures: resident set now, its peak (VmHWM), anonymous and file-backed parts, CPU seconds so far. */
export function procFigures(pid: number | undefined): ProcFigures | undefined {
	try {
		const status = readFileSync(`/proc/${pid}/status`, 'utf8');
		const kb = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN);
		const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
		const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
		const cpuSeconds = (Number(fields[11]) + Number(fields[12])) / CLK_TCK; // utime + stime (fields 14, 15)
		return { rssKb: kb('VmRSS'), hwmKb: kb('VmHWM'), anonKb: kb('RssAnon'), fileKb: kb('RssFile'), cpuSeconds };
	} catch {
		return undefined; // gone
	}
}

/** CPU seconds the whole machine spent busy and in all (from /proc/stat), to tell whether others were competing. */
export function machineCpu(): { busySeconds: number; totalSeconds: number } | undefined {
	try {
		const fields = (readFileSync('/proc/stat', 'utf8').split('\n', 1)[0] ?? '')
			.trim()
			.split(/\s+/)
			.slice(1)
			.map(Number);
		const total = fields.slice(0, 8).reduce((a, b) => a + b, 0); // user nice system idle iowait irq softirq steal
		const idle = (fields[3] ?? 0) + (fields[4] ?? 0);
		return { busySeconds: (total - idle) / CLK_TCK, totalSeconds: total / CLK_TCK };
	} catch {
		return undefined;
	}
}
