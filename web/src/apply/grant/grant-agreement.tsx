// "/applications/:id/grant": the grantee's grant agreement, once the programme team has sent it:
// dates, conditions, milestones, the payment schedule and indicators, with Accept (at the version
// read: if it changed since, a 409 asks to reload). Once accepted: each milestone's status with a
// link to its report, the payments with what has been paid, asking for a change, and the two
// check-ins after the grant ends (when each opens, linked). Also the
// link to it from the applicant's application page, shown once an agreement has been sent.
import { useEffect, useRef, useState } from 'preact/hooks'
import { formatLondon } from '../../../../shared/dates.js'
import type { GranteeCheckIns } from '../../../../shared/schemas/grant-programme.js'
import type { GranteeGrant } from '../../../../shared/schemas/grants.js'
import { api, ApiError, call, describe } from '../../api.js'
import { useBusy } from '../../components/forms.js'
import {
  AgreementTerms,
  formatPenny,
  GrantTag,
  IndicatorsTable,
  MilestonesTable,
  TranchesTable,
} from '../../components/grant-bits.js'
import { Loading, PageHeading } from '../../components/page.js'
import { ApplicationLoadFailure } from '../application-form.js'
import { ApplicantsOnly } from '../guard.js'

const TITLE = 'Your grant agreement'
export const grantPagePath = (applicationId: string) => `/applications/${applicationId}/grant`

const readGrant = (applicationId: string) =>
  call(api.applications[':applicationId'].grant.$get({ param: { applicationId } }))

export function GrantAgreementPage({ id }: { id: string }) {
  return (
    <ApplicantsOnly title={TITLE}>
      <GrantLoader id={id} />
    </ApplicantsOnly>
  )
}

function GrantLoader({ id }: { id: string }) {
  const [grant, setGrant] = useState<GranteeGrant>()
  const [failure, setFailure] = useState<unknown>()
  useEffect(() => {
    readGrant(id).then(setGrant, setFailure)
  }, [id])
  if (failure) return <ApplicationLoadFailure failure={failure} />
  if (!grant) return <Loading what="your grant agreement" />
  return <GrantView grant={grant} onChanged={setGrant} />
}

function GrantView({ grant, onChanged }: { grant: GranteeGrant; onChanged: (grant: GranteeGrant) => void }) {
  const { busy, run } = useBusy()
  const [failure, setFailure] = useState<{ text: string; stale: boolean }>()
  const [said, setSaid] = useState<string>()
  const notice = useRef<HTMLDivElement>(null)
  const accepted = grant.status !== 'sent'
  const base = grantPagePath(grant.applicationId)
  useEffect(() => {
    if (said || failure) notice.current?.focus()
  }, [said, failure])

  async function accept() {
    await run(async () => {
      setFailure(undefined)
      try {
        const next = await call(
          api.applications[':applicationId'].grant.accept.$post({
            param: { applicationId: grant.applicationId },
            json: { version: grant.version },
          }),
        )
        setSaid(`You accepted the grant agreement for ${formatPenny(next.awardPence)}.`)
        onChanged(next)
      } catch (error) {
        const stale = error instanceof ApiError && error.status === 409
        setFailure({
          text: stale
            ? 'The programme team changed the agreement after this page was loaded. Read it again before accepting it.'
            : describe(error),
          stale,
        })
      }
    })
  }

  async function reload() {
    await run(async () => {
      try {
        onChanged(await readGrant(grant.applicationId))
        setFailure(undefined)
        setSaid('This is the agreement as it is now. Read it before accepting it.')
      } catch (error) {
        setFailure({ text: describe(error), stale: false })
      }
    })
  }

  return (
    <>
      <a href={`/applications/${grant.applicationId}`} class="back-link">
        Your expression of interest
      </a>
      <PageHeading title={TITLE} caption={grant.organisationName} />
      {said && (
        <div class="notice notice-success" tabIndex={-1} ref={notice} role="status">
          <p>{said}</p>
        </div>
      )}
      {failure && (
        <div class="notice notice-error" tabIndex={-1} ref={notice} role="alert">
          <p>Your agreement was not accepted. {failure.text}</p>
          {failure.stale && (
            <button type="button" class="button button-secondary" disabled={busy} onClick={() => void reload()}>
              Read it again
            </button>
          )}
        </div>
      )}
      <p>
        <GrantTag status={grant.status} />
      </p>
      <p>
        {accepted
          ? `You accepted this agreement${grant.acceptedAt ? ` on ${formatLondon(grant.acceptedAt)}` : ''}${grant.acceptedByName ? ` (${grant.acceptedByName})` : ''}. It is fixed: to change it, ask for a change.`
          : `The programme team sent you this agreement${grant.sentAt ? ` on ${formatLondon(grant.sentAt)}` : ''}. Read it, then accept it below.`}
      </p>
      <section class="section" aria-labelledby="agreement-heading">
        <h2 id="agreement-heading">The agreement</h2>
        <AgreementTerms grant={grant}>
          {accepted && (
            <>
              <dt>Paid so far</dt>
              <dd>
                {formatPenny(grant.paidPence)} of {formatPenny(grant.awardPence)}
              </dd>
            </>
          )}
        </AgreementTerms>
      </section>
      <section class="section" aria-labelledby="milestones-heading">
        <h2 id="milestones-heading">Milestones</h2>
        <p>At each milestone you send a progress report with the evidence expected.</p>
        <MilestonesTable
          grant={grant}
          link={(milestoneId, status) => ({
            href: `${base}/reports/${milestoneId}`,
            text:
              status === 'upcoming' ? 'Write the report' : status === 'queried' ? 'Answer the query' : 'See the report',
          })}
        />
      </section>
      <section class="section" aria-labelledby="tranches-heading">
        <h2 id="tranches-heading">Payment schedule</h2>
        <TranchesTable grant={grant} />
      </section>
      <section class="section" aria-labelledby="indicators-heading">
        <h2 id="indicators-heading">Outcome indicators</h2>
        <IndicatorsTable grant={grant} />
      </section>
      {(grant.status === 'active' || grant.status === 'completed') && (
        <CheckIns applicationId={grant.applicationId} endsOn={grant.endsOn} />
      )}
      {accepted ? (
        <section class="section" aria-labelledby="changes-heading">
          <h2 id="changes-heading">Changes</h2>
          <p>
            To extend a milestone, change the scope or the indicators, or reduce the award,{' '}
            <a href={`${base}/changes`}>ask for a change</a>.
          </p>
        </section>
      ) : (
        <section class="section" aria-labelledby="accept-heading">
          <h2 id="accept-heading">Accept the agreement</h2>
          <p>
            By accepting, {grant.organisationName} agrees to the conditions, milestones and payment schedule above
            (version {grant.version}).
          </p>
          <div class="button-group">
            <button type="button" class="button" disabled={busy} onClick={() => void accept()}>
              Accept the grant agreement
            </button>
          </div>
        </section>
      )}
    </>
  )
}

