import type { Locale } from '$lib/i18n';
import type { Session, SessionUser } from '$lib/server/auth/sessions';

declare global {
	namespace App {
		interface Locals {
			locale: Locale;
			user: SessionUser | null;
			session: Session | null;
		}
		interface PageData {
			locale: Locale;
		}
	}
}

export {};
