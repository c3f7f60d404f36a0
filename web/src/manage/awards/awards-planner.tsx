// "/manage/competitions/:id/awards/planner": the award planner's advice. Constraints in, two
// plans side by side out (greedy down the ranking, and the best total score that fits),
// each with what it funds, what it leaves, what it does not fund and why in words, ties at
// the funding line and anything it could not satisfy; how often re-sampled panels would fund
// each application under each plan; then applying one of them.
import { useEffect, useRef, useState } from 'preact/hooks'
import { formatLondon } from '../../../../shared/dates.js'
import { formatPence } from '../../../../shared/money.js'
import type {
  Budget,
  Plan,
  PlanAdvice,
  PlanBid as Bid,
  PlanConfidence,
  PlanConstraintsInput,
  PlanMethod as Method,
} from '../../../../shared/schemas/awards.js'
import { api, call } from '../../api.js'
import type { ErrorItem, FieldResolver } from '../../components/errors.js'
import { Checkboxes, Radios, Status, TextArea, TextInput } from '../../components/fields.js'
import { setFlash } from '../../components/flash.js'
import { ScrollTable } from '../../components/scroll-table.js'
import { navigate } from '../../router.js'
import { AssessingFrame, Pending, RankText, twoPlaces, useAssessing } from '../assessing/assessing-page.js'
import { fieldsUnder, usePageErrors, useSubmit, type PageErrors } from '../../components/forms.js'
import { BudgetBar, defaultRespondBy, percentOf, respondByOf } from './awards.js'

const methodNames: Record<Method, { title: string; text: string }> = {
  greedy: {
    title: 'Down the ranking',
    text: 'Funds the best-ranked first, skipping any that no longer fit and carrying on down.',
  },
  optimal: {
    title: 'Highest total score',
    text: 'The set of awards whose scores add up to the most that the pot can fit.',
  },
}

type Constraints = { minScore: string; maxAwards: string; onePerChallenge: boolean; partialPercent: string }
const noConstraints: Constraints = { minScore: '', maxAwards: '', onePerChallenge: false, partialPercent: '' }

export function AwardPlannerPage({ id }: { id: string }) {
  const loaded = useAssessing(id, async () => {
    const param = { competitionId: id }
    const [budget, ranking] = await Promise.all([
      call(api.competitions[':competitionId'].budget.$get({ param })),
      call(api.competitions[':competitionId'].ranking.$get({ param })),
    ])
    return { budget, scale: ranking.rubric.scale }
  })
  const errors = usePageErrors()
  /** The advice shown and the constraints it was proposed under (applying sends those, not the form's). */
  const [advice, setAdvice] = useState<{ advice: PlanAdvice; constraints: PlanConstraintsInput }>()
  const { page, data } = loaded
  if (!page || !data) return <Pending failure={loaded.failure} what="the award planner" />
  const published = !!data.budget.resultsPublishedAt
  return (
    <AssessingFrame page={page} title="Award planner" current="awards/planner" errors={errors} onReload={loaded.reload}>
      <p>
        The planner proposes awards from the moderated ranking (shortlisted, scored applications never offered an award)
        within what remains in the pot. It is advice: nothing is awarded until you apply a plan, and you can still award
        one at a time on the <a href={`/manage/competitions/${id}/awards`}>awards and budget</a> page.
      </p>
      <BudgetBar budget={data.budget} id="planner-budget-meter" />
      {published ? (
        <div class="notice">
          <p>The results have been published: awards are final.</p>
        </div>
      ) : (
        <>
          <ConstraintsForm
            competitionId={id}
            scale={data.scale}
            errors={errors}
            onAdvice={(next, constraints) => {
              setAdvice({ advice: next, constraints })
              // The plans are worked out from the budget as it is now: show that budget too (an old one stays if this fails).
              loaded.reload().catch(() => {})
            }}
          />
          {advice && (
            <>
              <Plans advice={advice.advice} constraints={advice.constraints} />
              <FundingConfidence competitionId={id} advice={advice.advice} constraints={advice.constraints} />
              <ApplyForm
                competitionId={id}
                budget={data.budget}
                advice={advice.advice}
                constraints={advice.constraints}
                errors={errors}
              />
            </>
          )}
        </>
      )}
    </AssessingFrame>
  )
}

