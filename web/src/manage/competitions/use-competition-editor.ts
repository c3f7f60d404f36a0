// The competition as last read and the editor context built on it, for the editor and the
// pages that show one part of it on its own (publish, questions from applicants).
import { useEffect, useState } from 'preact/hooks'
import type { CompetitionPage } from '../../../../shared/schemas/competition.js'
import { api, call } from '../../api.js'
import { usePageErrors } from '../../components/forms.js'
import type { EditorContext } from '../context.js'

export function useCompetitionEditor(id: string) {
  const [page, setPage] = useState<CompetitionPage>()
  const [loadFailure, setLoadFailure] = useState<unknown>()
  const errors = usePageErrors()
  /** Bumped when the competition is re-read, so every form starts again from what is saved. */
  const [generation, setGeneration] = useState(0)

  const read = () => call(api.competitions[':competitionId'].$get({ param: { competitionId: id } }))
  useEffect(() => {
    read().then(setPage, setLoadFailure)
  }, [id])

  const context: EditorContext | undefined = page && {
    competitionId: id,
    page,
    isDraft: page.competition.status === 'draft',
    update: (change) => setPage((current) => current && change(current)),
    errors,
    reload: async () => {
      try {
        setPage(await read())
        setGeneration((n) => n + 1)
        errors.clear()
      } catch (error) {
        errors.fail(error)
      }
    },
  }
  return { page, loadFailure, errors, generation, context }
}
