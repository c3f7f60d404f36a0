// "/manage/competitions/:id/exports": every CSV export of the competition, each with what a row
// holds, as a download link. A plain link sends no token, so a click fetches the file with it and
// hands the browser the result to save (still a real link: keyboard, screen readers, copying).
import { useState } from 'preact/hooks'
import type { ExportList } from '../../../../shared/schemas/exports.js'
import { api, call, describe, problemOf, unreachable } from '../../api.js'
import { usePageErrors } from '../../components/forms.js'
import { currentSession } from '../../session.js'
import { AssessingFrame, Pending, useAssessing } from '../assessing/assessing-page.js'

type Export = ExportList['exports'][number]

/** The file name the server gives (Content-Disposition), or `<name>.csv`. */
const savedAs = (response: Response, fallback: string) =>
  /filename="([^"]+)"/.exec(response.headers.get('content-disposition') ?? '')?.[1] ?? fallback

/** Fetches the export with the signed-in manager's token and has the browser save it. */
async function saveExport(item: Export): Promise<string> {
  const session = currentSession()
  const response = await fetch(item.href, {
    headers: session ? { Authorization: `Bearer ${session.token}` } : {},
  }).catch((error: unknown) => {
    throw unreachable(error)
  })
  if (!response.ok) throw await problemOf(response)
  const filename = savedAs(response, `${item.name}.csv`)
  const url = URL.createObjectURL(await response.blob())
  const link = document.createElement('a')
  link.href = url
  link.download = filename
  document.body.append(link)
  link.click()
  link.remove()
  // The browser has the file once the click is handled; the address is no longer needed.
  setTimeout(() => URL.revokeObjectURL(url), 60_000)
  return filename
}

export function ExportsPage({ id }: { id: string }) {
  const loaded = useAssessing(id, () =>
    call(api.competitions[':competitionId'].exports.$get({ param: { competitionId: id } })),
  )
  const errors = usePageErrors()
  const [status, setStatus] = useState('')
  const [failure, setFailure] = useState('')
  const { page, data } = loaded
  if (!page || !data) return <Pending failure={loaded.failure} what="the exports" />

  const download = (event: MouseEvent, item: Export) => {
    event.preventDefault()
    setFailure('')
    setStatus(`Preparing “${item.title}”…`)
    saveExport(item).then(
      (filename) => setStatus(`“${item.title}” downloaded as ${filename}.`),
      (error: unknown) => {
        setStatus('')
        setFailure(`“${item.title}” could not be downloaded. ${describe(error)}`)
      },
    )
  }

  return (
    <AssessingFrame page={page} title="Exports" current="exports" errors={errors} onReload={loaded.reload}>
      <p>
        Each export is a CSV file for a spreadsheet, as the competition stands now. Money is in pounds with pence
        (released or repaid amounts have columns of their own), times are UK time. Text that a spreadsheet could run as
        a formula starts with an apostrophe. The files hold personal data: keep them where only the programme team can
        read them.
      </p>
      {/* Always there, so screen readers hear what is put in it. */}
      <p class={status ? 'notice' : undefined} role="status">
        {status}
      </p>
      {failure && (
        <div class="notice notice-error" role="alert">
          {failure}
        </div>
      )}
      <ul class="list-plain exports">
        {data.exports.map((item) => (
          <li key={item.name}>
            <h2 class="heading-s">
              <a href={item.href} onClick={(event) => download(event, item)}>
                {item.title} <span class="secondary-text">(CSV)</span>
              </a>
            </h2>
            <p>{item.holds}</p>
          </li>
        ))}
      </ul>
    </AssessingFrame>
  )
}
