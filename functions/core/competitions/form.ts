// The EOI form's questions. Until the form opens a manager may shape it freely; once it
// is open, changes may only make it easier to answer, so nobody's draft becomes invalid.
import type { Competition } from '../../../shared/schemas/competition.js'
import { tightenings, type Question, type QuestionInput, type QuestionUpdate } from '../../../shared/schemas/form.js'
import type { Ctx } from '../context.js'
import { RuleViolated, VersionConflict } from '../errors.js'
import { newId } from '../ids.js'
import { changeCompetition } from './aggregate.js'
import { findOr404 } from './challenges.js'

/** The form is open once the competition is published and its EOI form has opened. */
export function formIsOpen(competition: Competition, now: Date): boolean {
  const opens = competition.timeline.eoiOpensAt
  return competition.status === 'published' && !!opens && now >= new Date(opens)
}

export async function addQuestion(ctx: Ctx, competitionId: string, input: QuestionInput): Promise<Question> {
  return changeCompetition(ctx, competitionId, ({ competition, questions }, now) => {
    if (formIsOpen(competition, now) && input.required) {
      throw new RuleViolated(
        'The form is open: a question added now must be optional, so drafts already started stay valid.',
        [{ field: 'required', message: 'must be false once the form is open' }],
      )
    }
    const position = input.position ?? (questions.at(-1)?.position ?? -1) + 1
    const question: Question = { help: '', required: false, ...input, position, id: newId(), version: 1 }
    return { changes: { puts: [{ entity: 'question', value: question }] }, result: question }
  })
}

export async function updateQuestion(
  ctx: Ctx,
  competitionId: string,
  questionId: string,
  update: QuestionUpdate,
): Promise<Question> {
  return changeCompetition(ctx, competitionId, ({ competition, questions }, now) => {
    const current = findOr404(questions, questionId, 'question')
    if (current.version !== update.version) throw new VersionConflict('question', current.version)
    const { version, ...fields } = update
    const next: Question = {
      help: '',
      required: false,
      ...fields,
      position: fields.position ?? current.position,
      id: current.id,
      version: version + 1,
    }
    if (formIsOpen(competition, now)) {
      const tighter = tightenings(current, next)
      if (tighter.length) {
        throw new RuleViolated(
          'The form is open: questions may be made easier to answer, not harder.',
          tighter.map((t) => ({ field: t.path, message: t.message })),
        )
      }
    }
    return { changes: { puts: [{ entity: 'question', value: next }] }, result: next }
  })
}

export async function removeQuestion(
  ctx: Ctx,
  competitionId: string,
  questionId: string,
  version: number,
): Promise<void> {
  return changeCompetition(ctx, competitionId, ({ competition, questions }, now) => {
    const current = findOr404(questions, questionId, 'question')
    if (formIsOpen(competition, now)) {
      throw new RuleViolated(
        'The form is open: questions cannot be removed once people may have answered them. Make it optional instead.',
      )
    }
    if (current.version !== version) throw new VersionConflict('question', current.version)
    return { changes: { deletes: [{ entity: 'question', id: questionId }] }, result: undefined }
  })
}
