// The EOI form's questions: each listed with its settings and a form to edit it, a way to
// remove it (drafts only), and a form to add another. The settings shown follow the kind:
// word limits for long answers, options for choices, a range for numbers, and so on.
import { useState } from 'preact/hooks'
import { documentTypeList, documentTypes, MAX_DOCUMENT_BYTES } from '../../../../shared/files.js'
import type { DocumentType } from '../../../../shared/files.js'
import type { ChoiceOption, Question, QuestionInput, QuestionKind } from '../../../../shared/schemas/form.js'
import { api, call } from '../../api.js'
import type { ErrorItem, FieldResolver } from '../../components/errors.js'
import { Checkboxes, Select, Status, TextArea, TextInput } from '../../components/fields.js'
import { useSubmit } from '../../components/forms.js'
import { savedAt, useEditor } from '../context.js'

export const questionKindNames: Record<QuestionKind, string> = {
  longText: 'Long text (with word limits)',
  shortText: 'Short text',
  singleChoice: 'Single choice',
  multipleChoice: 'Multiple choice',
  number: 'Number',
  url: 'Web address',
  textOrVideo: 'Text or a video link (the applicant chooses)',
  file: 'File attachment (not yet available to applicants)',
}
const kinds = Object.keys(questionKindNames) as QuestionKind[]

const settingLabels: Record<string, string> = {
  kind: 'Type of question',
  label: 'Question',
  help: 'Help text',
  required: 'Required',
  position: 'Position',
  softWordLimit: 'Suggested word limit',
  hardWordLimit: 'Word limit',
  maxLength: 'Maximum characters',
  options: 'Options',
  min: 'Minimum',
  max: 'Maximum',
  fileTypes: 'File types',
  maxFileBytes: 'Maximum file size',
}

const questionTarget =
  (prefix: string): FieldResolver =>
  (field) => {
    const head = field.split('.')[0]!
    return head in settingLabels ? { id: `${prefix}-${head}`, label: settingLabels[head] } : {}
  }

const slug = (text: string) =>
  text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 40) || 'option'

/** One option per line; an option keeps its id while its label is unchanged. */
function optionsFrom(text: string, before: ChoiceOption[] = []): ChoiceOption[] {
  const used = new Set<string>()
  return text
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean)
    .map((label) => {
      let id = before.find((o) => o.label === label)?.id ?? slug(label)
      for (let n = 2; used.has(id); n++) id = `${slug(label).slice(0, 36)}-${n}`
      used.add(id)
      return { id, label }
    })
}

function describeSettings(q: Question): string {
  const parts: string[] = [questionKindNames[q.kind], q.required ? 'required' : 'optional']
  if (q.softWordLimit) parts.push(`suggested ${q.softWordLimit} words`)
  if (q.hardWordLimit) parts.push(`limit ${q.hardWordLimit} words`)
  if (q.maxLength) parts.push(`up to ${q.maxLength} characters`)
  if (q.options) parts.push(`${q.options.length} options`)
  if (q.min !== undefined) parts.push(`at least ${q.min}`)
  if (q.max !== undefined) parts.push(`at most ${q.max}`)
  return parts.join(' · ')
}

export function FormSection() {
  const editor = useEditor()
  const { form } = editor.page
  return (
    <section aria-labelledby="form" class="section">
      <h2 id="form" tabIndex={-1}>
        EOI form
      </h2>
      <p>
        The questions applicants answer. Every form also asks for the amount requested, the themes addressed and each
        eligibility statement, without a question for them.
        {!editor.isDraft &&
          ' The form is published: questions can be added (optional only) and loosened, but not removed or tightened.'}
      </p>
      {form.length === 0 && <p>No questions yet.</p>}
      {form.map((question, index) => (
        <QuestionSection key={question.id} question={question} number={index + 1} />
      ))}
      <div class="question">
        <h3>Add a question</h3>
        <QuestionForm />
      </div>
    </section>
  )
}

