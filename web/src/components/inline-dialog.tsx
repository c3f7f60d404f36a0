// A form opened from a table row's button, shown below the table: opening it moves focus into
// it; closing it (Cancel, or after a save) gives focus back to the button that opened it.
import type { ComponentChildren } from 'preact'
import { useEffect, useRef, useState } from 'preact/hooks'

/**
 * What the form is open for: opening it moves focus to `firstFieldId`; closing it gives focus
 * back to the button that opened it, if that button is still on the page.
 */
export function useInlineDialog<T>(firstFieldId: string, keyOf: (item: T) => string) {
  // A new object for every opening, so opening it again for the same row moves focus again.
  const [opened, setOpened] = useState<{ item: T }>()
  const opener = useRef<string>()
  useEffect(() => {
    if (opened) document.getElementById(firstFieldId)?.focus()
  }, [opened])
  return {
    /** What the form is open for, if it is open. */
    open: opened?.item,
    /** Opens the form for `item` from the button whose id is `openerId`. */
    show: (item: T, openerId: string) => {
      opener.current = openerId
      setOpened({ item })
    },
    close: () => {
      const from = opener.current
      opener.current = undefined
      setOpened(undefined)
      setTimeout(() => from && document.getElementById(from)?.focus())
    },
    isOpenFor: (item: T) => !!opened && keyOf(opened.item) === keyOf(item),
  }
}

/**
 * The form itself, in the element with `id` (which the rows' buttons name in aria-controls),
 * while it is open for `item`: a heading, the fields, then the action and Cancel.
 */
export function InlineDialogForm<T>({
  id,
  item,
  heading,
  headingId,
  yes,
  tone = '',
  busy,
  onSubmit,
  onCancel,
  children,
}: {
  id: string
  item: T | undefined
  heading: (item: T) => ComponentChildren
  headingId: string
  yes: string
  /** A class for the action, like "button-warning". */
  tone?: string
  busy: boolean
  onSubmit: (event: Event) => void
  onCancel: () => void
  children: (item: T) => ComponentChildren
}) {
  return (
    <div id={id}>
      {item !== undefined && (
        <form class="warning" noValidate onSubmit={onSubmit} aria-labelledby={headingId}>
          <h3 id={headingId} class="heading-s">
            {heading(item)}
          </h3>
          {children(item)}
          <div class="button-group">
            <button type="submit" class={tone ? `button ${tone}` : 'button'} disabled={busy}>
              {yes}
            </button>
            <button type="button" class="button button-secondary" onClick={onCancel}>
              Cancel
            </button>
          </div>
        </form>
      )}
    </div>
  )
}
