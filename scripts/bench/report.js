// What `npm run bench` prints: one table per scenario with a column per server, the ratios of the app to the
// others, the targets (met, or missed by how much) and the sanity failures that make a run invalid.
import { LAUNCH_RSS_TARGET_MB, SCENARIOS } from './settings.js';

export const fmt = (value, digits = 1) => (typeof value === 'number' && Number.isFinite(value) ? value.toFixed(digits) : '—');
const NOT_REPORTED = 'not reported';

function printTable(header, body) {
	const widths = header.map((_, i) => Math.max(...[header, ...body].map((row) => row[i].length)));
	const line = (row) => row.map((cell, i) => cell.padEnd(widths[i])).join('  ').trimEnd();
	console.log(`${line(header)}\n${widths.map((w) => '─'.repeat(w)).join('  ')}`);
	for (const row of body) console.log(line(row));
}

/** A latency cell, or "not reported" when the harness stalled. */
const lat = (pick, digits = 2) => (r) => (r.latencyMs ? fmt(pick(r), digits) : NOT_REPORTED);

const WINDOW_ROWS = [
	['clients (threads)', (r) => `${r.clients} (${r.clientThreads})`],
	['edits/s (target)', (r) => `${fmt(r.editsPerSecond.achieved)} (${r.editsPerSecond.target})`],
	['arrivals missing (of)', (r) => `${r.arrivals.missing} (${r.arrivals.expected})`],
	['latency p50 ms', lat((r) => r.latencyMs.p50)],
	['latency p95 ms', lat((r) => r.latencyMs.p95)],
	['latency p99 ms', lat((r) => r.latencyMs.p99)],
	['latency p99.9 ms', lat((r) => r.latencyMs.p999)],
	['latency max ms', lat((r) => r.latencyMs.max, 1)],
	['first arrival p50 / p99 ms', (r) => (r.firstArrivalMs ? `${fmt(r.firstArrivalMs.p50, 2)} / ${fmt(r.firstArrivalMs.p99, 2)}` : NOT_REPORTED)],
	['server RSS idle MB', (r) => fmt(r.serverRssMb.idle)],
	['server RSS peak MB (VmHWM)', (r) => `${fmt(r.serverRssMb.peakVmHWM)} (sampled ${fmt(r.serverRssMb.peakSampled)})`],
	['RSS growth idle→peak MB', (r) => fmt(r.serverRssMb.growth)],
	['server CPU s (% of a core)', (r) => `${fmt(r.cpu.serverSeconds)} (${fmt(r.cpu.serverPercentOfOneCore, 0)} %)`],
	['server CPU peak % (100 ms)', (r) => fmt(r.cpu.serverPeakPercentOver100ms, 0)],
	['clients / others CPU % of a core', (r) => `${fmt(r.cpu.clientsPercentOfOneCore, 0)} / ${fmt(r.cpu.otherProcessesPercentOfOneCore, 0)}`],
	['harness loop delay p99 / max ms', (r) => `${fmt(r.harness.loopDelayMs.p99, 1)} / ${fmt(r.harness.loopDelayMs.max, 1)}${r.attempts.length > 1 ? ` (run ${r.attempts.length})` : ''}`],
	['main thread loop delay p99 / max ms', (r) => `${fmt(r.harness.mainThread.p99, 1)} / ${fmt(r.harness.mainThread.max, 1)}`],
	['refused writes / disconnects', (r) => `${r.refusedWrites} / ${r.disconnects}`],
	['stored: log rows / edits', (r) => (r.server === 'binhxet' ? `${r.storage.logRows} / ${r.edits.total}` : r.server === 'hocuspocus' ? `${r.storage.documents} document(s)` : '—')],
	['stored bytes per edit', (r) => (r.server === 'binhxet' ? `${fmt(r.storage.logBytes / r.edits.total, 0)} (log)` : r.server === 'hocuspocus' ? `${fmt(r.storage.stateBytes / r.edits.total, 0)} (state)` : '—')]
];
const FLOOD_ROWS = [
	['others p99 before / during ms', (r) => (r.flood.beforeMs ? `${fmt(r.flood.beforeMs.p99, 2)} / ${fmt(r.flood.duringMs.p99, 2)}` : NOT_REPORTED)],
	['during ÷ before', (r) => (r.flood.beforeMs ? `${fmt(r.flood.duringMs.p99 / r.flood.beforeMs.p99, 2)}×` : NOT_REPORTED)],
	['flood edits / refused / closed', (r) => `${r.flood.floodEdits} / ${r.flood.refused} / ${r.flood.closed}`],
	['flood upgrades refused (429) / connections', (r) => `${r.flood.refusedUpgrades ?? '—'} / ${r.flood.connections ?? '—'}`],
	['flood frames held (at its last connect)', (r) => `${r.flood.appliedFrames ?? '—'}${r.flood.exhausted ? ' (flood ran out of frames)' : ''}`],
	['flooder CPU % of a core (nice 19)', (r) => fmt(r.cpu.flooderPercentOfOneCore, 0)]
];

