/** What the start command prints: where the board is and (once there are accounts) how to sign in. */
export function announce(info: { host: string; port: number; databasePath: string; demoMeetingId: number | undefined }): void {
	// A wildcard address is not something to open in a browser; name the machine itself instead.
	const host = info.host === '0.0.0.0' || info.host === '::' ? 'localhost' : info.host;
	const base = `http://${host.includes(':') ? `[${host}]` : host}:${info.port}`;
	const lines = [`binhxet is running at ${base}`, `database: ${info.databasePath}`];
	if (info.demoMeetingId !== undefined) lines.push(`demo meeting loaded: ${base}/meetings/${info.demoMeetingId}`);
	console.log(lines.join('\n'));
}
