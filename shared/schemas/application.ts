// Expressions of interest: an organisation's answers to a competition's form, drafted,
// submitted before the deadline, or withdrawn.
import * as z from 'zod/mini'
import { meta } from './meta.js'
import { normaliseWebAddress, WEB_ADDRESS_MESSAGE } from '../web-address.js'
import { Id, IsoInstant, Line, Pence } from './common.js'
import { DocumentInput, FileView, StoredFile } from './competition.js'

export const ApplicationStatus = z.enum(['draft', 'submitted', 'withdrawn'])
export type ApplicationStatus = z.infer<typeof ApplicationStatus>

/** Generous caps so a draft can hold anything typed; the form's own limits apply on submit. */
export const MAX_ANSWER_CHARACTERS = 50_000

/** A web address as typed: "example.org" is saved as "https://example.org"; http(s) only. */
const WebAddress = meta(
  z.pipe(
    z.string().check(
      z.maxLength(2000, 'must be at most 2000 characters'),
      z.refine((s) => normaliseWebAddress(s) !== undefined, WEB_ADDRESS_MESSAGE),
    ),
    z.transform((s) => normaliseWebAddress(s)!),
  ),
  {
    description:
      'A web address; without a scheme, https:// is added ("example.org" is saved as "https://example.org").',
  },
)

export const TextOrVideoAnswer = z.discriminatedUnion('mode', [
  z.strictObject({ mode: z.literal('text'), text: z.string().check(z.maxLength(MAX_ANSWER_CHARACTERS)) }),
  z.strictObject({ mode: z.literal('video'), url: WebAddress }),
])
export type TextOrVideoAnswer = z.infer<typeof TextOrVideoAnswer>

/** A file question's answer: set only through the file routes, never by autosave. */
export const FileAnswer = z.strictObject({ file: StoredFile })
export type FileAnswer = z.infer<typeof FileAnswer>

/** One answer; which shape fits is decided by its question's kind. */
export const Answer = z.union([
  z.string().check(z.maxLength(MAX_ANSWER_CHARACTERS, `must be at most ${MAX_ANSWER_CHARACTERS} characters`)),
  z
    .number()
    .check(
      z.minimum(-1e12, 'must be at least -1,000,000,000,000'),
      z.maximum(1e12, 'must be at most 1,000,000,000,000'),
    ),
  z.array(z.string().check(z.maxLength(40))).check(z.maxLength(30)),
  TextOrVideoAnswer,
  FileAnswer,
])
export type Answer = z.infer<typeof Answer>

export const Extension = z.object({
  until: IsoInstant,
  reason: z.string(),
  grantedBy: z.string(),
  grantedAt: IsoInstant,
})
export type Extension = z.infer<typeof Extension>

export const Application = meta(
  z.object({
    id: Id,
    competitionId: Id,
    competitionTitle: z.string(),
    organisationId: Id,
    organisationName: z.string(),
    status: ApplicationStatus,
    /** By question id. */
    answers: z.record(z.string(), Answer),
    amountRequestedPence: z.optional(Pence),
    themeIds: z.array(z.string()),
    /** Ids of the eligibility statements the applicant confirmed. */
    eligibilityConfirmed: z.array(z.string()),
    version: z.number().check(z.int()),
    createdAt: IsoInstant,
    updatedAt: IsoInstant,
    submittedAt: z.optional(IsoInstant),
    receiptNumber: z.optional(z.string()),
    /** Who submitted it: the name they gave (PUT /me/details) and their email. */
    contact: z.optional(z.object({ name: z.string(), email: z.string() })),
    /**
     * Programme managers only, never stored: other accounts' organisations registered with the
     * same Companies House number as this one's.
     */
    sharedCompaniesHouseNumber: z.optional(z.object({ number: z.string(), otherOrganisations: z.array(z.string()) })),
    withdrawnAt: z.optional(IsoInstant),
    /** A later deadline granted to this organisation by the programme manager. */
    extension: z.optional(Extension),
    /** Whether the anonymous survey was answered (never what was answered). */
    diSurveyAnswered: z.optional(z.boolean()),
    /**
     * All an applicant sees of the assessment here: under review until decisions are released,
     * then decided (the decision and feedback: GET /applications/{id}/decision).
     */
    review: z.optional(z.enum(['under-review', 'decided'])),
  }),
  { id: 'Application' },
)
export type Application = z.infer<typeof Application>