function lateRows(scenario) {
	const stored = (r) => {
		if (r.server === 'binhxet') return `${r.stored.logRows} rows; snapshot ${fmt(r.stored.snapshotBytes / 1024, 0)} KB + ${r.stored.tailRows} after it`;
		return `state ${fmt(r.stored.stateBytes / 1024, 0)} KB`;
	};
	return [
		['stored', stored],
		['cold joiner: connect → state received ms', (r) => fmt(r.coldReceivedMs, 1)],
		["cold joiner: joiner's own apply ms", (r) => fmt(r.coldApplyMs, 1)],
		['cold joiner: connect → synced ms', (r) => fmt(r.coldSyncedMs, 1)],
		["server's cold load ms", (r) => (r.serverLoad ? fmt(r.serverLoad.ms, 1) : 'n/a')],
		['warm joiner: connect → state received ms', (r) => fmt(r.warmReceivedMs, 1)],
		["warm joiner: joiner's own apply ms", (r) => fmt(r.warmApplyMs, 1)],
		['warm joiner: connect → synced ms', (r) => fmt(r.warmSyncedMs, 1)],
		['state received (step 2) KB', (r) => (r.stepTwoBytes ? `${fmt(r.stepTwoBytes.cold / 1024, 0)}, ${fmt(r.stepTwoBytes.warm / 1024, 0)}` : '—')],
		['deductions seen (expected)', (r) => `${r.deductions.cold}, ${r.deductions.warm} (${r.deductions.expected})`],
		['server RSS idle / peak MB', (r) => `${fmt(r.serverRssMb.idle)} / ${fmt(r.serverRssMb.peakVmHWM)}`],
		['server CPU s', (r) => fmt(r.cpu.serverSeconds, 2)]
	].map(([label, cell]) => [label, (r) => (r ? cell(r) : '—')]);
}

/** Tables of every scenario; `servers` are the columns (a server a scenario does not run on shows "—"). */
export function printResults(results, servers) {
	for (const scenario of SCENARIOS) {
		const rows = results.filter((r) => r.scenario === scenario.key);
		if (rows.length === 0) continue;
		const columns = scenario.lateJoiner ? servers : servers.filter((s) => rows.some((r) => r.server === s));
		const byServer = (s) => rows.find((r) => r.server === s);
		const spec = scenario.lateJoiner ? lateRows(scenario) : [...WINDOW_ROWS, ...(scenario.flooders ? FLOOD_ROWS : [])];
		console.log(`\n${scenario.title}`);
		printTable(
			['', ...columns],
			spec.map(([label, cell]) => [label, ...columns.map((s) => (byServer(s) ? cell(byServer(s)) : '—'))])
		);
		for (const r of rows) if (r.notReported) console.log(`${r.server}: not reported: ${r.notReported} (in both runs)`);
		for (const r of rows) if (r.server === 'binhxet' && scenario.lateJoiner && !r.serverLoad) console.log('binhxet: the server printed no "sync: loaded" line: its load time is n/a');
	}
}

