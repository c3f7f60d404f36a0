// "/manage/competitions/:id/screening": submitted EOIs with their screening and shortlisting
// decisions, a page at a time; tick some and decide on them together (eligible or not, on
// the shortlist or not), with a reason. The API takes 25 decisions at once, all or none, so
// no more than 25 can be ticked.
import { useState } from 'preact/hooks'
import { formatLondon } from '../../../../shared/dates.js'
import { screeningOutcomeNames, shortlistOutcomeNames } from '../../../../shared/labels.js'
import { formatPence } from '../../../../shared/money.js'
import type { Candidate, ScreeningOutcome, ShortlistOutcome } from '../../../../shared/schemas/assessing.js'
import { api, call } from '../../api.js'
import { Status, TextArea } from '../../components/fields.js'
import { Loading } from '../../components/page.js'
import { ScrollTable } from '../../components/scroll-table.js'
import { usePagedList } from '../../paged-list.js'
import { AssessingFrame, Decided, Pending, useAssessing } from './assessing-page.js'
import { usePageErrors, useSubmit } from '../../components/forms.js'

/** The most decisions the API takes in one request. */
const MOST_AT_ONCE = 25

type Action =
  | { kind: 'screening'; outcome: ScreeningOutcome; label: string; done: string }
  | { kind: 'shortlist'; outcome: ShortlistOutcome; label: string; done: string }

const actions: Action[] = [
  { kind: 'screening', outcome: 'eligible', label: 'Mark eligible', done: 'Marked eligible' },
  { kind: 'screening', outcome: 'ineligible', label: 'Mark not eligible', done: 'Marked not eligible' },
  { kind: 'shortlist', outcome: 'shortlisted', label: 'Shortlist', done: 'Shortlisted' },
  { kind: 'shortlist', outcome: 'not-shortlisted', label: 'Do not shortlist', done: 'Not shortlisted' },
]

const checkboxId = (applicationId: string) => `select-${applicationId}`

