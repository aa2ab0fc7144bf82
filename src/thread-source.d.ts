// `import script from './file?thread-source'`: the file bundled into one script for a worker thread (see
// scripts/thread-source.js).
declare module '*?thread-source' {
	const script: string;
	export default script;
}
