// A list loaded a page at a time with "Show more": the items so far, the next cursor, a
// failure to show, and, after "Show more", focus on the first item just loaded so keyboard
// users carry on where they were.
import { useEffect, useRef, useState } from 'preact/hooks'
import type { Page } from '../../shared/schemas/common.js'
import { describe } from './api.js'

export function usePagedList<T, E extends HTMLElement = HTMLElement>(
  fetchPage: (cursor?: string) => Promise<Page<T>>,
  /** Reload from the first page when any of these change. */
  deps: unknown[],
  /** Selects the focusable element of each item within the container. */
  itemSelector: string,
) {
  const [items, setItems] = useState<T[]>()
  const [cursor, setCursor] = useState<string>()
  const [failure, setFailure] = useState<string>()
  const [busy, setBusy] = useState(false)
  const firstNew = useRef<number>()
  const container = useRef<E>(null)

  async function load(after?: string) {
    setBusy(true)
    setFailure(undefined)
    try {
      const page = await fetchPage(after)
      setItems((previous) => {
        firstNew.current = after ? previous?.length : undefined
        return [...(after ? (previous ?? []) : []), ...page.items]
      })
      setCursor(page.nextCursor)
    } catch (error) {
      setFailure(describe(error))
    } finally {
      setBusy(false)
    }
  }

  useEffect(() => void load(), deps)
  useEffect(() => {
    if (firstNew.current === undefined) return
    container.current?.querySelectorAll<HTMLElement>(itemSelector)[firstNew.current]?.focus()
    firstNew.current = undefined
  }, [items])

  return { items, cursor, failure, busy, container, loadMore: () => load(cursor), retry: () => load(cursor) }
}