const ratio = (a, b) => (Number.isFinite(a) && Number.isFinite(b) && b > 0 ? a / b : NaN);

/** The app's figures divided by the others', per scenario (a, b). */
export function ratios(results) {
	const out = [];
	for (const key of ['a', 'b']) {
		const ours = results.find((r) => r.scenario === key && r.server === 'binhxet');
		if (!ours) continue;
		const of = (server) => results.find((r) => r.scenario === key && r.server === server);
		const p99 = (r) => r?.latencyMs?.p99 ?? NaN;
		out.push({
			scenario: key,
			p99VsHocuspocus: ratio(p99(ours), p99(of('hocuspocus'))),
			p99VsFloor: ratio(p99(ours), p99(of('floor'))),
			p99VsYWebsocket: ratio(p99(ours), p99(of('y-websocket'))),
			peakRssVsHocuspocus: ratio(ours.serverRssMb.peakVmHWM, of('hocuspocus')?.serverRssMb.peakVmHWM),
			rssGrowthVsHocuspocus: ratio(ours.serverRssMb.growth, of('hocuspocus')?.serverRssMb.growth)
		});
	}
	return out;
}

export function printRatios(list) {
	if (list.length === 0) return;
	console.log('\nbinhxet ÷ the others');
	const x = (v) => (Number.isFinite(v) ? `${v.toFixed(2)}×` : '—');
	printTable(
		['', 'p99 ÷ Hocuspocus', 'p99 ÷ floor', 'p99 ÷ y-websocket', 'peak RSS ÷ Hocuspocus', 'RSS growth ÷ Hocuspocus'],
		list.map((r) => [`(${r.scenario})`, x(r.p99VsHocuspocus), x(r.p99VsFloor), x(r.p99VsYWebsocket), x(r.peakRssVsHocuspocus), x(r.rssGrowthVsHocuspocus)])
	);
}

/** The app's targets: each { scenario, what, value, limit, unit, met }. */
export function targets(results, launch) {
	const out = [];
	/** `against`: for a target relative to another figure, how to print the limit (e.g. "2 × 14.2 ms"). */
	/** `note`: printed after the value (e.g. a related figure that is not judged). */
	const add = (scenario, what, value, limit, unit, against, note) => {
		const known = (v) => (typeof v === 'number' && Number.isFinite(v) ? v : null);
		const [v, l] = [known(value), known(limit)];
		out.push({ scenario, what, value: v, limit: l, unit, against: against ?? null, note: note ?? null, met: v === null || l === null ? null : v <= l });
	};
	if (launch) add('launch', `RSS after start and one page ≤ ${LAUNCH_RSS_TARGET_MB} MB`, launch.afterPagesMb, LAUNCH_RSS_TARGET_MB, 'MB');
	for (const scenario of SCENARIOS) {
		const ours = results.find((r) => r.scenario === scenario.key && r.server === 'binhxet');
		if (!ours) continue;
		const t = scenario.targets;
		const tag = `(${scenario.key})`;
		if (t.p99Ms !== undefined) add(tag, `p99 ≤ ${t.p99Ms} ms`, ours.latencyMs?.p99, t.p99Ms, 'ms');
		if (t.peakRssMb !== undefined) add(tag, `peak RSS ≤ ${t.peakRssMb} MB`, ours.serverRssMb.peakVmHWM, t.peakRssMb, 'MB');
		if (t.p99VsHocuspocus) {
			const theirs = results.find((r) => r.scenario === scenario.key && r.server === 'hocuspocus');
			if (theirs) add(tag, 'p99 ≤ Hocuspocus', ours.latencyMs?.p99, theirs.latencyMs?.p99, 'ms', `Hocuspocus ${fmt(theirs.latencyMs?.p99, 2)} ms`);
		}
		if (t.floodRatio !== undefined && ours.flood) {
			const before = ours.flood.beforeMs?.p99 ?? NaN;
			add(tag, `others' p99 during the flood ≤ ${t.floodRatio}× before`, ours.flood.duringMs?.p99, t.floodRatio * before, 'ms', `${t.floodRatio} × ${fmt(before, 2)} ms`);
		}
		if (t.syncedMs !== undefined) {
			// What the server controls: connect → its state received. The joiner's own apply of it (in the bench's
			// process here, in the browser in real life) comes on top; synced is printed beside.
			const beside = (synced) => `(synced ${fmt(synced, 1)} ms)`;
			add(tag, `cold joiner connect → state received ≤ ${t.syncedMs} ms`, ours.coldReceivedMs, t.syncedMs, 'ms', null, beside(ours.coldSyncedMs));
			add(tag, `warm joiner connect → state received ≤ ${t.syncedMs} ms`, ours.warmReceivedMs, t.syncedMs, 'ms', null, beside(ours.warmSyncedMs));
		}
	}
	return out;
}

