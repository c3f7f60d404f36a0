// "/manage/programmes": programmes (competitions grouped as the rounds of a series) and making
// one; "/manage/programmes/:id": its report across rounds: the funnel, who leads the
// organisations by stage, and the anonymous D&I survey once every round's is published.
import { useEffect, useState } from 'preact/hooks'
import { formatLondon } from '../../../shared/dates.js'
import type { CompetitionSummary } from '../../../shared/schemas/competition.js'
import type { Programme, ProgrammeReport } from '../../../shared/schemas/funnel.js'
import { api, call } from '../api.js'
import { ErrorSummary } from '../components/error-summary.js'
import { Checkboxes, TextInput } from '../components/fields.js'
import { usePageErrors, useSubmit } from '../components/forms.js'
import { LoadFailure, Loading, PageHeading } from '../components/page.js'
import { navigate } from '../router.js'
import { SurveyQuestionTables, shown } from './di-survey.js'
import { FunnelChart, FunnelTable, LeadershipTables } from './funnel-bits.js'

export function ProgrammesPage() {
  const [loaded, setLoaded] = useState<{ programmes: Programme[]; competitions: CompetitionSummary[] }>()
  const [failure, setFailure] = useState<unknown>()
  const [title, setTitle] = useState('')
  const [chosen, setChosen] = useState<string[]>([])
  const errors = usePageErrors()
  const { busy, submit } = useSubmit(errors)
  useEffect(() => {
    Promise.all([
      call(api.programmes.$get()),
      call(api.competitions.$get({ query: { status: 'published', limit: '100' } })),
    ]).then(
      ([programmes, competitions]) => setLoaded({ programmes: programmes.items, competitions: competitions.items }),
      setFailure,
    )
  }, [])

  if (failure)
    return (
      <LoadFailure
        failure={failure}
        notFound={{ title: 'Not found', text: '' }}
        failed="Sorry, the programmes could not be loaded"
        back={{ href: '/manage', label: 'Back to your competitions' }}
      />
    )
  if (!loaded) return <Loading what="the programmes" />
  const titleOf = (id: string) => loaded.competitions.find((c) => c.id === id)?.title ?? 'A competition'

  function create(event: Event) {
    event.preventDefault()
    void submit({
      check: () => [
        ...(title.trim() ? [] : [{ id: 'programme-title', text: 'Enter a title for the programme' }]),
        ...(chosen.length ? [] : [{ id: 'programme-rounds', text: 'Choose at least one competition' }]),
      ],
      send: () => call(api.programmes.$post({ json: { title: title.trim(), competitionIds: chosen } })),
      resolve: (field) =>
        field === 'title'
          ? { id: 'programme-title', label: 'Title' }
          : field.startsWith('competitionIds')
            ? { id: 'programme-rounds', label: 'Rounds' }
            : {},
      done: (programme) => navigate(`/manage/programmes/${programme.id}`),
    })
  }

  return (
    <>
      <ErrorSummary errors={errors.errors} />
      <a href="/manage" class="back-link">
        Back to your competitions
      </a>
      <PageHeading title="Programmes" hasErrors={!!errors.errors} />
      <p>A programme groups competitions run as rounds of one series, to report on them together.</p>
      {loaded.programmes.length === 0 ? (
        <p>There are no programmes yet.</p>
      ) : (
        <ul class="list">
          {loaded.programmes.map((p) => (
            <li key={p.id}>
              <a href={`/manage/programmes/${p.id}`}>{p.title}</a> ({p.competitionIds.map(titleOf).join(', ')})
            </li>
          ))}
        </ul>
      )}
      <form noValidate onSubmit={create} class="section">
        <h2>Make a programme</h2>
        <TextInput
          id="programme-title"
          label="Title"
          value={title}
          onValue={setTitle}
          error={errors.inline['programme-title']}
        />
        <Checkboxes
          id="programme-rounds"
          legend="Rounds"
          hint="A competition can be a round of one programme only."
          options={loaded.competitions.map((c) => ({ value: c.id, label: c.title }))}
          values={chosen}
          onValues={setChosen}
          error={errors.inline['programme-rounds']}
        />
        <button type="submit" class="button" disabled={busy}>
          Make programme
        </button>
      </form>
    </>
  )
}

export function ProgrammeReportPage({ id }: { id: string }) {
  const [report, setReport] = useState<ProgrammeReport>()
  const [failure, setFailure] = useState<unknown>()
  useEffect(() => {
    call(api.programmes[':programmeId'].report.$get({ param: { programmeId: id } })).then(setReport, setFailure)
  }, [id])
  if (failure)
    return (
      <LoadFailure
        failure={failure}
        notFound={{ title: 'Programme not found', text: 'It may have been deleted.' }}
        failed="Sorry, the programme’s report could not be loaded"
        back={{ href: '/manage/programmes', label: 'Back to the programmes' }}
      />
    )
  if (!report) return <Loading what="the programme’s report" />
  const { survey } = report
  return (
    <>
      <a href="/manage/programmes" class="back-link">
        Back to the programmes
      </a>
      <PageHeading title={report.programme.title} caption="Programme report" />
      <h2 class="heading-m">Every round together</h2>
      <FunnelChart steps={report.steps} caption="Every round: organisations at each stage" id="programme-funnel" />
      <h2 class="heading-m">Each round</h2>
      {report.rounds.map((r) => (
        <div key={r.competitionId}>
          <h3 class="heading-s">
            <a href={`/manage/competitions/${r.competitionId}/funnel`}>{r.title}</a>
          </h3>
          <FunnelTable
            steps={r.steps}
            caption={`${r.title}: organisations at each stage`}
            id={`round-${r.competitionId}`}
          />
        </div>
      ))}
      <h2 class="heading-m">Who leads the organisations, by stage (every round)</h2>
      <p>A count under 5 is not shown, nor one that would give a hidden one away.</p>
      <LeadershipTables leadership={report.leadership} />
      <h2 class="heading-m">Diversity and inclusion survey (anonymous, every round)</h2>
      {survey.status === 'collecting' ? (
        <div class="inset">
          <p>
            Counted once every round’s survey has closed
            {survey.availableAfter ? ` (after ${formatLondon(survey.availableAfter)})` : ''}. Still collecting:{' '}
            {survey.waitingFor.map((w) => w.title).join(', ')}.
          </p>
        </div>
      ) : (
        <>
          <p>
            Counted over {survey.rounds} rounds and published {formatLondon(survey.publishedAt)}; these counts do not
            change, and the programme’s rounds are fixed from then. A count is not shown where it is under 5, or where
            it would give away a count a round did not show. People who answered:{' '}
            <strong>{shown(survey.respondents)}</strong>
          </p>
          <SurveyQuestionTables questions={survey.questions} />
        </>
      )}
    </>
  )
}
