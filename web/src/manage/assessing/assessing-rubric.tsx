// "/manage/competitions/:id/rubric": the scoring rubric (scale, criteria with what good looks
// like, weights and score bands), editable until the first score locks it, and the ranking's
// settings (when to flag a discussion, how many scorers are enough), editable at any time.
import { useEffect, useRef, useState } from 'preact/hooks'
import { formatLondon } from '../../../../shared/dates.js'
import type { Rubric, RubricInput } from '../../../../shared/schemas/assessing.js'
import { api, call } from '../../api.js'
import type { ErrorItem } from '../../components/errors.js'
import { Status, TextArea, TextInput } from '../../components/fields.js'
import { ScrollTable } from '../../components/scroll-table.js'
import { AssessingFrame, Pending, useAssessing } from './assessing-page.js'
import { fieldsUnder, usePageErrors, useSubmit, type PageErrors } from '../../components/forms.js'

type BandRow = { key: number; from: string; to: string; guidance: string }
type CriterionRow = { key: number; id?: string; title: string; description: string; weight: string; bands: BandRow[] }

let rowKeys = 0
const blankCriterion = (): CriterionRow => ({ key: ++rowKeys, title: '', description: '', weight: '1', bands: [] })
const rowsOf = (rubric: Rubric): CriterionRow[] =>
  rubric.criteria.length
    ? rubric.criteria.map((c) => ({
        key: ++rowKeys,
        id: c.id,
        title: c.title,
        description: c.description,
        weight: String(c.weight),
        bands: c.bands.map((b) => ({ key: ++rowKeys, from: String(b.from), to: String(b.to), guidance: b.guidance })),
      }))
    : [blankCriterion()]

const wholeNumber = (text: string) => (/^-?\d+$/.test(text.trim()) ? Number(text) : undefined)
const decimal = (text: string) => (/^\d+(\.\d+)?$/.test(text.trim()) ? Number(text) : undefined)
const percent = (weight: number, rubric: Rubric) =>
  Math.round((100 * weight) / rubric.criteria.reduce((total, c) => total + c.weight, 0))

export function RubricPage({ id }: { id: string }) {
  const loaded = useAssessing(id, () =>
    call(api.competitions[':competitionId'].rubric.$get({ param: { competitionId: id } })),
  )
  const errors = usePageErrors()
  const { page, data: rubric } = loaded
  if (!page || !rubric) return <Pending failure={loaded.failure} what="the rubric" />
  const saved = (next: Rubric) => loaded.update(() => next)
  return (
    <AssessingFrame page={page} title="Rubric and settings" current="rubric" errors={errors} onReload={loaded.reload}>
      <p>
        Panellists score each shortlisted application against these criteria, on their own, before they see anyone
        else’s scores.
      </p>
      <section class="section" aria-labelledby="rubric-heading">
        <h2 id="rubric-heading">Scoring rubric</h2>
        {rubric.lockedAt ? (
          <LockedRubric rubric={rubric} lockedAt={rubric.lockedAt} />
        ) : (
          <RubricForm key={loaded.generation} rubric={rubric} errors={errors} onSaved={saved} />
        )}
      </section>
      <SettingsForm key={loaded.generation} rubric={rubric} errors={errors} onSaved={saved} />
    </AssessingFrame>
  )
}

