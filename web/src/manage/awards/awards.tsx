// "/manage/competitions/:id/awards": the pot as it stands (a bar with the figures in words,
// by challenge and by theme), every award with its answer and a way to withdraw it, a form
// to award one shortlisted application, and publishing the results once every offer is
// answered. What the award pages share (names, the budget bar, idempotency keys) is here too.
import { useRef, useState } from 'preact/hooks'
import { ConfirmAction } from '../../components/confirm.js'
import { formatLondon, londonLocalToUtcIso, utcIsoToLondonLocal } from '../../../../shared/dates.js'
import { formatPence, parsePoundsToPence, wholePercentages } from '../../../../shared/money.js'
import type { Ranking } from '../../../../shared/schemas/assessing.js'
import type { Award, AwardStatus, Budget } from '../../../../shared/schemas/awards.js'
import { api, ApiError, call } from '../../api.js'
import type { ErrorItem } from '../../components/errors.js'
import { Select, Status, TextArea, TextInput } from '../../components/fields.js'
import { takeFlash } from '../../components/flash.js'
import { Contents } from '../../components/page.js'
import { ScrollTable } from '../../components/scroll-table.js'
import { AssessingFrame, Pending, RankText, twoPlaces, useAssessing } from '../assessing/assessing-page.js'
import { fieldsUnder, useBusy, usePageErrors, useSubmit, type PageErrors } from '../../components/forms.js'
import { InlineDialogForm, useInlineDialog } from '../../components/inline-dialog.js'
import { DueByMonthTable, GrantsTable, MoneyOverTime, PaidFigures } from './budget-grants.js'

// — Shared by the award pages —

export const awardStatusNames: Record<AwardStatus, string> = {
  offered: 'Offered: waiting for an answer',
  accepted: 'Accepted',
  declined: 'Declined',
  withdrawn: 'Withdrawn',
  lapsed: 'Lapsed: not accepted in time',
}

const awardStatusTags: Record<AwardStatus, string> = {
  offered: 'tag tag-upcoming',
  accepted: 'tag tag-open',
  declined: 'tag tag-closed',
  withdrawn: 'tag tag-closed',
  lapsed: 'tag tag-closed',
}

/** The status in words, in a tag (the colour only repeats what the words say). */
export function AwardTag({ status }: { status: AwardStatus }) {
  return <strong class={awardStatusTags[status]}>{awardStatusNames[status]}</strong>
}

/** Offered and accepted awards hold money (as `holdsMoney` in the schema, which the web may not import at run time). */
export const holdsMoney = (status: AwardStatus | undefined) => status === 'offered' || status === 'accepted'

/** A whole percentage of a total, never "NaN%". */
export const percentOf = (part: number, whole: number) => (whole > 0 ? Math.round((part / whole) * 100) : 0)

/** A fresh key for one submission: a retry of the same submission sends the same key. */
export function newIdempotencyKey(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16))
  return `award-${Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')}`
}

/** Two weeks from now at 17:00 UK time, as a datetime-local field takes it. */
export const defaultRespondBy = () =>
  `${utcIsoToLondonLocal(new Date(Date.now() + 14 * 86_400_000).toISOString()).slice(0, 11)}17:00`

/** Checks a respond-by field: the UTC instant, or a problem pointing at the field. */
export function respondByOf(local: string, id: string, problems: ErrorItem[]): string {
  if (!local) {
    problems.push({ id, text: 'Enter the date and time the applicant must answer by' })
    return ''
  }
  const iso = londonLocalToUtcIso(local)
  if (!iso)
    problems.push({
      id,
      text: 'The answer-by date must be a real date and time in the UK (clocks going forward skip an hour)',
    })
  return iso ?? ''
}

/**
 * Pot, committed and remaining as one bar, with the figures in words beside it (the bar
 * repeats them for the eye; a screen reader hears the meter's value as text too).
 */
