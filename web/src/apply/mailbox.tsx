// "/mailbox": locally, the emails the platform "sent" (the outbox, delivered to the local
// mailbox instead of SES), newest first, so someone trying the platform can read them. Each can
// be marked bounced or reported as spam, which plays SES's notification through the same code as
// the cloud: the address is suppressed and the email shows as not delivered to its manager.
import { useEffect, useState } from 'preact/hooks'
import { formatLondon } from '../../../shared/dates.js'
import type { Page } from '../../../shared/schemas/common.js'
import type { OutboxMessage } from '../../../shared/schemas/outbox.js'
import { describe, getConfig, problemOf, unreachable } from '../api.js'
import { Loading, PageHeading } from '../components/page.js'

type MailPage = Page<OutboxMessage>

async function fetchMail(cursor?: string): Promise<MailPage> {
  const query = new URLSearchParams({ limit: '20', ...(cursor ? { cursor } : {}) })
  const response = await fetch(`/api/dev-mail?${query}`).catch((error: unknown) => {
    throw unreachable(error)
  })
  if (!response.ok) throw await problemOf(response)
  return (await response.json()) as MailPage
}

/** An email's text with each web address as a link, as a mail client would show it. */
function withLinks(text: string): (string | preact.JSX.Element)[] {
  return text.split(/(https?:\/\/\S+)/).map((part, i) =>
    i % 2 === 1 ? (
      <a key={i} href={part}>
        {part}
      </a>
    ) : (
      part
    ),
  )
}

/** Plays SES's bounce or complaint notification about a sent email; answers the email as it is now. */
async function markMessage(id: string, kind: 'bounce' | 'complaint'): Promise<OutboxMessage> {
  const response = await fetch(`/api/dev-mail/${encodeURIComponent(id)}/${kind}`, { method: 'POST' }).catch(
    (error: unknown) => {
      throw unreachable(error)
    },
  )
  if (!response.ok) throw await problemOf(response)
  return (await response.json()) as OutboxMessage
}

const undeliveredText = { bounced: 'Bounced', complained: 'Reported as spam', suppressed: 'Not sent' } as const

export function Mailbox() {
  const [local, setLocal] = useState<boolean>()
  const [items, setItems] = useState<OutboxMessage[]>()
  const [cursor, setCursor] = useState<string>()
  const [failure, setFailure] = useState<string>()
  const [status, setStatus] = useState<string>()

  async function mark(message: OutboxMessage, kind: 'bounce' | 'complaint') {
    setFailure(undefined)
    try {
      const now = await markMessage(message.id, kind)
      setItems((previous) => previous?.map((m) => (m.id === now.id ? now : m)))
      setStatus(
        `${kind === 'bounce' ? 'Marked as bounced' : 'Reported as spam'}: “${message.subject}”. The platform will not email ${message.to} again.`,
      )
    } catch (error) {
      setFailure(describe(error))
    }
  }

  async function load(after?: string) {
    setFailure(undefined)
    try {
      const page = await fetchMail(after)
      setItems((previous) => [...(after ? (previous ?? []) : []), ...page.items])
      setCursor(page.nextCursor)
      if (!after)
        setStatus(
          `${page.items.length === 0 ? 'No' : page.items.length} email${page.items.length === 1 ? '' : 's'} in the mailbox.`,
        )
    } catch (error) {
      setFailure(describe(error))
    }
  }

  useEffect(() => {
    getConfig().then(
      (config) => {
        setLocal(config.auth.mode === 'local')
        if (config.auth.mode === 'local') void load()
      },
      (error: unknown) => setFailure(describe(error)),
    )
  }, [])

  if (local === false) {
    return (
      <>
        <PageHeading title="Local mailbox" />
        <p>The mailbox is only there when the platform runs locally. Here, emails are sent to their real addresses.</p>
      </>
    )
  }
  return (
    <>
      <PageHeading title="Local mailbox" />
      <p>Emails the platform has sent while running locally, newest first. Nothing here leaves this computer.</p>
      <div class="button-group">
        <button type="button" class="button button-secondary" onClick={() => void load()}>
          Check for new emails
        </button>
        <p class="status" role="status">
          {status ?? ''}
        </p>
      </div>
      {failure && (
        <div class="notice" role="alert">
          <p>The mailbox could not be read. {failure}</p>
        </div>
      )}
      {!items && !failure && <Loading what="the mailbox" />}
      {items && items.length === 0 && <p>No emails yet. Submitting an expression of interest sends a receipt.</p>}
      {items && items.length > 0 && (
        <ul class="card-list mail-list">
          {items.map((message) => (
            <li class="card" key={message.id}>
              <article aria-labelledby={`mail-${message.id}`}>
                <h2 class="heading-m" id={`mail-${message.id}`}>
                  {message.subject}
                </h2>
                <dl class="summary-list summary-list-compact">
                  <dt>To</dt>
                  <dd>{message.to}</dd>
                  <dt>Sent</dt>
                  <dd>{formatLondon(message.sentAt ?? message.createdAt)}</dd>
                  {message.undeliverableReason && (
                    <>
                      <dt>Delivery</dt>
                      <dd>
                        <strong class="tag tag-pending">{undeliveredText[message.undeliverableReason]}</strong>
                      </dd>
                    </>
                  )}
                </dl>
                {message.status === 'sent' && (
                  <div class="button-group">
                    <button type="button" class="button button-secondary" onClick={() => void mark(message, 'bounce')}>
                      Mark as bounced<span class="visually-hidden">: {message.subject}</span>
                    </button>
                    <button
                      type="button"
                      class="button button-secondary"
                      onClick={() => void mark(message, 'complaint')}
                    >
                      Report as spam<span class="visually-hidden">: {message.subject}</span>
                    </button>
                  </div>
                )}
                <pre class="mail-text">{withLinks(message.text)}</pre>
              </article>
            </li>
          ))}
        </ul>
      )}
      {cursor && (
        <button type="button" class="button button-secondary" onClick={() => void load(cursor)}>
          Show older emails
        </button>
      )}
    </>
  )
}
