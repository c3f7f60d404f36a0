// Organisations that apply: companies, social enterprises, sole traders and people with
// an idea but no company yet (all must be able to apply).
import * as z from 'zod/mini'
import { meta } from './meta.js'
import { FieldError, Id, IsoInstant, Line } from './common.js'

export const OrganisationType = z.enum(['sme', 'vcse', 'sole-trader', 'individual'])
export type OrganisationType = z.infer<typeof OrganisationType>

export const SizeBand = z.enum(['just-me', '2-9', '10-49', '50-249'])
export type SizeBand = z.infer<typeof SizeBand>

const companiesHouseNumberPattern =
  /^(?:\d{8}|(?:SC|NI|OC|SO|NC|R0|LP|SL|NL|IP|SP|RS|RC|SE|FC|GE|GS|OE|SR|SA|SF|NF|NP|NO|NR|NZ|ZC|CE|CS|PC|IC|CV)\d{6})$/
const postcodePattern = /^(?:[A-Z]{1,2}\d[A-Z\d]?|GIR) ?\d[A-Z]{2}$/

/**
 * Companies House numbers: 8 digits, or 2 letters of a known register prefix and 6 digits
 * (SC Scotland, NI Northern Ireland, OC LLPs, …). Spaces are ignored and letters uppercased.
 */
export const CompaniesHouseNumber = meta(
  z.pipe(
    z.pipe(
      z.string(),
      z.transform((s) => s.replace(/\s+/g, '').toUpperCase()),
    ),
    z
      .string()
      .check(
        z.regex(
          companiesHouseNumberPattern,
          'must be a Companies House number: 8 digits, or 2 letters and 6 digits (for example 01234567 or SC123456)',
        ),
      ),
  ),
  {
    pattern: companiesHouseNumberPattern.source,
    description: 'Spaces are ignored and letters uppercased before the pattern is checked.',
  },
)

/** A UK postcode, normalised to upper case with one space before the inward code. */
export const Postcode = meta(
  z.pipe(
    z.pipe(
      z.pipe(
        z.string(),
        z.transform((s) => s.replace(/\s+/g, '').toUpperCase()),
      ),
      z
        .string()
        .check(z.regex(/^(?:[A-Z]{1,2}\d[A-Z\d]?|GIR)\d[A-Z]{2}$/, 'must be a UK postcode, for example L1 8JQ')),
    ),
    z.transform((s) => `${s.slice(0, -3)} ${s.slice(-3)}`),
  ),
  {
    pattern: postcodePattern.source,
    description:
      'Spaces are ignored and letters uppercased before the pattern is checked; saved with one space before the last 3 characters.',
  },
)

const organisationFields = {
  name: Line(200),
  type: OrganisationType,
  companiesHouseNumber: z.optional(CompaniesHouseNumber),
  postcode: Postcode,
  sizeBand: SizeBand,
}

export const Organisation = meta(
  z.object({
    id: Id,
    ...organisationFields,
    companiesHouseNumber: z.optional(z.string()),
    postcode: z.string(),
    version: z.number().check(z.int()),
    createdAt: IsoInstant,
  }),
  { id: 'Organisation' },
)
export type Organisation = z.infer<typeof Organisation>

/** The applicant's own organisation, as they read it: the fields listed, nothing else stored with it. */
export const YourOrganisation = meta(
  z.pick(Organisation, {
    id: true,
    name: true,
    type: true,
    companiesHouseNumber: true,
    postcode: true,
    sizeBand: true,
    version: true,
    createdAt: true,
  }),
  { id: 'YourOrganisation' },
)
export type YourOrganisation = z.infer<typeof YourOrganisation>

/** A saved organisation, with anything the applicant should know but that did not stop the save. */
export const SavedOrganisation = meta(
  z.extend(YourOrganisation, {
    warnings: meta(z.optional(z.array(FieldError)), {
      description:
        'Saved, but worth a look: for example a Companies House number another account has registered too (programme managers see both).',
    }),
  }),
  { id: 'SavedOrganisation' },
)
export type SavedOrganisation = z.infer<typeof SavedOrganisation>

export const OrganisationInput = meta(z.strictObject(organisationFields), { id: 'OrganisationInput' })
export type OrganisationInput = z.infer<typeof OrganisationInput>

/** Fields to change, with the version last read; `companiesHouseNumber: null` removes it. */
export const OrganisationPatch = meta(
  z.strictObject(
    z.required(
      z.partial(
        z.object({
          ...organisationFields,
          companiesHouseNumber: z.nullable(CompaniesHouseNumber),
          version: z.number().check(z.int(), z.minimum(1)),
        }),
      ),
      { version: true },
    ).shape,
  ),
  { id: 'OrganisationPatch' },
)
export type OrganisationPatch = z.infer<typeof OrganisationPatch>