export function BudgetBar({
  budget,
  id,
}: {
  budget: Pick<Budget, 'potPence' | 'committedPence' | 'remainingPence'>
  id: string
}) {
  const { potPence, committedPence, remainingPence } = budget
  const committedShare = percentOf(committedPence, potPence)
  return (
    <div class="budget">
      <dl class="budget-figures">
        <div>
          <dt>Pot</dt>
          <dd>{formatPence(potPence)}</dd>
        </div>
        <div>
          <dt>Committed</dt>
          <dd>{formatPence(committedPence)}</dd>
        </div>
        <div>
          <dt>Remaining</dt>
          <dd>{formatPence(remainingPence)}</dd>
        </div>
      </dl>
      <label class="label" for={id}>
        Committed from the pot
      </label>
      <meter
        id={id}
        class="budget-meter"
        min={0}
        max={Math.max(potPence, 1)}
        value={committedPence}
        aria-valuetext={`${formatPence(committedPence)} of ${formatPence(potPence)} committed (${committedShare}%)`}
        aria-describedby={`${id}-text`}
      >
        {formatPence(committedPence)} of {formatPence(potPence)}
      </meter>
      <p id={`${id}-text`} class="budget-text">
        {committedShare}% committed; {formatPence(remainingPence)} ({percentOf(remainingPence, potPence)}%) remains.
      </p>
    </div>
  )
}

// — The page —

async function readAwards(competitionId: string) {
  const param = { competitionId }
  const [budget, ranking] = await Promise.all([
    call(api.competitions[':competitionId'].budget.$get({ param })),
    call(api.competitions[':competitionId'].ranking.$get({ param })),
  ])
  return { budget, ranking }
}

export function AwardsPage({ id }: { id: string }) {
  const loaded = useAssessing(id, () => readAwards(id))
  const errors = usePageErrors()
  const [flash] = useState(takeFlash)
  const { page, data } = loaded
  if (!page || !data) return <Pending failure={loaded.failure} what="the budget and awards" />
  const { budget, ranking } = data
  const published = !!budget.resultsPublishedAt
  /** Reads the budget and ranking again after a change; a failure says so in the summary. */
  const refresh = () => loaded.reload().catch((error: unknown) => errors.fail(error))
  return (
    <AssessingFrame page={page} title="Awards and budget" current="awards" errors={errors} onReload={loaded.reload}>
      {flash && (
        <div class="notice notice-success">
          <p>{flash}</p>
        </div>
      )}
      <Contents
        sections={[
          ['budget-heading', 'Budget'],
          ['grants-money-heading', 'Grants: paid and due'],
          ['over-time-heading', 'Committed and paid over time'],
          ['awards-heading', 'Awards'],
          ...(published ? [] : ([['award-heading', 'Make an award']] as [string, string][])),
          ['results-heading', 'Results'],
        ]}
      />
      <BudgetSection budget={budget} />
      <section class="section" aria-labelledby="grants-money-heading">
        <h2 id="grants-money-heading" tabIndex={-1}>
          Grants: paid and due
        </h2>
        <GrantsTable competitionId={id} budget={budget} />
        <DueByMonthTable budget={budget} />
      </section>
      <section class="section" aria-labelledby="over-time-heading">
        <h2 id="over-time-heading" tabIndex={-1}>
          Committed and paid over time
        </h2>
        <MoneyOverTime budget={budget} />
      </section>
      <AwardsList competitionId={id} budget={budget} errors={errors} onChanged={refresh} />
      {!published && (
        <AwardForm competitionId={id} budget={budget} ranking={ranking} errors={errors} onAwarded={refresh} />
      )}
      <PublishResults competitionId={id} budget={budget} errors={errors} onPublished={refresh} />
    </AssessingFrame>
  )
}

function BudgetSection({ budget }: { budget: Budget }) {
  return (
    <section class="section" aria-labelledby="budget-heading">
      <h2 id="budget-heading" tabIndex={-1}>
        Budget
      </h2>
      <BudgetBar budget={budget} id="budget-meter" />
      <PaidFigures budget={budget} />
      <p class="secondary-text">
        Offered and accepted awards hold money; a declined, withdrawn or lapsed award gives it back (an offer lapses
        when it is not accepted by its date). The maximum award is {formatPence(budget.maxAwardPence)}.
      </p>
      <ShareTable caption="Committed by challenge" what="Challenge" shares={budget.byChallenge} />
      <ShareTable caption="Committed by theme" what="Theme" shares={budget.byTheme} />
      <p class="secondary-text">
        An award that addresses more than one challenge (or theme) is divided equally between them, the odd penny to the
        first, so each table adds up to what is committed and its shares to 100%. What a grant has paid is divided the
        same way.
      </p>
    </section>
  )
}

