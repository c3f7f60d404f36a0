// A person's own data (UK GDPR subject access): everything held about the signed-in person,
// each part through the view they already read it by, so nothing about anyone else is in it.
import * as z from 'zod/mini'
import { ApplicantApplication } from './application.js'
import { AskedClarification } from './clarification.js'
import { IsoInstant, Line } from './common.js'
import { Registration } from './events.js'
import { ApplicantDecision } from './feedback.js'
import { GranteeCheckIn } from './grant-programme.js'
import { GranteeReport } from './grant-reports.js'
import { GranteeGrant } from './grants.js'
import { meta } from './meta.js'
import { YourOrganisation } from './organisation.js'
import { User } from './user.js'

/** One of your expressions of interest, with what followed it: the decision (once released), the grant, its reports and check-ins. */
export const MyApplicationData = meta(
  z.object({
    application: ApplicantApplication,
    decision: z.optional(ApplicantDecision),
    grant: z.optional(GranteeGrant),
    reports: z.array(GranteeReport),
    checkIns: z.array(GranteeCheckIn),
  }),
  { id: 'MyApplicationData' },
)
export type MyApplicationData = z.infer<typeof MyApplicationData>

/** Your registration for an event, with the event's title and start. */
export const MyEventRegistration = meta(
  z.object({
    registration: Registration,
    eventTitle: z.string(),
    eventStartsAt: IsoInstant,
  }),
  { id: 'MyEventRegistration' },
)
export type MyEventRegistration = z.infer<typeof MyEventRegistration>

/** What is held about you; `notHeld` says what is kept without your name (so cannot be given). */
export const MyData = meta(
  z.object({
    generatedAt: IsoInstant,
    you: User,
    organisation: z.optional(YourOrganisation),
    applications: z.array(MyApplicationData),
    questions: z.array(AskedClarification),
    eventRegistrations: z.array(MyEventRegistration),
    notHeld: z.array(z.string()),
  }),
  { id: 'MyData' },
)
export type MyData = z.infer<typeof MyData>

/** The words a person types to confirm they want their data erased. */
export const ERASE_CONFIRMATION = 'erase my data'

export const MyErasureInput = meta(
  z.strictObject({
    confirm: meta(z.literal(ERASE_CONFIRMATION, { message: `must be “${ERASE_CONFIRMATION}”` }), {
      description: `Type “${ERASE_CONFIRMATION}” to confirm: it cannot be undone.`,
    }),
  }),
  { id: 'MyErasureInput' },
)
export type MyErasureInput = z.infer<typeof MyErasureInput>

export const ErasureRequest = meta(
  z.strictObject({
    reason: meta(Line(500), { description: 'Why: the person’s request (when and how it came), for the record.' }),
  }),
  { id: 'ErasureRequest' },
)
export type ErasureRequest = z.infer<typeof ErasureRequest>

/** What an erasure did: counts only, so it says nothing more about the person. */
export const ErasureReceipt = meta(
  z.object({
    userId: z.string(),
    erasedAt: IsoInstant,
    applications: z.number().check(z.int()),
    /** A sole trader's or individual's organisation name (a person's name) was erased too. */
    organisationNameErased: z.boolean(),
    questions: z.number().check(z.int()),
    eventRegistrations: z.number().check(z.int()),
    emailsCancelled: z.number().check(z.int()),
  }),
  { id: 'ErasureReceipt' },
)
export type ErasureReceipt = z.infer<typeof ErasureReceipt>
