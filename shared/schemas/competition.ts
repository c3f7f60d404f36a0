// A competition and what hangs off it: challenges, themes, data-pack items.
// The API validates with these and the web builds its forms from the same rules.
import * as z from 'zod/mini'
import { meta } from './meta.js'
import { documentTypeList, MAX_DOCUMENT_BYTES } from '../files.js'
import { midSentence, timelineNames, timelineOrder, type TimelineField } from '../labels.js'
import { Id, IsoInstant, Line, Pence, Text, WebUrl } from './common.js'
import { DiQuestionId } from './di-survey.js'
import { Question } from './form.js'

export const CompetitionStatus = z.enum(['draft', 'published'])
export type CompetitionStatus = z.infer<typeof CompetitionStatus>

/** Where a published competition is in its life, derived from the timeline and the clock. */
export const Phase = z.enum(['draft', 'upcoming', 'open', 'closed'])
export type Phase = z.infer<typeof Phase>

export type { TimelineField } from '../labels.js'

/** Each date may be missing while drafting; those present must be in order. */
export const Timeline = meta(
  z
    .object({
      eoiOpensAt: z.optional(IsoInstant),
      eoiClosesAt: z.optional(IsoInstant),
      panelAt: z.optional(IsoInstant),
      feedbackAt: z.optional(IsoInstant),
    })
    .check(
      z.superRefine((timeline, ctx) => {
        let previous: TimelineField | undefined
        for (const field of timelineOrder) {
          const value = timeline[field]
          if (!value) continue
          if (previous && Date.parse(value) <= Date.parse(timeline[previous]!)) {
            ctx.addIssue({
              code: 'custom',
              path: [field],
              message: `must be after the ${midSentence(timelineNames[previous])}`,
            })
          }
          previous = field
        }
      }),
    ),
  {
    id: 'Timeline',
    description: 'UTC instants; shown in Europe/London. EOI opens < closes < panel < feedback.',
  },
)
export type Timeline = z.infer<typeof Timeline>

export const EligibilityStatement = z.object({ id: Id, text: Line(500) })
export type EligibilityStatement = z.infer<typeof EligibilityStatement>

/** A statement as edited: new ones have no id yet. */
export const EligibilityStatementInput = z.object({ id: z.optional(Id), text: Line(500) })

export const Competition = meta(
  z.object({
    id: Id,
    status: CompetitionStatus,
    title: z.string(),
    summary: z.string(),
    ownerOrganisation: z.string(),
    potPence: Pence,
    maxAwardPence: Pence,
    /** Awarded so far; the pot can never go below it. */
    committedPence: Pence,
    /** Paid out of what is committed (payments less repayments); never more than it. */
    paidPence: z._default(Pence, 0),
    timeline: Timeline,
    eligibility: z.array(EligibilityStatement),
    /** Which questions the anonymous D&I survey asks (all, unless the manager chose fewer). */
    diSurveyQuestions: z._default(z.array(DiQuestionId), () => [...DiQuestionId.options]),
    /** Bumped by every change to these details; send it back with an edit. */
    version: z.number().check(z.int()),
    createdAt: IsoInstant,
    updatedAt: IsoInstant,
    publishedAt: z.optional(IsoInstant),
    /** When the results (the winners) were made public; awards are final from then. */
    resultsPublishedAt: z.optional(IsoInstant),
  }),
  { id: 'Competition' },
)
export type Competition = z.infer<typeof Competition>

const competitionDetails = {
  title: Line(200),
  summary: Text(3000),
  ownerOrganisation: Line(200),
  potPence: Pence,
  maxAwardPence: Pence,
  timeline: Timeline,
  eligibility: z.array(EligibilityStatementInput).check(z.maxLength(20, 'must have at most 20 statements')),
  diSurveyQuestions: z
    .array(DiQuestionId)
    .check(z.refine((ids) => new Set(ids).size === ids.length, 'must not list a question twice')),
}