function ShareTable({ caption, what, shares }: { caption: string; what: string; shares: Budget['byChallenge'] }) {
  if (shares.length === 0) return null
  const percents = wholePercentages(shares.map((s) => s.committedPence))
  return (
    <ScrollTable label={caption}>
      <table class="table">
        <caption>{caption}</caption>
        <thead>
          <tr>
            <th scope="col">{what}</th>
            <th scope="col" class="numeric">
              Awards
            </th>
            <th scope="col" class="numeric">
              Committed
            </th>
            <th scope="col">Share of what is committed</th>
            <th scope="col" class="numeric">
              Paid
            </th>
            <th scope="col" class="numeric">
              Outstanding
            </th>
          </tr>
        </thead>
        <tbody>
          {shares.map((share, i) => {
            const percent = percents[i]!
            return (
              <tr key={share.id}>
                <th scope="row">{share.title}</th>
                <td class="numeric">{share.awards}</td>
                <td class="numeric">{formatPence(share.committedPence)}</td>
                <td>
                  <span class="share">
                    {/* The bar repeats the percentage beside it, so it is hidden from screen readers. */}
                    <meter class="share-meter" min={0} max={100} value={percent} aria-hidden="true" />
                    <span>{percent}%</span>
                  </span>
                </td>
                <td class="numeric">{formatPence(share.paidPence)}</td>
                <td class="numeric">{formatPence(share.outstandingPence)}</td>
              </tr>
            )
          })}
        </tbody>
      </table>
    </ScrollTable>
  )
}

/** Every award, newest first, with a way to withdraw those that still hold money. */
function AwardsList({
  competitionId,
  budget,
  errors,
  onChanged,
}: {
  competitionId: string
  budget: Budget
  errors: PageErrors
  onChanged: () => Promise<void>
}) {
  const dialog = useInlineDialog('withdraw-reason', (award: Award) => award.applicationId)
  const withdrawing = dialog.open
  const [reason, setReason] = useState('')
  const { busy, status, submit } = useSubmit(errors)
  const published = !!budget.resultsPublishedAt

  const close = () => {
    dialog.close()
    setReason('')
    errors.clear()
  }

  function withdraw(event: Event) {
    event.preventDefault()
    const award = withdrawing!
    void submit({
      check: () =>
        reason.trim()
          ? []
          : [
              {
                id: 'withdraw-reason',
                text: `Enter why the award to ${award.organisationName} is withdrawn: they will be told`,
              },
            ],
      send: () =>
        call(
          api.competitions[':competitionId'].awards[':applicationId'].withdraw.$post({
            param: { competitionId, applicationId: award.applicationId },
            json: { version: award.version, reason: reason.trim() },
          }),
        ),
      resolve: fieldsUnder('withdraw'),
      done: (saved) => {
        dialog.close()
        setReason('')
        void onChanged()
        return `Withdrew the award of ${formatPence(saved.amountPence)} to ${saved.organisationName}. ${formatPence(saved.amountPence)} is back in the pot.`
      },
    })
  }

  return (
    <section class="section" aria-labelledby="awards-heading">
      <h2 id="awards-heading" tabIndex={-1}>
        Awards
      </h2>
      {budget.awards.some((award) => award.status === 'accepted') && (
        <p>
          Accepted awards become grants:{' '}
          <a href={`/manage/competitions/${competitionId}/grants`}>set up and follow the grants</a>.
        </p>
      )}
      {budget.awards.length === 0 ? (
        <p>
          No awards yet. Make one below, or use the{' '}
          <a href={`/manage/competitions/${competitionId}/awards/planner`}>award planner</a>.
        </p>
      ) : (
        <ScrollTable label="Awards, newest first">
          <table class="table" id="awards-table">
            <caption>Awards, newest first</caption>
            <thead>
              <tr>
                <th scope="col">Organisation</th>
                <th scope="col">Status</th>
                <th scope="col" class="numeric">
                  Award
                </th>
                <th scope="col" class="numeric">
                  Requested
                </th>
                <th scope="col">Answer by (UK time)</th>
                <th scope="col">
                  <span class="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {budget.awards.map((award) => {
                const partial = award.amountPence < award.requestedPence
                const buttonId = `withdraw-${award.applicationId}`
                return (
                  <tr key={`${award.applicationId}-${award.awardedAt}`}>
                    <th scope="row">
                      <a href={`/manage/competitions/${competitionId}/assessments/${award.applicationId}`}>
                        {award.organisationName}
                      </a>
                      <span class="meta block">
                        Offered by {award.awardedByName}, {formatLondon(award.awardedAt)}
                      </span>
                    </th>
                    <td>
                      <AwardTag status={award.status} />
                      {award.respondedAt && <span class="meta block">Answered {formatLondon(award.respondedAt)}</span>}
                      {award.status === 'accepted' && (
                        <a class="block" href={`/manage/competitions/${competitionId}/grants/${award.applicationId}`}>
                          Its grant<span class="visually-hidden"> to {award.organisationName}</span>
                        </a>
                      )}
                      <a
                        class="block"
                        href={`/manage/competitions/${competitionId}/awards/${award.applicationId}/dossier`}
                      >
                        Dossier<span class="visually-hidden"> of the award to {award.organisationName}</span>
                      </a>
                      {award.partialReason && (
                        <span class="meta block multiline">Why less than requested: {award.partialReason}</span>
                      )}
                      {award.withdrawnAt && (
                        <span class="meta block">
                          Withdrawn {formatLondon(award.withdrawnAt)}: {award.withdrawnReason}
                        </span>
                      )}
                      {award.lapsedAt && (
                        <span class="meta block">
                          Lapsed {formatLondon(award.lapsedAt)}: not accepted by {formatLondon(award.respondBy)}
                        </span>
                      )}
                    </td>
                    <td class="numeric">
                      {formatPence(award.amountPence)}
                      {partial && (
                        <span class="block">
                          <strong>Partial</strong> ({percentOf(award.amountPence, award.requestedPence)}%)
                        </span>
                      )}
                    </td>
                    <td class="numeric">{formatPence(award.requestedPence)}</td>
                    <td>{formatLondon(award.respondBy)}</td>
                    <td>
                      {holdsMoney(award.status) && !published && (
                        <button
                          type="button"
                          id={buttonId}
                          class="button button-secondary button-small"
                          aria-expanded={dialog.isOpenFor(award) ? 'true' : 'false'}
                          aria-controls="withdraw-form"
                          onClick={() => {
                            setReason('')
                            dialog.show(award, buttonId)
                          }}
                        >
                          Withdraw<span class="visually-hidden"> the award to {award.organisationName}</span>
                        </button>
                      )}
                    </td>
                  </tr>
                )
              })}
            </tbody>
          </table>
        </ScrollTable>
      )}
      <InlineDialogForm
        id="withdraw-form"
        item={withdrawing}
        heading={(award) => `Withdraw the award of ${formatPence(award.amountPence)} to ${award.organisationName}?`}
        headingId="withdraw-question"
        yes="Yes, withdraw the award"
        tone="button-warning"
        busy={busy}
        onSubmit={withdraw}
        onCancel={close}
      >
        {(award) => (
          <>
            <p>
              {award.status === 'accepted' ? 'They have accepted it. ' : ''}The amount goes back to the pot, the ledger
              records it, and {award.organisationName} is emailed the reason.
            </p>
            <TextArea
              id="withdraw-reason"
              label="Why is it withdrawn?"
              rows={3}
              value={reason}
              onValue={setReason}
              error={errors.inline['withdraw-reason']}
            />
          </>
        )}
      </InlineDialogForm>
      <Status message={status} />
    </section>
  )
}

