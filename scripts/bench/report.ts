// What `npm run bench` prints: one table per scenario with a column per server, the ratios of the app to the
// others, the targets (met, or missed by how much) and the sanity failures that make a run invalid.
import { LAUNCH_RSS_TARGET_MB, SCENARIOS } from './settings';
import {
	isLateResult,
	type AppLogStored,
	type AppStorage,
	type BenchResult,
	type HocuspocusStorage,
	type LateResult,
	type Launch,
	type Ratio,
	type Scenario,
	type Target,
	type TargetCheck,
	type WindowResult
} from './types';

type Row<R> = [label: string, cell: (r: R) => string];

export const fmt = (value: unknown, digits = 1): string =>
	typeof value === 'number' && Number.isFinite(value) ? value.toFixed(digits) : '—';
const NOT_REPORTED = 'not reported';

function printTable(header: string[], body: string[][]): void {
	const widths = header.map((_, i) => Math.max(...[header, ...body].map((row) => (row[i] ?? '').length)));
	const line = (row: string[]) =>
		row
			.map((cell, i) => cell.padEnd(widths[i] ?? 0))
			.join('  ')
			.trimEnd();
	console.log(`${line(header)}\n${widths.map((w) => '─'.repeat(w)).join('  ')}`);
	for (const row of body) console.log(line(row));
}

/** A latency cell, or "not reported" when the harness stalled. */
const lat =
	(pick: (latency: NonNullable<WindowResult['latencyMs']>) => number, digits = 2) =>
	(r: WindowResult): string =>
		r.latencyMs ? fmt(pick(r.latencyMs), digits) : NOT_REPORTED;

const appStorage = (r: WindowResult): AppStorage | null => (r.storage && 'logRows' in r.storage ? r.storage : null);
const hocuspocusStorage = (r: WindowResult): HocuspocusStorage | null =>
	r.storage && 'documents' in r.storage ? r.storage : null;

const WINDOW_ROWS: Row<WindowResult>[] = [
	['clients (threads)', (r) => `${r.clients} (${r.clientThreads})`],
	['edits/s (target)', (r) => `${fmt(r.editsPerSecond.achieved)} (${r.editsPerSecond.target})`],
	['arrivals missing (of)', (r) => `${r.arrivals.missing} (${r.arrivals.expected})`],
	['latency p50 ms', lat((l) => l.p50)],
	['latency p95 ms', lat((l) => l.p95)],
	['latency p99 ms', lat((l) => l.p99)],
	['latency p99.9 ms', lat((l) => l.p999)],
	['latency max ms', lat((l) => l.max, 1)],
	[
		'first arrival p50 / p99 ms',
		(r) => (r.firstArrivalMs ? `${fmt(r.firstArrivalMs.p50, 2)} / ${fmt(r.firstArrivalMs.p99, 2)}` : NOT_REPORTED)
	],
	['server RSS idle MB', (r) => fmt(r.serverRssMb.idle)],
	[
		'server RSS peak MB (VmHWM)',
		(r) => `${fmt(r.serverRssMb.peakVmHWM)} (sampled ${fmt(r.serverRssMb.peakSampled)})`
	],
	['RSS growth idle→peak MB', (r) => fmt(r.serverRssMb.growth)],
	['server CPU s (% of a core)', (r) => `${fmt(r.cpu.serverSeconds)} (${fmt(r.cpu.serverPercentOfOneCore, 0)} %)`],
	['server CPU peak % (100 ms)', (r) => fmt(r.cpu.serverPeakPercentOver100ms, 0)],
	[
		'clients / others CPU % of a core',
		(r) => `${fmt(r.cpu.clientsPercentOfOneCore, 0)} / ${fmt(r.cpu.otherProcessesPercentOfOneCore, 0)}`
	],
	[
		'harness loop delay p99 / max ms',
		(r) =>
			`${fmt(r.harness.loopDelayMs.p99, 1)} / ${fmt(r.harness.loopDelayMs.max, 1)}${(r.attempts?.length ?? 1) > 1 ? ` (run ${r.attempts?.length})` : ''}`
	],
	[
		'main thread loop delay p99 / max ms',
		(r) => `${fmt(r.harness.mainThread.p99, 1)} / ${fmt(r.harness.mainThread.max, 1)}`
	],
	['refused writes / disconnects', (r) => `${r.refusedWrites} / ${r.disconnects}`],
	[
		'stored: log rows / edits',
		(r) => {
			const app = appStorage(r);
			const hocuspocus = hocuspocusStorage(r);
			return r.server === 'binhxet' && app
				? `${app.logRows} / ${r.edits.total}`
				: r.server === 'hocuspocus' && hocuspocus
					? `${hocuspocus.documents} document(s)`
					: '—';
		}
	],
	[
		'stored bytes per edit',
		(r) => {
			const app = appStorage(r);
			const hocuspocus = hocuspocusStorage(r);
			if (r.server === 'binhxet' && app) return `${fmt(app.logBytes / r.edits.total, 0)} (log)`;
			return r.server === 'hocuspocus' && hocuspocus
				? `${fmt(hocuspocus.stateBytes / r.edits.total, 0)} (state)`
				: '—';
		}
	]
];
/** Rows of a scenario with a flooder (its results have `flood`). */
const floodRow =
	(cell: (flood: NonNullable<WindowResult['flood']>, r: WindowResult) => string) =>
	(r: WindowResult): string =>
		r.flood ? cell(r.flood, r) : '—';
