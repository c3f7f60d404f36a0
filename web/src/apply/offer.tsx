// The applicant's award offer, on their expression of interest: the amount (and why, if it
// is less than asked for), the conditions and the date to answer by, with Accept and Decline
// (declining asks to confirm, as it gives the money back for others, and stays open after
// the date to answer by, when accepting closes). Where there is no offer (the API's 404)
// nothing is shown; once answered, the answer is.
import { useEffect, useRef, useState } from 'preact/hooks'
import { formatLondon } from '../../../shared/dates.js'
import { formatPence } from '../../../shared/money.js'
import type { Offer } from '../../../shared/schemas/awards.js'
import { api, ApiError, call, describe } from '../api.js'
import { Time } from '../components/competition-bits.js'
import { useBusy } from '../components/forms.js'
import { GrantLink } from './grant/grant-agreement.js'

export function OfferSection({ applicationId, competitionTitle }: { applicationId: string; competitionTitle: string }) {
  const [offer, setOffer] = useState<Offer | null>()
  const [failure, setFailure] = useState<string>()
  useEffect(() => {
    call(api.applications[':applicationId'].offer.$get({ param: { applicationId } })).then(
      setOffer,
      (error: unknown) => {
        if (error instanceof ApiError && error.status === 404) setOffer(null)
        else setFailure(describe(error))
      },
    )
  }, [applicationId])

  if (failure) {
    return (
      <div class="notice" role="alert">
        <p>We could not check whether you have an award offer. {failure} Reload the page to try again.</p>
      </div>
    )
  }
  if (!offer) return null
  return <OfferPanel offer={offer} competitionTitle={competitionTitle} onAnswered={setOffer} />
}

function OfferPanel({
  offer,
  competitionTitle,
  onAnswered,
}: {
  offer: Offer
  competitionTitle: string
  onAnswered: (offer: Offer) => void
}) {
  const [confirming, setConfirming] = useState(false)
  const { busy, run } = useBusy()
  const [failure, setFailure] = useState<string>()
  const [said, setSaid] = useState<string>()
  const warning = useRef<HTMLDivElement>(null)
  const declineButton = useRef<HTMLButtonElement>(null)
  const answered = useRef<HTMLDivElement>(null)
  useEffect(() => {
    if (confirming) warning.current?.focus()
  }, [confirming])
  useEffect(() => {
    if (said) answered.current?.focus()
  }, [said])

  const partial = offer.amountPence < offer.requestedPence
  // Accepting is before the date to answer by; declining (it only gives money back) is open while it is offered.
  const canAccept = offer.status === 'offered' && Date.now() < Date.parse(offer.respondBy)
  const canDecline = offer.status === 'offered'

  async function answer(accept: boolean) {
    await run(async () => {
      setFailure(undefined)
      try {
        const next = await call(
          api.applications[':applicationId'].offer.response.$post({
            param: { applicationId: offer.applicationId },
            json: { version: offer.version, accept },
          }),
        )
        setConfirming(false)
        setSaid(accept ? `You accepted the award of ${formatPence(next.amountPence)}.` : 'You declined the award.')
        onAnswered(next)
      } catch (error) {
        setFailure(
          error instanceof ApiError && error.code === 'version-conflict'
            ? 'The offer changed since this page was loaded. Reload the page to see it as it is now.'
            : error instanceof ApiError && error.code === 'deadline-passed'
              ? `The date to answer by has passed. ${describe(error)}`
              : describe(error),
        )
      }
    })
  }

  return (
    <section class={offer.status === 'offered' ? 'offer offer-open' : 'offer'} aria-labelledby="offer-heading">
      <h2 id="offer-heading">Your award offer</h2>
      {said && (
        <div class="notice notice-success" tabIndex={-1} ref={answered} role="status">
          <p>{said}</p>
        </div>
      )}
      <p>{statusText(offer, competitionTitle)}</p>
      {offer.status === 'accepted' && <GrantLink applicationId={offer.applicationId} />}
      <dl class="summary-list">
        <dt>Award</dt>
        <dd>
          {formatPence(offer.amountPence)}
          {partial && <span class="block">Less than the {formatPence(offer.requestedPence)} you asked for</span>}
        </dd>
        {partial && offer.partialReason && (
          <>
            <dt>Why less</dt>
            <dd class="multiline">{offer.partialReason}</dd>
          </>
        )}
        <dt>Conditions</dt>
        <dd class="multiline">{offer.conditions || 'None'}</dd>
        <dt>{offer.status === 'offered' ? 'Answer by' : 'Answer was due by'}</dt>
        <dd>
          <Time iso={offer.respondBy} />
        </dd>
        <dt>Offered</dt>
        <dd>
          <Time iso={offer.awardedAt} />
        </dd>
      </dl>
      {failure && (
        <div class="notice notice-error" role="alert">
          <p>Your answer was not saved. {failure}</p>
        </div>
      )}
      {canDecline &&
        (!confirming ? (
          <div class="button-group">
            {canAccept && (
              <button type="button" class="button" disabled={busy} onClick={() => void answer(true)}>
                Accept the award
              </button>
            )}
            <button
              type="button"
              class="button button-secondary"
              ref={declineButton}
              disabled={busy}
              onClick={() => setConfirming(true)}
            >
              Decline the award
            </button>
          </div>
        ) : (
          // biome-ignore lint/a11y/useSemanticElements: a warning box labelled by its question, holding the two answers as buttons; not a set of form fields
          <div class="warning" role="group" aria-labelledby="decline-question" tabIndex={-1} ref={warning}>
            <p id="decline-question">
              <strong>Decline the award of {formatPence(offer.amountPence)}?</strong> The money goes back to the pot for
              others, and this offer cannot be accepted afterwards.
            </p>
            <div class="button-group">
              <button type="button" class="button button-warning" disabled={busy} onClick={() => void answer(false)}>
                Yes, decline the award
              </button>
              <button
                type="button"
                class="button button-secondary"
                onClick={() => {
                  setConfirming(false)
                  setTimeout(() => declineButton.current?.focus())
                }}
              >
                Cancel
              </button>
            </div>
          </div>
        ))}
    </section>
  )
}

function statusText(offer: Offer, competitionTitle: string): string {
  switch (offer.status) {
    case 'offered':
      return Date.now() < Date.parse(offer.respondBy)
        ? `We are pleased to offer ${offer.organisationName} an award from “${competitionTitle}”. Please accept or decline it by ${formatLondon(offer.respondBy)}, and keep it to yourselves until the results are published.`
        : `The date to accept this offer by (${formatLondon(offer.respondBy)}) has passed. You can still decline it, which gives the money back for others.`
    case 'accepted':
      return `You accepted this award${offer.respondedAt ? ` on ${formatLondon(offer.respondedAt)}` : ''}. We will be in touch about the next steps.`
    case 'declined':
      return `You declined this award${offer.respondedAt ? ` on ${formatLondon(offer.respondedAt)}` : ''}.`
    case 'withdrawn':
      return `This offer was withdrawn${offer.withdrawnAt ? ` on ${formatLondon(offer.withdrawnAt)}` : ''}. We have emailed you the reason.`
    case 'lapsed':
      return `This offer lapsed: it was not accepted by ${formatLondon(offer.respondBy)}, so the money has gone back to the pot. Contact the programme team if you think this is wrong.`
  }
}
