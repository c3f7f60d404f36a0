// The words people see for the platform's enums, in one place with no zod at run time, so
// the web can show them without carrying the schemas into its first page; the schemas and
// the API's messages use them too.
import type {
  ConflictType,
  PanelMemberStatus,
  Recommendation,
  ScreeningOutcome,
  SheetProgress,
  ShortlistOutcome,
} from './schemas/assessing.js'
import type { Role } from './schemas/common.js'
import type { AccessLevel, DataPackKind, Phase } from './schemas/competition.js'
import type { CallStatus, FeedbackState, Outcome, ReleaseStatus, SignpostAudience } from './schemas/feedback.js'
import type { ProblemStatus, StakeholderGroup } from './schemas/intake.js'
import type { OrganisationType, SizeBand } from './schemas/organisation.js'

export const roleNames: Record<Role, string> = {
  manager: 'Programme manager',
  panellist: 'Panellist',
  applicant: 'Applicant',
  problemOwner: 'Problem owner',
}

/** The timeline's dates, in the order they must fall. */
export const timelineOrder = ['eoiOpensAt', 'eoiClosesAt', 'panelAt', 'feedbackAt'] as const
export type TimelineField = (typeof timelineOrder)[number]

export const timelineNames: Record<TimelineField, string> = {
  eoiOpensAt: 'EOI form opens',
  eoiClosesAt: 'EOI deadline',
  panelAt: 'Panel date',
  feedbackAt: 'Feedback date',
}

export const accessLevelNames: Record<AccessLevel, string> = {
  open: 'Open data',
  registered: 'Free to registered users',
  restricted: 'Restricted: apply for access',
}

export const dataPackKindNames: Record<DataPackKind, string> = {
  document: 'Document',
  link: 'Link',
  dataset: 'Dataset',
  video: 'Video',
}

/** Short phase names for tags in lists ("Open"); `phaseLabels` in phase.ts is the long form. */
export const phaseTagNames: Record<Phase, string> = {
  draft: 'Draft',
  upcoming: 'Opening soon',
  open: 'Open',
  closed: 'Closed',
}

/** "Panel date" → "panel date" for use mid-sentence; acronyms ("EOI deadline") are kept. */
export function midSentence(label: string): string {
  return /^[A-Z][a-z]/.test(label) ? label[0]!.toLowerCase() + label.slice(1) : label
}

export const organisationTypeNames: Record<OrganisationType, string> = {
  sme: 'Small or medium-sized business (SME)',
  vcse: 'Voluntary, community or social enterprise (VCSE)',
  'sole-trader': 'Sole trader',
  individual: 'An individual with an idea (no organisation yet)',
}

export const sizeBandNames: Record<SizeBand, string> = {
  'just-me': 'Just me',
  '2-9': '2 to 9 people',
  '10-49': '10 to 49 people',
  '50-249': '50 to 249 people',
}

export const conflictTypeNames: Record<ConflictType, string> = {
  none: 'No conflict',
  employment: 'Employment',
  financial: 'Financial',
  advisory: 'Advisory',
  personal: 'Personal',
  other: 'Other',
}

export const screeningOutcomeNames: Record<ScreeningOutcome, string> = {
  eligible: 'Eligible',
  ineligible: 'Not eligible',
}

export const shortlistOutcomeNames: Record<ShortlistOutcome, string> = {
  shortlisted: 'Shortlisted',
  'not-shortlisted': 'Not shortlisted',
}

export const recommendationNames: Record<Recommendation, string> = {
  fund: 'Fund',
  reserve: 'Reserve',
  'do-not-fund': 'Do not fund',
}

export const panelMemberStatusNames: Record<PanelMemberStatus, string> = {
  invited: 'Invited',
  accepted: 'Accepted',
  declined: 'Declined',
}

export const sheetProgressNames: Record<SheetProgress, string> = {
  'not-started': 'Not started',
  draft: 'Draft',
  submitted: 'Submitted',
  conflicted: 'Conflicted',
  undeclared: 'Not declared',
}

/** The decision as the applicant is told it. */
export const outcomeNames: Record<Outcome, string> = {
  ineligible: 'Not eligible',
  'not-shortlisted': 'Not shortlisted',
  'not-funded': 'Shortlisted, not funded',
  funded: 'Offered an award',
}

/** Who a support service is for, as the directory says it (in the order offered). */
export const signpostAudienceNames: Record<SignpostAudience, string> = {
  ineligible: 'Applicants not eligible',
  'not-shortlisted': 'Applicants not shortlisted',
  'not-funded': 'Applicants shortlisted but not funded',
}

export const feedbackStateNames: Record<FeedbackState, string> = {
  missing: 'No feedback yet',
  empty: 'Empty',
  short: 'Very short',
  ready: 'Written',
}

export const releaseStatusNames: Record<ReleaseStatus, string> = {
  draft: 'Not released',
  scheduled: 'Scheduled',
  releasing: 'Releasing',
  released: 'Released',
}

export const callStatusNames: Record<CallStatus, string> = {
  requested: 'Requested',
  arranged: 'Arranged',
  done: 'Done',
}

/** Tags suggested when adding a service to the signposting directory; any other short tag is allowed. */
export const SUGGESTED_TAGS = [
  'business growth',
  'data access',
  'dtac',
  'evidence',
  'finance',
  'information governance',
  'procurement',
  'regulation',
  'roi',
  'skills',
] as const

/** Under this many words, feedback is flagged as very short. */
export const SHORT_FEEDBACK_WORDS = 40

export const problemStatusNames: Record<ProblemStatus, string> = {
  submitted: 'Submitted',
  'more-info': 'More information needed',
  published: 'Published for prioritisation',
  merged: 'Merged',
}

export const stakeholderGroupNames: Record<StakeholderGroup, string> = {
  'public-sector': 'Public sector',
  vcse: 'Voluntary, community and social enterprise (VCSE)',
  sme: 'Small and medium-sized enterprises (SMEs)',
  academic: 'Universities and research',
  resident: 'Residents',
}
