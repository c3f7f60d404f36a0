// A button for a step that cannot be undone: pressed, it gives way to the question, which
// takes focus; "Yes" does it, "Cancel" puts the button (and focus) back.
import type { ComponentChildren } from 'preact'
import { useEffect, useRef } from 'preact/hooks'

export function ConfirmAction(props: {
  /** Prefix for the question's id. */
  id: string
  label: string
  /** The question, e.g. <strong>Delete “…”?</strong> and what follows. */
  question: ComponentChildren
  yes: string
  /** Extra class for both buttons ("button-warning" for destructive steps). */
  tone?: string
  busy?: boolean
  confirming: boolean
  setConfirming: (confirming: boolean) => void
  onYes: () => void
}) {
  const button = useRef<HTMLButtonElement>(null)
  const warning = useRef<HTMLDivElement>(null)
  useEffect(() => {
    if (props.confirming) warning.current?.focus()
  }, [props.confirming])
  const classes = `button${props.tone ? ` ${props.tone}` : ''}`
  if (!props.confirming) {
    return (
      <button
        type="button"
        class={classes}
        ref={button}
        disabled={props.busy}
        onClick={() => props.setConfirming(true)}
      >
        {props.label}
      </button>
    )
  }
  return (
    // biome-ignore lint/a11y/useSemanticElements: a warning box labelled by its question, holding the two answers as buttons; not a set of form fields
    <div class="warning" role="group" aria-labelledby={`${props.id}-question`} tabIndex={-1} ref={warning}>
      <p id={`${props.id}-question`}>{props.question}</p>
      <div class="button-group">
        <button type="button" class={classes} disabled={props.busy} onClick={props.onYes}>
          {props.yes}
        </button>
        <button
          type="button"
          class="button button-secondary"
          onClick={() => {
            props.setConfirming(false)
            setTimeout(() => button.current?.focus())
          }}
        >
          Cancel
        </button>
      </div>
    </div>
  )
}