export function ScreeningPage({ id }: { id: string }) {
  const loaded = useAssessing(id, async () => null)
  const errors = usePageErrors()
  const [selected, setSelected] = useState<string[]>([])
  /** Decisions made on this page, over the candidates as listed. */
  const [decided, setDecided] = useState<Record<string, Candidate>>({})
  const [reason, setReason] = useState('')
  const { busy, status, submit } = useSubmit(errors)
  const list = usePagedList<Candidate, HTMLTableElement>(
    (after) =>
      call(
        api.competitions[':competitionId'].candidates.$get({
          param: { competitionId: id },
          query: { limit: String(MOST_AT_ONCE), ...(after ? { cursor: after } : {}) },
        }),
      ),
    [id, loaded.generation],
    'tbody a',
  )

  const { page } = loaded
  if (!page) return <Pending failure={loaded.failure} what="the expressions of interest" />
  const candidates = (list.items ?? []).map((c) => decided[c.applicationId] ?? c)
  const nameOf = (applicationId: string) =>
    candidates.find((c) => c.applicationId === applicationId)?.organisationName ?? 'This expression of interest'
  const full = selected.length >= MOST_AT_ONCE
  const toggle = (applicationId: string, on: boolean) =>
    setSelected((current) =>
      on
        ? current.includes(applicationId) || current.length >= MOST_AT_ONCE
          ? current
          : [...current, applicationId]
        : current.filter((a) => a !== applicationId),
    )

  function decide(action: Action) {
    const sent = selected
    const why = reason.trim()
    const negative = action.outcome === 'ineligible' || action.outcome === 'not-shortlisted'
    void submit({
      check: () => [
        ...(sent.length === 0
          ? [
              {
                id: candidates[0] && checkboxId(candidates[0].applicationId),
                text: 'Select at least one expression of interest',
              },
            ]
          : []),
        ...(negative && !why
          ? [
              {
                id: 'decision-reason',
                text: `Enter why: the reason for “${action.done.toLowerCase()}” feeds the applicant’s feedback`,
              },
            ]
          : []),
      ],
      send: async () => {
        const param = { competitionId: id }
        const result =
          action.kind === 'screening'
            ? await call(
                api.competitions[':competitionId'].screening.$post({
                  param,
                  json: {
                    decisions: sent.map((applicationId) => ({ applicationId, outcome: action.outcome, reason: why })),
                  },
                }),
              )
            : await call(
                api.competitions[':competitionId'].shortlist.$post({
                  param,
                  json: {
                    decisions: sent.map((applicationId) => ({ applicationId, outcome: action.outcome, reason: why })),
                  },
                }),
              )
        return result.candidates
      },
      // Every decision carries the same reason; an EOI the rule refuses is named by its row.
      resolve: (field) => {
        const [, index, part] = field.split('.')
        if (part === 'reason') return { id: 'decision-reason', label: 'The reason' }
        const applicationId = sent[Number(index)]
        if (part === 'applicationId' && applicationId)
          return { id: checkboxId(applicationId), label: nameOf(applicationId) }
        return {}
      },
      done: (saved) => {
        setDecided((current) => ({ ...current, ...Object.fromEntries(saved.map((c) => [c.applicationId, c])) }))
        setSelected([])
        setReason('')
        return `${action.done}: ${saved.map((c) => c.organisationName).join(', ')}.`
      },
    })
  }

  return (
    <AssessingFrame
      page={page}
      title="Screening and shortlisting"
      current="screening"
      errors={errors}
      onReload={loaded.reload}
    >
      <p>
        Screen each submitted expression of interest against the eligibility statements, then shortlist eligible ones
        for the panel. Applicants see only “under review” until decisions are released. Once a panellist has scored an
        application it stays on the shortlist.
      </p>
      {list.failure && (
        <div class="notice" role="alert">
          <p>These could not be loaded. {list.failure}</p>
        </div>
      )}
      {!list.items && !list.failure && <Loading what="expressions of interest" />}
      {list.items && list.items.length === 0 && <p>No expressions of interest have been submitted yet.</p>}
      {candidates.length > 0 && (
        <>
          <div class="button-group">
            <button
              type="button"
              class="button button-secondary"
              onClick={() =>
                setSelected((current) =>
                  [...current, ...candidates.map((c) => c.applicationId).filter((a) => !current.includes(a))].slice(
                    0,
                    MOST_AT_ONCE,
                  ),
                )
              }
            >
              Select all shown{candidates.length > MOST_AT_ONCE ? ` (the first ${MOST_AT_ONCE})` : ''}
            </button>
            <button type="button" class="button button-secondary" onClick={() => setSelected([])}>
              Clear the selection
            </button>
          </div>
          <ScrollTable label="Submitted expressions of interest">
            <table class="table" ref={list.container}>
              <caption>Submitted expressions of interest</caption>
              <thead>
                <tr>
                  <th scope="col">
                    <span class="visually-hidden">Selected</span>
                  </th>
                  <th scope="col">Organisation</th>
                  <th scope="col" class="numeric">
                    Amount requested
                  </th>
                  <th scope="col">Submitted</th>
                  <th scope="col">Screening</th>
                  <th scope="col">Shortlist</th>
                </tr>
              </thead>
              <tbody>
                {candidates.map((c) => {
                  const checked = selected.includes(c.applicationId)
                  const refused = errors.inline[checkboxId(c.applicationId)]
                  return (
                    <tr key={c.applicationId}>
                      <td>
                        <div class="checkbox">
                          <input
                            id={checkboxId(c.applicationId)}
                            type="checkbox"
                            checked={checked}
                            disabled={full && !checked}
                            onChange={(event) => toggle(c.applicationId, event.currentTarget.checked)}
                            aria-describedby={refused ? `${checkboxId(c.applicationId)}-error` : undefined}
                            aria-invalid={refused ? 'true' : undefined}
                          />
                          <label for={checkboxId(c.applicationId)}>
                            <span class="visually-hidden">Select {c.organisationName}</span>
                          </label>
                        </div>
                      </td>
                      <td>
                        <a href={`/manage/applications/${c.applicationId}`}>{c.organisationName}</a>
                        {c.receiptNumber && <span class="secondary-text meta"> {c.receiptNumber}</span>}
                        {refused && (
                          <p id={`${checkboxId(c.applicationId)}-error`} class="error-message">
                            <span class="visually-hidden">Error: </span>
                            {refused}
                          </p>
                        )}
                      </td>
                      <td class="numeric">
                        {c.amountRequestedPence === undefined ? '–' : formatPence(c.amountRequestedPence)}
                      </td>
                      <td>{formatLondon(c.submittedAt)}</td>
                      <td>
                        <Decided
                          label={c.screening ? screeningOutcomeNames[c.screening.outcome] : ''}
                          decision={c.screening}
                        />
                      </td>
                      <td>
                        <Decided
                          label={c.shortlist ? shortlistOutcomeNames[c.shortlist.outcome] : ''}
                          decision={c.shortlist}
                        />
                        {c.scoringStartedAt && (
                          <>
                            <br />
                            <span class="meta">Scoring started</span>
                          </>
                        )}
                      </td>
                    </tr>
                  )
                })}
              </tbody>
            </table>
          </ScrollTable>
          {list.cursor && (
            <button
              type="button"
              class="button button-secondary"
              disabled={list.busy}
              onClick={() => void list.loadMore()}
            >
              Show more
            </button>
          )}

          <section class="section" aria-labelledby="decide-heading">
            <h2 id="decide-heading">Decide on the selected</h2>
            <p role="status" id="selection-count">
              {selected.length === 0
                ? 'None selected.'
                : `${selected.length} selected: ${selected.map(nameOf).join(', ')}.`}
              {full && ` That is the most for one decision (${MOST_AT_ONCE}): decide on these, then select more.`}
            </p>
            <TextArea
              id="decision-reason"
              label="Reason"
              hint="Needed to mark not eligible or not to shortlist: it feeds each applicant’s feedback. The same reason is recorded against every selected expression of interest."
              rows={3}
              value={reason}
              onValue={setReason}
              error={errors.inline['decision-reason']}
            />
            <div class="button-group">
              {actions.map((action) => (
                <button
                  key={action.outcome}
                  type="button"
                  class={
                    action.outcome === 'ineligible' || action.outcome === 'not-shortlisted'
                      ? 'button button-secondary'
                      : 'button'
                  }
                  disabled={busy}
                  aria-describedby="selection-count"
                  onClick={() => decide(action)}
                >
                  {action.label}
                </button>
              ))}
            </div>
            <Status message={status} />
          </section>
        </>
      )}
    </AssessingFrame>
  )
}
