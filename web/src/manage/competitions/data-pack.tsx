// A challenge's data pack: the items in it (documents show whether their file arrived),
// removing them, and adding documents, links, datasets and videos.
import { useRef, useState } from 'preact/hooks'
import { documentTypes, formatBytes, MAX_DOCUMENT_BYTES, type DocumentType } from '../../../../shared/files.js'
import { accessLevelNames, dataPackKindNames } from '../../../../shared/labels.js'
import type {
  AccessLevel,
  ChallengeWithDataPack,
  DataPackItem,
  DataPackItemInput,
  DataPackKind,
} from '../../../../shared/schemas/competition.js'
import { api, call, describe } from '../../api.js'
import { FileInput, Select, Status, TextArea, TextInput } from '../../components/fields.js'
import { useBusy } from '../../components/forms.js'
import { useEditor, type EditorContext } from '../context.js'
import { itemTarget } from './targets.js'
import { contentTypeOf, renewUpload, uploadDocument, UploadFailed } from './upload.js'

const kinds: DataPackKind[] = ['document', 'link', 'dataset', 'video']
const accessLevels: AccessLevel[] = ['open', 'registered', 'restricted']
const acceptedFiles = [
  ...Object.keys(documentTypes),
  ...Object.values(documentTypes).map((extension) => `.${extension}`),
].join(',')
const fileHint = `PDF, Word, Excel, PowerPoint, OpenDocument, CSV, text, PNG or JPEG, up to ${formatBytes(MAX_DOCUMENT_BYTES)}.`

const replaceItem = (editor: EditorContext, item: DataPackItem) =>
  editor.update((page) => ({
    ...page,
    challenges: page.challenges.map((c) =>
      c.id === item.challengeId ? { ...c, dataPack: c.dataPack.map((i) => (i.id === item.id ? item : i)) } : c,
    ),
  }))

export function DataPackSection({ challenge }: { challenge: ChallengeWithDataPack }) {
  const editor = useEditor()
  const [status, setStatus] = useState<string>()
  const heading = useRef<HTMLHeadingElement>(null)
  // Open to begin with when the pack is empty; after that it is the manager's to open or close.
  const [startOpen] = useState(challenge.dataPack.length === 0)

  async function remove(item: DataPackItem) {
    try {
      await call(
        api.competitions[':competitionId'].items[':itemId'].$delete({
          param: { competitionId: editor.competitionId, itemId: item.id },
        }),
      )
      editor.errors.clear()
      editor.update((page) => ({
        ...page,
        challenges: page.challenges.map((c) =>
          c.id === challenge.id ? { ...c, dataPack: c.dataPack.filter((i) => i.id !== item.id) } : c,
        ),
      }))
      setStatus(`Removed “${item.title}”.`)
      heading.current?.focus()
    } catch (error) {
      editor.errors.fail(error, () => ({}))
    }
  }

  return (
    <>
      <h4 id={`challenge-${challenge.id}-data-pack`} tabIndex={-1} ref={heading}>
        Data pack
      </h4>
      <Status message={status} />
      {challenge.dataPack.length === 0 ? (
        <p>Nothing in the data pack yet. Publishing needs at least one item.</p>
      ) : (
        <ul class="data-pack">
          {challenge.dataPack.map((item) => (
            <li key={item.id}>
              <p>
                <strong class="tag">{dataPackKindNames[item.kind]}</strong> {item.title}{' '}
                {item.kind === 'document' && !item.file.uploaded && (
                  <strong class="tag tag-pending">Upload not finished</strong>
                )}
              </p>
              <p class="meta">
                {item.kind === 'document'
                  ? `${item.file.filename} · ${documentTypes[item.file.contentType].toUpperCase()} · ${formatBytes(item.file.sizeBytes)}`
                  : item.url}
                {item.kind === 'dataset' && ` · ${accessLevelNames[item.accessLevel]}`}
              </p>
              {item.kind === 'document' && !item.file.uploaded && <RetryUpload item={item} />}
              <button type="button" class="button button-secondary button-small" onClick={() => void remove(item)}>
                Remove<span class="visually-hidden"> “{item.title}” from the data pack</span>
              </button>
            </li>
          ))}
        </ul>
      )}
      <details open={startOpen}>
        <summary>Add to the data pack for “{challenge.title}”</summary>
        <div class="details-body">
          <ItemForm challenge={challenge} />
        </div>
      </details>
    </>
  )
}

