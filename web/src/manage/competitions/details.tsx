// The competition's details: title, summary, owner, money in pounds, the four dates in UK
// time, and the eligibility statements applicants will confirm.
import { useEffect, useRef, useState } from 'preact/hooks'
import { londonLocalToUtcIso, utcIsoToLondonLocal } from '../../../../shared/dates.js'
import { timelineNames, timelineOrder } from '../../../../shared/labels.js'
import { formatPence, parsePoundsToPence, penceToPoundsInput } from '../../../../shared/money.js'
import type { Competition, CompetitionPatch, Timeline, TimelineField } from '../../../../shared/schemas/competition.js'
import { api, call } from '../../api.js'
import type { ErrorItem } from '../../components/errors.js'
import { Checkboxes, Status, TextArea, TextInput } from '../../components/fields.js'
import { useSubmit } from '../../components/forms.js'
import { diQuestions } from '../../../../shared/di-questions.js'
import { savedAt, useEditor } from '../context.js'
import { detailsTarget } from './targets.js'

type Row = { key: number; id?: string; text: string }

let rowKeys = 0
const rowsOf = (competition: Pick<Competition, 'eligibility'>): Row[] =>
  competition.eligibility.length
    ? competition.eligibility.map(({ id, text }) => ({ key: ++rowKeys, id, text }))
    : [{ key: ++rowKeys, text: '' }]

const poundsOf = (pence: number) => (pence ? penceToPoundsInput(pence) : '')

const sameTimeline = (a: Timeline, b: Timeline) =>
  timelineOrder.every(
    (field) => (a[field] ? Date.parse(a[field]) : undefined) === (b[field] ? Date.parse(b[field]) : undefined),
  )