const FLOOD_ROWS: Row<WindowResult>[] = [
	[
		'others p99 before / during ms',
		floodRow((f) => (f.beforeMs ? `${fmt(f.beforeMs.p99, 2)} / ${fmt(f.duringMs?.p99, 2)}` : NOT_REPORTED))
	],
	[
		'during ÷ before',
		floodRow((f) => (f.beforeMs ? `${fmt((f.duringMs?.p99 ?? NaN) / f.beforeMs.p99, 2)}×` : NOT_REPORTED))
	],
	['flood edits / refused / closed', floodRow((f) => `${f.floodEdits} / ${f.refused} / ${f.closed}`)],
	[
		'flood upgrades refused (429) / connections',
		floodRow((f) => `${f.refusedUpgrades ?? '—'} / ${f.connections ?? '—'}`)
	],
	[
		'flood frames held (at its last connect)',
		floodRow((f) => `${f.appliedFrames ?? '—'}${f.exhausted ? ' (flood ran out of frames)' : ''}`)
	],
	['flooder CPU % of a core (nice 19)', (r) => fmt(r.cpu.flooderPercentOfOneCore, 0)]
];

/** (e)'s own rows: each instance's CPU and RSS, PostgreSQL's and HAProxy's CPU. */
const eachInstance = (
	r: WindowResult,
	cell: (i: NonNullable<WindowResult['cluster']>['instances'][number]) => string
) => r.cluster?.instances.map(cell).join(', ') ?? '—';
const CLUSTER_ROWS: Row<WindowResult>[] = [
	['meetings', (r) => String(r.meetings)],
	['instances: CPU % of a core', (r) => eachInstance(r, (i) => fmt(i.cpuPercentOfOneCore, 0))],
	['instances: RSS idle MB', (r) => eachInstance(r, (i) => fmt(i.rssIdleMb, 0))],
	['instances: RSS peak MB (VmHWM)', (r) => eachInstance(r, (i) => fmt(i.rssPeakMb, 0))],
	['PostgreSQL CPU % of a core', (r) => fmt(r.cluster?.postgresCpuPercentOfOneCore, 0)],
	['HAProxy CPU % of a core', (r) => fmt(r.cluster?.proxyCpuPercentOfOneCore, 0)]
];

/** (e)'s table: a column per setup. */
function setupTable(scenario: Scenario, rows: WindowResult[]): void {
	console.log(`\n${scenario.title}`);
	printTable(
		['', ...rows.map((r) => r.setup?.label ?? r.server)],
		[...CLUSTER_ROWS, ...WINDOW_ROWS].map(([label, cell]) => [label, ...rows.map(cell)])
	);
}

