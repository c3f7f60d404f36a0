// The error summary (GOV.UK pattern): at the top of the page after a failed submit, focused
// so it is announced, listing every error as a link to the field to fix, and, when someone
// else saved first, a button to reload what is saved.
import type { ComponentChildren } from 'preact'
import { useEffect, useRef } from 'preact/hooks'
import type { ShownErrors } from './errors.js'

export function ErrorSummary({
  errors,
  reload,
  children,
}: {
  errors: ShownErrors | undefined
  /** Offered after a version conflict: "Reload the page" and what it does. */
  reload?: { label: string; onReload: () => void }
  children?: ComponentChildren
}) {
  const ref = useRef<HTMLDivElement>(null)
  useEffect(() => {
    if (errors) ref.current?.focus()
  }, [errors?.key])
  if (!errors) return null
  return (
    <div class="error-summary" role="alert" tabIndex={-1} ref={ref} aria-labelledby="error-summary-title">
      <h2 id="error-summary-title">{errors.title}</h2>
      {errors.detail && <p>{errors.detail}</p>}
      {errors.items.length > 0 && (
        <ul>
          {errors.items.map((item, index) => (
            <li key={index}>{item.id ? <a href={`#${item.id}`}>{item.text}</a> : item.text}</li>
          ))}
        </ul>
      )}
      {errors.conflict && reload && (
        <button type="button" class="button button-secondary" onClick={reload.onReload}>
          {reload.label}
        </button>
      )}
      {children}
    </div>
  )
}
