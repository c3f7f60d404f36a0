// Where each field the API can complain about lives in the editor (its DOM id) and what
// the page calls it, so every error links to the input that fixes it.
import { timelineNames } from '../../../../shared/labels.js'
import type { CompetitionPage, TimelineField } from '../../../../shared/schemas/competition.js'
import type { FieldResolver, FieldTarget } from '../../components/errors.js'

const detailLabels: Record<string, string> = {
  title: 'Title',
  summary: 'Summary',
  ownerOrganisation: 'Owner organisation',
  potPence: 'Pot',
  maxAwardPence: 'Maximum award',
}

/**
 * The details form. `rows` maps the position of each eligibility statement sent to the row
 * it came from (blank rows are not sent).
 */
export function detailsTarget(field: string, rows: number[] = []): FieldTarget {
  const [head, index] = field.split('.')
  if (head && head in detailLabels && index === undefined) return { id: `details-${head}`, label: detailLabels[head] }
  if (head === 'timeline') {
    const part = (index ?? 'eoiOpensAt') as TimelineField
    return { id: `details-timeline-${part}`, label: timelineNames[part] ?? 'Timeline' }
  }
  if (head === 'diSurveyQuestions') return { id: 'details-diSurveyQuestions', label: 'The survey questions' }
  if (head === 'eligibility') {
    if (index === undefined) return { id: 'details-eligibility-0', label: 'Eligibility statements' }
    const row = rows[Number(index)] ?? Number(index)
    return { id: `details-eligibility-${row}`, label: `Eligibility statement ${row + 1}` }
  }
  return {}
}

const challengeLabels: Record<string, string> = {
  title: 'Title',
  statement: 'Problem statement',
  context: 'Context',
  owner: 'Problem owner',
  evidenceExpected: 'Evidence expected',
}

/** A challenge form whose ids start with `prefix` ("new-challenge", "challenge-<id>"). */
export const challengeTarget =
  (prefix: string): FieldResolver =>
  (field) =>
    field in challengeLabels ? { id: `${prefix}-${field}`, label: challengeLabels[field] } : {}

/** A theme form; the challenge checkboxes answer for the whole list and each entry in it. */
export const themeTarget =
  (prefix: string): FieldResolver =>
  (field) => {
    const head = field.split('.')[0]
    if (head === 'challengeIds') return { id: `${prefix}-challengeIds`, label: 'Challenges' }
    if (head === 'title') return { id: `${prefix}-title`, label: 'Title' }
    if (head === 'description') return { id: `${prefix}-description`, label: 'Description' }
    return {}
  }

const itemLabels: Record<string, string> = {
  kind: 'Type of item',
  title: 'Title',
  description: 'Description',
  source: 'Source',
  licence: 'Licence',
  url: 'Web address',
  accessLevel: 'Access',
}

/** An add-item form. The file's name, type and size are all answered by the file input. */
export const itemTarget =
  (prefix: string): FieldResolver =>
  (field) => {
    if (field === 'filename' || field === 'contentType' || field === 'sizeBytes' || field === 'file')
      return { id: `${prefix}-file`, label: 'The file' }
    return field in itemLabels ? { id: `${prefix}-${field}`, label: itemLabels[field] } : {}
  }

/** Everything publishing can ask for, across the whole editor. */
export const publishTarget =
  (page: CompetitionPage): FieldResolver =>
  (field) => {
    const [head, id, rest] = field.split('.')
    if (head === 'challenges')
      return id && rest === 'dataPack' ? { id: `item-${id}-kind` } : { id: 'new-challenge-title' }
    if (head === 'dataPack' && id) return { id: `retry-${id}-file` }
    if (head === 'themes') {
      const theme = page.themes.find((t) => t.id === id)
      return theme
        ? { id: `theme-${theme.id}-challengeIds`, label: `The theme “${theme.title}”` }
        : { id: 'new-theme-title' }
    }
    return detailsTarget(field)
  }
