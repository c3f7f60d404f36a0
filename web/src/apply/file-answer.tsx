// A file question on the expression of interest: choosing a file attaches it (the API checks
// its type and size and gives a presigned upload), sends the bytes straight to storage with
// progress, then confirms it. Each step bumps the draft's version, so they run through the
// form's save queue and hand back the draft, keeping the next autosave from a 409.
import { useState } from 'preact/hooks'
import { documentTypes, formatBytes, MAX_DOCUMENT_BYTES, type DocumentType } from '../../../shared/files.js'
import type { Answer, Application, FileAnswer } from '../../../shared/schemas/application.js'
import type { Upload } from '../../../shared/schemas/competition.js'
import type { Question } from '../../../shared/schemas/form.js'
import { api, ApiError, call, describe } from '../api.js'
import { FileInput, Status } from '../components/fields.js'
import { contentTypeOf, putFile, UploadFailed } from '../upload.js'
import { useBusy } from '../components/forms.js'

/** Runs a request that changes the draft once no save is in flight; returns the draft it gave back. */
export type Exclusive = (task: () => Promise<Application>) => Promise<Application>

export const isFileAnswer = (answer: Answer | undefined): answer is FileAnswer =>
  typeof answer === 'object' && answer !== null && !Array.isArray(answer) && 'file' in answer

const typeNames = (types: readonly DocumentType[]) => {
  const names = [...new Set(types.map((t) => documentTypes[t].toUpperCase()))]
  return names.length > 1 ? `${names.slice(0, -1).join(', ')} or ${names.at(-1)}` : (names[0] ?? '')
}

export function fileHint(question: Question): string {
  const types = question.fileTypes ?? (Object.keys(documentTypes) as DocumentType[])
  return `${typeNames(types)}, up to ${formatBytes(question.maxFileBytes ?? MAX_DOCUMENT_BYTES)}.`
}

const fileMessages: Record<string, string> = { contentType: 'The file', sizeBytes: 'The file' }

/** The API route that gives a file answer's download address; followed with the token. */
const filePath = (applicationId: string, questionId: string) =>
  `/api/applications/${encodeURIComponent(applicationId)}/files/${encodeURIComponent(questionId)}`

/** A plain link sends no token: ask for the short-lived address with it, then go there. */
export function downloadFileAnswer(
  event: MouseEvent,
  applicationId: string,
  questionId: string,
  onFailure: (message: string) => void,
) {
  if (event.ctrlKey || event.metaKey || event.shiftKey || event.button !== 0) return
  event.preventDefault()
  call(
    api.applications[':applicationId'].files[':questionId'].$get(
      { param: { applicationId, questionId } },
      { headers: { Accept: 'application/json' } },
    ),
  )
    .then((body) => window.location.assign(body.url))
    .catch((error: unknown) => onFailure(`The file could not be downloaded. ${describe(error)}`))
}

export function FileAnswerField({
  applicationId,
  question,
  label,
  answer,
  error,
  exclusive,
}: {
  applicationId: string
  question: Question
  label: string
  answer: Answer | undefined
  error?: string
  exclusive: Exclusive
}) {
  const id = `q-${question.id}`
  const [stored, setStored] = useState(isFileAnswer(answer) ? answer.file : undefined)
  const [problem, setProblem] = useState<string>()
  const [status, setStatus] = useState<string>()
  const { run } = useBusy()
  const param = { applicationId, questionId: question.id }

  const keep = (application: Application) => {
    const now = application.answers[question.id]
    setStored(isFileAnswer(now) ? now.file : undefined)
    return application
  }

  async function choose(file: File | undefined) {
    if (!file) return
    setProblem(undefined)
    await run(async () => {
      setStatus(`Checking ${file.name}…`)
      let upload: Upload | undefined
      try {
        await exclusive(async () => {
          const attached = await call(
            api.applications[':applicationId'].files[':questionId'].$post({
              param,
              json: { filename: file.name, contentType: contentTypeOf(file) as DocumentType, sizeBytes: file.size },
            }),
          )
          upload = attached.upload
          return keep(attached.application)
        })
        setStatus(`Uploading ${file.name}: 0%`)
        await putFile(upload!, file, (fraction) => setStatus(`Uploading ${file.name}: ${Math.round(fraction * 100)}%`))
        await exclusive(async () =>
          keep(await call(api.applications[':applicationId'].files[':questionId'].complete.$post({ param }))),
        )
        setStatus(`Uploaded ${file.name}.`)
      } catch (failure) {
        setStatus(undefined)
        if (failure instanceof ApiError && failure.errors.length) {
          setProblem(
            `${failure.problem.detail ?? ''} ${failure.errors.map((e) => `${fileMessages[e.field] ?? 'The file'} ${e.message}.`).join(' ')}`.trim(),
          )
        } else if (failure instanceof UploadFailed) {
          setProblem(`${file.name} could not be uploaded: ${failure.message}. Choose the file again to retry.`)
        } else {
          setProblem(`${file.name} could not be attached. ${describe(failure)}`)
        }
        // So choosing the same file again is a change, and retries.
        const input = document.getElementById(id)
        if (input instanceof HTMLInputElement) input.value = ''
      }
    })
  }

  const hint = [question.help, fileHint(question), stored ? 'Choosing another file replaces this one.' : '']
    .filter(Boolean)
    .join(' ')
  return (
    <div class="question-group">
      <FileInput
        id={id}
        label={label}
        labelClass="label-m"
        hint={hint}
        accept={(question.fileTypes ?? []).flatMap((t) => [t, `.${documentTypes[t]}`]).join(',') || undefined}
        error={problem ?? error}
        describedBy={stored ? `${id}-current` : undefined}
        onFile={(file) => void choose(file)}
        after={
          <>
            {stored && (
              <p id={`${id}-current`} class="file-answer">
                {stored.uploaded ? (
                  <>
                    Your file:{' '}
                    <a
                      href={filePath(applicationId, question.id)}
                      onClick={(event) => downloadFileAnswer(event, applicationId, question.id, setProblem)}
                    >
                      {stored.filename}
                    </a>{' '}
                    <span class="meta">
                      ({documentTypes[stored.contentType].toUpperCase()}, {formatBytes(stored.sizeBytes)})
                    </span>
                  </>
                ) : (
                  <>
                    {stored.filename} <strong class="tag tag-pending">Upload not finished</strong>
                  </>
                )}
              </p>
            )}
            <Status message={status} id={`${id}-status`} />
          </>
        }
      />
    </div>
  )
}
