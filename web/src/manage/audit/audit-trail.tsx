// "/manage/competitions/:id/audit": the competition's audit trail. A manager (or an auditor
// sitting with one) checks the hash chain on demand (GET …/audit/verify) and reads the answer
// in plain English: intact, with its length, head and last checkpoint, or where it broke and why.
// Focus moves to the answer so a screen reader reads it and a keyboard user is there. Below,
// the newest entries (GET …/audit/entries), 25 a page, older ones on request.
import { useEffect, useRef, useState } from 'preact/hooks'
import { formatLondon } from '../../../../shared/dates.js'
import type { AuditEntryPage, AuditVerification } from '../../../../shared/schemas/audit.js'
import { api, call, describe } from '../../api.js'
import { usePageErrors } from '../../components/forms.js'
import { ScrollTable } from '../../components/scroll-table.js'
import { AssessingFrame, Pending, useAssessing } from '../assessing/assessing-page.js'

const plural = (n: number, one: string, many: string) => `${n.toLocaleString('en-GB')} ${n === 1 ? one : many}`

/** The start and end of a SHA-256, enough to compare by eye with a checkpoint or a previous check. */
const shortHash = (hash: string) => `${hash.slice(0, 8)}…${hash.slice(-8)}`

const sentence = (text: string) => text.charAt(0).toUpperCase() + text.slice(1)

function checkpointText(checkpoint: AuditVerification['checkpoint']): string {
  return checkpoint
    ? `last checkpoint at entry ${checkpoint.seq}, ${formatLondon(checkpoint.at)}`
    : 'no checkpoint taken yet (one is taken each day)'
}

function Result({ result, at }: { result: AuditVerification; at: string }) {
  const ref = useRef<HTMLDivElement>(null)
  useEffect(() => ref.current?.focus(), [result, at])
  if (result.ok)
    return (
      <div class="notice notice-success" id="audit-result" tabIndex={-1} ref={ref}>
        <h2 class="heading-m">The audit trail is intact</h2>
        <p>
          The audit trail is intact: {plural(result.entries, 'entry', 'entries')}
          {result.head ? `, head entry ${result.head.seq} (hash ${shortHash(result.head.hash)})` : ''},{' '}
          {checkpointText(result.checkpoint)}.
        </p>
        <p class="secondary-text">Checked {formatLondon(at)}.</p>
      </div>
    )
  const broken = result.brokenAt
  return (
    <div class="notice notice-error" id="audit-result" tabIndex={-1} ref={ref}>
      <h2 class="heading-m">The audit trail is broken</h2>
      <p>
        {broken
          ? `The audit trail is broken at entry ${broken.seq}: ${broken.reason}.`
          : 'The audit trail does not hold.'}{' '}
        {result.entries
          ? `The ${plural(result.entries, 'entry', 'entries')} before it hold${result.entries === 1 ? 's' : ''}.`
          : 'No entry before it holds.'}
      </p>
      <p>
        Someone changed or deleted the record straight in the database, outside the platform. Do not change anything
        else: tell your security contact and keep this result ({sentence(checkpointText(result.checkpoint))}).
      </p>
      <p class="secondary-text">Checked {formatLondon(at)}.</p>
    </div>
  )
}

type Entry = AuditEntryPage['entries'][number]

const readEntries = (competitionId: string, before?: number) =>
  call(
    api.competitions[':competitionId'].audit.entries.$get({
      param: { competitionId },
      query: before ? { before: String(before) } : {},
    }),
  ) as Promise<AuditEntryPage>

const whoText = (entry: Entry) =>
  entry.role === entry.actorId ? sentence(entry.role) : `${sentence(entry.role)} ${entry.actorId}`

