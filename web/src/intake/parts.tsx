// The pieces problem intake's pages share: what a page shows until its data is in, the
// amount-in-pounds and UK-time fields of its forms, and the questions asked of a problem's owner.
import { useEffect, useState } from 'preact/hooks'
import { formatLondon } from '../../../shared/dates.js'
import type { Problem } from '../../../shared/schemas/intake.js'
import { TextInput } from '../components/fields.js'
import { LoadFailure, Loading } from '../components/page.js'

/** The page's data, loaded when `deps` change, or why it could not be. */
export function useLoaded<T>(load: () => Promise<T>, deps: unknown[]) {
  const [value, setValue] = useState<T>()
  const [failure, setFailure] = useState<unknown>()
  useEffect(() => {
    load().then(setValue, setFailure)
  }, deps)
  return { value, failure, setValue }
}

/** Why the page's data (`what`) could not be loaded (a 404 as `notFound`), or that it is loading. */
export function NotLoaded({
  failure,
  what,
  back = { href: '/', label: 'Back to competitions' },
  notFound = { title: 'Not found', text: 'There is nothing at this address.' },
}: {
  failure: unknown
  what: string
  back?: { href: string; label: string }
  notFound?: { title: string; text: string }
}) {
  if (!failure) return <Loading what={what} />
  return <LoadFailure failure={failure} notFound={notFound} failed={`Sorry, ${what} could not be loaded`} back={back} />
}

type FieldProps = {
  id: string
  label: string
  hint?: string
  value: string
  onValue: (value: string) => void
  error?: string
}

/** An amount in pounds (parsed to pence on sending). */
export const PoundsInput = (props: FieldProps) => <TextInput {...props} prefix="£" width="s" inputMode="decimal" />

/** A date and time in UK time, as the browser's date-time picker gives it. */
export const UkTimeInput = (props: Omit<FieldProps, 'hint'>) => (
  <TextInput {...props} hint="UK time" type="datetime-local" />
)

/** The programme manager's questions about a problem, each with its owner's answer if given. */
export function QuestionsAsked({ questions, answered }: { questions: Problem['questions']; answered: string }) {
  return (
    <>
      {questions.map((q, i) => (
        <div key={i} class="notice">
          <p>
            <strong>Asked {formatLondon(q.askedAt)}:</strong> {q.question}
          </p>
          {q.answer && (
            <p>
              {answered}: {q.answer}
            </p>
          )}
        </div>
      ))}
    </>
  )
}

type TextKeys<F> = { [K in keyof F]-?: F[K] extends string | undefined ? K : never }[keyof F] & string

/**
 * Binds a form's text fields to its state: `field('title')` gives the id `${prefix}-title`, the
 * value, a setter that keeps the rest, and the field's error, for `<TextInput label="…" {...field('title')} />`.
 */
export function fieldsOf<F extends object>(
  prefix: string,
  form: F,
  setForm: (next: F) => void,
  errors: Record<string, string | undefined>,
) {
  return (key: TextKeys<F>) => ({
    id: `${prefix}-${key}`,
    value: (form[key] as string | undefined) ?? '',
    onValue: (value: string) => setForm({ ...form, [key]: value }),
    error: errors[`${prefix}-${key}`],
  })
}
