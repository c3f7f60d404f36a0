// The words people see for the platform's enums, with no zod at run time, so the web can
// show them without carrying the schemas into its first page. They repeat the label maps
// in shared/schemas (test/e2e/web-build.test.ts checks the two agree).
import type { Role } from './schemas/common.js'
import type { AccessLevel, DataPackKind, Phase, TimelineField } from './schemas/competition.js'

export const roleNames: Record<Role, string> = {
  manager: 'Programme manager',
  panellist: 'Panellist',
  applicant: 'Applicant',
}

export const timelineOrder: readonly TimelineField[] = ['eoiOpensAt', 'eoiClosesAt', 'panelAt', 'feedbackAt']

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
