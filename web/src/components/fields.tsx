// Form fields in the GOV.UK pattern: a visible label, hint text and the inline error tied
// to the input with aria-describedby, and aria-invalid while the field has an error.
import { Fragment, type ComponentChildren } from 'preact'

type Common = {
  id: string
  label: ComponentChildren
  hint?: ComponentChildren
  error?: string
  /** Extra class for the label, e.g. a heading size when the field is the whole question. */
  labelClass?: string
  /** Ids of more text describing the field (a live word count), after the hint and error. */
  describedBy?: string
  /** Shown under the control, like a word count. */
  after?: ComponentChildren
  /** Leaving the field (autosave saves then). */
  onBlur?: () => void
  disabled?: boolean
}

function describedBy(id: string, hint: unknown, error: unknown, extra?: string): string | undefined {
  return [hint ? `${id}-hint` : '', error ? `${id}-error` : '', extra ?? ''].filter(Boolean).join(' ') || undefined
}

function FieldShell({ id, label, hint, error, labelClass, after, children }: Common & { children: ComponentChildren }) {
  return (
    <div class={error ? 'form-group form-group-error' : 'form-group'}>
      <label class={labelClass ? `label ${labelClass}` : 'label'} for={id}>
        {label}
      </label>
      <Hint id={id} hint={hint} />
      <InlineError id={id} error={error} />
      {children}
      {after}
    </div>
  )
}

function Hint({ id, hint }: { id: string; hint: ComponentChildren }) {
  return hint ? (
    <div id={`${id}-hint`} class="hint">
      {hint}
    </div>
  ) : null
}

function InlineError({ id, error }: { id: string; error?: string }) {
  return error ? (
    <p id={`${id}-error`} class="error-message">
      <span class="visually-hidden">Error: </span>
      {error}
    </p>
  ) : null
}

type InputProps = Common & {
  value: string
  onValue: (value: string) => void
  type?: 'text' | 'email' | 'url' | 'datetime-local' | 'date'
  width?: 'm' | 's'
  prefix?: string
  name?: string
  autocomplete?: string
  inputMode?: 'decimal' | 'numeric' | 'email' | 'url' | 'text'
  spellcheck?: boolean
}

export function TextInput({
  value,
  onValue,
  type = 'text',
  width,
  prefix,
  autocomplete,
  inputMode,
  spellcheck,
  name,
  ...shell
}: InputProps) {
  const { onBlur, disabled } = shell
  const classes = ['input', width ? `input-${width}` : '', shell.error ? 'input-error' : ''].filter(Boolean).join(' ')
  const input = (
    <input
      id={shell.id}
      name={name ?? shell.id}
      class={classes}
      type={type}
      value={value}
      onInput={(event) => onValue(event.currentTarget.value)}
      onBlur={onBlur}
      disabled={disabled}
      aria-describedby={describedBy(shell.id, shell.hint, shell.error, shell.describedBy)}
      aria-invalid={shell.error ? 'true' : undefined}
      autocomplete={autocomplete}
      inputMode={inputMode}
      spellcheck={spellcheck}
    />
  )
  return (
    <FieldShell {...shell}>
      {prefix ? (
        <div class="input-wrapper">
          <span class="input-prefix" aria-hidden="true">
            {prefix}
          </span>
          {input}
        </div>
      ) : (
        input
      )}
    </FieldShell>
  )
}

export function TextArea({
  value,
  onValue,
  rows = 5,
  ...shell
}: Common & { value: string; onValue: (value: string) => void; rows?: number }) {
  return (
    <FieldShell {...shell}>
      <textarea
        id={shell.id}
        name={shell.id}
        class={shell.error ? 'textarea textarea-error' : 'textarea'}
        rows={rows}
        value={value}
        onInput={(event) => onValue(event.currentTarget.value)}
        onBlur={shell.onBlur}
        disabled={shell.disabled}
        aria-describedby={describedBy(shell.id, shell.hint, shell.error, shell.describedBy)}
        aria-invalid={shell.error ? 'true' : undefined}
      />
    </FieldShell>
  )
}

export function Select<T extends string>({
  value,
  onValue,
  options,
  ...shell
}: Common & { value: T; onValue: (value: T) => void; options: { value: T; label: string }[] }) {
  return (
    <FieldShell {...shell}>
      <select
        id={shell.id}
        name={shell.id}
        class={shell.error ? 'select select-error' : 'select'}
        value={value}
        onChange={(event) => onValue(event.currentTarget.value as T)}
        aria-describedby={describedBy(shell.id, shell.hint, shell.error)}
        aria-invalid={shell.error ? 'true' : undefined}
      >
        {options.map((option) => (
          <option key={option.value} value={option.value}>
            {option.label}
          </option>
        ))}
      </select>
    </FieldShell>
  )
}