/** Reads the constraint fields: what to send, or problems pointing at the fields. */
function constraintsOf(
  form: Constraints,
  scale: { min: number; max: number },
  problems: ErrorItem[],
): PlanConstraintsInput {
  const constraints: PlanConstraintsInput = {}
  const minScore = form.minScore.trim()
  if (minScore) {
    const value = Number(minScore)
    if (!/^\d+(\.\d+)?$/.test(minScore) || value > scale.max)
      problems.push({
        id: 'plan-minScore',
        text: `Enter the minimum score as a number from ${scale.min} to ${scale.max}, like 3 or 3.5`,
      })
    else constraints.minScore = value
  }
  const maxAwards = form.maxAwards.trim()
  if (maxAwards) {
    if (!/^\d+$/.test(maxAwards) || Number(maxAwards) < 1 || Number(maxAwards) > 100)
      problems.push({
        id: 'plan-maxAwards',
        text: 'Enter the maximum number of awards as a whole number from 1 to 100',
      })
    else constraints.maxAwards = Number(maxAwards)
  }
  if (form.onePerChallenge) constraints.onePerChallenge = true
  const partial = form.partialPercent.trim().replace(/%$/, '')
  if (partial) {
    if (!/^\d+$/.test(partial) || Number(partial) < 1 || Number(partial) > 100)
      problems.push({
        id: 'plan-partialPercent',
        text: 'Enter the partial award percentage as a whole number from 1 to 100, like 50',
      })
    else constraints.partialPercent = Number(partial)
  }
  return constraints
}

const constraintFields: FieldResolver = (field) => fieldsUnder('plan')(field.replace(/^constraints\./, ''))

function ConstraintsForm({
  competitionId,
  scale,
  errors,
  onAdvice,
}: {
  competitionId: string
  scale: { min: number; max: number }
  errors: PageErrors
  onAdvice: (advice: PlanAdvice, constraints: PlanConstraintsInput) => void
}) {
  const [form, setForm] = useState<Constraints>(noConstraints)
  const { busy, status, submit } = useSubmit(errors)
  const change = (patch: Partial<Constraints>) => setForm((current) => ({ ...current, ...patch }))

  function propose(event: Event) {
    event.preventDefault()
    let constraints: PlanConstraintsInput = {}
    void submit({
      check: () => {
        const problems: ErrorItem[] = []
        constraints = constraintsOf(form, scale, problems)
        return problems
      },
      send: (): Promise<PlanAdvice> =>
        call(api.competitions[':competitionId']['award-plans'].$post({ param: { competitionId }, json: constraints })),
      resolve: constraintFields,
      done: (advice) => {
        onAdvice(advice, constraints)
        // The plans appear below; their heading takes focus so they are read next.
        setTimeout(() => document.getElementById('plans-heading')?.focus())
        const counts = advice.plans.map(
          (p) =>
            `${methodNames[p.method].title.toLowerCase()}: ${p.awards.length} award${p.awards.length === 1 ? '' : 's'}`,
        )
        return `Proposed ${advice.plans.length} plans (${counts.join('; ')}).`
      },
    })
  }

  return (
    <section class="section" aria-labelledby="constraints-heading">
      <h2 id="constraints-heading">Constraints</h2>
      <form noValidate onSubmit={propose}>
        <TextInput
          id="plan-minScore"
          label="Minimum score (optional)"
          hint={`The weighted mean an application needs, on the ${scale.min} to ${scale.max} scale.`}
          width="s"
          inputMode="decimal"
          value={form.minScore}
          onValue={(minScore) => change({ minScore })}
          error={errors.inline['plan-minScore']}
        />
        <TextInput
          id="plan-maxAwards"
          label="Maximum number of awards (optional)"
          width="s"
          inputMode="numeric"
          value={form.maxAwards}
          onValue={(maxAwards) => change({ maxAwards })}
          error={errors.inline['plan-maxAwards']}
        />
        <Checkboxes
          id="plan-onePerChallenge"
          legend="Challenges"
          options={[{ value: 'yes', label: 'At least one award for each challenge' }]}
          values={form.onePerChallenge ? ['yes'] : []}
          onValues={(values) => change({ onePerChallenge: values.includes('yes') })}
          error={errors.inline['plan-onePerChallenge']}
        />
        <TextInput
          id="plan-partialPercent"
          label="Partial award, as a percentage (optional)"
          hint="When the next application does not fit, offer it what remains if that is at least this percentage of what it asked for, like 50. Leave blank for no partial awards."
          width="s"
          inputMode="numeric"
          value={form.partialPercent}
          onValue={(partialPercent) => change({ partialPercent })}
          error={errors.inline['plan-partialPercent']}
        />
        <div class="button-group">
          <button type="submit" class="button" disabled={busy}>
            Propose plans
          </button>
          <Status message={status} />
        </div>
      </form>
    </section>
  )
}