function LockedRubric({ rubric, lockedAt }: { rubric: Rubric; lockedAt: string }) {
  return (
    <>
      <div class="notice">
        <p>
          <strong>Locked: scoring started {formatLondon(lockedAt)}.</strong> The scale, criteria and weights can no
          longer change, so every score is against the same rubric. The settings below can still change.
        </p>
      </div>
      <dl class="summary-list">
        <dt>Scale</dt>
        <dd>
          Whole numbers from {rubric.scale.min} to {rubric.scale.max}
        </dd>
      </dl>
      {rubric.criteria.map((criterion, index) => (
        <div class="question" key={criterion.id}>
          <h3>
            {index + 1}. {criterion.title}
          </h3>
          <p class="multiline">{criterion.description}</p>
          <p>
            Weight {criterion.weight} ({percent(criterion.weight, rubric)}% of the total)
          </p>
          {criterion.bands.length > 0 && (
            <ScrollTable label={`Score bands for ${criterion.title}`}>
              <table class="table">
                <caption class="visually-hidden">Score bands for {criterion.title}</caption>
                <thead>
                  <tr>
                    <th scope="col">Scores</th>
                    <th scope="col">Guidance</th>
                  </tr>
                </thead>
                <tbody>
                  {criterion.bands.map((band) => (
                    <tr key={band.from}>
                      <td>{band.from === band.to ? band.from : `${band.from} to ${band.to}`}</td>
                      <td>{band.guidance}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </ScrollTable>
          )}
        </div>
      ))}
    </>
  )
}

function RubricForm({
  rubric,
  errors,
  onSaved,
}: {
  rubric: Rubric
  errors: PageErrors
  onSaved: (rubric: Rubric) => void
}) {
  const [min, setMin] = useState(String(rubric.scale.min))
  const [max, setMax] = useState(String(rubric.scale.max))
  const [rows, setRows] = useState<CriterionRow[]>(() => rowsOf(rubric))
  const { busy, status, submit } = useSubmit(errors)
  /** The field to focus once rows are added (a new criterion's title, a new band's "from"). */
  const focusNext = useRef<string>()
  const addCriterion = useRef<HTMLButtonElement>(null)
  const error = (fieldId: string) => errors.inline[fieldId]

  useEffect(() => {
    if (!focusNext.current) return
    document.getElementById(focusNext.current)?.focus()
    focusNext.current = undefined
  }, [rows])

  const change = (key: number, patch: Partial<CriterionRow>) =>
    setRows((current) => current.map((row) => (row.key === key ? { ...row, ...patch } : row)))
  const changeBand = (row: CriterionRow, bandKey: number, patch: Partial<BandRow>) =>
    change(row.key, { bands: row.bands.map((band) => (band.key === bandKey ? { ...band, ...patch } : band)) })

  function save(event: Event) {
    event.preventDefault()
    let input: RubricInput | undefined
    void submit({
      check: () => {
        const problems: ErrorItem[] = []
        const whole = (text: string, id: string, what: string) => {
          const value = wholeNumber(text)
          if (value === undefined) problems.push({ id, text: `Enter ${what} as a whole number, like 3` })
          return value ?? 0
        }
        const scale = {
          min: whole(min, 'rubric-scale-min', 'the lowest score'),
          max: whole(max, 'rubric-scale-max', 'the highest score'),
        }
        const criteria = rows.map((row, i) => {
          const weight = decimal(row.weight)
          if (weight === undefined)
            problems.push({
              id: `rubric-criteria-${i}-weight`,
              text: `Enter the weight of criterion ${i + 1} as a number, like 1 or 2.5`,
            })
          return {
            ...(row.id ? { id: row.id } : {}),
            title: row.title,
            description: row.description,
            weight: weight ?? 0,
            bands: row.bands.map((band, j) => ({
              from: whole(
                band.from,
                `rubric-criteria-${i}-bands-${j}-from`,
                `the first score of band ${j + 1} of criterion ${i + 1}`,
              ),
              to: whole(
                band.to,
                `rubric-criteria-${i}-bands-${j}-to`,
                `the last score of band ${j + 1} of criterion ${i + 1}`,
              ),
              guidance: band.guidance,
            })),
          }
        })
        input = { version: rubric.version, scale, criteria }
        return problems
      },
      send: () =>
        call(
          api.competitions[':competitionId'].rubric.$put({
            param: { competitionId: rubric.competitionId },
            json: input!,
          }),
        ),
      resolve: fieldsUnder('rubric', { criteria: { id: 'rubric-add-criterion', label: 'The rubric' } }),
      done: (saved) => {
        onSaved(saved)
        setRows(rowsOf(saved))
        return `Rubric saved (version ${saved.version}).`
      },
    })
  }

  return (
    <form noValidate onSubmit={save}>
      <p>
        You can change the rubric until the first score is saved; then it locks, so every application is scored against
        the same criteria.
      </p>
      <fieldset class="form-group" aria-describedby="rubric-scale-hint">
        <legend class="legend-m">Scale</legend>
        <div id="rubric-scale-hint" class="hint">
          Panellists give each criterion a whole number in this range, like 0 to 5.
        </div>
        <div class="repeat-row">
          <TextInput
            id="rubric-scale-min"
            label="Lowest score"
            width="s"
            inputMode="numeric"
            value={min}
            onValue={setMin}
            error={error('rubric-scale-min')}
          />
          <TextInput
            id="rubric-scale-max"
            label="Highest score"
            width="s"
            inputMode="numeric"
            value={max}
            onValue={setMax}
            error={error('rubric-scale-max')}
          />
        </div>
      </fieldset>

      {rows.map((row, i) => {
        const of = <span class="visually-hidden"> of criterion {i + 1}</span>
        return (
          <div class="question" key={row.key}>
            <fieldset class="form-group">
              <legend class="legend-m">Criterion {i + 1}</legend>
              <TextInput
                id={`rubric-criteria-${i}-title`}
                label={<>Title{of}</>}
                value={row.title}
                onValue={(title) => change(row.key, { title })}
                error={error(`rubric-criteria-${i}-title`)}
              />
              <TextArea
                id={`rubric-criteria-${i}-description`}
                label={<>What good looks like{of}</>}
                rows={3}
                value={row.description}
                onValue={(description) => change(row.key, { description })}
                error={error(`rubric-criteria-${i}-description`)}
              />
              <TextInput
                id={`rubric-criteria-${i}-weight`}
                label={<>Weight{of}</>}
                hint="Only the ratios matter: a criterion weighted 2 counts twice as much as one weighted 1."
                width="s"
                inputMode="decimal"
                value={row.weight}
                onValue={(weight) => change(row.key, { weight })}
                error={error(`rubric-criteria-${i}-weight`)}
              />
              <h3 class="heading-s">Score bands{of}</h3>
              <p class="hint">
                Optional guidance for a range of scores, like 4 to 5: “Strong: evidence from the service’s side”.
              </p>
              {row.bands.map((band, j) => {
                const bandOf = (
                  <span class="visually-hidden">
                    {' '}
                    (criterion {i + 1}, band {j + 1})
                  </span>
                )
                const prefix = `rubric-criteria-${i}-bands-${j}`
                return (
                  <div class="repeat-row" key={band.key}>
                    <TextInput
                      id={`${prefix}-from`}
                      label={<>From{bandOf}</>}
                      width="s"
                      inputMode="numeric"
                      value={band.from}
                      onValue={(from) => changeBand(row, band.key, { from })}
                      error={error(`${prefix}-from`)}
                    />
                    <TextInput
                      id={`${prefix}-to`}
                      label={<>To{bandOf}</>}
                      width="s"
                      inputMode="numeric"
                      value={band.to}
                      onValue={(to) => changeBand(row, band.key, { to })}
                      error={error(`${prefix}-to`)}
                    />
                    <TextInput
                      id={`${prefix}-guidance`}
                      label={<>Guidance{bandOf}</>}
                      value={band.guidance}
                      onValue={(guidance) => changeBand(row, band.key, { guidance })}
                      error={error(`${prefix}-guidance`)}
                    />
                    <button
                      type="button"
                      class="button button-secondary button-small"
                      onClick={() => {
                        focusNext.current = `rubric-add-band-${i}`
                        change(row.key, { bands: row.bands.filter((b) => b.key !== band.key) })
                      }}
                    >
                      Remove
                      <span class="visually-hidden">
                        {' '}
                        band {j + 1} of criterion {i + 1}
                      </span>
                    </button>
                  </div>
                )
              })}
              <div class="button-group">
                <button
                  type="button"
                  id={`rubric-add-band-${i}`}
                  class="button button-secondary"
                  onClick={() => {
                    focusNext.current = `rubric-criteria-${i}-bands-${row.bands.length}-from`
                    change(row.key, { bands: [...row.bands, { key: ++rowKeys, from: '', to: '', guidance: '' }] })
                  }}
                >
                  Add a score band<span class="visually-hidden"> to criterion {i + 1}</span>
                </button>
                {rows.length > 1 && (
                  <button
                    type="button"
                    class="button button-warning"
                    onClick={() => {
                      setRows((current) => current.filter((r) => r.key !== row.key))
                      addCriterion.current?.focus()
                    }}
                  >
                    Remove criterion {i + 1}
                  </button>
                )}
              </div>
            </fieldset>
          </div>
        )
      })}
      <button
        type="button"
        id="rubric-add-criterion"
        class="button button-secondary"
        ref={addCriterion}
        onClick={() => {
          focusNext.current = `rubric-criteria-${rows.length}-title`
          setRows((current) => [...current, blankCriterion()])
        }}
      >
        Add a criterion
      </button>
      <div class="button-group">
        <button type="submit" class="button" disabled={busy}>
          Save the rubric
        </button>
        <Status message={status} />
      </div>
    </form>
  )
}

function SettingsForm({
  rubric,
  errors,
  onSaved,
}: {
  rubric: Rubric
  errors: PageErrors
  onSaved: (rubric: Rubric) => void
}) {
  const [discussAbove, setDiscussAbove] = useState(String(rubric.discussAbove))
  const [minScorers, setMinScorers] = useState(String(rubric.minScorers))
  const { busy, status, submit } = useSubmit(errors)
  const points = rubric.scale.max - rubric.scale.min

  function save(event: Event) {
    event.preventDefault()
    const settings = { discussAbove: decimal(discussAbove), minScorers: wholeNumber(minScorers) }
    void submit({
      check: () => [
        ...(settings.discussAbove === undefined
          ? [
              {
                id: 'settings-discussAbove',
                text: 'Enter the discussion threshold as a number of points, like 2 or 1.5',
              },
            ]
          : []),
        ...(settings.minScorers === undefined
          ? [{ id: 'settings-minScorers', text: 'Enter the minimum number of scorers as a whole number, like 3' }]
          : []),
      ],
      send: () =>
        call(
          api.competitions[':competitionId'].rubric.settings.$put({
            param: { competitionId: rubric.competitionId },
            json: { discussAbove: settings.discussAbove!, minScorers: settings.minScorers! },
          }),
        ),
      resolve: fieldsUnder('settings'),
      done: (saved) => {
        onSaved(saved)
        return 'Settings saved.'
      },
    })
  }

  return (
    <section class="section" aria-labelledby="settings-heading">
      <h2 id="settings-heading">Ranking settings</h2>
      <p>These change what the ranking flags, never a score, so you can change them at any time.</p>
      <form noValidate onSubmit={save}>
        <TextInput
          id="settings-discussAbove"
          label="Discussion threshold"
          hint={`The ranking flags an application to discuss when its panellists’ weighted scores differ by more than this many points (the scale spans ${points}).`}
          width="s"
          inputMode="decimal"
          value={discussAbove}
          onValue={setDiscussAbove}
          error={errors.inline['settings-discussAbove']}
        />
        <TextInput
          id="settings-minScorers"
          label="Minimum scorers"
          hint="The ranking warns where fewer panellists than this have submitted scores for an application. Panellists with a conflict of interest do not count."
          width="s"
          inputMode="numeric"
          value={minScorers}
          onValue={setMinScorers}
          error={errors.inline['settings-minScorers']}
        />
        <div class="button-group">
          <button type="submit" class="button" disabled={busy}>
            Save settings
          </button>
          <Status message={status} />
        </div>
      </form>
    </section>
  )
}