/** An autosave: only what changed, with the version last read. Answers merge by question. */
export const DraftChanges = meta(
  z.strictObject({
    version: z.number().check(z.int(), z.minimum(1)),
    answers: z.optional(z.record(z.string().check(z.maxLength(64)), z.nullable(Answer))),
    amountRequestedPence: z.optional(z.nullable(Pence)),
    themeIds: z.optional(z.array(z.string().check(z.maxLength(64))).check(z.maxLength(20))),
    eligibilityConfirmed: z.optional(z.array(z.string().check(z.maxLength(64))).check(z.maxLength(20))),
  }),
  { id: 'DraftChanges', description: 'null removes an answer or the amount.' },
)
export type DraftChanges = z.infer<typeof DraftChanges>

// — What leaves the API: each view lists the fields it shows, so a field added to the stored
// application stays private until it is added here on purpose. —

/** An answer as shown: a file answer says what the file is, never where or which version it is stored. */
const AnswerView = z.union([
  Answer.def.options[0],
  Answer.def.options[1],
  Answer.def.options[2],
  TextOrVideoAnswer,
  z.object({ file: FileView }),
])

/** The applicant's own expression of interest, as they read and edit it. */
export const ApplicantApplication = meta(
  z.extend(
    z.pick(Application, {
      id: true,
      competitionId: true,
      competitionTitle: true,
      organisationId: true,
      organisationName: true,
      status: true,
      amountRequestedPence: true,
      themeIds: true,
      eligibilityConfirmed: true,
      version: true,
      createdAt: true,
      updatedAt: true,
      submittedAt: true,
      receiptNumber: true,
      contact: true,
      withdrawnAt: true,
      extension: true,
      diSurveyAnswered: true,
      review: true,
    }),
    { answers: z.record(z.string(), AnswerView) },
  ),
  { id: 'ApplicantApplication' },
)
export type ApplicantApplication = z.infer<typeof ApplicantApplication>

/** An expression of interest as programme managers read it: with other accounts sharing its Companies House number. */
export const ManagedApplication = meta(
  z.extend(ApplicantApplication, {
    sharedCompaniesHouseNumber: Application.shape.sharedCompaniesHouseNumber,
  }),
  { id: 'ManagedApplication' },
)
export type ManagedApplication = z.infer<typeof ManagedApplication>

/** The applicant's own expressions of interest, listed. */
export const ApplicantApplicationSummary = meta(
  z.pick(Application, {
    id: true,
    competitionId: true,
    competitionTitle: true,
    organisationId: true,
    organisationName: true,
    status: true,
    amountRequestedPence: true,
    themeIds: true,
    updatedAt: true,
    submittedAt: true,
    receiptNumber: true,
    contact: true,
    review: true,
  }),
  { id: 'ApplicantApplicationSummary' },
)
export type ApplicantApplicationSummary = z.infer<typeof ApplicantApplicationSummary>

export const ApplicationSummary = meta(
  z.extend(ApplicantApplicationSummary, {
    sharedCompaniesHouseNumber: Application.shape.sharedCompaniesHouseNumber,
  }),
  { id: 'ApplicationSummary' },
)
export type ApplicationSummary = z.infer<typeof ApplicationSummary>

export const ExtensionInput = meta(z.strictObject({ until: IsoInstant, reason: Line(500) }), { id: 'ExtensionInput' })
export type ExtensionInput = z.infer<typeof ExtensionInput>

/** The file a file question's answer will be, before it is uploaded. */
export const FileAnswerInput = meta(
  z.strictObject(z.pick(DocumentInput, { filename: true, contentType: true, sizeBytes: true }).shape),
  { id: 'FileAnswerInput' },
)
export type FileAnswerInput = z.infer<typeof FileAnswerInput>