const dayFormat = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' })
const formatDay = (date: string) => dayFormat.format(new Date(`${date}T00:00:00Z`))

/** The two check-ins after the grant ends: a link to each, with when it opens or whether it is sent. */
function CheckIns({ applicationId, endsOn }: { applicationId: string; endsOn: string }) {
  const [view, setView] = useState<GranteeCheckIns | null>()
  useEffect(() => {
    call(api.applications[':applicationId'].grant['check-ins'].$get({ param: { applicationId } })).then(setView, () =>
      setView(null),
    )
  }, [applicationId])
  const rounds = view?.rounds ?? [{ round: '6' as const }, { round: '12' as const }]
  const stateOf = (round: (typeof rounds)[number]) => {
    if (!('state' in round)) return ''
    if (round.state === 'submitted') return ' – sent'
    if (round.state === 'open') return ` – open since ${formatDay(round.opensOn)}: send it`
    return ` – opens on ${formatDay(round.opensOn)}`
  }
  return (
    <section class="section" aria-labelledby="check-ins-heading">
      <h2 id="check-ins-heading">Check-ins after the grant</h2>
      <p>
        After your grant ends on {formatDay(endsOn)}, we ask twice how things have gone: follow-on funding, public
        bodies using your solution, jobs and your indicators. We will email you when each opens.
      </p>
      <ul>
        {rounds.map((round) => (
          <li key={round.round}>
            <a href={`${grantPagePath(applicationId)}/check-ins/${round.round}`}>{round.round}-month check-in</a>
            {stateOf(round)}
          </li>
        ))}
      </ul>
    </section>
  )
}

/**
 * On the applicant's application page: a link to the grant agreement once it has been sent (the
 * API's 404 means there is none yet, and nothing is shown).
 */
export function GrantLink({ applicationId }: { applicationId: string }) {
  const [grant, setGrant] = useState<GranteeGrant | null>()
  useEffect(() => {
    readGrant(applicationId).then(setGrant, () => setGrant(null))
  }, [applicationId])
  if (!grant) return null
  return (
    <p>
      <a href={grantPagePath(applicationId)}>
        {grant.status === 'sent' ? 'Read and accept your grant agreement' : 'Your grant: milestones and payments'}
      </a>
    </p>
  )
}