const isAppLog = (stored: LateResult['stored']): stored is AppLogStored => stored !== undefined && 'logRows' in stored;

function lateRows(): Row<LateResult>[] {
	const stored = (r: LateResult): string => {
		if (r.server === 'binhxet' && isAppLog(r.stored))
			return `${r.stored.logRows} rows; snapshot ${fmt(r.stored.snapshotBytes / 1024, 0)} KB + ${r.stored.tailRows} after it`;
		return `state ${fmt((r.stored && 'stateBytes' in r.stored ? r.stored.stateBytes : NaN) / 1024, 0)} KB`;
	};
	const rows: Row<LateResult>[] = [
		['stored', stored],
		['cold joiner: connect → state received ms', (r) => fmt(r.coldReceivedMs, 1)],
		["cold joiner: joiner's own apply ms", (r) => fmt(r.coldApplyMs, 1)],
		['cold joiner: connect → synced ms', (r) => fmt(r.coldSyncedMs, 1)],
		["server's cold load ms", (r) => (r.serverLoad ? fmt(r.serverLoad.ms, 1) : 'n/a')],
		['warm joiner: connect → state received ms', (r) => fmt(r.warmReceivedMs, 1)],
		["warm joiner: joiner's own apply ms", (r) => fmt(r.warmApplyMs, 1)],
		['warm joiner: connect → synced ms', (r) => fmt(r.warmSyncedMs, 1)],
		[
			'state received (step 2) KB',
			(r) =>
				r.stepTwoBytes ? `${fmt(r.stepTwoBytes.cold / 1024, 0)}, ${fmt(r.stepTwoBytes.warm / 1024, 0)}` : '—'
		],
		['deductions seen (expected)', (r) => `${r.deductions.cold}, ${r.deductions.warm} (${r.deductions.expected})`],
		['server RSS idle / peak MB', (r) => `${fmt(r.serverRssMb.idle)} / ${fmt(r.serverRssMb.peakVmHWM)}`],
		['server CPU s', (r) => fmt(r.cpu.serverSeconds, 2)]
	];
	return rows;
}

/** One scenario's table: a row per figure, a column per server. */
function table<R extends BenchResult>(
	scenario: Scenario,
	columns: Target[],
	rows: R[],
	spec: Row<R>[],
	subtitle = ''
): void {
	const byServer = (s: Target) => rows.find((r) => r.server === s);
	console.log(`\n${scenario.title}${subtitle}`);
	printTable(
		['', ...columns],
		spec.map(([label, cell]) => [
			label,
			...columns.map((s) => {
				const r = byServer(s);
				return r ? cell(r) : '—';
			})
		])
	);
}

/** Tables of every scenario; `servers` are the columns (a server a scenario does not run on shows "—"). */
export function printResults(results: BenchResult[], servers: Target[]): void {
	for (const scenario of SCENARIOS) {
		const rows = results.filter((r) => r.scenario === scenario.key);
		if (rows.length === 0) continue;
		if (scenario.lateJoiner) {
			table(scenario, servers, rows.filter(isLateResult), lateRows());
		} else if (!scenario.lateJoiner && scenario.setups) {
			setupTable(
				scenario,
				rows.filter((r): r is WindowResult => !isLateResult(r))
			);
		} else {
			const windows = rows.filter((r): r is WindowResult => !isLateResult(r));
			const rounds = roundsOf(windows);
			for (const round of rounds) {
				const inRound = windows.filter((r) => r.round === round);
				const columns = servers.filter((s) => inRound.some((r) => r.server === s));
				table(
					scenario,
					columns,
					inRound,
					[...WINDOW_ROWS, ...(scenario.flooders ? FLOOD_ROWS : [])],
					rounds.length > 1 ? `, round ${round} of ${rounds.length}` : ''
				);
			}
		}
		for (const r of rows)
			if (!isLateResult(r) && r.notReported)
				console.log(`${r.server}${roundTag(r)}: not reported: ${r.notReported} (in both runs)`);
		for (const r of rows)
			if (r.server === 'binhxet' && scenario.lateJoiner && isLateResult(r) && !r.serverLoad)
				console.log('binhxet: the server printed no "sync: loaded" line: its load time is n/a');
	}
}