/** Awards one shortlisted application, with an Idempotency-Key kept for retries of the same submission. */
function AwardForm({
  competitionId,
  budget,
  ranking,
  errors,
  onAwarded,
}: {
  competitionId: string
  budget: Budget
  ranking: Ranking
  errors: PageErrors
  onAwarded: () => Promise<void>
}) {
  const [applicationId, setApplicationId] = useState('')
  const [amount, setAmount] = useState('')
  const [reason, setReason] = useState('')
  const [conditions, setConditions] = useState('')
  const [respondBy, setRespondBy] = useState(defaultRespondBy)
  const { busy, status, submit } = useSubmit(errors)
  /** The last submission that did not get an answer: sending the same again reuses its key. */
  const attempt = useRef<{ body: string; key: string }>()

  const open = ranking.rows.filter((row) => !holdsMoney(row.award?.status))
  const chosen = ranking.rows.find((row) => row.applicationId === applicationId)
  const requested = chosen?.amountRequestedPence
  const amountPence = parsePoundsToPence(amount)
  const partial = requested !== undefined && amountPence !== undefined && amountPence > 0 && amountPence < requested

  function choose(next: string) {
    const row = ranking.rows.find((r) => r.applicationId === next)
    // Start from what they asked for, unless an amount has been typed for someone else.
    if (row?.amountRequestedPence && (!amount || parsePoundsToPence(amount) === requested))
      setAmount(String(row.amountRequestedPence / 100))
    setApplicationId(next)
  }

  function award(event: Event) {
    event.preventDefault()
    let json:
      | { applicationId: string; amountPence: number; reason: string; conditions: string; respondBy: string }
      | undefined
    let key = ''
    void submit({
      check: () => {
        const problems: ErrorItem[] = []
        if (!applicationId) problems.push({ id: 'award-applicationId', text: 'Choose the application to award' })
        if (amountPence === undefined || amountPence === 0)
          problems.push({ id: 'award-amountPence', text: 'Enter the amount in pounds, like 16,700 or 9,950.50' })
        else if (requested !== undefined && amountPence > requested)
          problems.push({
            id: 'award-amountPence',
            text: `The amount must be at most ${formatPence(requested)}, the amount requested`,
          })
        if (partial && !reason.trim())
          problems.push({
            id: 'award-reason',
            text: `Enter why the award is less than the ${formatPence(requested!)} requested: the applicant will see it`,
          })
        const at = respondByOf(respondBy, 'award-respondBy', problems)
        json = {
          applicationId,
          amountPence: amountPence ?? 0,
          reason: reason.trim(),
          conditions: conditions.trim(),
          respondBy: at,
        }
        const body = JSON.stringify(json)
        if (attempt.current?.body !== body) attempt.current = { body, key: newIdempotencyKey() }
        key = attempt.current.key
        return problems
      },
      send: async () => {
        try {
          return await call(
            api.competitions[':competitionId'].awards.$post(
              { param: { competitionId }, json: json! },
              { headers: { 'Idempotency-Key': key } },
            ),
          )
        } catch (error) {
          // An answer (even a refusal) settles the submission; only an unanswered one keeps its key.
          if (error instanceof ApiError && error.status !== 0 && error.status < 500) attempt.current = undefined
          throw error
        }
      },
      resolve: fieldsUnder('award', { 'Idempotency-Key': {} }),
      done: (made) => {
        attempt.current = undefined
        setApplicationId('')
        setAmount('')
        setReason('')
        setConditions('')
        void onAwarded()
        return `Offered ${formatPence(made.amountPence)} to ${made.organisationName}. They have until ${formatLondon(made.respondBy)} to answer.`
      },
    })
  }

  return (
    <section class="section" aria-labelledby="award-heading">
      <h2 id="award-heading" tabIndex={-1}>
        Make an award
      </h2>
      <ShortlistTable ranking={ranking} />
      {open.length === 0 ? (
        <p>Every shortlisted application holds an award already.</p>
      ) : (
        <form noValidate onSubmit={award}>
          <Select
            id="award-applicationId"
            label="Application"
            hint="Shortlisted applications without an award that holds money."
            value={applicationId}
            onValue={choose}
            options={[
              { value: '', label: 'Choose an application' },
              ...open.map((row) => ({
                value: row.applicationId,
                label: `${row.organisationName}${row.amountRequestedPence ? ` (asked for ${formatPence(row.amountRequestedPence)})` : ''}`,
              })),
            ]}
            error={errors.inline['award-applicationId']}
          />
          <TextInput
            id="award-amountPence"
            label="Amount"
            hint={`In pounds. At most the amount requested and the maximum award (${formatPence(budget.maxAwardPence)}); ${formatPence(budget.remainingPence)} remains in the pot.`}
            prefix="£"
            width="m"
            inputMode="decimal"
            value={amount}
            onValue={setAmount}
            error={errors.inline['award-amountPence']}
          />
          <TextArea
            id="award-reason"
            label={partial ? 'Why less than requested' : 'Why less than requested (if it is)'}
            hint={
              requested
                ? `Needed when the award is less than the ${formatPence(requested)} requested: the applicant sees it with the offer.`
                : 'Needed when the award is less than requested: the applicant sees it with the offer.'
            }
            rows={3}
            value={reason}
            onValue={setReason}
            error={errors.inline['award-reason']}
          />
          <TextArea
            id="award-conditions"
            label="Conditions (optional)"
            hint="Shown to the applicant with the offer, like reporting or milestones."
            rows={3}
            value={conditions}
            onValue={setConditions}
            error={errors.inline['award-conditions']}
          />
          <TextInput
            id="award-respondBy"
            label="Answer by"
            hint="UK time. The applicant accepts or declines before then."
            type="datetime-local"
            width="m"
            value={respondBy}
            onValue={setRespondBy}
            error={errors.inline['award-respondBy']}
          />
          <div class="button-group">
            <button type="submit" class="button" disabled={busy}>
              Offer the award
            </button>
          </div>
        </form>
      )}
      <Status message={status} />
    </section>
  )
}