const awardWithinPot = (value: { potPence?: number; maxAwardPence?: number }, ctx: z.core.$RefinementCtx) => {
  if (value.potPence !== undefined && value.maxAwardPence !== undefined && value.maxAwardPence > value.potPence) {
    ctx.addIssue({ code: 'custom', path: ['maxAwardPence'], message: 'must not be more than the pot' })
  }
}

export const NewCompetition = meta(
  z
    .strictObject(
      z.partial(z.object({ ...competitionDetails, title: Line(200) }), {
        summary: true,
        ownerOrganisation: true,
        potPence: true,
        maxAwardPence: true,
        timeline: true,
        eligibility: true,
        diSurveyQuestions: true,
      }).shape,
    )
    .check(z.superRefine(awardWithinPot)),
  { id: 'NewCompetition', description: 'Only the title is needed to start a draft.' },
)
export type NewCompetition = z.infer<typeof NewCompetition>

export const CompetitionPatch = meta(
  z
    .strictObject(
      z.required(z.partial(z.object({ ...competitionDetails, version: z.number().check(z.int(), z.minimum(1)) })), {
        version: true,
      }).shape,
    )
    .check(z.superRefine(awardWithinPot)),
  { id: 'CompetitionPatch', description: 'Fields to change, with the version you last read.' },
)
export type CompetitionPatch = z.infer<typeof CompetitionPatch>

export const CompetitionSummary = meta(
  z.extend(
    z.pick(Competition, {
      id: true,
      status: true,
      title: true,
      summary: true,
      ownerOrganisation: true,
      potPence: true,
      maxAwardPence: true,
      timeline: true,
      updatedAt: true,
    }),
    { phase: Phase },
  ),
  { id: 'CompetitionSummary' },
)
export type CompetitionSummary = z.infer<typeof CompetitionSummary>

// — Challenges —

export const HowMightWe = Line(300).check(
  z.refine((s) => /^how might we\b/i.test(s), 'must be a question starting “How might we”'),
)

const challengeFields = {
  /** A short name: "Childhood asthma". */
  title: Line(120),
  /** The problem as a question: "How might we …?" */
  statement: HowMightWe,
  context: Text(5000),
  /** The service or team that owns the problem. */
  owner: Line(200),
  evidenceExpected: Text(2000),
}

export const Challenge = meta(z.object({ id: Id, ...challengeFields, version: z.number().check(z.int()) }), {
  id: 'Challenge',
})
export type Challenge = z.infer<typeof Challenge>

export const ChallengeInput = meta(
  z.strictObject(z.partial(z.object(challengeFields), { context: true, evidenceExpected: true }).shape),
  { id: 'ChallengeInput' },
)
export type ChallengeInput = z.infer<typeof ChallengeInput>

export const ChallengePatch = meta(
  z.strictObject(
    z.required(z.partial(z.object({ ...challengeFields, version: z.number().check(z.int(), z.minimum(1)) })), {
      version: true,
    }).shape,
  ),
  { id: 'ChallengePatch' },
)
export type ChallengePatch = z.infer<typeof ChallengePatch>

// — Themes —

const ChallengeIds = z.array(Id).check(
  z.minLength(1, 'must link at least one challenge'),
  z.maxLength(20),
  z.refine((ids) => new Set(ids).size === ids.length, 'must not list a challenge twice'),
)

const themeFields = { title: Line(120), description: Text(1000), challengeIds: ChallengeIds }

export const Theme = meta(z.object({ id: Id, ...themeFields, version: z.number().check(z.int()) }), { id: 'Theme' })
export type Theme = z.infer<typeof Theme>

export const ThemeInput = meta(z.strictObject(z.partial(z.object(themeFields), { description: true }).shape), {
  id: 'ThemeInput',
})
export type ThemeInput = z.infer<typeof ThemeInput>

export const ThemePatch = meta(
  z.strictObject(
    z.required(z.partial(z.object({ ...themeFields, version: z.number().check(z.int(), z.minimum(1)) })), {
      version: true,
    }).shape,
  ),
  { id: 'ThemePatch' },
)
export type ThemePatch = z.infer<typeof ThemePatch>

// — Data packs —

