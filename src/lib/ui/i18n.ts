import { getContext, setContext } from 'svelte';
import { translator, type Locale, type Translator } from '$lib/i18n';

const KEY = Symbol('i18n');

/** Called once by the root layout; the language changes only by a full reload (the toggle sets a cookie). */
export function provideI18n(locale: Locale): Translator {
	const value = translator(locale);
	setContext(KEY, value);
	return value;
}

export function useI18n(): Translator {
	return getContext<Translator>(KEY);
}