const roundsOf = (windows: WindowResult[]): number[] => [...new Set(windows.map((r) => r.round))].sort((a, b) => a - b);
const roundTag = (r: WindowResult): string => (r.round > 1 ? ` (round ${r.round})` : '');

function median(values: number[]): number {
	const known = values.filter(Number.isFinite).sort((a, b) => a - b);
	if (known.length === 0) return NaN;
	const mid = known.length >> 1;
	return known.length % 2 === 1 ? known[mid]! : (known[mid - 1]! + known[mid]!) / 2;
}

const ratio = (a: number | undefined, b: number | undefined): number =>
	typeof a === 'number' && typeof b === 'number' && Number.isFinite(a) && Number.isFinite(b) && b > 0 ? a / b : NaN;

/** The app's figures divided by the others' of the same round, per scenario (a, b). */
export function ratios(results: BenchResult[]): Ratio[] {
	const out: Ratio[] = [];
	const windows = results.filter((r): r is WindowResult => !isLateResult(r));
	for (const key of ['a', 'b']) {
		for (const ours of windows.filter((r) => r.scenario === key && r.server === 'binhxet')) {
			const of = (server: Target) =>
				windows.find((r) => r.scenario === key && r.server === server && r.round === ours.round);
			const p99 = (r: WindowResult | undefined) => r?.latencyMs?.p99 ?? NaN;
			out.push({
				scenario: key,
				round: ours.round,
				p99VsHocuspocus: ratio(p99(ours), p99(of('hocuspocus'))),
				p99VsFloor: ratio(p99(ours), p99(of('floor'))),
				p99VsYWebsocket: ratio(p99(ours), p99(of('y-websocket'))),
				peakRssVsHocuspocus: ratio(ours.serverRssMb.peakVmHWM, of('hocuspocus')?.serverRssMb.peakVmHWM),
				rssGrowthVsHocuspocus: ratio(ours.serverRssMb.growth, of('hocuspocus')?.serverRssMb.growth)
			});
		}
	}
	return out;
}

export function printRatios(list: Ratio[]): void {
	if (list.length === 0) return;
	console.log('\nbinhxet ÷ the others');
	const x = (v: number) => (Number.isFinite(v) ? `${v.toFixed(2)}×` : '—');
	printTable(
		[
			'',
			'p99 ÷ Hocuspocus',
			'p99 ÷ floor',
			'p99 ÷ y-websocket',
			'peak RSS ÷ Hocuspocus',
			'RSS growth ÷ Hocuspocus'
		],
		list.map((r) => [
			`(${r.scenario})${list.some((o) => o.round > 1) ? ` round ${r.round}` : ''}`,
			x(r.p99VsHocuspocus),
			x(r.p99VsFloor),
			x(r.p99VsYWebsocket),
			x(r.peakRssVsHocuspocus),
			x(r.rssGrowthVsHocuspocus)
		])
	);
}

const windowsOf = (results: BenchResult[], scenario: string, server: Target): WindowResult[] =>
	results.filter((r): r is WindowResult => r.scenario === scenario && r.server === server && !isLateResult(r));