export function DetailsForm() {
  const editor = useEditor()
  const { competition } = editor.page
  const [title, setTitle] = useState(competition.title)
  const [summary, setSummary] = useState(competition.summary)
  const [owner, setOwner] = useState(competition.ownerOrganisation)
  const [pot, setPot] = useState(poundsOf(competition.potPence))
  const [maxAward, setMaxAward] = useState(poundsOf(competition.maxAwardPence))
  const [dates, setDates] = useState(
    () =>
      Object.fromEntries(
        timelineOrder.map((field) => [
          field,
          competition.timeline[field] ? utcIsoToLondonLocal(competition.timeline[field]) : '',
        ]),
      ) as Record<TimelineField, string>,
  )
  const [rows, setRows] = useState<Row[]>(() => rowsOf(competition))
  const [surveyQuestions, setSurveyQuestions] = useState<string[]>(competition.diSurveyQuestions)
  const { busy, status, submit } = useSubmit(editor.errors)
  const focusRow = useRef<number>()
  const addButton = useRef<HTMLButtonElement>(null)

  useEffect(() => {
    if (focusRow.current === undefined) return
    document.getElementById(`details-eligibility-${focusRow.current}`)?.focus()
    focusRow.current = undefined
  }, [rows])

  function save(event: Event) {
    event.preventDefault()
    const problems: ErrorItem[] = []
    const money = (text: string, id: string, label: string) => {
      if (!text.trim()) return 0
      const pence = parsePoundsToPence(text)
      if (pence === undefined) problems.push({ id, text: `Enter the ${label} in pounds, like 60,000 or 16,240.50` })
      return pence ?? 0
    }
    const potPence = money(pot, 'details-potPence', 'pot')
    const maxAwardPence = money(maxAward, 'details-maxAwardPence', 'maximum award')
    const timeline: Timeline = {}
    for (const field of timelineOrder) {
      if (!dates[field]) continue
      const iso = londonLocalToUtcIso(dates[field])
      if (iso) timeline[field] = iso
      else
        problems.push({
          id: `details-timeline-${field}`,
          text: `${timelineNames[field]} must be a real date and time in the UK (clocks going forward skip an hour)`,
        })
    }
    const sent = rows.map((row, index) => ({ row, index })).filter(({ row }) => row.text.trim())
    const eligibility = sent.map(({ row }) => (row.id ? { id: row.id, text: row.text } : { text: row.text }))
    // In the survey's own order, so ticking and unticking is not a change.
    const diSurveyQuestions = diQuestions.map((q) => q.id).filter((id) => surveyQuestions.includes(id))
    // Only what changed: a draft may leave fields empty that an edit may not set to empty.
    const changes: Omit<CompetitionPatch, 'version'> = {
      ...(title !== competition.title ? { title } : {}),
      ...(summary !== competition.summary ? { summary } : {}),
      ...(owner !== competition.ownerOrganisation ? { ownerOrganisation: owner } : {}),
      ...(potPence !== competition.potPence ? { potPence } : {}),
      ...(maxAwardPence !== competition.maxAwardPence ? { maxAwardPence } : {}),
      ...(!sameTimeline(timeline, competition.timeline) ? { timeline } : {}),
      ...(JSON.stringify(eligibility) !== JSON.stringify(competition.eligibility) ? { eligibility } : {}),
      ...(JSON.stringify(diSurveyQuestions) !== JSON.stringify(competition.diSurveyQuestions)
        ? { diSurveyQuestions }
        : {}),
    }
    void submit({
      check: () => problems,
      send: () =>
        call(
          api.competitions[':competitionId'].$patch({
            param: { competitionId: competition.id },
            json: { version: competition.version, ...changes },
          }),
        ),
      resolve: (field) =>
        detailsTarget(
          field,
          sent.map(({ index }) => index),
        ),
      done: (saved) => {
        editor.update((page) => ({ ...page, competition: saved }))
        setRows(rowsOf(saved))
        return savedAt('Details saved')
      },
    })
  }

  const error = (id: string) => editor.errors.inline[id]
  return (
    <form noValidate onSubmit={save}>
      <TextInput id="details-title" label="Title" value={title} onValue={setTitle} error={error('details-title')} />
      <TextArea
        id="details-summary"
        label="Summary"
        hint="What the competition is for and who should apply. Shown at the top of the public page. Leave a blank line between paragraphs."
        rows={6}
        value={summary}
        onValue={setSummary}
        error={error('details-summary')}
      />
      <TextInput
        id="details-ownerOrganisation"
        label="Owner organisation"
        hint="The organisation running the competition."
        autocomplete="organization"
        value={owner}
        onValue={setOwner}
        error={error('details-ownerOrganisation')}
      />
      <TextInput
        id="details-potPence"
        label="Pot"
        hint={`The total available for awards, in pounds.${competition.committedPence ? ` ${formatPence(competition.committedPence)} is already committed to awards.` : ''}`}
        prefix="£"
        inputMode="decimal"
        spellcheck={false}
        value={pot}
        onValue={setPot}
        error={error('details-potPence')}
      />
      <TextInput
        id="details-maxAwardPence"
        label="Maximum award"
        hint="The most any one applicant can be awarded, in pounds. It cannot be more than the pot."
        prefix="£"
        inputMode="decimal"
        spellcheck={false}
        value={maxAward}
        onValue={setMaxAward}
        error={error('details-maxAwardPence')}
      />

      <fieldset class="form-group" aria-describedby="details-timeline-hint">
        <legend class="legend-m">Timeline</legend>
        <div id="details-timeline-hint" class="hint">
          Dates and times in UK time. Each must come after the one before it.
        </div>
        {timelineOrder.map((field) => (
          <TextInput
            key={field}
            id={`details-timeline-${field}`}
            label={timelineNames[field]}
            type="datetime-local"
            width="m"
            value={dates[field]}
            onValue={(value) => setDates((current) => ({ ...current, [field]: value }))}
            error={error(`details-timeline-${field}`)}
          />
        ))}
      </fieldset>

      <fieldset class="form-group" aria-describedby="details-eligibility-hint">
        <legend class="legend-m">Eligibility statements</legend>
        <div id="details-eligibility-hint" class="hint">
          What applicants must confirm, like “Our work will contribute to the Liverpool City Region economy”. Blank
          statements are left out.
        </div>
        {rows.map((row, index) => (
          <div class="repeat-row" key={row.key}>
            <TextInput
              id={`details-eligibility-${index}`}
              label={`Statement ${index + 1}`}
              value={row.text}
              onValue={(text) => setRows((current) => current.map((r) => (r.key === row.key ? { ...r, text } : r)))}
              error={error(`details-eligibility-${index}`)}
            />
            {rows.length > 1 && (
              <button
                type="button"
                class="button button-secondary button-small"
                onClick={() => {
                  setRows((current) => current.filter((r) => r.key !== row.key))
                  addButton.current?.focus()
                }}
              >
                Remove<span class="visually-hidden"> statement {index + 1}</span>
              </button>
            )}
          </div>
        ))}
        <button
          type="button"
          class="button button-secondary"
          ref={addButton}
          onClick={() => {
            focusRow.current = rows.length
            setRows((current) => [...current, { key: ++rowKeys, text: '' }])
          }}
        >
          Add another statement
        </button>
      </fieldset>

      <Checkboxes
        id="details-diSurveyQuestions"
        legend="Diversity and inclusion survey"
        legendClass="legend-m"
        hint="The questions the optional, anonymous survey asks applicants after they submit. Each has “Prefer not to say”. Untick them all to ask none."
        options={diQuestions.map((q) => ({ value: q.id, label: q.label }))}
        values={surveyQuestions}
        onValues={setSurveyQuestions}
        error={error('details-diSurveyQuestions')}
      />

      <div class="button-group">
        <button type="submit" class="button" disabled={busy}>
          Save details
        </button>
        <Status message={status} />
      </div>
    </form>
  )
}
