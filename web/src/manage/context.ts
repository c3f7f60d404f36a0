// What every part of the editor shares: the competition as last read, a way to change it
// after a save, and the page's one error summary (with inline messages keyed by field id).
import { createContext } from 'preact'
import { useContext } from 'preact/hooks'
import type { CompetitionPage } from '../../../shared/schemas/competition.js'
import type { ErrorItem, FieldResolver } from '../components/errors.js'

export type EditorContext = {
  competitionId: string
  page: CompetitionPage
  isDraft: boolean
  /** Applies a saved change to the page as shown. */
  update: (change: (page: CompetitionPage) => CompetitionPage) => void
  /** Shows a failed save in the error summary, pointing API field names at inputs. */
  fail: (error: unknown, resolve: FieldResolver) => void
  /** Shows problems found before sending anything. */
  failWith: (items: ErrorItem[]) => void
  /** A save worked: the last errors no longer apply. */
  succeeded: () => void
  /** Inline error message for a field id, if the last failure named it. */
  errorFor: (id: string) => string | undefined
  /** Re-reads the competition, dropping unsaved edits (after a conflict). */
  reload: () => Promise<void>
}

export const Editor = createContext<EditorContext | undefined>(undefined)

export function useEditor(): EditorContext {
  const context = useContext(Editor)
  if (!context) throw new Error('useEditor outside the editor')
  return context
}

export const savedAt = (what: string) =>
  `${what} at ${new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/London', hour: '2-digit', minute: '2-digit', second: '2-digit' }).format(new Date())}.`
