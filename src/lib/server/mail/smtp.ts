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
	const transport = nodemailer.createTransport(config.smtpUrl);
	return {
		send: async ({ to, subject, text }) => {
			await transport.sendMail({ from: config.from, to, subject, text });
		},
		close: () => transport.close()
	};
}
