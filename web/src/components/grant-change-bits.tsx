// What the grantee's and the manager's change pages both show of a change request: what it
// asks for in words, and its status as a tag.
import { formatPence } from '../../../shared/money.js'
import type { ChangeRequestInput, ChangeStatus } from '../../../shared/schemas/grant-changes.js'

const dateFormat = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' })
/** A calendar date as people read it: "31 October 2027". */
export const longDate = (date: string) => dateFormat.format(new Date(`${date}T00:00:00Z`))

export const changeKindNames: Record<ChangeRequestInput['kind'], string> = {
  extend: 'More time for a milestone',
  scope: 'A change to the scope of the work',
  indicators: 'A change to the indicators',
  reduce: 'A smaller award',
}

/** What a request asks for, in a sentence. */
export function describeChange(request: ChangeRequestInput, milestoneTitle: (id: string) => string): string {
  switch (request.kind) {
    case 'extend':
      return `Move “${milestoneTitle(request.milestoneId)}” to ${longDate(request.newDueOn)}.`
    case 'scope':
      return `The work becomes: ${request.scope}`
    case 'indicators':
      return `Replace the indicators with ${request.indicators.length}: ${request.indicators.map((i) => i.measure).join('; ') || 'none'}.`
    case 'reduce':
      return `Reduce the award to ${formatPence(request.amountPence)}.`
  }
}

const statusNames: Record<ChangeStatus, string> = {
  open: 'Waiting for a decision',
  approved: 'Approved',
  refused: 'Refused',
}
const statusTags: Record<ChangeStatus, string> = { open: 'tag-pending', approved: 'tag-open', refused: 'tag-closed' }

export function ChangeStatusTag({ status }: { status: ChangeStatus }) {
  return <strong class={`tag ${statusTags[status]}`}>{statusNames[status]}</strong>
}
