// The programme manager's intake pages: "/manage/problems" (invite problem owners, every
// problem), "/manage/problems/:id" (ask for more, merge, publish), "/manage/rounds" (open a
// prioritisation round) and "/manage/rounds/:id" (invite stakeholders, results by group once
// closed, the pot-aware selection's two plans with reasons, and the draft competition).
import { useEffect, useState } from 'preact/hooks'
import { formatLondon, londonLocalToUtcIso } from '../../../shared/dates.js'
import { problemStatusNames, stakeholderGroupNames } from '../../../shared/labels.js'
import { formatPence, parsePoundsToPence } from '../../../shared/money.js'
import type { Problem, Round, RoundResults, Selection, StakeholderGroup } from '../../../shared/schemas/intake.js'
import { ApiError, api, call } from '../api.js'
import { ErrorSummary } from '../components/error-summary.js'
import { Checkboxes, Radios, Select, Status, TextArea, TextInput } from '../components/fields.js'
import { fieldsUnder, usePageErrors, useSubmit } from '../components/forms.js'
import { PageHeading } from '../components/page.js'
import { ScrollTable } from '../components/scroll-table.js'
import { navigate } from '../router.js'
import { fieldsOf, NotLoaded, PoundsInput, QuestionsAsked, UkTimeInput } from './parts.js'

const groups = Object.keys(stakeholderGroupNames) as StakeholderGroup[]

