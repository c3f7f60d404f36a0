// The page's one h1. It names the page in the browser tab and, after a client-side
// navigation, takes focus so the new page is announced and the keyboard starts there.
import type { ComponentChildren } from 'preact'
import { useEffect, useRef } from 'preact/hooks'
import { ApiError, describe } from '../api.js'
import { navigations } from '../router.js'

export const SERVICE_NAME = 'Challenge Fund'

/** The navigation whose heading already took focus: each navigation moves focus once. */
let focusedNavigation = 0

export function PageHeading({
  title,
  caption,
  hasErrors = false,
  children,
}: {
  title: string
  caption?: string
  hasErrors?: boolean
  children?: ComponentChildren
}) {
  const ref = useRef<HTMLHeadingElement>(null)
  useEffect(() => {
    document.title = `${hasErrors ? 'Error: ' : ''}${title} – ${SERVICE_NAME}`
  }, [title, hasErrors])
  useEffect(() => {
    if (navigations > 0 && focusedNavigation !== navigations && ref.current) {
      focusedNavigation = navigations
      ref.current.focus()
    }
  })
  return (
    <>
      {caption && <span class="caption caption-l">{caption}</span>}
      <h1 ref={ref} tabIndex={-1}>
        {children ?? title}
      </h1>
    </>
  )
}

/** A polite loading message; the page heading follows when the data arrives. */
export function Loading({ what }: { what: string }) {
  return (
    <p role="status" class="secondary-text">
      Loading {what}…
    </p>
  )
}

/** "Contents": in-page links to a long page's sections. */
export function Contents({ sections }: { sections: [id: string, label: string][] }) {
  return (
    <nav class="contents" aria-labelledby="contents-heading">
      <h2 id="contents-heading">Contents</h2>
      <ul>
        {sections.map(([id, label]) => (
          <li key={id}>
            <a href={`#${id}`}>{label}</a>
          </li>
        ))}
      </ul>
    </nav>
  )
}

/**
 * The page shown when what it is about could not be loaded: "not found" (a 404, which is
 * also what someone else's id gets) or the error, and a way back.
 */
export function LoadFailure({
  failure,
  notFound,
  failed,
  back,
}: {
  failure: unknown
  notFound: { title: string; text: string }
  /** Title when loading failed for another reason. */
  failed: string
  back: { href: string; label: string }
}) {
  const missing = failure instanceof ApiError && failure.status === 404
  return (
    <>
      <PageHeading title={missing ? notFound.title : failed} />
      <p>{missing ? notFound.text : describe(failure)}</p>
      <p>
        <a href={back.href}>{back.label}</a>
      </p>
    </>
  )
}
