// The shapes `npm run bench` passes around: its scenarios, its clients, the messages between the orchestrator and its
// client threads (scripts/bench/clients.ts) and flooder process (scripts/bench/flood-client.ts), and its results
// (printed by scripts/bench/report.ts and written to bench-results/bench.json).

/** The servers under test. */
export type Target = 'floor' | 'y-websocket' | 'hocuspocus' | 'binhxet';

/** A score item of the demo template: a deduction's criterion, and the most points it may take. */
export interface Item {
	code: string;
	max: number;
}

/**
 * One way of running the app in scenario (e): the database, how many instances, HAProxy in front or not, and how
 * many times the scenario's meetings it carries.
 */
export interface ClusterSetup {
	key: string;
	label: string;
	database: 'sqlite' | 'postgres';
	instances: number;
	proxy: boolean;
	meetingsFactor: number;
}

/** The app's targets of a scenario (reported, not enforced). */
export interface ScenarioTargets {
	p99Ms?: number;
	peakRssMb?: number;
	p99VsHocuspocus?: boolean;
	/** RSS growth from idle to the window's peak at most Hocuspocus's. */
	rssGrowthVsHocuspocus?: boolean;
	floodRatio?: number;
	syncedMs?: number;
	/** (e): PostgreSQL on one instance: p99 at most this many times SQLite's. */
	postgresVsSqliteP99?: number;
	/** (e): the setup with N× the meetings on N instances: p99 no worse than one PostgreSQL instance's. */
	scaleOutP99?: boolean;
}

interface ScenarioBase {
	key: string;
	title: string;
	/** The servers it runs on (of those chosen). */
	servers: readonly Target[];
	targets: ScenarioTargets;
}

/** Scenarios (a)–(c): clients editing through a measured window. */
export interface WindowScenario extends ScenarioBase {
	lateJoiner?: undefined;
	meetings: number;
	clientsPerMeeting: number;
	ratePerClient: number;
	flooders?: number;
	/** (e): run on each of these setups (through the cluster launcher) instead of the single server. */
	setups?: ClusterSetup[];
}

/** Scenario (d): a late joiner on a long log. */
export interface LateScenario extends ScenarioBase {
	lateJoiner: true;
	writers: number;
	joiners: number;
}

export type Scenario = WindowScenario | LateScenario;

/** What makes the people of a scenario: its key, meetings and clients per meeting, flooders among them. */
export interface PeopleSpec {
	key: string;
	meetings: number;
	clientsPerMeeting: number;
	flooders?: number;
}

/**
 * A simulated screen. `token` (its join link) and `cookie` (its session, once signed in) are the app's only; a peer
 * server's clients have neither.
 */
export interface BenchClient {
	token?: string;
	cookie?: string;
	userId: number;
	name: string;
	meetingId: number;
	document: string;
	/** The writer's own unit first, then the others. */
	units: string[];
	/** The other clients of the meeting that wait for its edits. */
	peers: number;
	flooder: boolean;
	/** When its meeting starts editing, after the schedule's t0. */
	startOffsetMs?: number;
}

/** A client as it is handed to a thread or process: without its join link. */
export type PlainClient = Omit<BenchClient, 'token'>;

/** What the orchestrator's main program knows of the app and the run. */
export interface BenchContext {
	dir: string;
	databasePath: string;
	items: Item[];
	units: string[];
}

// ---------------------------------------------------------------------------------------------------------------
// Client threads (scripts/bench/workers.ts ↔ scripts/bench/clients.ts)

export interface ClientsWorkerData {
	target: Target;
	serverUrl: string;
	items: Item[];
	addShare: number;
	clients: PlainClient[];
}

export interface RunMessage {
	type: 'run';
	t0: number;
	start: number;
	end: number;
	floodStart: number;
	ratePerClient: number;
}

export type ToClients = RunMessage | { type: 'report' } | { type: 'close' };

export interface LoopDelay {
	p50: number;
	p99: number;
	max: number;
}

export interface ClientsReport {
	type: 'report';
	edits: number;
	editsTotal: number;
	adds: number;
	expected: number;
	arrivals: number;
	refused: number;
	refusalReasons: string[];
	disconnects: number;
	unstamped: number;
	loopDelayMs: LoopDelay;
	/** This thread's garbage collection in the window: its longest pause and the sum of its pauses. */
	gcMs: { max: number; total: number };
	latencies: Float64Array<ArrayBuffer>;
	sentAts: Float64Array<ArrayBuffer>;
}

export type FromClients =
	{ type: 'connected'; clients: number; ms: number } | { type: 'error'; message: string } | ClientsReport;

// ---------------------------------------------------------------------------------------------------------------
// The flooder (scripts/bench/flood.ts ↔ scripts/bench/flood-client.ts, over IPC)

export interface FloodInit {
	type: 'init';
	url: string;
	cookie: string | undefined;
	client: PlainClient;
	items: Item[];
	rate: number;
	count: number;
}

export interface FloodSchedule {
	t0: number;
	floodStart: number;
	end: number;
}

export type ToFlooder = FloodInit | ({ type: 'run' } & FloodSchedule) | { type: 'report' } | { type: 'close' };

export interface FloodStats {
	framesSent: number;
	refused: number;
	closed: number;
	refusedUpgrades: number;
	otherUpgradeErrors: number;
	connections: number;
	appliedFrames: number;
	exhausted: boolean;
	closeReasons: Record<string, number>;
}

export type FromFlooder =
	{ type: 'connected'; ms: number; frames: number; prepareMs: number } | ({ type: 'report' } & FloodStats);