export function printTargets(list, launch) {
	if (launch) {
		console.log(
			`\nLaunch RSS of binhxet (the server process, before any WebSocket): ${fmt(launch.afterStartMb)} MB after start, ` +
				`${fmt(launch.afterPagesMb)} MB after GET / and /login (anon ${fmt(launch.anonMb)} + file ${fmt(launch.fileMb)}); target ${LAUNCH_RSS_TARGET_MB} MB`
		);
	}
	if (list.length === 0) return;
	console.log('\nTargets of binhxet (2-core machine; reported, not enforced):');
	for (const t of list) {
		let verdict;
		if (t.met === null) verdict = 'not measured';
		else if (t.met) verdict = 'met';
		else verdict = `missed by ${fmt(t.value - t.limit, 1)} ${t.unit} (${fmt(t.value / t.limit, 2)}×)`;
		const value = (t.value === null ? '—' : `${fmt(t.value, 2)} ${t.unit}`) + (t.note ? ` ${t.note}` : '');
		const limit = t.against ? ` vs ${t.against}` : '';
		console.log(`  ${t.scenario} ${t.what}: ${value}${limit} → ${verdict}`);
	}
}

/** What makes the run invalid: lost or refused writes, dropped connections, the app's log not matching the edits. */
export function failures(results) {
	const out = [];
	for (const r of results) {
		const tag = `(${r.scenario}) ${r.server}`;
		if (r.lateJoiner || r.coldSyncedMs !== undefined) {
			if (r.deductions.cold !== r.deductions.expected || r.deductions.warm !== r.deductions.expected) {
				out.push(`${tag}: the joiners saw ${r.deductions.cold} and ${r.deductions.warm} deductions of ${r.deductions.expected}`);
			}
			continue;
		}
		if (r.refusedWrites > 0) out.push(`${tag}: ${r.refusedWrites} writes refused by the server (${r.refusalReasons.join('; ')})`);
		if (r.server === 'binhxet' && r.log.lines.refused > 0 && !r.flood) out.push(`${tag}: the server logged ${r.log.lines.refused} refusal line(s)`);
		if (r.flood && r.flood.refused === 0) out.push(`${tag}: the flooder was never refused`);
		if (r.disconnects > 0) out.push(`${tag}: ${r.disconnects} client connections dropped during the run`);
		if (r.arrivals.missing !== 0) out.push(`${tag}: ${r.arrivals.missing} expected arrivals never came`);
		if (r.server === 'binhxet' && !r.flood && r.storage.logRows !== r.edits.total) out.push(`${tag}: ${r.storage.logRows} updates in the log for ${r.edits.total} edits`);
		if (r.editsPerSecond.achieved < 0.9 * r.editsPerSecond.target) out.push(`${tag}: only ${fmt(r.editsPerSecond.achieved)} of ${r.editsPerSecond.target} edits/s were made`);
	}
	return out;
}
