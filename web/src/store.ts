// A tiny observable value for state the whole app shares (who is signed in, where we are),
// so components re-render when it changes without a state library.
import { useEffect, useState } from 'preact/hooks'

export type Store<T> = {
  get(): T
  set(value: T): void
  subscribe(listener: () => void): () => void
}

export function createStore<T>(initial: T): Store<T> {
  let value = initial
  const listeners = new Set<() => void>()
  return {
    get: () => value,
    set(next) {
      if (Object.is(next, value)) return
      value = next
      for (const listener of [...listeners]) listener()
    },
    subscribe(listener) {
      listeners.add(listener)
      return () => listeners.delete(listener)
    },
  }
}

/** The store's current value, re-rendering the component when it changes. */
export function useStore<T>(store: Store<T>): T {
  const [, setTick] = useState(0)
  useEffect(() => store.subscribe(() => setTick((n) => n + 1)), [store])
  return store.get()
}
