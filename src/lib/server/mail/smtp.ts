import nodemailer from 'nodemailer';
import type { MailConfig } from '../config';
import type { SendMail } from '../people/invitations';

// Sending e-mail through the SMTP server the deployment names (SMTP_URL, MAIL_FROM). One connection is opened per
// batch and closed after it; without configuration there is no transport and nothing is ever sent.

export interface Mailer {
	send: SendMail;
	close: () => void;
}

export function smtpMailer(config: MailConfig): Mailer {
	// Short timeouts: the host waits on the page while each message goes, and an unreachable server must be reported
	// as a failure in seconds, not minutes. Settings in the URL's query still win.
	const transport = nodemailer.createTransport({
		url: config.smtpUrl,
		connectionTimeout: 10_000,
		greetingTimeout: 10_000,
		socketTimeout: 30_000
	});
	return {
		send: async ({ to, subject, text }) => {
			await transport.sendMail({ from: config.from, to, subject, text });
		},
		close: () => transport.close()
	};
}