/** Why a plan leaves an application out, in words. */
function unfundedText(item: Plan['unfunded'][number], constraints: PlanConstraintsInput): string {
  switch (item.reason) {
    case 'below-floor':
      return `Below the minimum score${constraints.minScore !== undefined ? ` of ${constraints.minScore}` : ''}`
    case 'did-not-fit':
      return item.shortByPence
        ? `Did not fit: it would need ${formatPence(item.shortByPence)} less`
        : 'Did not fit in what remains'
    case 'max-awards':
      return `Not reached: the maximum of ${constraints.maxAwards ?? 'the'} award${constraints.maxAwards === 1 ? '' : 's'} was made`
    case 'not-chosen':
      return 'Not chosen: the plan scores higher in total without it'
    default:
      return item.reason
  }
}

function Plans({ advice, constraints }: { advice: PlanAdvice; constraints: PlanConstraintsInput }) {
  const bidOf = new Map(advice.bids.map((b) => [b.applicationId, b]))
  const [first, second] = advice.plans
  return (
    <section class="section" aria-labelledby="plans-heading">
      <h2 id="plans-heading" tabIndex={-1}>
        The plans
      </h2>
      <p>
        From {formatPence(advice.budgetPence)} remaining, with a maximum award of {formatPence(advice.maxAwardPence)},
        for {advice.bids.length} application
        {advice.bids.length === 1 ? '' : 's'} never offered an award.
      </p>
      {first && second && <p>{comparison(first, second)}</p>}
      {advice.bids.length === 0 && (
        <p>
          No shortlisted, scored application is waiting for an award. Those offered one before (even if it was declined
          or withdrawn) are awarded one at a time.
        </p>
      )}
      <div class="plans">
        {advice.plans.map((plan) => (
          <PlanView key={plan.method} plan={plan} bidOf={bidOf} constraints={constraints} />
        ))}
      </div>
    </section>
  )
}

/** One sentence saying how the two plans differ. */
function comparison(a: Plan, b: Plan): string {
  const same =
    a.awards.length === b.awards.length &&
    a.awards.every((x) => b.awards.some((y) => y.applicationId === x.applicationId && y.amountPence === x.amountPence))
  if (same) return 'Both plans make the same awards.'
  const [better, worse] = b.totalScore > a.totalScore ? [b, a] : [a, b]
  return `The “${methodNames[better.method].title.toLowerCase()}” plan makes ${better.awards.length} award${better.awards.length === 1 ? '' : 's'} for ${formatPence(better.totalPence)} with a total score of ${twoPlaces(better.totalScore)}; the “${methodNames[worse.method].title.toLowerCase()}” plan makes ${worse.awards.length} for ${formatPence(worse.totalPence)}, scoring ${twoPlaces(worse.totalScore)}.`
}

