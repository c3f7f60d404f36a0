// Expressions of interest: an organisation's answers to a competition's form, drafted,
// submitted before the deadline, or withdrawn.
import * as z from 'zod'
import { normaliseWebAddress, WEB_ADDRESS_MESSAGE } from '../web-address.js'
import { Id, IsoInstant, Line, Pence } from './common.js'
import { DocumentInput, FileView, StoredFile } from './competition.js'

export const ApplicationStatus = z.enum(['draft', 'submitted', 'withdrawn'])
export type ApplicationStatus = z.infer<typeof ApplicationStatus>

/** Generous caps so a draft can hold anything typed; the form's own limits apply on submit. */
export const MAX_ANSWER_CHARACTERS = 50_000

/** A web address as typed: "example.org" is saved as "https://example.org"; http(s) only. */
const WebAddress = z
  .string()
  .max(2000, 'must be at most 2000 characters')
  .refine((s) => normaliseWebAddress(s) !== undefined, WEB_ADDRESS_MESSAGE)
  .transform((s) => normaliseWebAddress(s)!)
  .meta({
    description:
      'A web address; without a scheme, https:// is added ("example.org" is saved as "https://example.org").',
  })

export const TextOrVideoAnswer = z.discriminatedUnion('mode', [
  z.object({ mode: z.literal('text'), text: z.string().max(MAX_ANSWER_CHARACTERS) }).strict(),
  z.object({ mode: z.literal('video'), url: WebAddress }).strict(),
])
export type TextOrVideoAnswer = z.infer<typeof TextOrVideoAnswer>

/** A file question's answer: set only through the file routes, never by autosave. */
export const FileAnswer = z.object({ file: StoredFile }).strict()
export type FileAnswer = z.infer<typeof FileAnswer>

/** One answer; which shape fits is decided by its question's kind. */
export const Answer = z.union([
  z.string().max(MAX_ANSWER_CHARACTERS, `must be at most ${MAX_ANSWER_CHARACTERS} characters`),
  z.number().finite().min(-1e12, 'must be at least -1,000,000,000,000').max(1e12, 'must be at most 1,000,000,000,000'),
  z.array(z.string().max(40)).max(30),
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

export const Application = z
  .object({
    id: Id,
    competitionId: Id,
    competitionTitle: z.string(),
    organisationId: Id,
    organisationName: z.string(),
    status: ApplicationStatus,
    /** By question id. */
    answers: z.record(z.string(), Answer),
    amountRequestedPence: Pence.optional(),
    themeIds: z.array(z.string()),
    /** Ids of the eligibility statements the applicant confirmed. */
    eligibilityConfirmed: z.array(z.string()),
    version: z.number().int(),
    createdAt: IsoInstant,
    updatedAt: IsoInstant,
    submittedAt: IsoInstant.optional(),
    receiptNumber: z.string().optional(),
    /** Who submitted it: the name they gave (PUT /me/details) and their email. */
    contact: z.object({ name: z.string(), email: z.string() }).optional(),
    /**
     * Programme managers only, never stored: other accounts' organisations registered with the
     * same Companies House number as this one's.
     */
    sharedCompaniesHouseNumber: z.object({ number: z.string(), otherOrganisations: z.array(z.string()) }).optional(),
    withdrawnAt: IsoInstant.optional(),
    /** A later deadline granted to this organisation by the programme manager. */
    extension: Extension.optional(),
    /** Whether the anonymous survey was answered (never what was answered). */
    diSurveyAnswered: z.boolean().optional(),
    /**
     * All an applicant sees of the assessment here: under review until decisions are released,
     * then decided (the decision and feedback: GET /applications/{id}/decision).
     */
    review: z.enum(['under-review', 'decided']).optional(),
  })
  .meta({ id: 'Application' })
export type Application = z.infer<typeof Application>

/** An autosave: only what changed, with the version last read. Answers merge by question. */
export const DraftChanges = z
  .object({
    version: z.number().int().min(1),
    answers: z.record(z.string().max(64), Answer.nullable()).optional(),
    amountRequestedPence: Pence.nullable().optional(),
    themeIds: z.array(z.string().max(64)).max(20).optional(),
    eligibilityConfirmed: z.array(z.string().max(64)).max(20).optional(),
  })
  .strict()
  .meta({ id: 'DraftChanges', description: 'null removes an answer or the amount.' })
export type DraftChanges = z.infer<typeof DraftChanges>

// — What leaves the API: each view lists the fields it shows, so a field added to the stored
// application stays private until it is added here on purpose. —

/** An answer as shown: a file answer says what the file is, never where or which version it is stored. */
const AnswerView = z.union([
  Answer.options[0],
  Answer.options[1],
  Answer.options[2],
  TextOrVideoAnswer,
  z.object({ file: FileView }),
])

/** The applicant's own expression of interest, as they read and edit it. */
export const ApplicantApplication = Application.pick({
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
})
  .extend({ answers: z.record(z.string(), AnswerView) })
  .meta({ id: 'ApplicantApplication' })
export type ApplicantApplication = z.infer<typeof ApplicantApplication>

/** An expression of interest as programme managers read it: with other accounts sharing its Companies House number. */
export const ManagedApplication = ApplicantApplication.extend({
  sharedCompaniesHouseNumber: Application.shape.sharedCompaniesHouseNumber,
}).meta({ id: 'ManagedApplication' })
export type ManagedApplication = z.infer<typeof ManagedApplication>

/** The applicant's own expressions of interest, listed. */
export const ApplicantApplicationSummary = Application.pick({
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
}).meta({ id: 'ApplicantApplicationSummary' })
export type ApplicantApplicationSummary = z.infer<typeof ApplicantApplicationSummary>

export const ApplicationSummary = ApplicantApplicationSummary.extend({
  sharedCompaniesHouseNumber: Application.shape.sharedCompaniesHouseNumber,
}).meta({ id: 'ApplicationSummary' })
export type ApplicationSummary = z.infer<typeof ApplicationSummary>

export const ExtensionInput = z
  .object({ until: IsoInstant, reason: Line(500) })
  .strict()
  .meta({ id: 'ExtensionInput' })
export type ExtensionInput = z.infer<typeof ExtensionInput>

/** The file a file question's answer will be, before it is uploaded. */
export const FileAnswerInput = DocumentInput.pick({ filename: true, contentType: true, sizeBytes: true })
  .strict()
  .meta({ id: 'FileAnswerInput' })
export type FileAnswerInput = z.infer<typeof FileAnswerInput>