/** The app's targets: each { scenario, what, value, limit, unit, met }. */
export function targets(results: BenchResult[], launch: Launch | null): TargetCheck[] {
	const out: TargetCheck[] = [];
	/** `against`: for a target relative to another figure, how to print the limit (e.g. "2 × 14.2 ms"). */
	/** `note`: printed after the value (e.g. a related figure that is not judged). */
	const add = (
		scenario: string,
		what: string,
		value: number | undefined,
		limit: number | undefined,
		unit: string,
		against?: string | null,
		note?: string
	) => {
		const known = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);
		const [v, l] = [known(value), known(limit)];
		out.push({
			scenario,
			what,
			value: v,
			limit: l,
			unit,
			against: against ?? null,
			note: note ?? null,
			met: v === null || l === null ? null : v <= l
		});
	};
	if (launch)
		add(
			'launch',
			`RSS after start and one page ≤ ${LAUNCH_RSS_TARGET_MB} MB`,
			launch.afterPagesMb,
			LAUNCH_RSS_TARGET_MB,
			'MB'
		);
	for (const scenario of SCENARIOS) {
		const ours = results.find((r) => r.scenario === scenario.key && r.server === 'binhxet');
		if (!ours) continue;
		const t = scenario.targets;
		const tag = `(${scenario.key})`;
		if (isLateResult(ours)) {
			if (t.syncedMs !== undefined) {
				// What the server controls: connect → its state received. The joiner's own apply of it (in the bench's
				// process here, in the browser in real life) comes on top; synced is printed beside.
				const beside = (synced: number) => `(synced ${fmt(synced, 1)} ms)`;
				add(
					tag,
					`cold joiner connect → state received ≤ ${t.syncedMs} ms`,
					ours.coldReceivedMs,
					t.syncedMs,
					'ms',
					null,
					beside(ours.coldSyncedMs)
				);
				add(
					tag,
					`warm joiner connect → state received ≤ ${t.syncedMs} ms`,
					ours.warmReceivedMs,
					t.syncedMs,
					'ms',
					null,
					beside(ours.warmSyncedMs)
				);
			}
			continue;
		}
		if (t.postgresVsSqliteP99 !== undefined || t.scaleOutP99) {
			// (e): its setups against each other.
			const of = (key: string) =>
				results.find(
					(r): r is WindowResult => r.scenario === scenario.key && !isLateResult(r) && r.setup?.key === key
				);
			const p99 = (key: string) => of(key)?.latencyMs?.p99;
			const sqlite = p99('sqlite-1');
			const postgres = p99('pg-1');
			if (t.postgresVsSqliteP99 !== undefined)
				add(
					tag,
					`PostgreSQL on one instance: p99 ≤ ${t.postgresVsSqliteP99}× SQLite's`,
					postgres,
					sqlite === undefined ? undefined : t.postgresVsSqliteP99 * sqlite,
					'ms',
					`${t.postgresVsSqliteP99} × ${fmt(sqlite, 2)} ms`
				);
			const scaled = of('pg-3x3');
			if (t.scaleOutP99)
				add(
					tag,
					`3 instances carry 3× the meetings of one (${scaled?.meetings ?? '—'}): p99 ≤ one PostgreSQL instance's`,
					scaled?.latencyMs?.p99,
					postgres,
					'ms',
					`1 × PostgreSQL ${fmt(postgres, 2)} ms`
				);
			continue;
		}
		if (t.p99Ms !== undefined) add(tag, `p99 ≤ ${t.p99Ms} ms`, ours.latencyMs?.p99, t.p99Ms, 'ms');
		if (t.peakRssMb !== undefined)
			add(tag, `peak RSS ≤ ${t.peakRssMb} MB`, ours.serverRssMb.peakVmHWM, t.peakRssMb, 'MB');
		// Against Hocuspocus: round by round (the same machine minutes apart), then the medians over the rounds.
		const pairs = windowsOf(results, scenario.key, 'binhxet').flatMap((mine) => {
			const theirs = windowsOf(results, scenario.key, 'hocuspocus').find((r) => r.round === mine.round);
			return theirs ? [{ mine, theirs }] : [];
		});
		const several = pairs.length > 1;
		const against = (what: string, pick: (r: WindowResult) => number | undefined, unit: string) => {
			for (const { mine, theirs } of pairs) {
				add(
					`${tag}${several ? ` round ${mine.round}` : ''}`,
					`${what} ≤ Hocuspocus`,
					pick(mine),
					pick(theirs),
					unit,
					`Hocuspocus ${fmt(pick(theirs), 2)} ${unit}`
				);
			}
			if (several) {
				const [m, h] = [
					median(pairs.map((p) => pick(p.mine) ?? NaN)),
					median(pairs.map((p) => pick(p.theirs) ?? NaN))
				];
				add(
					tag,
					`${what} ≤ Hocuspocus, medians of ${pairs.length} rounds`,
					m,
					h,
					unit,
					`Hocuspocus ${fmt(h, 2)} ${unit}`
				);
			}
		};
		if (t.p99VsHocuspocus) against('p99', (r) => r.latencyMs?.p99, 'ms');
		if (t.rssGrowthVsHocuspocus) against('RSS growth idle → peak', (r) => r.serverRssMb.growth, 'MB');
		if (t.floodRatio !== undefined && ours.flood) {
			const before = ours.flood.beforeMs?.p99 ?? NaN;
			add(
				tag,
				`others' p99 during the flood ≤ ${t.floodRatio}× before`,
				ours.flood.duringMs?.p99,
				t.floodRatio * before,
				'ms',
				`${t.floodRatio} × ${fmt(before, 2)} ms`
			);
		}
	}
	return out;
}