function ItemForm({ challenge }: { challenge: ChallengeWithDataPack }) {
  const editor = useEditor()
  const prefix = `item-${challenge.id}`
  const blank = { title: '', description: '', source: '', licence: '', url: '' }
  const [kind, setKind] = useState<DataPackKind>('document')
  const [values, setValues] = useState(blank)
  const [accessLevel, setAccessLevel] = useState<AccessLevel>('open')
  const [file, setFile] = useState<File>()
  const [fileInput, setFileInput] = useState(0)
  const [progress, setProgress] = useState<number>()
  const [status, setStatus] = useState<string>()
  const { busy, run } = useBusy()
  const set = (field: keyof typeof blank) => (value: string) => setValues((current) => ({ ...current, [field]: value }))
  const target = itemTarget(prefix)

  function input(): DataPackItemInput | undefined {
    const optional = (field: 'description' | 'source' | 'licence') =>
      values[field].trim() ? { [field]: values[field] } : {}
    const common = { title: values.title, ...optional('description'), ...optional('source'), ...optional('licence') }
    switch (kind) {
      case 'document':
        if (!file) return undefined
        // A type we do not accept is sent as it is, and the API says which types it takes.
        return {
          kind,
          ...common,
          filename: file.name,
          contentType: contentTypeOf(file) as DocumentType,
          sizeBytes: file.size,
        }
      case 'dataset':
        return { kind, ...common, url: values.url, source: values.source, licence: values.licence, accessLevel }
      default:
        return { kind, ...common, url: values.url }
    }
  }

  async function add(event: Event) {
    event.preventDefault()
    setStatus(undefined)
    const json = input()
    if (!json) {
      editor.errors.failWith([{ id: `${prefix}-file`, text: 'Choose a file to upload' }])
      return
    }
    void run(async () => {
      let created: DataPackItem | undefined
      try {
        const { item, upload } = await call(
          api.competitions[':competitionId'].challenges[':challengeId'].items.$post({
            param: { competitionId: editor.competitionId, challengeId: challenge.id },
            json,
          }),
        )
        created = item
        editor.update((page) => ({
          ...page,
          challenges: page.challenges.map((c) =>
            c.id === challenge.id ? { ...c, dataPack: [...c.dataPack, item] } : c,
          ),
        }))
        if (item.kind === 'document' && upload && file) {
          setStatus(`Uploading ${file.name}…`)
          setProgress(0)
          replaceItem(editor, await uploadDocument(editor.competitionId, item.id, upload, file, setProgress))
        }
        editor.errors.clear()
        setValues(blank)
        setFile(undefined)
        setFileInput((n) => n + 1)
        setStatus(`Added “${item.title}” to the data pack.`)
      } catch (error) {
        setStatus(undefined)
        if (created) {
          // The item exists but its file did not arrive: say so, and point at the retry.
          editor.errors.failWith([
            {
              id: `retry-${created.id}-file`,
              text: `“${created.title}” was added but its file could not be uploaded: ${error instanceof UploadFailed ? error.message : describe(error)}. Choose the file again to retry, or remove the item.`,
            },
          ])
        } else editor.errors.fail(error, target)
      } finally {
        setProgress(undefined)
      }
    })
  }

  const error = (field: string) => editor.errors.inline[`${prefix}-${field}`]
  const optional = kind === 'dataset' ? '' : ' (optional)'
  return (
    <form noValidate onSubmit={add}>
      <Select
        id={`${prefix}-kind`}
        label="Type of item"
        value={kind}
        onValue={setKind}
        options={kinds.map((value) => ({
          value,
          label: value === 'document' ? 'Document (upload a file)' : dataPackKindNames[value],
        }))}
        error={error('kind')}
      />
      <TextInput
        id={`${prefix}-title`}
        label="Title"
        hint="What people will click on, like “Information pack: childhood asthma”."
        value={values.title}
        onValue={set('title')}
        error={error('title')}
      />
      {kind === 'document' ? (
        <FileInput
          key={fileInput}
          id={`${prefix}-file`}
          label="File"
          hint={fileHint}
          accept={acceptedFiles}
          onFile={setFile}
          error={error('file')}
        />
      ) : (
        <TextInput
          id={`${prefix}-url`}
          label="Web address"
          hint={kind === 'video' ? 'Where the video can be watched, starting https://' : 'Starting https://'}
          type="url"
          autocomplete="url"
          spellcheck={false}
          value={values.url}
          onValue={set('url')}
          error={error('url')}
        />
      )}
      <TextArea
        id={`${prefix}-description`}
        label="Description (optional)"
        rows={3}
        value={values.description}
        onValue={set('description')}
        error={error('description')}
      />
      <TextInput
        id={`${prefix}-source`}
        label={`Source${optional}`}
        hint="Who published it, like “Office for National Statistics”."
        value={values.source}
        onValue={set('source')}
        error={error('source')}
      />
      <TextInput
        id={`${prefix}-licence`}
        label={`Licence${optional}`}
        hint="Like “Open Government Licence v3.0”."
        value={values.licence}
        onValue={set('licence')}
        error={error('licence')}
      />
      {kind === 'dataset' && (
        <Select
          id={`${prefix}-accessLevel`}
          label="Access"
          value={accessLevel}
          onValue={setAccessLevel}
          options={accessLevels.map((value) => ({ value, label: accessLevelNames[value] }))}
          error={error('accessLevel')}
        />
      )}
      {progress !== undefined && (
        <div class="form-group">
          <label class="label" for={`${prefix}-progress`}>
            Upload progress
          </label>
          <progress id={`${prefix}-progress`} max={1} value={progress}>
            {Math.round(progress * 100)}%
          </progress>
        </div>
      )}
      <div class="button-group">
        <button type="submit" class="button" disabled={busy}>
          Add item
        </button>
        <Status message={status} />
      </div>
    </form>
  )
}