export function ManageProblemsPage() {
  const [problems, setProblems] = useState<Problem[]>()
  const [failure, setFailure] = useState<unknown>()
  const load = () => call(api.problems.$get({ query: { limit: '100' } })).then((p) => setProblems(p.items), setFailure)
  useEffect(() => void load(), [])
  const [owner, setOwner] = useState({ email: '', name: '', organisation: '' })
  const errors = usePageErrors()
  const { busy, status, submit } = useSubmit(errors)
  const ownerField = fieldsOf('owner', owner, setOwner, errors.inline)
  if (!problems)
    return <NotLoaded failure={failure} what="the problems" back={{ href: '/manage', label: 'Back to competitions' }} />
  return (
    <>
      <a href="/manage" class="back-link">
        Back to competitions
      </a>
      <PageHeading title="Problems" hasErrors={!!errors.errors} />
      <p>
        <a href="/manage/rounds">Prioritisation rounds</a>
      </p>
      <ScrollTable label="Problems">
        <table class="table">
          <caption>Proposed problems, oldest first</caption>
          <thead>
            <tr>
              <th scope="col">Problem</th>
              <th scope="col">Organisation</th>
              <th scope="col">Status</th>
            </tr>
          </thead>
          <tbody>
            {problems.map((p) => (
              <tr key={p.id}>
                <th scope="row">
                  <a href={`/manage/problems/${p.id}`}>{p.title}</a>
                </th>
                <td>{p.organisation}</td>
                <td>{problemStatusNames[p.status]}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </ScrollTable>
      <h2 class="heading-m">Invite a problem owner</h2>
      <form
        noValidate
        onSubmit={(event) => {
          event.preventDefault()
          void submit({
            send: () => call(api['problem-owners'].$post({ json: owner })),
            resolve: fieldsUnder('owner'),
            done: (made) => {
              setOwner({ email: '', name: '', organisation: '' })
              return `${made.name} has been invited by email.`
            },
          })
        }}
      >
        <ErrorSummary errors={errors.errors} />
        <TextInput label="Name" {...ownerField('name')} />
        <TextInput label="Email address" type="email" autocomplete="off" {...ownerField('email')} />
        <TextInput label="Public body" {...ownerField('organisation')} />
        <button type="submit" class="button" disabled={busy}>
          Send invitation
        </button>
        <Status message={status} />
      </form>
    </>
  )
}

export function CurateProblemPage({ id }: { id: string }) {
  const [problem, setProblem] = useState<Problem>()
  const [others, setOthers] = useState<Problem[]>([])
  const [failure, setFailure] = useState<unknown>()
  const [question, setQuestion] = useState('')
  const [cost, setCost] = useState('')
  const [into, setInto] = useState('')
  const errors = usePageErrors()
  const { busy, status, submit } = useSubmit(errors)
  const load = () =>
    Promise.all([
      call(api.problems[':problemId'].$get({ param: { problemId: id } })),
      call(api.problems.$get({ query: { limit: '100' } })),
    ]).then(([p, all]) => {
      setProblem(p)
      setOthers(all.items.filter((o) => o.id !== id && o.status !== 'merged'))
    }, setFailure)
  useEffect(() => void load(), [id])
  const back = { href: '/manage/problems', label: 'Back to problems' }
  if (!problem)
    return (
      <NotLoaded
        failure={failure}
        what="the problem"
        notFound={{ title: 'Problem not found', text: 'There is no problem with this address.' }}
        back={back}
      />
    )
  const open = problem.status === 'submitted' || problem.status === 'more-info'
  const param = { problemId: id }
  const act = (send: () => Promise<Problem>, said: string) =>
    submit({
      send,
      resolve: fieldsUnder('curate', {
        expectedCostPence: { id: 'curate-cost', label: 'Expected cost' },
        intoId: { id: 'curate-into', label: 'Merge into' },
      }),
      done: (next) => {
        setProblem(next)
        return said
      },
    })
  return (
    <>
      <a href={back.href} class="back-link">
        {back.label}
      </a>
      <PageHeading title={problem.title} caption={problem.organisation} hasErrors={!!errors.errors} />
      <ErrorSummary errors={errors.errors} />
      <Status message={status} />
      <dl class="summary-list">
        <div>
          <dt>Status</dt>
          <dd>{problemStatusNames[problem.status]}</dd>
        </div>
        <div>
          <dt>Question</dt>
          <dd>{problem.statement}</dd>
        </div>
        <div>
          <dt>The problem</dt>
          <dd>{problem.description}</dd>
        </div>
        <div>
          <dt>Who it affects</dt>
          <dd>{problem.affects}</dd>
        </div>
        <div>
          <dt>Evidence</dt>
          <dd>
            <ul>
              {problem.evidence.map((e, i) => (
                <li key={i}>{e.url ? <a href={e.url}>{e.title}</a> : e.title}</li>
              ))}
            </ul>
          </dd>
        </div>
        <div>
          <dt>Commitment</dt>
          <dd>
            {problem.commitment.leadName}; {problem.commitment.time}
            {problem.commitment.pilotSite && `; pilot at ${problem.commitment.pilotSite}`}
          </dd>
        </div>
        <div>
          <dt>Budget they would put in</dt>
          <dd>{formatPence(problem.contributionPence)}</dd>
        </div>
        {problem.expectedCostPence !== undefined && (
          <div>
            <dt>Expected cost</dt>
            <dd>{formatPence(problem.expectedCostPence)}</dd>
          </div>
        )}
      </dl>
      <QuestionsAsked questions={problem.questions} answered="Answer" />
      {open && (
        <>
          <h2 class="heading-m">Publish for prioritisation</h2>
          <form
            noValidate
            onSubmit={(event) => {
              event.preventDefault()
              void act(
                () =>
                  call(
                    api.problems[':problemId'].publish.$post({
                      param,
                      json: { expectedCostPence: parsePoundsToPence(cost) ?? -1, version: problem.version },
                    }),
                  ),
                'Published for prioritisation.',
              )
            }}
          >
            <PoundsInput
              id="curate-cost"
              label="Expected cost"
              hint="What solving it is expected to cost, in pounds"
              value={cost}
              onValue={setCost}
              error={errors.inline['curate-cost']}
            />
            <button type="submit" class="button" disabled={busy}>
              Publish
            </button>
          </form>
          <h2 class="heading-m">Ask the owner for more</h2>
          <form
            noValidate
            onSubmit={(event) => {
              event.preventDefault()
              void act(
                () =>
                  call(
                    api.problems[':problemId'].questions.$post({ param, json: { question, version: problem.version } }),
                  ),
                'The owner has been emailed your question.',
              )
            }}
          >
            <TextArea
              id="curate-question"
              label="Your question"
              value={question}
              onValue={setQuestion}
              error={errors.inline['curate-question']}
              rows={3}
            />
            <button type="submit" class="button button-secondary" disabled={busy}>
              Ask for more
            </button>
          </form>
          {others.length > 0 && (
            <>
              <h2 class="heading-m">Merge a duplicate</h2>
              <form
                noValidate
                onSubmit={(event) => {
                  event.preventDefault()
                  void act(
                    () =>
                      call(
                        api.problems[':problemId'].merge.$post({
                          param,
                          json: { intoId: into, version: problem.version },
                        }),
                      ),
                    'Merged.',
                  )
                }}
              >
                <Select
                  id="curate-into"
                  label="Merge this problem into"
                  value={into}
                  onValue={setInto}
                  options={[
                    { value: '', label: 'Choose a problem' },
                    ...others.map((o) => ({ value: o.id, label: `${o.title} (${o.organisation})` })),
                  ]}
                  error={errors.inline['curate-into']}
                />
                <button type="submit" class="button button-warning" disabled={busy}>
                  Merge
                </button>
              </form>
            </>
          )}
        </>
      )}
    </>
  )
}

export function RoundsPage() {
  const [rounds, setRounds] = useState<Round[]>()
  const [published, setPublished] = useState<Problem[]>([])
  const [failure, setFailure] = useState<unknown>()
  const [form, setForm] = useState({
    title: '',
    opensAt: '',
    closesAt: '',
    budget: '',
    method: 'points' as 'points' | 'approval',
    points: '10',
  })
  const [chosen, setChosen] = useState<string[]>([])
  const errors = usePageErrors()
  const { busy, submit } = useSubmit(errors)
  useEffect(() => {
    Promise.all([
      call(api.rounds.$get({ query: { limit: '100' } })),
      call(api.problems.$get({ query: { limit: '100' } })),
    ]).then(([r, p]) => {
      setRounds(r.items)
      setPublished(p.items.filter((x) => x.status === 'published'))
    }, setFailure)
  }, [])
  const field = fieldsOf('round', form, setForm, errors.inline)
  if (!rounds)
    return (
      <NotLoaded failure={failure} what="the rounds" back={{ href: '/manage/problems', label: 'Back to problems' }} />
    )
  return (
    <>
      <a href="/manage/problems" class="back-link">
        Back to problems
      </a>
      <PageHeading title="Prioritisation rounds" hasErrors={!!errors.errors} />
      {rounds.length > 0 && (
        <ul>
          {rounds.map((r) => (
            <li key={r.id}>
              <a href={`/manage/rounds/${r.id}`}>{r.title}</a> (closes {formatLondon(r.closesAt)})
            </li>
          ))}
        </ul>
      )}
      <h2 class="heading-m">Open a round</h2>
      {published.length === 0 ? (
        <p>Publish some problems first.</p>
      ) : (
        <form
          noValidate
          onSubmit={(event) => {
            event.preventDefault()
            void submit({
              send: () =>
                call(
                  api.rounds.$post({
                    json: {
                      title: form.title,
                      opensAt: londonLocalToUtcIso(form.opensAt) ?? form.opensAt,
                      closesAt: londonLocalToUtcIso(form.closesAt) ?? form.closesAt,
                      method: form.method,
                      ...(form.method === 'points' ? { pointsPerVoter: Number(form.points) } : {}),
                      budgetPence: parsePoundsToPence(form.budget) ?? -1,
                      problemIds: chosen,
                    },
                  }),
                ),
              resolve: fieldsUnder('round', {
                budgetPence: { id: 'round-budget', label: 'Budget' },
                pointsPerVoter: { id: 'round-points', label: 'Points each' },
                problemIds: { id: 'round-problems', label: 'Problems' },
              }),
              done: (made) => navigate(`/manage/rounds/${made.id}`),
            })
          }}
        >
          <ErrorSummary errors={errors.errors} />
          <TextInput label="Title" {...field('title')} />
          <UkTimeInput label="Voting opens" {...field('opensAt')} />
          <UkTimeInput label="Voting closes" {...field('closesAt')} />
          <PoundsInput
            label="Budget"
            hint="The programme’s budget the chosen problems must fit, in pounds"
            {...field('budget')}
          />
          <Radios
            id="round-method"
            legend="How stakeholders vote"
            value={form.method}
            onValue={(method) => setForm({ ...form, method })}
            options={[
              { value: 'points', label: 'Share out points' },
              { value: 'approval', label: 'Approve problems' },
            ]}
          />
          {form.method === 'points' && (
            <TextInput label="Points each" width="s" inputMode="numeric" {...field('points')} />
          )}
          <Checkboxes
            id="round-problems"
            legend="Problems"
            values={chosen}
            onValues={setChosen}
            error={errors.inline['round-problems']}
            options={published.map((p) => ({
              value: p.id,
              label: `${p.title} (${formatPence(p.expectedCostPence ?? 0)})`,
            }))}
          />
          <button type="submit" class="button" disabled={busy}>
            Open the round
          </button>
        </form>
      )}
    </>
  )
}

export function RoundPage({ id }: { id: string }) {
  const [round, setRound] = useState<Round>()
  const [results, setResults] = useState<RoundResults | 'hidden'>()
  const [selection, setSelection] = useState<Selection>()
  const [failure, setFailure] = useState<unknown>()
  const [voters, setVoters] = useState('')
  const [group, setGroup] = useState<StakeholderGroup>('public-sector')
  const [title, setTitle] = useState('')
  const [method, setMethod] = useState<'greedy' | 'optimal'>('optimal')
  const errors = usePageErrors()
  const { busy, status, submit } = useSubmit(errors)
  const param = { roundId: id }
  const load = async () => {
    setRound(await call(api.rounds[':roundId'].$get({ param })))
    try {
      setResults(await call(api.rounds[':roundId'].results.$get({ param })))
      setSelection(await call(api.rounds[':roundId'].selection.$get({ param })))
    } catch (error) {
      if (error instanceof ApiError && error.status === 409) setResults('hidden')
      else throw error
    }
  }
  useEffect(() => {
    load().catch(setFailure)
  }, [id])
  const back = { href: '/manage/rounds', label: 'Back to rounds' }
  if (!round || !results)
    return (
      <NotLoaded
        failure={failure}
        what="the round"
        notFound={{ title: 'Round not found', text: 'There is no round with this address.' }}
        back={back}
      />
    )
  const titleOf = (problemId: string) => round.problems.find((p) => p.id === problemId)?.title ?? problemId
  return (
    <>
      <a href={back.href} class="back-link">
        {back.label}
      </a>
      <PageHeading title={round.title} hasErrors={!!errors.errors} />
      <ErrorSummary errors={errors.errors} />
      <Status message={status} />
      <p>
        Voting {formatLondon(round.opensAt)} to {formatLondon(round.closesAt)}; budget {formatPence(round.budgetPence)};{' '}
        {round.invited} stakeholders invited.
      </p>
      {results === 'hidden' ? (
        <>
          <p>Counts stay hidden until voting closes.</p>
          <h2 class="heading-m">Invite stakeholders</h2>
          <form
            noValidate
            onSubmit={(event) => {
              event.preventDefault()
              const emails = voters.split(/[\s,;]+/).filter(Boolean)
              void submit({
                check: () => (emails.length ? [] : [{ id: 'voters-emails', text: 'Enter at least one email address' }]),
                send: () =>
                  call(
                    api.rounds[':roundId'].voters.$post({
                      param,
                      json: { voters: emails.map((email) => ({ email, group })) },
                    }),
                  ),
                resolve: (field) =>
                  field.startsWith('voters') ? { id: 'voters-emails', label: 'Email addresses' } : {},
                done: (r) => {
                  setVoters('')
                  void load()
                  return `${r.invited} newly invited.`
                },
              })
            }}
          >
            <TextArea
              id="voters-emails"
              label="Email addresses"
              hint="One per line"
              value={voters}
              onValue={setVoters}
              error={errors.inline['voters-emails']}
              rows={4}
            />
            <Select
              id="voters-group"
              label="Their stakeholder group"
              value={group}
              onValue={setGroup}
              options={groups.map((value) => ({ value, label: stakeholderGroupNames[value] }))}
            />
            <button type="submit" class="button" disabled={busy}>
              Send invitations
            </button>
          </form>
        </>
      ) : (
        <>
          <h2 class="heading-m">Results by stakeholder group</h2>
          <p>{results.ballots} stakeholders voted.</p>
          <ScrollTable label="Results by stakeholder group">
            <table class="table">
              <caption>Support for each problem, most first</caption>
              <thead>
                <tr>
                  <th scope="col">Problem</th>
                  {results.byGroup.map((g) => (
                    <th scope="col" class="numeric" key={g.group}>
                      {stakeholderGroupNames[g.group]} ({g.ballots})
                    </th>
                  ))}
                  <th scope="col" class="numeric">
                    Total
                  </th>
                </tr>
              </thead>
              <tbody>
                {results.problems.map((p) => (
                  <tr key={p.id}>
                    <th scope="row">{p.title}</th>
                    {p.byGroup.map((g) => (
                      <td class="numeric" key={g.group}>
                        {g.points}
                      </td>
                    ))}
                    <td class="numeric">{p.total}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </ScrollTable>
          {selection && (
            <>
              <h2 class="heading-m">Which problems fit the budget</h2>
              {selection.plans.map(({ plan, reasons }) => (
                <section key={plan.method} aria-labelledby={`plan-${plan.method}`}>
                  <h3 class="heading-s" id={`plan-${plan.method}`}>
                    {plan.method === 'greedy' ? 'Most support first' : 'Most support in all'}:{' '}
                    {formatPence(plan.totalPence)} of {formatPence(selection.budgetPence)}, {plan.totalScore} points
                  </h3>
                  <ul>
                    {plan.awards.map((a) => (
                      <li key={a.applicationId}>Chosen: {titleOf(a.applicationId)}</li>
                    ))}
                    {reasons.map((r) => (
                      <li key={r.problemId}>
                        Left out: {titleOf(r.problemId)}. {r.reason}
                      </li>
                    ))}
                  </ul>
                </section>
              ))}
              {round.competitionId ? (
                <p>
                  <a href={`/manage/competitions/${round.competitionId}`}>Go to the draft competition</a>
                </p>
              ) : (
                <form
                  noValidate
                  onSubmit={(event) => {
                    event.preventDefault()
                    const plan = selection.plans.find((p) => p.plan.method === method)!.plan
                    void submit({
                      send: () =>
                        call(
                          api.rounds[':roundId'].competition.$post({
                            param,
                            json: { title, method, expected: plan.awards.map((a) => a.applicationId) },
                          }),
                        ),
                      resolve: fieldsUnder('draft'),
                      done: (c) => navigate(`/manage/competitions/${c.id}`),
                    })
                  }}
                >
                  <h2 class="heading-m">Make a draft competition</h2>
                  <Radios
                    id="draft-method"
                    legend="From which plan"
                    value={method}
                    onValue={setMethod}
                    options={[
                      { value: 'optimal', label: 'Most support in all' },
                      { value: 'greedy', label: 'Most support first' },
                    ]}
                  />
                  <TextInput
                    id="draft-title"
                    label="Competition title"
                    value={title}
                    onValue={setTitle}
                    error={errors.inline['draft-title']}
                  />
                  <button type="submit" class="button" disabled={busy}>
                    Make the draft competition
                  </button>
                </form>
              )}
            </>
          )}
        </>
      )}
    </>
  )
}
