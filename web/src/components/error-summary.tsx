// The error summary (GOV.UK pattern): at the top of the page after a failed submit, focused
// so it is announced, listing every error as a link to the field to fix.
import type { ComponentChildren } from 'preact'
import { useEffect, useRef } from 'preact/hooks'
import type { ShownErrors } from './errors.js'

export function ErrorSummary({ errors, children }: { errors: ShownErrors | undefined; children?: ComponentChildren }) {
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
      {children}
    </div>
  )
}