function QuestionSection({ question, number }: { question: Question; number: number }) {
  const editor = useEditor()
  const { busy, submit } = useSubmit(editor.errors)
  const headingId = `question-${question.id}-heading`

  const remove = () =>
    submit({
      send: () =>
        call(
          api.competitions[':competitionId'].questions[':questionId'].$delete({
            param: { competitionId: editor.competitionId, questionId: question.id },
            query: { version: String(question.version) },
          }),
        ),
      done: () => {
        editor.update((page) => ({ ...page, form: page.form.filter((q) => q.id !== question.id) }))
        document.getElementById('form')?.focus()
      },
    })

  return (
    <section class="question" aria-labelledby={headingId}>
      <h3 id={headingId} tabIndex={-1}>
        <span class="caption">Question {number}</span>
        {question.label}
      </h3>
      {question.help && <p class="multiline">{question.help}</p>}
      <p class="meta">{describeSettings(question)}</p>
      {question.options && (
        <ul class="meta">
          {question.options.map((o) => (
            <li key={o.id}>{o.label}</li>
          ))}
        </ul>
      )}
      <details>
        <summary>Edit the question “{question.label}”</summary>
        <div class="details-body">
          <QuestionForm question={question} />
        </div>
      </details>
      {editor.isDraft && (
        <button type="button" class="button button-secondary" disabled={busy} onClick={() => void remove()}>
          Remove this question<span class="visually-hidden"> (“{question.label}”)</span>
        </button>
      )}
    </section>
  )
}

const numberText = (n: number | undefined) => (n === undefined ? '' : String(n))

