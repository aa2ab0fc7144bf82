import { getContext, setContext } from 'svelte';
import type { LiveBoard } from '$lib/live/board.svelte';

const KEY = Symbol('live-board');

/** The meeting layout provides its live board (or null while server-rendering) to every page under it. */
export function provideLiveBoard(get: () => LiveBoard | null): void {
	setContext(KEY, get);
}

export function useLiveBoard(): () => LiveBoard | null {
	return getContext<() => LiveBoard | null>(KEY) ?? (() => null);
}