function PlanView({
  plan,
  bidOf,
  constraints,
}: {
  plan: Plan
  bidOf: Map<string, Bid>
  constraints: PlanConstraintsInput
}) {
  const name = methodNames[plan.method]
  const nameOf = (applicationId: string) => bidOf.get(applicationId)?.organisationName ?? 'An application'
  const headingId = `plan-${plan.method}-heading`
  return (
    <section class="plan" aria-labelledby={headingId}>
      <h3 id={headingId}>{name.title}</h3>
      <p class="secondary-text">{name.text}</p>
      {plan.infeasible && (
        <div class="notice notice-error">
          <p>
            <strong>Not every constraint could be met.</strong> {plan.infeasible}
          </p>
        </div>
      )}
      {plan.exact === false && (
        <p class="meta">The best plan found in the time allowed; there may be a slightly better one.</p>
      )}
      {plan.awards.length === 0 ? (
        <p>This plan makes no awards.</p>
      ) : (
        <ScrollTable label={`Awards: ${name.title.toLowerCase()}`}>
          <table class="table">
            <caption>Awards: {name.title.toLowerCase()}</caption>
            <thead>
              <tr>
                <th scope="col">Rank</th>
                <th scope="col">Organisation</th>
                <th scope="col" class="numeric">
                  Score
                </th>
                <th scope="col" class="numeric">
                  Award
                </th>
              </tr>
            </thead>
            <tbody>
              {plan.awards.map((award) => {
                const bid = bidOf.get(award.applicationId)
                return (
                  <tr key={award.applicationId}>
                    <td>
                      <RankText rank={bid?.rank} tied={bid?.tied ?? false} />
                    </td>
                    <th scope="row">{nameOf(award.applicationId)}</th>
                    <td class="numeric">{twoPlaces(bid?.score)}</td>
                    <td class="numeric">
                      {formatPence(award.amountPence)}
                      {award.partial && bid && (
                        <span class="block">
                          <strong>Partial</strong>: {percentOf(award.amountPence, bid.requestedPence)}% of{' '}
                          {formatPence(bid.requestedPence)}
                        </span>
                      )}
                    </td>
                  </tr>
                )
              })}
            </tbody>
            <tfoot>
              <tr>
                <th scope="row" colSpan={3}>
                  Total awarded
                </th>
                <td class="numeric">{formatPence(plan.totalPence)}</td>
              </tr>
              <tr>
                <th scope="row" colSpan={3}>
                  Left in the pot
                </th>
                <td class="numeric">{formatPence(plan.leftPence)}</td>
              </tr>
              <tr>
                <th scope="row" colSpan={3}>
                  Total score
                </th>
                <td class="numeric">{twoPlaces(plan.totalScore)}</td>
              </tr>
            </tfoot>
          </table>
        </ScrollTable>
      )}
      {plan.tiesAtFundingLine.length > 0 && (
        <div class="notice">
          <p>
            <strong>Tied at the funding line.</strong> The panel should decide between:
          </p>
          <ul>
            {plan.tiesAtFundingLine.map((group) => (
              <li key={group.join()}>
                {group.map(nameOf).join(' and ')}, who share a score of {twoPlaces(bidOf.get(group[0]!)?.score)}
              </li>
            ))}
          </ul>
        </div>
      )}
      {plan.unfunded.length > 0 && (
        <>
          <h4>Not funded</h4>
          <ul class="list-plain unfunded">
            {plan.unfunded.map((item) => (
              <li key={item.applicationId}>
                <strong>{nameOf(item.applicationId)}</strong>
                {bidOf.get(item.applicationId) && (
                  <> (asked for {formatPence(bidOf.get(item.applicationId)!.requestedPence)})</>
                )}
                : {unfundedText(item, constraints)}
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  )
}

const panellistsText = (n: number) => `${n} panellist${n === 1 ? '' : 's'}`

/** A share of rounds as a whole percentage, never rounded to 0% or 100% unless it is exactly that. */
function percentOfRounds(share: number): string {
  if (share <= 0 || share >= 1) return `${Math.round(share * 100)}%`
  return `${Math.min(99, Math.max(1, Math.round(share * 100)))}%`
}

/**
 * How sure each plan is at the funding line: for every application, the share of re-sampled
 * panels whose plan funds it, read for both plans once the plans are shown.
 */
function FundingConfidence({
  competitionId,
  advice,
  constraints,
}: {
  competitionId: string
  advice: PlanAdvice
  constraints: PlanConstraintsInput
}) {
  const [read, setRead] = useState<{ of: PlanAdvice; results?: PlanConfidence[]; failed?: boolean }>()
  useEffect(() => {
    let current = true
    setRead({ of: advice })
    Promise.all(
      advice.plans.map((plan) =>
        call(
          api.competitions[':competitionId']['award-plans'].confidence.$post({
            param: { competitionId },
            json: { method: plan.method, constraints },
          }),
        ),
      ),
    ).then(
      (results) => current && setRead({ of: advice, results }),
      () => current && setRead({ of: advice, failed: true }),
    )
    return () => {
      current = false
    }
  }, [advice])
  if (advice.bids.length === 0) return null
  const results = read?.of === advice ? read.results : undefined
  const first = results?.[0]
  const byBid = (result: PlanConfidence) => new Map(result.applications.map((a) => [a.applicationId, a]))
  const columns = results?.map((result) => ({ method: result.method, of: byBid(result), rounds: result.rounds }))
  const bids = [...advice.bids].sort((a, b) => (a.rank ?? Infinity) - (b.rank ?? Infinity))
  return (
    <section class="section" aria-labelledby="confidence-heading">
      <h2 id="confidence-heading">How sure is the funding line?</h2>
      <p class="hint" id="confidence-hint">
        Panels are small and scores are noisy. Each plan is made again for{' '}
        {first ? first.rounds.toLocaleString('en-GB') : 'a few thousand'} panels re-sampled from the panellists who
        scored: each draws {first ? panellistsText(first.panellists) : 'as many panellists'} at random from them, so
        some count twice and some not at all, and ranks the applications on the drawn panellists’ scores as the ranking
        would. Each figure is the share of those panels whose plan funds the application (of the panels that scored it,
        where some drew none of its scorers). A <strong>close call</strong> is funded in between a quarter and three
        quarters of them: a slightly different panel could well have decided the other way.
        {first?.panellists === 1 &&
          ' With one panellist every re-sampled panel is the same, so each figure is all or none.'}
      </p>
      {read?.failed && read.of === advice ? (
        <div class="notice notice-error">
          <p>These figures could not be worked out just now. Propose the plans again to try again.</p>
        </div>
      ) : !columns ? (
        <p role="status">Re-sampling the panel…</p>
      ) : (
        <ScrollTable label="Funded in re-sampled panels">
          <table class="table" aria-describedby="confidence-hint">
            <caption>Funded in re-sampled panels</caption>
            <thead>
              <tr>
                <th scope="col">Rank</th>
                <th scope="col">Organisation</th>
                {columns.map((column) => (
                  <th scope="col" key={column.method}>
                    {methodNames[column.method].title}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {bids.map((bid) => (
                <tr key={bid.applicationId}>
                  <td>
                    <RankText rank={bid.rank} tied={bid.tied} />
                  </td>
                  <th scope="row">{bid.organisationName}</th>
                  {columns.map((column) => {
                    const figure = column.of.get(bid.applicationId)
                    return (
                      <td key={column.method}>
                        {figure?.fundedShare === undefined ? (
                          'Not scored'
                        ) : (
                          <>
                            {percentOfRounds(figure.fundedShare)}
                            {figure.closeCall && (
                              <>
                                {' '}
                                <strong class="tag tag-pending">Close call</strong>
                              </>
                            )}
                            {figure.scoredRounds < column.rounds && (
                              <span class="block secondary-text">
                                of {figure.scoredRounds.toLocaleString('en-GB')} panels
                              </span>
                            )}
                          </>
                        )}
                      </td>
                    )
                  })}
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollTable>
      )}
    </section>
  )
}

/** Applies one of the plans shown: every award in it, in one transaction, with one answer-by and conditions. */
function ApplyForm({
  competitionId,
  budget,
  advice,
  constraints,
  errors,
}: {
  competitionId: string
  budget: Budget
  advice: PlanAdvice
  constraints: PlanConstraintsInput
  errors: PageErrors
}) {
  const withAwards = advice.plans.filter((p) => p.awards.length > 0)
  const [method, setMethod] = useState<Method | ''>(withAwards.length === 1 ? withAwards[0]!.method : '')
  const [respondBy, setRespondBy] = useState(defaultRespondBy)
  const [conditions, setConditions] = useState('')
  const { busy, status, submit } = useSubmit(errors)
  const sent = useRef<string>()
  if (withAwards.length === 0) return null

  function apply(event: Event) {
    event.preventDefault()
    let at = ''
    void submit({
      check: () => {
        const problems: ErrorItem[] = []
        if (!method) problems.push({ id: 'apply-method', text: 'Choose the plan to apply' })
        at = respondByOf(respondBy, 'apply-respondBy', problems)
        return problems
      },
      send: () => {
        sent.current = method
        // The awards as shown: if the plan has changed since, the API awards nothing (409).
        const expected = advice.plans
          .find((p) => p.method === method)!
          .awards.map(({ applicationId, amountPence }) => ({ applicationId, amountPence }))
        return call(
          api.competitions[':competitionId']['award-plans'].apply.$post({
            param: { competitionId },
            json: { method: method as Method, constraints, expected, conditions: conditions.trim(), respondBy: at },
          }),
        )
      },
      resolve: (field) => {
        if (field === 'method') return { id: 'apply-method', label: 'The plan' }
        if (field === 'respondBy' || /^awards\.\d+\.respondBy$/.test(field))
          return { id: 'apply-respondBy', label: 'Answer by' }
        if (field === 'conditions' || /^awards\.\d+\.conditions$/.test(field))
          return { id: 'apply-conditions', label: 'Conditions' }
        if (field.startsWith('constraints.')) return constraintFields(field)
        return {}
      },
      done: ({ awards }) => {
        const total = awards.reduce((sum, a) => sum + a.amountPence, 0)
        setFlash(
          `Applied the “${methodNames[sent.current as Method].title.toLowerCase()}” plan: offered ${awards.length} award${awards.length === 1 ? '' : 's'} (${formatPence(total)}) to ${awards.map((a) => a.organisationName).join(', ')}. They have until ${formatLondon(at)} to answer.`,
        )
        navigate(`/manage/competitions/${competitionId}/awards`)
        return 'Applied.'
      },
    })
  }

  return (
    <section class="section" aria-labelledby="apply-heading">
      <h2 id="apply-heading">Apply a plan</h2>
      <p>
        Applying works the plan out again on the ranking and budget as they are now (
        {formatPence(budget.remainingPence)} remained when this page was read) and, if it is still the plan shown here,
        offers every award in it at once, all or none. If anything has changed, nothing is awarded: propose the plans
        again. Each applicant is emailed their offer.
      </p>
      <form noValidate onSubmit={apply}>
        <Radios
          id="apply-method"
          legend="Which plan?"
          options={withAwards.map((p) => ({
            value: p.method,
            label: `${methodNames[p.method].title}: ${p.awards.length} award${p.awards.length === 1 ? '' : 's'}, ${formatPence(p.totalPence)}`,
          }))}
          value={method}
          onValue={setMethod}
          error={errors.inline['apply-method']}
        />
        <TextInput
          id="apply-respondBy"
          label="Answer by"
          hint="UK time. Every applicant in the plan accepts or declines before then."
          type="datetime-local"
          width="m"
          value={respondBy}
          onValue={setRespondBy}
          error={errors.inline['apply-respondBy']}
        />
        <TextArea
          id="apply-conditions"
          label="Conditions (optional)"
          hint="The same conditions go with every offer in the plan."
          rows={3}
          value={conditions}
          onValue={setConditions}
          error={errors.inline['apply-conditions']}
        />
        <div class="button-group">
          <button type="submit" class="button" disabled={busy}>
            Apply this plan
          </button>
          <Status message={status} />
        </div>
      </form>
    </section>
  )
}
