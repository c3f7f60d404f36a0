// What every form that submits shares: the page's one error summary (with inline messages by
// field id), a busy flag that makes a second click or Enter do nothing while the first is
// sending, and a submit that routes problems to the summary (which takes focus).
import { useMemo, useRef, useState } from 'preact/hooks'
import {
  fromError,
  fromItems,
  inlineMessages,
  type ErrorItem,
  type FieldResolver,
  type FieldTarget,
  type ShownErrors,
} from './errors.js'

/** The page's one error summary, with inline messages by field id. */
export function usePageErrors() {
  const [errors, setErrors] = useState<ShownErrors>()
  const inline = useMemo(() => inlineMessages(errors), [errors])
  return {
    errors,
    inline,
    set: setErrors,
    /** Problems found before sending anything. */
    failWith: (items: ErrorItem[], title = 'There is a problem', detail?: string) =>
      setErrors(fromItems(title, items, detail)),
    /** A failed request, each problem once, API field names pointed at inputs. */
    fail: (error: unknown, resolve: FieldResolver = () => ({})) => setErrors(onceEach(fromError(error, resolve))),
    clear: () => setErrors(undefined),
  }
}
export type PageErrors = ReturnType<typeof usePageErrors>

function onceEach(shown: ShownErrors): ShownErrors {
  const seen = new Set<string>()
  return {
    ...shown,
    items: shown.items.filter((item) => !seen.has(`${item.id}|${item.text}`) && !!seen.add(`${item.id}|${item.text}`)),
  }
}

/**
 * One piece of work at a time: `busy` while it runs (for disabling its buttons), and a second
 * `run` while the first is still going does nothing, even before the page re-renders.
 */
export function useBusy() {
  const [busy, setBusy] = useState(false)
  const running = useRef(false)
  async function run(work: () => Promise<void>): Promise<void> {
    if (running.current) return
    running.current = true
    setBusy(true)
    try {
      await work()
    } finally {
      running.current = false
      setBusy(false)
    }
  }
  return { busy, run, running: () => running.current }
}

/**
 * A form's submit: problems found before sending, then the request; busy meanwhile (a second
 * submit does nothing); a failure goes to the page's error summary (each problem once), a
 * success clears it and says what happened in the form's status.
 */
export function useSubmit(errors: PageErrors) {
  const { busy, run, running } = useBusy()
  const [status, setStatus] = useState<string>()
  async function submit<T>({
    check,
    send,
    resolve = () => ({}),
    done,
    failed,
  }: {
    check?: () => ErrorItem[]
    send: () => Promise<T>
    resolve?: FieldResolver
    /** What to say in the form's status, if anything. */
    // biome-ignore lint/suspicious/noConfusingVoidType: a callback may say nothing (no flash) as well as return a message
    done: (result: T) => string | void
    /** Instead of the usual error summary, for a failure the form handles itself. */
    failed?: (error: unknown) => void | Promise<void>
  }) {
    if (running()) return
    setStatus(undefined)
    const problems = check?.() ?? []
    if (problems.length) {
      errors.failWith(problems)
      return
    }
    await run(async () => {
      try {
        const result = await send()
        errors.clear()
        setStatus(done(result) || undefined)
      } catch (error) {
        if (failed) await failed(error)
        else errors.fail(error, resolve)
      }
    })
  }
  return { busy, status, setStatus, submit }
}

/**
 * Points an API field ("criteria.0.title") at the input whose id is `prefix` and the path
 * joined by hyphens ("rubric-criteria-0-title"), named by its label (a radio or checkbox by
 * its group's legend). `known` names fields that have no such input.
 */
export function fieldsUnder(prefix: string, known: Record<string, FieldTarget> = {}): FieldResolver {
  return (field) => {
    if (known[field]) return known[field]
    const id = `${prefix}-${field.replace(/\./g, '-')}`
    const element = document.getElementById(id)
    if (!element) return {}
    const grouped = element instanceof HTMLInputElement && (element.type === 'radio' || element.type === 'checkbox')
    const label =
      (grouped && element.closest('fieldset')?.querySelector('legend')) ||
      document.querySelector(`label[for="${CSS.escape(id)}"]`)
    return { id, label: label?.textContent?.trim() || undefined }
  }
}