/** The shortlist as ranked, with each application's request and award. */
function ShortlistTable({ ranking }: { ranking: Ranking }) {
  if (ranking.rows.length === 0) return <p>Nothing is shortlisted yet.</p>
  return (
    <ScrollTable label="The shortlist, best first">
      <table class="table">
        <caption>The shortlist, best first</caption>
        <thead>
          <tr>
            <th scope="col">Rank</th>
            <th scope="col">Organisation</th>
            <th scope="col" class="numeric">
              Weighted mean
            </th>
            <th scope="col" class="numeric">
              Requested
            </th>
            <th scope="col">Award</th>
          </tr>
        </thead>
        <tbody>
          {ranking.rows.map((row) => (
            <tr key={row.applicationId}>
              <td>
                <RankText rank={row.rank} tied={row.tied} />
              </td>
              <th scope="row">{row.organisationName}</th>
              <td class="numeric">{twoPlaces(row.weightedMean)}</td>
              <td class="numeric">
                {row.amountRequestedPence === undefined ? '–' : formatPence(row.amountRequestedPence)}
              </td>
              <td>
                {row.award ? (
                  <>
                    <AwardTag status={row.award.status} /> {formatPence(row.award.amountPence)}
                  </>
                ) : (
                  <span class="secondary-text">None</span>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </ScrollTable>
  )
}

/** Publishing the winners, once every offer is answered; confirmed first, as it makes awards final. */
function PublishResults({
  competitionId,
  budget,
  errors,
  onPublished,
}: {
  competitionId: string
  budget: Budget
  errors: PageErrors
  onPublished: () => Promise<void>
}) {
  const [confirming, setConfirming] = useState(false)
  const { busy, run } = useBusy()
  const [status, setStatus] = useState<string>()
  const waiting = budget.awards.filter((a) => a.status === 'offered')
  const accepted = budget.awards.filter((a) => a.status === 'accepted')
  const resultsPath = `/competitions/${competitionId}/results`

  async function publish() {
    await run(async () => {
      setStatus(undefined)
      try {
        const results = await call(api.competitions[':competitionId'].results.$post({ param: { competitionId } }))
        errors.clear()
        setConfirming(false)
        setStatus(
          `Published the results: ${results.winners.length} winner${results.winners.length === 1 ? '' : 's'}, ${formatPence(results.totalAwardedPence)} awarded.`,
        )
        await onPublished()
      } catch (error) {
        setConfirming(false)
        // The reason (who has not answered yet) is in the problem's detail: show it as the item.
        if (error instanceof ApiError && (error.status === 422 || error.status === 409)) {
          errors.failWith(
            [
              {
                id: budget.awards.length ? 'awards-table' : 'awards-heading',
                text: error.problem.detail ?? error.problem.title,
              },
            ],
            'The results cannot be published yet',
          )
        } else errors.fail(error)
      }
    })
  }

  return (
    <section class="section" aria-labelledby="results-heading">
      <h2 id="results-heading" tabIndex={-1}>
        Results
      </h2>
      {budget.resultsPublishedAt ? (
        <div class="notice notice-success">
          <p>
            The results were published {formatLondon(budget.resultsPublishedAt)}. Awards are final.{' '}
            <a href={resultsPath}>See the public results</a>
          </p>
        </div>
      ) : (
        <>
          <p>
            Publishing shows the winners (the accepted awards) to everyone, with the total awarded and its share of the
            pot. Every offer must have been answered and at least one accepted. Awards are final once the results are
            published.
          </p>
          <p>
            {accepted.length} accepted;{' '}
            {waiting.length === 0
              ? 'no offer is waiting for an answer.'
              : `${waiting.length} waiting for an answer: ${waiting.map((a) => a.organisationName).join(', ')}.`}
          </p>
          <ConfirmAction
            id="publish"
            label="Publish the results"
            question={
              <>
                <strong>Publish the results now?</strong> Everyone will see the winners, and no award can be made,
                withdrawn or changed afterwards.
              </>
            }
            yes="Yes, publish the results"
            busy={busy}
            confirming={confirming}
            setConfirming={setConfirming}
            onYes={() => void publish()}
          />
        </>
      )}
      <Status message={status} />
    </section>
  )
}
