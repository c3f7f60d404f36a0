// A small history-API router. Every same-origin <a href> is a client-side navigation
// (one document-level click listener, so pages use plain links); in-page "#id" links
// move focus to their target. After each navigation the page's h1 takes focus (see
// components/page.tsx), so screen-reader and keyboard users start at the new content.
import { createStore } from './store.js'

export type Location = { path: string; query: URLSearchParams }

const here = (): Location => ({ path: window.location.pathname, query: new URLSearchParams(window.location.search) })

export const location = createStore<Location>(here())

/** Counts client-side navigations; 0 means this is the page the browser loaded. */
export let navigations = 0

export function navigate(to: string, { replace = false }: { replace?: boolean } = {}) {
  const url = new URL(to, window.location.href)
  if (url.origin !== window.location.origin) {
    window.location.assign(url.href)
    return
  }
  window.history[replace ? 'replaceState' : 'pushState'](null, '', url.pathname + url.search)
  changed()
  window.scrollTo(0, 0)
}

function changed() {
  const next = here()
  const current = location.get()
  if (next.path === current.path && next.query.toString() === current.query.toString()) return
  navigations++
  location.set(next)
}

/** Paths the server answers itself: API calls, downloads and local files are real navigations. */
const serverPaths = /^\/(api|local-files)(\/|$)/

export function startRouter() {
  window.addEventListener('popstate', changed)
  document.addEventListener('click', (event) => {
    if (
      event.defaultPrevented ||
      event.button !== 0 ||
      event.metaKey ||
      event.ctrlKey ||
      event.shiftKey ||
      event.altKey
    )
      return
    const link = (event.target as Element | null)?.closest?.('a')
    if (!link || (link.target && link.target !== '_self') || link.hasAttribute('download')) return
    const href = link.getAttribute('href')
    if (!href) return
    if (href.startsWith('#')) {
      if (focusElement(decodeURIComponent(href.slice(1)))) event.preventDefault()
      return
    }
    const url = new URL(link.href)
    if (url.origin !== window.location.origin || serverPaths.test(url.pathname)) return
    event.preventDefault()
    navigate(url.pathname + url.search)
  })
}

/**
 * Moves focus to the element with this id (opening any <details> around it), scrolled so
 * its label or legend is in view too. Returns false if there is no such element.
 */
export function focusElement(id: string): boolean {
  const target = document.getElementById(id)
  if (!target) return false
  for (let details = target.closest('details'); details; details = details.parentElement?.closest('details') ?? null) {
    details.open = true
  }
  if (target.tabIndex < 0 && !target.hasAttribute('tabindex')) target.setAttribute('tabindex', '-1')
  target.focus({ preventScroll: true })
  const label =
    target.closest('fieldset')?.querySelector('legend') ?? document.querySelector(`label[for="${CSS.escape(id)}"]`)
  ;(label ?? target).scrollIntoView({ block: 'start' })
  return true
}

/** Matches "/competitions/:id" against a path; returns the parameters or undefined. */
export function match(pattern: string, path: string): Record<string, string> | undefined {
  const want = pattern.split('/')
  const got = path.replace(/\/+$/, '').split('/')
  if (path === '/' && pattern === '/') return {}
  if (want.length !== got.length) return undefined
  const params: Record<string, string> = {}
  for (let i = 0; i < want.length; i++) {
    const part = want[i]!
    const value = got[i]!
    if (part.startsWith(':')) {
      if (!value) return undefined
      params[part.slice(1)] = decodeURIComponent(value)
    } else if (part !== value) return undefined
  }
  return params
}

/** A path inside this site, safe to send someone back to after signing in. */
export function safeReturnPath(value: string | null | undefined): string | undefined {
  return value && /^\/(?!\/)/.test(value) && !value.startsWith('/\\') && !serverPaths.test(value) ? value : undefined
}