/** Adds a question, or edits one when given it. */
function QuestionForm({ question }: { question?: Question }) {
  const editor = useEditor()
  const prefix = question ? `question-${question.id}` : 'new-question'
  const [kind, setKind] = useState<QuestionKind>(question?.kind ?? 'longText')
  const [label, setLabel] = useState(question?.label ?? '')
  const [help, setHelp] = useState(question?.help ?? '')
  const [required, setRequired] = useState<string[]>(question ? (question.required ? ['yes'] : []) : ['yes'])
  const [soft, setSoft] = useState(numberText(question?.softWordLimit))
  const [hard, setHard] = useState(numberText(question?.hardWordLimit))
  const [maxLength, setMaxLength] = useState(numberText(question?.maxLength))
  const [options, setOptions] = useState((question?.options ?? []).map((o) => o.label).join('\n'))
  const [min, setMin] = useState(numberText(question?.min))
  const [max, setMax] = useState(numberText(question?.max))
  const [fileTypes, setFileTypes] = useState<string[]>(question?.fileTypes ?? [])
  const [maxMegabytes, setMaxMegabytes] = useState(
    question?.maxFileBytes ? String(question.maxFileBytes / 1024 / 1024) : '',
  )
  const { busy, status, submit } = useSubmit(editor.errors)
  const id = (field: string) => `${prefix}-${field}`
  const error = (field: string) => editor.errors.inline[id(field)]

  function save(event: Event) {
    event.preventDefault()
    const problems: ErrorItem[] = []
    const whole = (text: string, field: string) => {
      if (!text.trim()) return undefined
      const n = Number(text.trim())
      if (!Number.isInteger(n) || n < 1)
        problems.push({ id: id(field), text: `${settingLabels[field]} must be a whole number, 1 or more` })
      return n
    }
    const anyNumber = (text: string, field: string) => {
      if (!text.trim()) return undefined
      const n = Number(text.trim())
      if (!Number.isFinite(n)) problems.push({ id: id(field), text: `${settingLabels[field]} must be a number` })
      return n
    }
    const settings: Partial<QuestionInput> = {}
    if (kind === 'longText' || kind === 'textOrVideo') {
      settings.softWordLimit = whole(soft, 'softWordLimit')
      settings.hardWordLimit = whole(hard, 'hardWordLimit')
    }
    if (kind === 'shortText') settings.maxLength = whole(maxLength, 'maxLength')
    if (kind === 'singleChoice' || kind === 'multipleChoice') settings.options = optionsFrom(options, question?.options)
    if (kind === 'number') {
      settings.min = anyNumber(min, 'min')
      settings.max = anyNumber(max, 'max')
    }
    if (kind === 'file') {
      if (fileTypes.length) settings.fileTypes = fileTypes as DocumentType[]
      const mb = maxMegabytes.trim() ? Number(maxMegabytes.trim()) : undefined
      if (mb !== undefined && !(mb > 0))
        problems.push({ id: id('maxFileBytes'), text: 'Maximum file size must be a number of megabytes, more than 0' })
      else if (mb !== undefined) settings.maxFileBytes = Math.round(mb * 1024 * 1024)
    }
    const defined = Object.fromEntries(Object.entries(settings).filter(([, v]) => v !== undefined))
    const body = { kind, label, help, required: required.includes('yes'), ...defined }
    void submit({
      check: () => problems,
      send: () => send(body),
      resolve: questionTarget(prefix),
      done: (said) => said,
    })
  }

  async function send(body: QuestionInput): Promise<string> {
    if (question) {
      const saved = await call(
        api.competitions[':competitionId'].questions[':questionId'].$put({
          param: { competitionId: editor.competitionId, questionId: question.id },
          json: { ...body, position: question.position, version: question.version },
        }),
      )
      editor.update((page) => ({ ...page, form: page.form.map((q) => (q.id === saved.id ? saved : q)) }))
      return savedAt('Question saved')
    } else {
      const added = await call(
        api.competitions[':competitionId'].questions.$post({
          param: { competitionId: editor.competitionId },
          json: { ...body, position: editor.page.form.length },
        }),
      )
      editor.update((page) => ({ ...page, form: [...page.form, added] }))
      setLabel('')
      setHelp('')
      setOptions('')
      return `Added the question “${added.label}”.`
    }
  }

  return (
    <form noValidate onSubmit={save}>
      <Select
        id={id('kind')}
        label="Type of question"
        hint={question && !editor.isDraft ? 'The type cannot change once the form is open.' : undefined}
        value={kind}
        onValue={setKind}
        options={kinds.map((value) => ({ value, label: questionKindNames[value] }))}
        error={error('kind')}
      />
      <TextInput
        id={id('label')}
        label="Question"
        hint="What applicants are asked, like “What is your idea?”."
        value={label}
        onValue={setLabel}
        error={error('label')}
      />
      <TextArea
        id={id('help')}
        label="Help text (optional)"
        hint="Shown under the question."
        rows={2}
        value={help}
        onValue={setHelp}
        error={error('help')}
      />
      <Checkboxes
        id={id('required')}
        legend="Answer needed"
        options={[{ value: 'yes', label: 'Applicants must answer this question' }]}
        values={required}
        onValues={setRequired}
        error={error('required')}
      />
      {(kind === 'longText' || kind === 'textOrVideo') && (
        <div class="repeat-row">
          <TextInput
            id={id('softWordLimit')}
            label="Suggested word limit (optional)"
            hint="Going over it shows a warning, but applicants can still submit."
            width="s"
            inputMode="numeric"
            value={soft}
            onValue={setSoft}
            error={error('softWordLimit')}
          />
          <TextInput
            id={id('hardWordLimit')}
            label="Word limit (optional)"
            hint="Answers over it cannot be submitted."
            width="s"
            inputMode="numeric"
            value={hard}
            onValue={setHard}
            error={error('hardWordLimit')}
          />
        </div>
      )}
      {kind === 'shortText' && (
        <TextInput
          id={id('maxLength')}
          label="Maximum characters (optional)"
          hint="300 if left empty."
          width="s"
          inputMode="numeric"
          value={maxLength}
          onValue={setMaxLength}
          error={error('maxLength')}
        />
      )}
      {(kind === 'singleChoice' || kind === 'multipleChoice') && (
        <TextArea
          id={id('options')}
          label="Options"
          hint="One per line, at least two."
          rows={4}
          value={options}
          onValue={setOptions}
          error={error('options')}
        />
      )}
      {kind === 'number' && (
        <div class="repeat-row">
          <TextInput
            id={id('min')}
            label="Minimum (optional)"
            width="s"
            inputMode="decimal"
            value={min}
            onValue={setMin}
            error={error('min')}
          />
          <TextInput
            id={id('max')}
            label="Maximum (optional)"
            width="s"
            inputMode="decimal"
            value={max}
            onValue={setMax}
            error={error('max')}
          />
        </div>
      )}
      {kind === 'file' && (
        <>
          <Checkboxes
            id={id('fileTypes')}
            legend="File types allowed"
            hint="Leave all unticked to allow every type."
            options={documentTypeList.map((type) => ({ value: type, label: documentTypes[type].toUpperCase() }))}
            values={fileTypes}
            onValues={setFileTypes}
            error={error('fileTypes')}
          />
          <TextInput
            id={id('maxFileBytes')}
            label="Maximum file size in megabytes (optional)"
            hint={`Up to ${MAX_DOCUMENT_BYTES / 1024 / 1024} MB.`}
            width="s"
            inputMode="decimal"
            value={maxMegabytes}
            onValue={setMaxMegabytes}
            error={error('maxFileBytes')}
          />
        </>
      )}
      <div class="button-group">
        <button type="submit" class="button" disabled={busy}>
          {question ? 'Save question' : 'Add question'}
        </button>
        <Status message={status} />
      </div>
    </form>
  )
}
