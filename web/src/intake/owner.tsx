// A problem owner's pages: "/problems" (their own problems, and a way to propose one),
// "/problems/new" (propose) and "/problems/:id" (the problem, the manager's questions, and
// the form to change it or answer).
import { useState } from 'preact/hooks'
import { formatLondon } from '../../../shared/dates.js'
import { accessLevelNames, problemStatusNames } from '../../../shared/labels.js'
import { formatPence, parsePoundsToPence, penceToPoundsInput } from '../../../shared/money.js'
import type { AccessLevel } from '../../../shared/schemas/competition.js'
import type { Problem, ProblemInput } from '../../../shared/schemas/intake.js'
import { api, call } from '../api.js'
import { ErrorSummary } from '../components/error-summary.js'
import { Select, TextArea, TextInput } from '../components/fields.js'
import { fieldsUnder, usePageErrors, useSubmit } from '../components/forms.js'
import { setFlash, takeFlash } from '../components/flash.js'
import { PageHeading } from '../components/page.js'
import { ScrollTable } from '../components/scroll-table.js'
import { navigate } from '../router.js'
import { fieldsOf, NotLoaded, PoundsInput, QuestionsAsked, useLoaded } from './parts.js'

const back = { href: '/problems', label: 'Back to your problems' }

export function MyProblemsPage() {
  const { value: problems, failure } = useLoaded(
    () => call(api.me.problems.$get({ query: { limit: '100' } })).then((page) => page.items),
    [],
  )
  const [flash] = useState(takeFlash)
  if (!problems) return <NotLoaded failure={failure} what="your problems" />
  return (
    <>
      <PageHeading title="Your problems" />
      {flash && (
        <div class="notice" role="status">
          <p>{flash}</p>
        </div>
      )}
      <p>
        Tell us about problems your organisation wants solved. A programme manager reviews each one, may ask you for
        more, and publishes it for stakeholders to choose which to run as challenges.
      </p>
      <p>
        <a href="/problems/new" class="button">
          Propose a problem
        </a>
      </p>
      {problems.length === 0 ? (
        <p>You have not proposed any problems yet.</p>
      ) : (
        <ScrollTable label="Your problems">
          <table class="table">
            <caption>Your problems, oldest first</caption>
            <thead>
              <tr>
                <th scope="col">Problem</th>
                <th scope="col">Status</th>
                <th scope="col">Last changed</th>
              </tr>
            </thead>
            <tbody>
              {problems.map((p) => (
                <tr key={p.id}>
                  <th scope="row">
                    <a href={`/problems/${p.id}`}>{p.title}</a>
                  </th>
                  <td>
                    <strong class={p.status === 'more-info' ? 'tag tag-pending' : 'tag'}>
                      {problemStatusNames[p.status]}
                    </strong>
                  </td>
                  <td>{formatLondon(p.updatedAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollTable>
      )}
    </>
  )
}

type EvidenceDraft = { title: string; description: string; url: string; accessLevel: AccessLevel }
type Draft = Omit<ProblemInput, 'evidence' | 'contributionPence'> & {
  evidence: EvidenceDraft[]
  contribution: string
}

const emptyDraft = (): Draft => ({
  title: '',
  statement: '',
  description: '',
  affects: '',
  evidence: [{ title: '', description: '', url: '', accessLevel: 'open' }],
  commitment: { leadName: '', time: '', pilotSite: '' },
  contribution: '',
})

const draftOf = (p: Problem): Draft => ({
  title: p.title,
  statement: p.statement,
  description: p.description,
  affects: p.affects,
  evidence: p.evidence.map((e) => ({ ...e, url: e.url ?? '' })),
  commitment: p.commitment,
  contribution: penceToPoundsInput(p.contributionPence),
})

/** The draft as the API takes it; an evidence row left blank is left out. */
function inputOf(d: Draft): ProblemInput {
  return {
    title: d.title,
    statement: d.statement,
    description: d.description,
    affects: d.affects,
    evidence: d.evidence
      .filter((e) => e.title.trim() || e.url.trim() || e.description.trim())
      .map(({ url, ...e }) => ({ ...e, ...(url.trim() ? { url: url.trim() } : {}) })),
    commitment: d.commitment,
    contributionPence: parsePoundsToPence(d.contribution) ?? Number.NaN,
  }
}

const resolve = fieldsUnder('problem', {
  contributionPence: { id: 'problem-contribution', label: 'Budget you would put in' },
})

function ProblemForm({
  initial,
  question,
  submitLabel,
  send,
}: {
  initial: Draft
  question?: string
  submitLabel: string
  send: (input: ProblemInput, answer: string) => Promise<unknown>
}) {
  const [d, setD] = useState(initial)
  const [answer, setAnswer] = useState('')
  const errors = usePageErrors()
  const { busy, submit } = useSubmit(errors)
  const err = (id: string) => errors.inline[`problem-${id}`]
  const set = (patch: Partial<Draft>) => setD({ ...d, ...patch })
  const setEvidence = (i: number, patch: Partial<EvidenceDraft>) =>
    set({ evidence: d.evidence.map((e, j) => (j === i ? { ...e, ...patch } : e)) })
  const field = fieldsOf('problem', d, setD, errors.inline)
  const evidenceField = (i: number, e: EvidenceDraft) =>
    fieldsOf(`problem-evidence-${i}`, e, (next) => setEvidence(i, next), errors.inline)
  const commitmentField = fieldsOf(
    'problem-commitment',
    d.commitment,
    (commitment) => set({ commitment }),
    errors.inline,
  )
  return (
    <form
      noValidate
      onSubmit={(event) => {
        event.preventDefault()
        void submit({
          check: () =>
            parsePoundsToPence(d.contribution) === undefined
              ? [{ id: 'problem-contribution', text: 'Enter the budget you would put in, in pounds, such as 5000' }]
              : [],
          send: () => send(inputOf(d), answer),
          resolve,
          done: () => undefined,
        })
      }}
    >
      <ErrorSummary errors={errors.errors} />
      {question !== undefined && (
        <TextArea
          id="problem-answer"
          label="Your answer to the programme manager"
          hint={question}
          value={answer}
          onValue={setAnswer}
          error={err('answer')}
        />
      )}
      <TextInput label="Short name" {...field('title')} />
      <TextInput
        label="The problem as a question"
        hint="Start with “How might we”, for example: How might we find the homes where damp is making children ill?"
        {...field('statement')}
      />
      <TextArea label="The problem" {...field('description')} />
      <TextArea label="Who it affects, and how" rows={3} {...field('affects')} />
      <h2 class="heading-m">Evidence and data you can share</h2>
      {d.evidence.map((e, i) => (
        <fieldset key={i}>
          <legend class="heading-s">Evidence {i + 1}</legend>
          <TextInput label="What it is" {...evidenceField(i, e)('title')} />
          <TextInput
            label="Where it is (optional)"
            hint="A web address starting with https://"
            type="url"
            {...evidenceField(i, e)('url')}
          />
          <Select
            id={`problem-evidence-${i}-accessLevel`}
            label="Who may see it"
            value={e.accessLevel}
            onValue={(accessLevel) => setEvidence(i, { accessLevel })}
            options={(Object.keys(accessLevelNames) as AccessLevel[]).map((value) => ({
              value,
              label: accessLevelNames[value],
            }))}
          />
        </fieldset>
      ))}
      {d.evidence.length < 10 && (
        <button
          type="button"
          class="button button-secondary"
          onClick={() =>
            set({ evidence: [...d.evidence, { title: '', description: '', url: '', accessLevel: 'open' }] })
          }
        >
          Add more evidence
        </button>
      )}
      <h2 class="heading-m">What you would commit</h2>
      <TextInput label="Named lead" {...commitmentField('leadName')} />
      <TextInput
        label="Time you would give"
        hint="For example: half a day a week for six months"
        {...commitmentField('time')}
      />
      <TextInput label="Pilot site (optional)" {...commitmentField('pilotSite')} />
      <PoundsInput label="Budget you would put in" hint="A rough figure, in pounds" {...field('contribution')} />
      <button type="submit" class="button" disabled={busy}>
        {submitLabel}
      </button>
    </form>
  )
}

export function ProposePage() {
  return (
    <>
      <a href={back.href} class="back-link">
        {back.label}
      </a>
      <PageHeading title="Propose a problem" />
      <ProblemForm
        initial={emptyDraft()}
        submitLabel="Send the problem"
        send={async (json) => {
          const made = await call(api.problems.$post({ json }))
          setFlash(`“${made.title}” has been sent to the programme managers.`)
          navigate('/problems')
        }}
      />
    </>
  )
}

export function OwnerProblemPage({ id }: { id: string }) {
  const { value: problem, failure } = useLoaded(
    () => call(api.problems[':problemId'].$get({ param: { problemId: id } })),
    [id],
  )
  if (!problem)
    return (
      <NotLoaded
        failure={failure}
        what="the problem"
        notFound={{ title: 'Problem not found', text: 'There is no problem of yours with this address.' }}
        back={back}
      />
    )
  const open = problem.status === 'submitted' || problem.status === 'more-info'
  const latest = problem.questions.at(-1)
  return (
    <>
      <a href={back.href} class="back-link">
        {back.label}
      </a>
      <PageHeading title={problem.title} caption={problem.organisation} />
      <dl class="summary-list">
        <div>
          <dt>Status</dt>
          <dd>{problemStatusNames[problem.status]}</dd>
        </div>
        <div>
          <dt>Budget you would put in</dt>
          <dd>{formatPence(problem.contributionPence)}</dd>
        </div>
      </dl>
      {problem.questions.length > 0 && (
        <>
          <h2 class="heading-m">Questions from the programme manager</h2>
          <QuestionsAsked questions={problem.questions} answered="Your answer" />
        </>
      )}
      {open ? (
        <>
          <h2 class="heading-m">
            {problem.status === 'more-info' ? 'Answer and update your problem' : 'Change your problem'}
          </h2>
          <ProblemForm
            initial={draftOf(problem)}
            question={problem.status === 'more-info' ? latest?.question : undefined}
            submitLabel={problem.status === 'more-info' ? 'Send your answer' : 'Save changes'}
            send={async (input, answer) => {
              const saved = await call(
                api.problems[':problemId'].$put({
                  param: { problemId: id },
                  json: { ...input, ...(answer.trim() ? { answer } : {}), version: problem.version },
                }),
              )
              setFlash(`“${saved.title}” has been saved and sent to the programme managers.`)
              navigate('/problems')
            }}
          />
        </>
      ) : (
        <p>
          {problem.status === 'published'
            ? 'This problem has been published for stakeholders to prioritise. It can no longer be changed.'
            : 'This problem was merged with another that describes the same thing.'}
        </p>
      )}
    </>
  )
}