export function printTargets(list: TargetCheck[], launch: Launch | null): void {
	if (launch) {
		console.log(
			`\nLaunch RSS of binhxet (the server process, before any WebSocket): ${fmt(launch.afterStartMb)} MB after start, ` +
				`${fmt(launch.afterPagesMb)} MB after GET / and /login (anon ${fmt(launch.anonMb)} + file ${fmt(launch.fileMb)}); target ${LAUNCH_RSS_TARGET_MB} MB`
		);
	}
	if (list.length === 0) return;
	console.log('\nTargets of binhxet (2-core machine; reported, not enforced):');
	for (const t of list) {
		let verdict: string;
		if (t.met === null || t.value === null || t.limit === null) verdict = 'not measured';
		else if (t.met) verdict = 'met';
		else verdict = `missed by ${fmt(t.value - t.limit, 1)} ${t.unit} (${fmt(t.value / t.limit, 2)}×)`;
		const value = (t.value === null ? '—' : `${fmt(t.value, 2)} ${t.unit}`) + (t.note ? ` ${t.note}` : '');
		const limit = t.against ? ` vs ${t.against}` : '';
		console.log(`  ${t.scenario} ${t.what}: ${value}${limit} → ${verdict}`);
	}
}

/** What makes the run invalid: lost or refused writes, dropped connections, the app's log not matching the edits. */
export function failures(results: BenchResult[]): string[] {
	const out: string[] = [];
	for (const r of results) {
		const tag = `(${r.scenario}) ${r.server}${!isLateResult(r) && r.setup ? ` ${r.setup.label}` : ''}`;
		if (isLateResult(r)) {
			if (r.deductions.cold !== r.deductions.expected || r.deductions.warm !== r.deductions.expected) {
				out.push(
					`${tag}: the joiners saw ${r.deductions.cold} and ${r.deductions.warm} deductions of ${r.deductions.expected}`
				);
			}
			continue;
		}
		if (r.refusedWrites > 0)
			out.push(`${tag}: ${r.refusedWrites} writes refused by the server (${r.refusalReasons.join('; ')})`);
		if (r.server === 'binhxet' && r.log.lines.refused > 0 && !r.flood)
			out.push(`${tag}: the server logged ${r.log.lines.refused} refusal line(s)`);
		if (r.flood && r.flood.refused === 0) out.push(`${tag}: the flooder was never refused`);
		if (r.disconnects > 0) out.push(`${tag}: ${r.disconnects} client connections dropped during the run`);
		if (r.arrivals.missing !== 0) out.push(`${tag}: ${r.arrivals.missing} expected arrivals never came`);
		const app = appStorage(r);
		if (r.server === 'binhxet' && !r.flood && app?.logRows !== r.edits.total)
			out.push(`${tag}: ${app?.logRows} updates in the log for ${r.edits.total} edits`);
		if (r.editsPerSecond.achieved < 0.9 * r.editsPerSecond.target)
			out.push(`${tag}: only ${fmt(r.editsPerSecond.achieved)} of ${r.editsPerSecond.target} edits/s were made`);
	}
	return out;
}