export function FileInput({
  onFile,
  accept,
  ...shell
}: Common & { onFile: (file: File | undefined) => void; accept?: string }) {
  return (
    <FieldShell {...shell}>
      <input
        id={shell.id}
        name={shell.id}
        type="file"
        class={shell.error ? 'file file-error' : 'file'}
        accept={accept}
        disabled={shell.disabled}
        onChange={(event) => onFile(event.currentTarget.files?.[0])}
        aria-describedby={describedBy(shell.id, shell.hint, shell.error, shell.describedBy)}
        aria-invalid={shell.error ? 'true' : undefined}
      />
    </FieldShell>
  )
}

/**
 * A group of checkboxes. The first checkbox carries the group's id, so an error about the
 * whole group links to something that can take focus.
 */
export function Checkboxes({
  id,
  legend,
  hint,
  error,
  options,
  values,
  onValues,
  disabled,
  legendClass,
}: {
  id: string
  legend: ComponentChildren
  hint?: ComponentChildren
  error?: string
  /** `hint`: a line under the option, read with it (aria-describedby); `error`: what is wrong with this option alone. */
  options: { value: string; label: ComponentChildren; hint?: ComponentChildren; error?: string }[]
  values: string[]
  onValues: (values: string[]) => void
  disabled?: boolean
  legendClass?: string
}) {
  const toggle = (value: string, checked: boolean) =>
    onValues(checked ? [...values.filter((v) => v !== value), value] : values.filter((v) => v !== value))
  return (
    <div class={error || options.some((o) => o.error) ? 'form-group form-group-error' : 'form-group'}>
      <fieldset aria-describedby={describedBy(id, hint, error)}>
        <legend class={legendClass}>{legend}</legend>
        <Hint id={id} hint={hint} />
        <InlineError id={id} error={error} />
        {options.map((option, index) => {
          const optionId = optionIdOf(id, index)
          return (
            <Fragment key={option.value}>
              {option.error && (
                <p id={`${optionId}-option-error`} class="error-message">
                  <span class="visually-hidden">Error: </span>
                  {option.error}
                </p>
              )}
              <div class="checkbox">
                <input
                  id={optionId}
                  name={id}
                  type="checkbox"
                  value={option.value}
                  disabled={disabled}
                  checked={values.includes(option.value)}
                  onChange={(event) => toggle(option.value, event.currentTarget.checked)}
                  aria-describedby={
                    [option.error ? `${optionId}-option-error` : '', option.hint ? `${optionId}-hint` : '']
                      .filter(Boolean)
                      .join(' ') || undefined
                  }
                />
                <label for={optionId}>{option.label}</label>
                {option.hint && (
                  <div id={`${optionId}-hint`} class="hint">
                    {option.hint}
                  </div>
                )}
              </div>
            </Fragment>
          )
        })}
      </fieldset>
    </div>
  )
}

/** The DOM id of a checkbox or radio in a group: the first carries the group's id. */
export const optionIdOf = (id: string, index: number) => (index === 0 ? id : `${id}-${index + 1}`)

/** One choice from a list, as radios; the first radio carries the group's id. */
export function Radios<T extends string>({
  id,
  legend,
  hint,
  error,
  options,
  value,
  onValue,
  disabled,
  legendClass,
  inline,
}: {
  id: string
  legend: ComponentChildren
  hint?: ComponentChildren
  error?: string
  options: { value: T; label: string }[]
  value: T | ''
  onValue: (value: T) => void
  disabled?: boolean
  legendClass?: string
  inline?: boolean
}) {
  return (
    <div class={error ? 'form-group form-group-error' : 'form-group'}>
      <fieldset aria-describedby={describedBy(id, hint, error)}>
        <legend class={legendClass}>{legend}</legend>
        <Hint id={id} hint={hint} />
        <InlineError id={id} error={error} />
        <div class={inline ? 'radios-inline' : undefined}>
          {options.map((option, index) => {
            const optionId = optionIdOf(id, index)
            return (
              <div class="radio" key={option.value}>
                <input
                  id={optionId}
                  name={id}
                  type="radio"
                  value={option.value}
                  disabled={disabled}
                  checked={value === option.value}
                  onChange={() => onValue(option.value)}
                />
                <label for={optionId}>{option.label}</label>
              </div>
            )
          })}
        </div>
      </fieldset>
    </div>
  )
}

/** A live region that says what just happened ("Saved"), read out politely. */
export function Status({ message, id }: { message: string | undefined; id?: string }) {
  return (
    <p class="status" role="status" id={id}>
      {message ?? ''}
    </p>
  )
}
