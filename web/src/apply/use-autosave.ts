// The EOI form's autosave, apart from the form: which fields changed since the last save, one
// request that changes the draft at a time (saves and file answers queue behind each other), a
// save 1.5 s after typing stops or when a field is left, a retry 5 s after a failure to reach the
// server, and a stop once the server says someone else saved first (409) or the deadline passed.
import { useEffect, useRef, useState } from 'preact/hooks'
import type { Application, DraftChanges } from '../../../shared/schemas/application.js'
import { api, ApiError, call, describe } from '../api.js'
import { fromError, type FieldResolver, type ShownErrors } from '../components/errors.js'

/** What to send for the changed keys, and which of them it covers (the rest stay changed until they can be sent). */
export type Pending = { body: Omit<DraftChanges, 'version'>; sent: string[] }

const clock = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/London',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
})

export function useAutosave({
  applicationId,
  version: first,
  pending,
  resolve,
}: {
  applicationId: string
  version: number
  pending: (keys: string[]) => Pending
  resolve: FieldResolver
}) {
  const version = useRef(first)
  const dirty = useRef(new Set<string>())
  const timer = useRef<ReturnType<typeof setTimeout>>()
  const inFlight = useRef<Promise<unknown>>()
  const [status, setStatus] = useState<string>()
  const [conflict, setConflict] = useState(false)
  const [closedMessage, setClosedMessage] = useState<string>()
  const [problems, setProblems] = useState<ShownErrors>()
  const stopped = conflict || !!closedMessage
  /** Read by saves already scheduled, which hold an older render's values. */
  const halted = useRef(false)
  halted.current = stopped

  // Leaving with unsaved answers asks first.
  useEffect(() => {
    const warn = (event: BeforeUnloadEvent) => {
      if (dirty.current.size || inFlight.current) event.preventDefault()
    }
    window.addEventListener('beforeunload', warn)
    return () => {
      window.removeEventListener('beforeunload', warn)
      clearTimeout(timer.current)
    }
  }, [])

  /** Sends what changed since the last save; true when everything typed is saved. */
  async function saveOnce(): Promise<boolean> {
    if (halted.current) return false
    const keys = [...dirty.current]
    const { body, sent } = pending(keys)
    if (!sent.length) return keys.length === 0
    for (const key of sent) dirty.current.delete(key)
    setStatus('Saving…')
    try {
      const saved = await call(
        api.applications[':applicationId'].$patch({
          param: { applicationId },
          json: { version: version.current, ...body },
        }),
      )
      version.current = saved.version
      setStatus(`Saved at ${clock.format(new Date(saved.updatedAt))}`)
      setProblems(undefined)
      return dirty.current.size === 0
    } catch (error) {
      for (const key of sent) dirty.current.add(key)
      if (error instanceof ApiError && error.code === 'version-conflict') {
        halted.current = true
        setStatus(undefined)
        setConflict(true)
      } else if (error instanceof ApiError && error.code === 'deadline-passed') {
        halted.current = true
        setStatus(undefined)
        setClosedMessage(describe(error))
      } else if (error instanceof ApiError && error.errors.length) {
        setStatus('Some answers could not be saved.')
        setProblems(fromError(error, resolve))
      } else {
        setStatus(`Not saved: ${describe(error)} We will try again.`)
        clearTimeout(timer.current)
        timer.current = setTimeout(() => void save(), 5000)
      }
      return false
    }
  }

  /** One request that changes the draft at a time; one asked for meanwhile runs straight after. */
  async function queued<T>(task: () => Promise<T>): Promise<T> {
    while (inFlight.current) await inFlight.current.catch(() => undefined)
    const running = task()
    inFlight.current = running
    try {
      return await running
    } finally {
      if (inFlight.current === running) inFlight.current = undefined
    }
  }

  /** Saves now whatever is waiting; true when everything typed is saved. */
  async function save(): Promise<boolean> {
    clearTimeout(timer.current)
    return queued(saveOnce)
  }

  return {
    /** "Saving…", "Saved at 10:42", or why not. */
    status,
    /** Someone else saved first: nothing more is saved from this page. */
    conflict,
    /** The deadline passed: nothing more is saved, and this says why. */
    closedMessage,
    /** Answers the server would not take, by field. */
    problems,
    stopped,
    /** Nothing more will be saved (read by work already scheduled). */
    halted: () => halted.current,
    save,
    /** A field changed: saved 1.5 s after the last change. */
    changed: (key: string) => {
      dirty.current.add(key)
      if (halted.current) return
      clearTimeout(timer.current)
      timer.current = setTimeout(() => void save(), 1500)
    },
    /** A field was left: anything waiting is saved now. */
    flush: () => {
      if (dirty.current.size && !halted.current) void save()
    },
    /** A request that changes the draft (a file answer): queued with the saves, and the version it returns kept. */
    exclusive: (task: () => Promise<Application>) =>
      queued(async () => {
        const application = await task()
        version.current = application.version
        return application
      }),
    /** What a submit found: someone else saved first, or the deadline passed. */
    conflicted: () => setConflict(true),
    closed: (message: string) => setClosedMessage(message),
  }
}
