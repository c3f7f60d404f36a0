// What an EOI's answers must be. Pure, so the same rules are easy to test and to show:
// a draft only needs answers of the right shape; a submission needs every rule of the form.
import type { Answer, Application, FileAnswer } from '../../../shared/schemas/application.js'
import type { FieldError } from '../../../shared/schemas/common.js'
import type { Competition, Theme } from '../../../shared/schemas/competition.js'
import type { Question } from '../../../shared/schemas/form.js'
import { formatPence } from '../../../shared/money.js'
import { normaliseWebAddress, WEB_ADDRESS_MESSAGE } from '../../../shared/web-address.js'
import { countWords } from '../../../shared/words.js'

const isText = (a: Answer | undefined): a is string => typeof a === 'string'
const isTextOrVideo = (a: Answer | undefined): a is Extract<Answer, { mode: string }> =>
  typeof a === 'object' && a !== null && 'mode' in a
export const isFileAnswer = (a: Answer | undefined): a is FileAnswer =>
  typeof a === 'object' && a !== null && 'file' in a

/** Whether an answer has the shape its question's kind takes (limits aside). */
function shapeProblem(question: Question, answer: Answer): string | undefined {
  const optionIds = new Set(question.options?.map((o) => o.id))
  switch (question.kind) {
    case 'longText':
    case 'shortText':
    case 'url':
      return isText(answer) ? undefined : 'must be text'
    case 'number':
      return typeof answer === 'number' ? undefined : 'must be a number'
    case 'singleChoice':
      return isText(answer) && (answer === '' || optionIds.has(answer)) ? undefined : 'must be one of the options'
    case 'multipleChoice':
      return Array.isArray(answer) && answer.every((id) => optionIds.has(id))
        ? undefined
        : 'must be options from the list'
    case 'textOrVideo':
      return isTextOrVideo(answer) ? undefined : 'must be text or a video link'
    case 'file':
      return isFileAnswer(answer) ? undefined : 'must be a file uploaded for this question'
  }
}

/** Problems a draft save is refused for: unknown questions, answers of the wrong shape, rule-breaking choices. */
export function draftProblems(
  draft: Pick<Application, 'answers' | 'amountRequestedPence' | 'themeIds' | 'eligibilityConfirmed'>,
  { competition, themes, form }: { competition: Competition; themes: Theme[]; form: Question[] },
): FieldError[] {
  const problems: FieldError[] = []
  const questions = new Map(form.map((q) => [q.id, q]))
  for (const [id, answer] of Object.entries(draft.answers)) {
    const question = questions.get(id)
    const problem = question ? shapeProblem(question, answer) : 'is not a question of this form'
    if (problem) problems.push({ field: `answers.${id}`, message: problem })
  }
  if (draft.amountRequestedPence !== undefined && draft.amountRequestedPence > competition.maxAwardPence) {
    problems.push({
      field: 'amountRequestedPence',
      message: `must be at most the maximum award of ${formatPence(competition.maxAwardPence)}`,
    })
  }
  const themeIds = new Set(themes.map((t) => t.id))
  draft.themeIds.forEach(
    (id, i) =>
      themeIds.has(id) || problems.push({ field: `themeIds.${i}`, message: 'is not a theme of this competition' }),
  )
  const statements = new Set(competition.eligibility.map((s) => s.id))
  draft.eligibilityConfirmed.forEach(
    (id, i) =>
      statements.has(id) ||
      problems.push({
        field: `eligibilityConfirmed.${i}`,
        message: 'is not an eligibility statement of this competition',
      }),
  )
  return problems
}

/**
 * Web-address answers as they are saved: "example.org" becomes "https://example.org".
 * Anything that is not a web address is a problem naming its answer; empty answers pass.
 */
export function normaliseWebAddresses(
  answers: Record<string, Answer>,
  form: Question[],
): { answers: Record<string, Answer>; problems: FieldError[] } {
  const out = { ...answers }
  const problems: FieldError[] = []
  for (const question of form) {
    const answer = answers[question.id]
    if (question.kind !== 'url' || !isText(answer) || answer.trim() === '') continue
    const address = normaliseWebAddress(answer)
    if (address === undefined) problems.push({ field: `answers.${question.id}`, message: WEB_ADDRESS_MESSAGE })
    else out[question.id] = address
  }
  return { answers: out, problems }
}

function isEmpty(answer: Answer | undefined): boolean {
  if (answer === undefined) return true
  if (isText(answer)) return answer.trim() === ''
  if (Array.isArray(answer)) return answer.length === 0
  if (isTextOrVideo(answer)) return answer.mode === 'text' ? answer.text.trim() === '' : answer.url.trim() === ''
  if (isFileAnswer(answer)) return !answer.file.uploaded
  return false
}

/** Everything wrong with submitting this EOI, each naming its field and, for answers, the question. */
export function submissionProblems(
  application: Pick<Application, 'answers' | 'amountRequestedPence' | 'themeIds' | 'eligibilityConfirmed'>,
  context: { competition: Competition; themes: Theme[]; form: Question[] },
): FieldError[] {
  const problems = draftProblems(application, context)
  const flagged = new Set(problems.map((p) => p.field))
  for (const question of context.form) {
    const field = `answers.${question.id}`
    if (flagged.has(field)) continue
    const answer = application.answers[question.id]
    const label = `“${question.label}”`
    if (isEmpty(answer)) {
      if (question.required)
        problems.push({
          field,
          message: isFileAnswer(answer) ? `Finish uploading the file for ${label}` : `Answer ${label}`,
        })
      continue
    }
    const text = isText(answer) ? answer : isTextOrVideo(answer) && answer.mode === 'text' ? answer.text : undefined
    if (text !== undefined && question.hardWordLimit !== undefined) {
      const words = countWords(text)
      if (words > question.hardWordLimit)
        problems.push({ field, message: `${label} is ${words} words; the limit is ${question.hardWordLimit}` })
    }
    if (question.kind === 'shortText' && isText(answer) && answer.length > (question.maxLength ?? 300)) {
      problems.push({ field, message: `${label} must be at most ${question.maxLength ?? 300} characters` })
    }
    if (question.kind === 'url' && isText(answer) && normaliseWebAddress(answer) === undefined) {
      problems.push({ field, message: `${label} ${WEB_ADDRESS_MESSAGE}` })
    }
    if (question.kind === 'number' && typeof answer === 'number') {
      if (question.min !== undefined && answer < question.min)
        problems.push({ field, message: `${label} must be at least ${question.min}` })
      if (question.max !== undefined && answer > question.max)
        problems.push({ field, message: `${label} must be at most ${question.max}` })
    }
  }
  if (application.amountRequestedPence === undefined || application.amountRequestedPence <= 0) {
    if (!flagged.has('amountRequestedPence'))
      problems.push({ field: 'amountRequestedPence', message: 'Say how much funding you are asking for' })
  }
  if (application.themeIds.length === 0)
    problems.push({ field: 'themeIds', message: 'Choose at least one theme your idea addresses' })
  const confirmed = new Set(application.eligibilityConfirmed)
  for (const statement of context.competition.eligibility) {
    if (!confirmed.has(statement.id))
      problems.push({ field: `eligibility.${statement.id}`, message: `Confirm: “${statement.text}”` })
  }
  return problems
}