/** Whether a message from another thread or process has the shape of `{ type: string }` (the rest is trusted). */
export function isTyped<T extends { type: string }>(message: unknown): message is T {
	return typeof message === 'object' && message !== null && typeof (message as { type?: unknown }).type === 'string';
}

// ---------------------------------------------------------------------------------------------------------------
// Results

export interface Summary {
	samples: number;
	p50: number;
	p95: number;
	p99: number;
	p999: number;
	max: number;
	mean: number;
}

export interface Split {
	samples: number;
	p50: number;
	p99: number;
	max: number;
}

export interface ServerLines {
	joined: number;
	refused: number;
	closing: number;
	errors: number;
}

export interface RunLog {
	exit: number | NodeJS.Signals | null;
	lines: ServerLines;
	problems: string[];
}

export interface AppStorage {
	logRows: number;
	logBytes: number;
	snapshots: number;
	snapshotBytes: number;
	databaseBytesBefore: number;
	databaseBytesAfter: number;
}

export interface HocuspocusStorage {
	documents: number;
	stateBytes: number;
	databaseBytesAfter: number;
}

export interface FloodFigures extends Omit<FloodStats, 'framesSent' | 'closeReasons'> {
	flooders: number;
	rate: number;
	floodEdits: number;
	closeCodes: Record<string, number>[];
	cpuPercentOfOneCore: number;
	beforeMs: Split | null;
	duringMs: Split | null;
}

export interface StallLimit {
	maxMs: number;
	p99Ms: number;
}

export interface WindowResult {
	scenario: string;
	server: Target;
	/** Which round of the scenario (1 …; see BENCH_ROUNDS). */
	round: number;
	meetings: number;
	clients: number;
	ratePerClient: number;
	clientThreads: number;
	signInMs: number;
	connectMs: number;
	window: { warmupSeconds: number; measureSeconds: number; startedAt: string };
	editsPerSecond: { target: number; achieved: number };
	edits: { measured: number; total: number; adds: number };
	latencyMs: Summary | null;
	arrivals: { received: number; expected: number; missing: number };
	firstArrivalMs: Summary | null;
	latencyBySecondMs: { p50: number; p99: number; max: number }[] | null;
	flood: FloodFigures | null;
	serverRssMb: {
		idle: number;
		peakVmHWM: number;
		peakSampled: number;
		growth: number;
		endAnon: number;
		endFile: number;
		samples: number;
	};
	cpu: {
		serverSeconds: number;
		serverPercentOfOneCore: number;
		serverPeakPercentOver100ms: number;
		clientsPercentOfOneCore: number;
		flooderPercentOfOneCore: number;
		otherProcessesPercentOfOneCore: number;
		machineCores: number;
	};
	storage: AppStorage | HocuspocusStorage | null;
	refusedWrites: number;
	refusalReasons: string[];
	harness: {
		loopDelayMs: { p99: number; max: number };
		worstThread: number;
		/** The longest GC pause of the worst thread in the window. */
		worstThreadGcMaxMs: number;
		threads: { p99: number; max: number; gcMaxMs: number; gcTotalMs: number }[];
		mainThread: { p99: number; max: number };
		stalled: boolean;
		limitMs: StallLimit;
	};
	disconnects: number;
	unstampedArrivals: number;
	log: RunLog;
	/** The harness's loop delay of each attempt (a stalled first run is repeated once). */
	attempts?: { harnessLoopDelayMs: { p99: number; max: number } }[];
	/** Why the latency is not reported (the harness stalled in both runs). */
	notReported?: string;
	/** (e): the setup it ran on, each instance's CPU and RSS, PostgreSQL's CPU, over the window. */
	setup?: ClusterSetup;
	cluster?: {
		instances: { name: string; cpuPercentOfOneCore: number; rssIdleMb: number; rssPeakMb: number }[];
		postgresCpuPercentOfOneCore: number | null;
		proxyCpuPercentOfOneCore: number | null;
	};
}

/** What the app's database holds for scenario (d), as SharedDocument.write left it. */
export interface AppLogStored {
	logRows: number;
	snapshotAfterUpdates: number;
	snapshotBytes: number;
	tailRows: number;
}

export interface LateResult {
	scenario: string;
	server: Target;
	updates: number;
	stored: AppLogStored | { stateBytes: number } | undefined;
	coldSyncedMs: number;
	warmSyncedMs: number;
	coldReceivedMs: number;
	warmReceivedMs: number;
	coldApplyMs: number;
	warmApplyMs: number;
	stepTwoBytes: { cold: number; warm: number };
	serverLoad: { ms: number; details: string } | null;
	deductions: { expected: number; cold: number; warm: number };
	serverRssMb: { idle: number; peakVmHWM: number; growth: number };
	cpu: { serverSeconds: number };
	log: RunLog;
}

export type BenchResult = WindowResult | LateResult;

export const isLateResult = (r: BenchResult): r is LateResult => 'coldSyncedMs' in r;

export interface Launch {
	afterStartMb: number;
	afterPagesMb: number;
	peakMb: number;
	anonMb: number;
	fileMb: number;
}

export interface Ratio {
	scenario: string;
	round: number;
	p99VsHocuspocus: number;
	p99VsFloor: number;
	p99VsYWebsocket: number;
	peakRssVsHocuspocus: number;
	rssGrowthVsHocuspocus: number;
}

export interface TargetCheck {
	scenario: string;
	what: string;
	value: number | null;
	limit: number | null;
	unit: string;
	against: string | null;
	note: string | null;
	met: boolean | null;
}
