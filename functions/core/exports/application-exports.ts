// The EOIs export: every expression of interest of a competition (drafts and withdrawn ones too)
// with its organisation, its status and decisions so far, and one column per form question.
import {
  organisationTypeNames,
  screeningOutcomeNames,
  shortlistOutcomeNames,
  sizeBandNames,
} from '../../../shared/labels.js'
import type { Answer } from '../../../shared/schemas/application.js'
import type { Question } from '../../../shared/schemas/form.js'
import { getCompetitionAggregate } from '../../db/competitions-repo.js'
import { applicationPagesOfCompetition, type ApplicationRow } from '../../db/export-pages.js'
import { NotFound } from '../errors.js'
import type { Column } from './csv.js'
import { flatten, heading, londonTime, pounds, uniqueHeadings } from './format.js'
import type { ShapedExport } from './registry.js'

const statusNames = { draft: 'Draft', submitted: 'Submitted', withdrawn: 'Withdrawn' } as const
const awardStatusNames = {
  offered: 'Offered',
  accepted: 'Accepted',
  declined: 'Declined',
  withdrawn: 'Withdrawn',
  lapsed: 'Lapsed',
} as const

/** An answer as a cell: choices by their labels, a video by its address, a file by its name. */
export function answerCell(question: Question, answer: Answer | undefined): string | number | undefined {
  if (answer === undefined) return undefined
  if (typeof answer === 'number') return answer
  const label = (id: string) => question.options?.find((o) => o.id === id)?.label ?? id
  if (typeof answer === 'string') return question.kind === 'singleChoice' ? label(answer) : answer
  if (Array.isArray(answer)) return answer.map(label).join('; ')
  if ('file' in answer)
    return `${answer.file.filename} (${Math.ceil(answer.file.sizeBytes / 1024)} KB)${answer.file.uploaded ? '' : ', upload not finished'}`
  return answer.mode === 'text' ? answer.text : `Video: ${answer.url}`
}

export const eoisExport: ShapedExport<ApplicationRow> = {
  title: 'Expressions of interest, with answers',
  holds:
    'One row per EOI, drafts and withdrawn ones included: the organisation, the contact, status and dates, the amount requested, themes, screening, shortlisting and award status, then one column per form question.',
  async shape(ctx, competitionId) {
    const aggregate = await getCompetitionAggregate(ctx.db, competitionId)
    if (!aggregate) throw new NotFound('competition')
    const themeTitle = new Map(aggregate.themes.map((t) => [t.id, t.title]))
    const statements = aggregate.competition.eligibility.length
    const questionHeadings = uniqueHeadings(aggregate.questions.map((q) => heading(q.label)))
    const columns: Column<ApplicationRow>[] = [
      { header: 'Application id', value: (r) => r.application.id },
      { header: 'Receipt number', value: (r) => r.application.receiptNumber },
      { header: 'Organisation', value: (r) => r.application.organisationName },
      { header: 'Organisation type', value: (r) => r.organisation && organisationTypeNames[r.organisation.type] },
      { header: 'Companies House number', value: (r) => r.organisation?.companiesHouseNumber },
      { header: 'Postcode', value: (r) => r.organisation?.postcode },
      { header: 'Size', value: (r) => r.organisation && sizeBandNames[r.organisation.sizeBand] },
      { header: 'Contact name', value: (r) => r.application.contact?.name },
      { header: 'Contact email', value: (r) => r.application.contact?.email },
      { header: 'Status', value: (r) => statusNames[r.application.status] },
      { header: 'Started (UK time)', value: (r) => londonTime(r.application.createdAt) },
      { header: 'Submitted (UK time)', value: (r) => londonTime(r.application.submittedAt) },
      { header: 'Withdrawn (UK time)', value: (r) => londonTime(r.application.withdrawnAt) },
      { header: 'Deadline extended to (UK time)', value: (r) => londonTime(r.application.extension?.until) },
      { header: 'Amount requested (£)', value: (r) => pounds(r.application.amountRequestedPence) },
      {
        header: 'Themes',
        value: (r) => r.application.themeIds.map((id) => themeTitle.get(id) ?? id).join('; '),
      },
      {
        header: 'Eligibility statements confirmed',
        value: (r) => `${r.application.eligibilityConfirmed.length} of ${statements}`,
      },
      {
        header: 'Screening',
        value: (r) => r.candidate?.screening && screeningOutcomeNames[r.candidate.screening.outcome],
      },
      {
        header: 'Shortlisting',
        value: (r) => r.candidate?.shortlist && shortlistOutcomeNames[r.candidate.shortlist.outcome],
      },
      { header: 'Award', value: (r) => r.candidate?.award && awardStatusNames[r.candidate.award.status] },
      ...aggregate.questions.map(
        (question, i): Column<ApplicationRow> => ({
          header: questionHeadings[i]!,
          value: (r) => answerCell(question, r.application.answers[question.id]),
        }),
      ),
    ]
    return { columns, rows: flatten(applicationPagesOfCompetition(ctx.db, competitionId)) }
  },
}
