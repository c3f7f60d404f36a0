// How a failed submit is shown: one list of errors, each naming the field it belongs to
// by DOM id, so the error summary can link to the field and the field can show it inline.
import type { FieldError } from '../../../shared/schemas/common.js'
import { ApiError, describe } from '../api.js'

export type ErrorItem = {
  /** The id of the field (or section) to fix; omitted when there is nothing to point at. */
  id?: string
  text: string
}

export type ShownErrors = {
  title: string
  detail?: string
  items: ErrorItem[]
  /** Someone else saved first: offer to reload. */
  conflict?: boolean
  /** New for every failed submit, so the summary takes focus again. */
  key: number
}

/** Where an API field ("timeline.eoiClosesAt") lives on the page, and what people call it. */
export type FieldTarget = { id?: string; label?: string }
export type FieldResolver = (field: string) => FieldTarget

let counter = 0

/** "Title" + "must not be empty" → "Title must not be empty"; whole sentences stay as they are. */
export function sentence(label: string | undefined, message: string): string {
  if (!label || /^[A-Z“"]/.test(message)) return message
  return `${label} ${message}`
}

export function fromItems(title: string, items: ErrorItem[], detail?: string): ShownErrors {
  return { title, items: inPageOrder(items), detail, key: ++counter }
}

/** Errors in the order their fields come on the page, as people work down it; the rest last. */
function inPageOrder(items: ErrorItem[]): ErrorItem[] {
  const position = (item: ErrorItem) => (item.id ? document.getElementById(item.id) : null)
  return items
    .map((item, index) => ({ item, index, element: position(item) }))
    .sort((a, b) => {
      if (a.element && b.element && a.element !== b.element) {
        return a.element.compareDocumentPosition(b.element) & Node.DOCUMENT_POSITION_FOLLOWING ? -1 : 1
      }
      return a.element && !b.element ? -1 : !a.element && b.element ? 1 : a.index - b.index
    })
    .map(({ item }) => item)
}

/** Turns whatever a submit threw into something to show, pointing each field error at its input. */
export function fromError(error: unknown, resolve: FieldResolver): ShownErrors {
  if (!(error instanceof ApiError)) return fromItems('Something went wrong', [{ text: describe(error) }])
  const conflict = error.code === 'version-conflict'
  const fieldErrors: FieldError[] = conflict ? [] : error.errors
  const items = fieldErrors.map(({ field, message }) => {
    const target = resolve(field)
    return { id: target.id, text: sentence(target.label, message) }
  })
  // Validation details only repeat the field errors; other problems explain themselves.
  const detail = items.length && error.code !== 'state-conflict' ? undefined : error.problem.detail
  return { title: titleFor(error), detail, items: inPageOrder(items), conflict, key: ++counter }
}

function titleFor(error: ApiError): string {
  if (error.code === 'validation' || error.code === 'rule-violated') return 'There is a problem'
  return error.problem.title
}

/** The first message for each field id, for inline error messages. */
export function inlineMessages(shown: ShownErrors | undefined): Record<string, string> {
  const messages: Record<string, string> = {}
  for (const item of shown?.items ?? []) if (item.id && !(item.id in messages)) messages[item.id] = item.text
  return messages
}
