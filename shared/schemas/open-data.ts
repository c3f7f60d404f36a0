// Open data: a competition's grants in the 360Giving Data Standard (1.4), as the public reads
// them once the results are published. These schemas list every field the platform publishes,
// so nothing stored reaches the file unless it is named here; the standard's own JSON Schema
// (shared/standards/360giving/) is what the tests validate the files against.
import * as z from 'zod/mini'
import { meta } from './meta.js'

const Organisation = z.object({ id: z.string(), name: z.string() })

const Transaction = z.object({
  id: z.string(),
  /** YYYY-MM-DD (Europe/London). */
  transactionDate: z.string(),
  currency: z.literal('GBP'),
  /** Pounds (not pence), to two decimal places; negative for a reduction or a repayment. */
  value: z.number(),
  description: z.string(),
  provider: z.string(),
  recipient: z.string(),
})

export const ThreeSixtyGivingGrant = meta(
  z.object({
    /** `360G-<prefix>-<applicationId>`. */
    id: z.string(),
    title: z.string(),
    description: z.string(),
    currency: z.literal('GBP'),
    /** Pounds: what the award is now (after any reduction, termination or repayment). */
    amountAwarded: z.number(),
    amountAppliedFor: z.number(),
    /** What has been paid, less repayments. */
    amountDisbursed: z.number(),
    /** The date the award was made (YYYY-MM-DD, Europe/London). */
    awardDate: z.string(),
    url: z.string(),
    plannedDates: meta(
      z.optional(z.array(z.object({ startDate: z.string(), endDate: z.string(), duration: z.number() }))),
      { description: 'The grant agreement’s start and end, once the grantee has accepted it.' },
    ),
    recipientOrganization: meta(
      z.optional(z.array(z.extend(Organisation, { companyNumber: z.optional(z.string()) }))),
      {
        description:
          '`GB-COH-<number>` when a Companies House number is known (leading zeros kept), else `360G-<prefix>-org-<organisationId>`.',
      },
    ),
    recipientIndividual: meta(z.optional(Organisation), {
      description:
        'For a person with an idea but no organisation: `360G-<prefix>-ind-<applicationId>` and "Individual recipient", nothing personal.',
    }),
    beneficiaryLocation: z.array(
      z.object({
        name: z.string(),
        countryCode: z.string(),
        geoCode: z.optional(z.string()),
        geoCodeType: z.optional(z.string()),
      }),
    ),
    fundingOrganization: z.array(Organisation),
    grantProgramme: z.array(z.object({ code: z.string(), title: z.string(), url: z.string() })),
    fromOpenCall: z.literal('Yes'),
    /** The award's themes (absent if it has none). */
    classifications: z.optional(z.array(z.object({ vocabulary: z.string(), code: z.string(), title: z.string() }))),
    /** From the ledger: the award, then any reduction or termination (negative). */
    commitmentTransaction: z.optional(z.array(Transaction)),
    /** From the ledger: each payment, and any repayment (negative); absent until the first payment. */
    disbursementTransaction: z.optional(z.array(Transaction)),
    dateModified: z.string(),
    dataSource: z.string(),
  }),
  { id: 'ThreeSixtyGivingGrant' },
)
export type ThreeSixtyGivingGrant = z.infer<typeof ThreeSixtyGivingGrant>

export const ThreeSixtyGivingPackage = meta(
  z.object({
    version: z.literal('1.4'),
    title: z.string(),
    description: z.string(),
    identifier: z.string(),
    issued: z.string(),
    modified: z.string(),
    publisher: z.object({ identifier: z.string(), name: z.string(), website: z.string() }),
    license: z.string(),
    downloadURL: z.string(),
    accessURL: z.string(),
    grants: z.array(ThreeSixtyGivingGrant),
  }),
  {
    id: 'ThreeSixtyGivingPackage',
    description:
      'A 360Giving Data Standard 1.4 package (https://standard.threesixtygiving.org/): the competition’s accepted grants.',
  },
)
export type ThreeSixtyGivingPackage = z.infer<typeof ThreeSixtyGivingPackage>
