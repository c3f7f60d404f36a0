// What every part of the editor shares: the competition as last read, a way to change it
// after a save, and the page's one error summary (with inline messages keyed by field id).
import { createContext } from 'preact'
import { useContext } from 'preact/hooks'
import type { CompetitionPage } from '../../../shared/schemas/competition.js'
import type { PageErrors } from '../components/forms.js'

export type EditorContext = {
  competitionId: string
  page: CompetitionPage
  isDraft: boolean
  /** Applies a saved change to the page as shown. */
  update: (change: (page: CompetitionPage) => CompetitionPage) => void
  /** The page's one error summary, which every form's submit reports to. */
  errors: PageErrors
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