/** A document whose upload did not finish: choose the same file again and send it. */
function RetryUpload({ item }: { item: Extract<DataPackItem, { kind: 'document' }> }) {
  const editor = useEditor()
  const [file, setFile] = useState<File>()
  const [status, setStatus] = useState<string>()
  const { busy, run } = useBusy()
  const id = `retry-${item.id}-file`

  async function retry(event: Event) {
    event.preventDefault()
    if (!file) {
      editor.errors.failWith([{ id, text: `Choose ${item.file.filename} to upload it again` }])
      return
    }
    if (file.size !== item.file.sizeBytes) {
      editor.errors.failWith([
        {
          id,
          text: `The file must be ${item.file.filename} as first chosen (${formatBytes(item.file.sizeBytes)}); remove the item to add a different one`,
        },
      ])
      return
    }
    void run(async () => {
      try {
        setStatus(`Uploading ${file.name}…`)
        const upload = await renewUpload(editor.competitionId, item.id)
        replaceItem(editor, await uploadDocument(editor.competitionId, item.id, upload, file, () => undefined))
        editor.errors.clear()
      } catch (error) {
        setStatus(undefined)
        editor.errors.failWith([
          {
            id,
            text: `The file could not be uploaded: ${error instanceof UploadFailed ? error.message : describe(error)}`,
          },
        ])
      }
    })
  }

  return (
    <form noValidate onSubmit={retry}>
      <FileInput
        id={id}
        label={`Choose ${item.file.filename} again`}
        hint="The upload did not finish, so the public cannot see this document yet."
        onFile={setFile}
        error={editor.errors.inline[id]}
      />
      <div class="button-group">
        <button type="submit" class="button button-secondary button-small" disabled={busy}>
          Upload the file
        </button>
        <Status message={status} />
      </div>
    </form>
  )
}