export const DataPackKind = z.enum(['document', 'link', 'dataset', 'video'])
export type DataPackKind = z.infer<typeof DataPackKind>

export const AccessLevel = z.enum(['open', 'registered', 'restricted'])
export type AccessLevel = z.infer<typeof AccessLevel>

export const Filename = Line(200).check(
  z.refine(
    // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are exactly what a file name may not hold
    (name) => !/[\\/:*?"<>|\u0000-\u001f]/.test(name) && !name.startsWith('.'),
    'must be a plain file name without slashes or special characters',
  ),
)

const itemCommon = {
  title: Line(200),
  description: z.optional(Text(1000)),
  source: z.optional(Line(200)),
  licence: z.optional(Line(200)),
}

export const DocumentInput = z.strictObject({
  kind: z.literal('document'),
  ...itemCommon,
  filename: Filename,
  contentType: z.enum(documentTypeList, {
    message: 'must be a PDF, Word, Excel, PowerPoint, OpenDocument, CSV, text, PNG or JPEG file',
  }),
  sizeBytes: z
    .number()
    .check(z.int(), z.minimum(1, 'must not be an empty file'), z.maximum(MAX_DOCUMENT_BYTES, 'must be at most 25 MB')),
})

export const LinkInput = z.strictObject({ kind: z.literal('link'), ...itemCommon, url: WebUrl })

export const DatasetInput = z.strictObject({
  kind: z.literal('dataset'),
  ...itemCommon,
  url: WebUrl,
  source: Line(200),
  licence: Line(200),
  accessLevel: AccessLevel,
})

export const VideoInput = z.strictObject({ kind: z.literal('video'), ...itemCommon, url: WebUrl })

export const DataPackItemInput = meta(
  z.discriminatedUnion('kind', [DocumentInput, LinkInput, DatasetInput, VideoInput], {
    message: 'kind must be one of document, link, dataset, video',
  }),
  { id: 'DataPackItemInput' },
)
export type DataPackItemInput = z.infer<typeof DataPackItemInput>

export const StoredFile = z.object({
  filename: z.string(),
  contentType: z.enum(documentTypeList),
  sizeBytes: z.number().check(z.int()),
  /** False until the upload has been checked; pending documents are shown to managers only. */
  uploaded: z.boolean(),
  /** Set by the service: each upload has its own stored object, named by this id. */
  uploadId: z.optional(Id),
  /** Set on completion: the stored version checked then, the only one ever served, and its ETag. */
  versionId: z.optional(z.string()),
  etag: z.optional(z.string()),
})
export type StoredFile = z.infer<typeof StoredFile>

const itemStored = { id: Id, challengeId: Id, ...itemCommon, createdAt: IsoInstant }

export const DataPackItem = meta(
  z.discriminatedUnion('kind', [
    z.object({ kind: z.literal('document'), ...itemStored, file: StoredFile }),
    z.object({ kind: z.literal('link'), ...itemStored, url: z.string() }),
    z.object({ kind: z.literal('dataset'), ...itemStored, url: z.string(), accessLevel: AccessLevel }),
    z.object({ kind: z.literal('video'), ...itemStored, url: z.string() }),
  ]),
  { id: 'DataPackItem' },
)
export type DataPackItem = z.infer<typeof DataPackItem>

export const Upload = meta(
  z.object({
    method: z.literal('PUT'),
    url: meta(z.string(), {
      description:
        'Relative to the site root (for example /local-files/…) when the files are kept beside the site, so resolve it against the site’s origin, not /api; an absolute https:// address when they are kept elsewhere.',
    }),
    /** Send exactly these headers with the file. */
    headers: z.record(z.string(), z.string()),
    expiresAt: IsoInstant,
  }),
  {
    id: 'Upload',
    description:
      'A presigned request for the file itself, valid for 5 minutes and once: send exactly these headers (If-None-Match: * makes a second PUT to it fail with 412).',
  },
)
export type Upload = z.infer<typeof Upload>

/** A short-lived address to download a stored file from (a data-pack document, a file answer). */
export const DownloadLink = meta(
  z.object({
    url: meta(z.string(), {
      description:
        'Relative to the site root (for example /local-files/…) when the files are kept beside the site, so resolve it against the site’s origin, not /api; an absolute https:// address when they are kept elsewhere.',
    }),
  }),
  { id: 'DownloadLink' },
)
export type DownloadLink = z.infer<typeof DownloadLink>

export const NewDataPackItem = meta(z.object({ item: DataPackItem, upload: z.optional(Upload) }), {
  id: 'NewDataPackItem',
  description: 'Documents come back with an upload to make, then complete.',
})

// — What leaves the API: each view lists the fields it shows, so a field added to a stored
// schema stays private until it is added here on purpose. —

/** What anyone who can see a stored file is shown of it: never where or which version it is stored. */
export const FileView = meta(
  z.pick(StoredFile, { filename: true, contentType: true, sizeBytes: true, uploaded: true }),
  {
    id: 'FileView',
  },
)
export type FileView = z.infer<typeof FileView>

const itemShown = {
  id: true,
  challengeId: true,
  title: true,
  description: true,
  source: true,
  licence: true,
  createdAt: true,
} as const

/** A data-pack item as the competition page shows it. */
export const DataPackItemView = meta(
  z.discriminatedUnion('kind', [
    z.extend(z.pick(DataPackItem.def.options[0], { kind: true, ...itemShown }), { file: FileView }),
    z.pick(DataPackItem.def.options[1], { kind: true, ...itemShown, url: true }),
    z.pick(DataPackItem.def.options[2], { kind: true, ...itemShown, url: true, accessLevel: true }),
    z.pick(DataPackItem.def.options[3], { kind: true, ...itemShown, url: true }),
  ]),
  { id: 'DataPackItemView' },
)
export type DataPackItemView = z.infer<typeof DataPackItemView>

export const ChallengeWithDataPack = meta(
  z.extend(
    z.pick(Challenge, {
      id: true,
      title: true,
      statement: true,
      context: true,
      owner: true,
      evidenceExpected: true,
      version: true,
    }),
    { dataPack: z.array(DataPackItemView) },
  ),
  { id: 'ChallengeWithDataPack' },
)
export type ChallengeWithDataPack = z.infer<typeof ChallengeWithDataPack>

export const ThemeView = meta(
  z.pick(Theme, {
    id: true,
    title: true,
    description: true,
    challengeIds: true,
    version: true,
  }),
  { id: 'ThemeView' },
)

export const QuestionView = meta(
  z.pick(Question, {
    id: true,
    kind: true,
    label: true,
    help: true,
    required: true,
    position: true,
    softWordLimit: true,
    hardWordLimit: true,
    maxLength: true,
    options: true,
    min: true,
    max: true,
    fileTypes: true,
    maxFileBytes: true,
    version: true,
  }),
  { id: 'QuestionView' },
)

/** A competition's details as its page shows them. */
export const PublicCompetition = meta(
  z.extend(
    z.pick(Competition, {
      id: true,
      status: true,
      title: true,
      summary: true,
      ownerOrganisation: true,
      potPence: true,
      maxAwardPence: true,
      timeline: true,
      eligibility: true,
      diSurveyQuestions: true,
      version: true,
      createdAt: true,
      updatedAt: true,
      publishedAt: true,
      resultsPublishedAt: true,
    }),
    {
      /** For programme managers: until results are published, what is awarded is not public. */
      committedPence: z.optional(Pence),
    },
  ),
  { id: 'PublicCompetition' },
)
export type PublicCompetition = z.infer<typeof PublicCompetition>

/** Everything a competition page shows, read in one query. */
export const CompetitionPage = meta(
  z.object({
    competition: PublicCompetition,
    phase: Phase,
    challenges: z.array(ChallengeWithDataPack),
    themes: z.array(ThemeView),
    /** The EOI form's questions, in form order. */
    form: z.array(QuestionView),
  }),
  { id: 'CompetitionPage' },
)
export type CompetitionPage = z.infer<typeof CompetitionPage>