/** The newest entries, a page at a time; focus goes to the first older entry shown. */
function Entries({ competitionId, first }: { competitionId: string; first: AuditEntryPage }) {
  const [entries, setEntries] = useState(first.entries)
  const [before, setBefore] = useState(first.before)
  const [loading, setLoading] = useState(false)
  const [failure, setFailure] = useState('')
  const focusSeq = useRef<number>()
  useEffect(() => {
    if (focusSeq.current) document.getElementById(`audit-entry-${focusSeq.current}`)?.focus()
    focusSeq.current = undefined
  }, [entries])
  const more = () => {
    if (!before || loading) return
    setLoading(true)
    setFailure('')
    readEntries(competitionId, before)
      .then(
        (page) => {
          focusSeq.current = page.entries[0]?.seq
          setEntries((shown) => [...shown, ...page.entries])
          setBefore(page.before)
        },
        (error: unknown) => setFailure(`Older entries could not be loaded. ${describe(error)}`),
      )
      .finally(() => setLoading(false))
  }
  if (!entries.length) return <p>Nothing has been recorded yet.</p>
  return (
    <>
      <ScrollTable label="Audit entries, newest first">
        <table class="table audit-entries">
          <caption>Audit entries, newest first</caption>
          <thead>
            <tr>
              <th scope="col">Entry</th>
              <th scope="col">When (UK time)</th>
              <th scope="col">Who (role and id)</th>
              <th scope="col">What</th>
              <th scope="col">Which items</th>
            </tr>
          </thead>
          <tbody>
            {entries.map((entry) => (
              <tr key={entry.seq}>
                <th scope="row" id={`audit-entry-${entry.seq}`} tabIndex={-1}>
                  {entry.seq}
                </th>
                <td>{formatLondon(entry.at)}</td>
                <td>{whoText(entry)}</td>
                <td>{entry.action}</td>
                <td>
                  {entry.changes.map((change, i) => (
                    <span class="block" key={i}>
                      {change.entity}: {change.ids.join(', ')}
                    </span>
                  ))}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </ScrollTable>
      {failure && (
        <div class="notice notice-error" role="alert">
          {failure}
        </div>
      )}
      {before && (
        <button type="button" class="button secondary" onClick={more} aria-disabled={loading}>
          {loading ? 'Loading older entries…' : 'Show older entries'}
        </button>
      )}
    </>
  )
}

export function AuditTrailPage({ id }: { id: string }) {
  const loaded = useAssessing(id, () => readEntries(id))
  const errors = usePageErrors()
  const [checking, setChecking] = useState(false)
  const [checked, setChecked] = useState<{ result: AuditVerification; at: string }>()
  const { page, data } = loaded
  if (!page || !data) return <Pending failure={loaded.failure} what="the audit trail" />

  const check = () => {
    if (checking) return
    setChecking(true)
    errors.clear()
    call(api.competitions[':competitionId'].audit.verify.$get({ param: { competitionId: id } }))
      .then(
        (result) => setChecked({ result: result as AuditVerification, at: new Date().toISOString() }),
        (error: unknown) => errors.fail(error),
      )
      .finally(() => setChecking(false))
  }

  return (
    <AssessingFrame page={page} title="Audit trail" errors={errors} onReload={loaded.reload}>
      <p>
        Every change to this competition — by a manager, a panellist, an applicant or a scheduled job — is recorded on
        its audit trail: who (their role and id), what, when and which item, with a fingerprint of the item before and
        after. Each entry is sealed to the one before it, and the newest is copied each day to storage nobody can
        change, so an entry changed or deleted outside the platform shows up here.
      </p>
      <p>Checking reads every entry, so it can take a few seconds on a long trail.</p>
      <button type="button" class="button" onClick={check} aria-disabled={checking}>
        {checking ? 'Checking the audit trail…' : 'Check the audit trail'}
      </button>
      {checked && <Result result={checked.result} at={checked.at} />}
      <h2 class="heading-m">Recent entries</h2>
      <p>
        The newest first. Who is a role and a user id (or a scheduled job); what is the request that made the change;
        the items are each thing changed, by kind and id.
      </p>
      <Entries competitionId={id} first={data} />
    </AssessingFrame>
  )
}
