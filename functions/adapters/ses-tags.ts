// The message tag that ties an SES email to its outbox message: the mailer puts it on each
// email, and SES returns it in the bounce or complaint notification about that email.
export const OUTBOX_MESSAGE_TAG = 'outbox-message-id'
